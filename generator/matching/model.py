"""Matching rules as typed objects.

Input: validated ``matching`` data from program.yaml.
Output: ``Matching`` (weights, hard constraints, levels, pins, forbids).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_WEIGHTS = {"skills": 4.0, "availability": 2.0, "meeting": 1.0, "language": 1.0, "department": 1.0}
CRITERIA = tuple(DEFAULT_WEIGHTS)
DEFAULT_INTAKE_SURVEY = "intake"


@dataclass(frozen=True)
class Constraints:
    """Hard rules: a pair breaking one is never proposed."""

    separate_reporting_lines: bool = True
    different_department: bool = False
    shared_language: bool = False
    min_level_gap: int | None = None
    min_overlap_hours: int = 0


@dataclass(frozen=True)
class PairRule:
    """A pinned or forbidden pair; ``cohort`` None means every cohort. ``index`` is its place in program.yaml."""

    cohort: str | None
    mentor: str
    mentee: str
    index: int
    note: str = ""

    def applies_to(self, cohort: str) -> bool:
        return self.cohort in (None, cohort)


@dataclass(frozen=True)
class Matching:
    """Matching rules."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    constraints: Constraints = field(default_factory=Constraints)
    levels: tuple[str, ...] = ()
    pins: tuple[PairRule, ...] = ()
    forbids: tuple[PairRule, ...] = ()
    intake_survey: str = DEFAULT_INTAKE_SURVEY

    def pins_for(self, cohort: str) -> tuple[PairRule, ...]:
        return tuple(rule for rule in self.pins if rule.applies_to(cohort))

    def forbids_for(self, cohort: str) -> tuple[PairRule, ...]:
        return tuple(rule for rule in self.forbids if rule.applies_to(cohort))


def _rules(items: list[dict[str, Any]]) -> tuple[PairRule, ...]:
    return tuple(
        PairRule(item.get("cohort"), item["mentor"], item["mentee"], index, item.get("note", "")) for index, item in enumerate(items)
    )


def build_matching(data: dict[str, Any] | None) -> Matching | None:
    """The matching rules, if the programme has any."""
    if data is None:
        return None
    constraints = data.get("constraints") or {}
    return Matching(
        weights={**DEFAULT_WEIGHTS, **{key: float(value) for key, value in (data.get("weights") or {}).items()}},
        constraints=Constraints(
            separate_reporting_lines=constraints.get("separate_reporting_lines", True),
            different_department=constraints.get("different_department", False),
            shared_language=constraints.get("shared_language", False),
            min_level_gap=constraints.get("min_level_gap"),
            min_overlap_hours=constraints.get("min_overlap_hours", 0),
        ),
        levels=tuple(data.get("levels") or ()),
        pins=_rules(data.get("pins") or []),
        forbids=_rules(data.get("forbids") or []),
        intake_survey=data.get("intake_survey", DEFAULT_INTAKE_SURVEY),
    )
