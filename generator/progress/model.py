"""The ``cohorts`` and ``goals`` sections of program.yaml, declared once.

Input: program.yaml data for these sections (validated by pydantic against the classes here).
Output: ``Cohort`` (with its ``Milestone`` list), ``Goal`` and ``GoalMeasure`` objects; the same
classes give the JSON Schema and the defaults.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import AfterValidator, Field
from pydantic.dataclasses import dataclass

from generator.declare import DECLARED, KEY_PATTERN, Date, Id, Number, Text, Whole, describe
from generator.model import Program, lookup

NAME = "progress"
DEFAULT_MEETING_EVERY_WEEKS = 2
DEFAULT_SILENT_AFTER_DAYS = 28
DEFAULT_BEHIND_AFTER_MISSED = 2
DEFAULT_SESSION_TIME = "10:00"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
if TYPE_CHECKING:
    from generator.progress.data import CohortData

Metric = Literal["nps", "participation", "satisfaction", "session_completion", "skill_change"]


@dataclass(frozen=True, config=DECLARED)
class GoalMeasure:
    """How the goal is measured."""

    metric: Metric = describe("Which figure the goal is judged by.")
    survey: Id | None = describe("Survey the figure comes from.", None)
    baseline: Id | None = describe("Baseline survey for skill_change.", None)
    question: Annotated[str, Field(pattern=KEY_PATTERN)] | None = describe("Question the figure comes from.", None)


@dataclass(frozen=True, config=DECLARED)
class Goal:
    """A programme goal and the measure it is judged by."""

    id: Id = describe("Goal id.")
    title: Text = describe("The goal in one line.")
    measure: GoalMeasure = describe("How the goal is measured.")
    target: Annotated[Number, AfterValidator(float)] = describe("The value of the measure that counts as met.")
    description: Text = describe("Why the goal matters.", "")
    unit: Text = describe("Unit shown next to the figures, such as points or %.", "")


@dataclass(frozen=True, config=DECLARED)
class Milestone:
    """A milestone: reached by a pair when it holds a session with the agenda, or answers the survey."""

    id: Id = describe("Milestone id.")
    title: Text = describe("What the milestone is.")
    due: Date = describe("The date it is due (YYYY-MM-DD).")
    agenda: Id | None = describe("Agenda id: a pair reaches the milestone when it holds a session with this agenda.", None)
    survey: Id | None = describe("Survey id: reached when the pair's participants have answered this survey.", None)


def _in_date_order(milestones: tuple[Milestone, ...]) -> tuple[Milestone, ...]:
    return tuple(sorted(milestones, key=lambda milestone: (milestone.due, milestone.id)))


@dataclass(frozen=True, config=DECLARED)
class Cohort:
    """A cohort: a group of pairs running the programme together."""

    id: Id = describe("Cohort id; its data lives in content/cohorts/<id>/.")
    name: Text = describe("Cohort name.")
    start: Date = describe("First day.")
    end: Date = describe("Last day.")
    lead: Text = describe("Who leads the cohort (a staff role or name, shown publicly).", "")
    meeting_every_weeks: Annotated[Whole, Field(ge=1, le=12)] = describe(
        "How often pairs meet, in weeks (default 2).", DEFAULT_MEETING_EVERY_WEEKS
    )
    planned_sessions_setting: Annotated[Whole, Field(ge=1, le=200)] | None = Field(
        default=None, alias="planned_sessions", description="Sessions each pair is planned to hold (default: one per cadence)."
    )
    session_time: Annotated[str, Field(pattern=TIME_PATTERN)] = describe(
        "Time of planned sessions in the calendar (HH:MM).", DEFAULT_SESSION_TIME
    )
    silent_after_days: Annotated[Whole, Field(ge=1, le=365)] = describe(
        "A pair with no session for more than this many days is silent (default 28).", DEFAULT_SILENT_AFTER_DAYS
    )
    behind_after_missed: Annotated[Whole, Field(ge=1, le=50)] = describe(
        "A pair this many planned sessions short is behind plan (default 2).", DEFAULT_BEHIND_AFTER_MISSED
    )
    milestones: Annotated[tuple[Milestone, ...], AfterValidator(_in_date_order)] = describe("Milestones in date order.", ())

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


def cohorts_of(program: Program) -> tuple[Cohort, ...]:
    """The programme's cohorts, in program.yaml order."""
    return cast(tuple[Cohort, ...], program.sections["cohorts"])


def goals_of(program: Program) -> tuple[Goal, ...]:
    """The programme's goals, in program.yaml order."""
    return cast(tuple[Goal, ...], program.sections["goals"])


def find_cohort(program: Program, cohort_id: str) -> Cohort:
    """The cohort called ``cohort_id``, or a located error naming the known cohorts."""
    return lookup(cohorts_of(program), cohort_id, "cohort", ("cohorts",))


def cohort_tables(data: Mapping[str, object]) -> dict[str, CohortData]:
    """The cohort tables among a loaded programme's data by feature (empty when not loaded)."""
    return cast("dict[str, CohortData]", data.get(NAME) or {})
