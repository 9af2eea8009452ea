"""Ids defined in program.yaml and safe access to its lists, for cross-reference checks.

Input: program.yaml data (possibly malformed). Output: ``RefIndex``, ``entries``,
``content_file_refs`` and ``date_order_errors``, shared by the core's and the features' checks.
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


def content_file_refs(data: Any) -> list[tuple[KeyPath, str]]:
    """Every ``file:`` reference to a Markdown file, with its key path."""
    refs: list[tuple[KeyPath, str]] = []
    program = data.get("program") if isinstance(data, dict) else None
    if isinstance(program, dict) and isinstance(program.get("home"), str):
        refs.append((("program", "home"), program["home"]))
    for keys in (("guidelines", "pages"), ("training",)):
        for path, item in entries(data, *keys):
            if isinstance(item.get("file"), str):
                refs.append(((*path, "file"), item["file"]))
    return refs


def date_order_errors(document: Document, section: str, first: str, last: str) -> list[PlaybookError]:
    """Items of ``section`` whose ``last`` date comes before their ``first`` date."""
    errors = []
    for path, item in entries(document.data, section):
        begin, end = item.get(first), item.get(last)
        if isinstance(begin, str) and isinstance(end, str) and end < begin:
            errors.append(document.error((*path, last), f"{last} {end} is before {first} {begin}; swap them or fix the date."))
    return errors
