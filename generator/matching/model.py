"""Matching rules as typed objects.

Input: validated ``matching`` data from program.yaml.
Output: ``Matching`` dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Matching:
    """Matching rules (filled in by the matching feature)."""


def build_matching(data: dict[str, Any] | None) -> Matching | None:
    """The matching rules, if the programme has any."""
    return Matching() if data is not None else None
