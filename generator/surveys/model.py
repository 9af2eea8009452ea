"""Survey definitions as typed objects.

Input: validated ``surveys`` and ``collector`` data from program.yaml.
Output: ``Survey`` and ``Collector`` dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Survey:
    id: str
    title: str
    opens: str | None = None
    closes: str | None = None


@dataclass(frozen=True)
class Collector:
    """Where answers go (filled in by the surveys feature)."""


def build_surveys(data: list[dict[str, Any]]) -> tuple[Survey, ...]:
    """Surveys in definition order."""
    return tuple(Survey(item["id"], item["title"], item.get("opens"), item.get("closes")) for item in data)


def build_collector(data: dict[str, Any] | None) -> Collector | None:
    """The programme-wide collector settings, if any."""
    return Collector() if data is not None else None
