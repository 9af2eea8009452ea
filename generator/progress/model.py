"""Cohorts and goal measures as typed objects.

Input: validated ``cohorts`` and ``goals[].measure`` data from program.yaml.
Output: ``Cohort`` and ``GoalMeasure`` dataclasses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GoalMeasure:
    metric: str
    survey: str | None = None
    baseline: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class Cohort:
    id: str
    name: str
    start: datetime.date
    end: datetime.date


def build_measure(data: dict[str, Any]) -> GoalMeasure:
    """The measure a goal is judged by."""
    return GoalMeasure(data["metric"], data.get("survey"), data.get("baseline"), data.get("question"))


def build_cohorts(data: list[dict[str, Any]]) -> tuple[Cohort, ...]:
    """Cohorts in definition order."""
    return tuple(
        Cohort(item["id"], item["name"], datetime.date.fromisoformat(item["start"]), datetime.date.fromisoformat(item["end"]))
        for item in data
    )
