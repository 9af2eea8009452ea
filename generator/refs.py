"""Ids defined in program.yaml and safe access to its lists, for cross-reference checks.

Input: program.yaml data (possibly malformed). Output: ``RefIndex`` and ``entries``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.errors import KeyPath, PlaybookError, did_you_mean
from generator.load import Document


def entries(data: Any, *keys: str) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """The mappings in the list at ``keys``, with their key paths (malformed ones skipped)."""
    node = data
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, dict):
                yield (*keys, index), item


@dataclass
class RefIndex:
    """The ids defined in program.yaml, by kind, for cross-reference checks."""

    ids: dict[str, set[str]] = field(default_factory=dict)

    def has(self, kind: str, value: Any) -> bool:
        return isinstance(value, str) and value in self.ids.get(kind, set())

    def unknown(self, document: Document, path: KeyPath, kind: str, value: Any) -> PlaybookError:
        known = sorted(self.ids.get(kind, set()))
        listing = ", ".join(known) if known else "none defined"
        return document.error(path, f"unknown {kind} id '{value}'.{did_you_mean(str(value), known)} Known {kind} ids: {listing}.")
