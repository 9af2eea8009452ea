"""Cohorts and goal measures as typed objects.

Input: validated ``cohorts`` and ``goals[].measure`` data from program.yaml.
Output: ``Cohort`` (with its ``Milestone`` list) and ``GoalMeasure`` dataclasses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from generator.progress.schema import (
    DEFAULT_BEHIND_AFTER_MISSED,
    DEFAULT_MEETING_EVERY_WEEKS,
    DEFAULT_SESSION_TIME,
    DEFAULT_SILENT_AFTER_DAYS,
)


@dataclass(frozen=True)
class GoalMeasure:
    metric: str
    survey: str | None = None
    baseline: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    due: datetime.date
    agenda: str | None = None
    survey: str | None = None


@dataclass(frozen=True)
class Cohort:
    id: str
    name: str
    start: datetime.date
    end: datetime.date
    lead: str = ""
    meeting_every_weeks: int = DEFAULT_MEETING_EVERY_WEEKS
    planned_sessions_setting: int | None = None
    session_time: str = DEFAULT_SESSION_TIME
    silent_after_days: int = DEFAULT_SILENT_AFTER_DAYS
    behind_after_missed: int = DEFAULT_BEHIND_AFTER_MISSED
    milestones: tuple[Milestone, ...] = ()

    @property
    def cadence_days(self) -> int:
        return 7 * self.meeting_every_weeks

    @property
    def planned_sessions(self) -> int:
        """Sessions each pair should hold: as set, else one per cadence over the cohort."""
        if self.planned_sessions_setting:
            return self.planned_sessions_setting
        return (self.end - self.start).days // self.cadence_days + 1

    @property
    def weeks(self) -> int:
        return (self.end - self.start).days // 7 + 1

    def planned_dates(self) -> tuple[datetime.date, ...]:
        """The cohort's planned session dates: one per cadence from the start."""
        step = datetime.timedelta(days=self.cadence_days)
        return tuple(self.start + step * number for number in range(self.planned_sessions))


def build_measure(data: dict[str, Any]) -> GoalMeasure:
    """The measure a goal is judged by."""
    return GoalMeasure(data["metric"], data.get("survey"), data.get("baseline"), data.get("question"))


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _build_milestone(data: dict[str, Any]) -> Milestone:
    return Milestone(data["id"], data["title"], _date(data["due"]), data.get("agenda"), data.get("survey"))


def _build_cohort(item: dict[str, Any]) -> Cohort:
    return Cohort(
        id=item["id"],
        name=item["name"],
        start=_date(item["start"]),
        end=_date(item["end"]),
        lead=item.get("lead", ""),
        meeting_every_weeks=item.get("meeting_every_weeks", DEFAULT_MEETING_EVERY_WEEKS),
        planned_sessions_setting=item.get("planned_sessions"),
        session_time=item.get("session_time", DEFAULT_SESSION_TIME),
        silent_after_days=item.get("silent_after_days", DEFAULT_SILENT_AFTER_DAYS),
        behind_after_missed=item.get("behind_after_missed", DEFAULT_BEHIND_AFTER_MISSED),
        milestones=tuple(sorted((_build_milestone(entry) for entry in item.get("milestones", [])), key=lambda m: (m.due, m.id))),
    )


def build_cohorts(data: list[dict[str, Any]]) -> tuple[Cohort, ...]:
    """Cohorts in definition order."""
    return tuple(_build_cohort(item) for item in data)
