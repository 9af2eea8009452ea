"""The ``cohorts``, ``goals`` and ``reminders`` sections of program.yaml, declared once.

Input: program.yaml data for these sections (validated by pydantic against the classes here).
Output: ``Cohort`` (with its milestones, whole-cohort ``Event`` list, ``Break`` list and
recurring ``AgendaPlan``), ``Goal``, ``GoalMeasure`` and ``Reminders`` objects; the same classes
give the JSON Schema and the defaults. ``Cohort.session_slots`` is the one session planner:
one slot per cadence from a first day, a slot inside a break skipped (the session takes the next
free slot), never past the cohort's end.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import AfterValidator, Field, model_validator
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from generator.declare import (
    DECLARED,
    EMAIL_PATTERN,
    KEY_PATTERN,
    LINK_PATTERN,
    Date,
    Id,
    Minutes,
    Number,
    Text,
    Whole,
    describe,
    explained,
)
from generator.model import Agenda, Program, lookup

NAME = "progress"
DEFAULT_MEETING_EVERY_WEEKS = 2
DEFAULT_SILENT_AFTER_DAYS = 28
DEFAULT_BEHIND_AFTER_MISSED = 2
DEFAULT_SESSION_TIME = "10:00"
TIME_PATTERN = explained(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", "is not a time; write it as HH:MM on a 24-hour clock, such as 18:30")
EVERYONE = "everyone"
DEFAULT_SMTP_PORT = 587
DEFAULT_REMIND_DAYS_AHEAD = 3
Time = Annotated[str, Field(pattern=TIME_PATTERN)]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, json_schema_extra={"format": "email"})]
Link = Annotated[str, Field(pattern=LINK_PATTERN, json_schema_extra={"format": "uri"})]
EventKind = Literal["launch", "cohort-call", "workshop", "graduation", "other"]
if TYPE_CHECKING:
    from generator.progress.data import CohortData

Metric = Literal["nps", "participation", "satisfaction", "session_completion", "skill_change", "retention", "promotion", "mobility"]
OUTCOME_METRICS = ("retention", "promotion", "mobility")
"""Metrics measured from the private HR extract against a comparison group (the outcomes feature supplies their values)."""


@dataclass(frozen=True, config=DECLARED)
class GoalMeasure:
    """How the goal is measured."""

    metric: Metric = describe("Which figure the goal is judged by.")
    survey: Id | None = describe("Survey the figure comes from.", None)
    baseline: Id | None = describe("Baseline survey for skill_change.", None)
    question: Annotated[str, Field(pattern=KEY_PATTERN)] | None = describe("Question the figure comes from.", None)
    window_months: Annotated[Whole, Field(ge=1, le=60)] | None = describe(
        "For retention, promotion and mobility: months after the cohort's start at which the outcome is measured.", None
    )
    role: Literal["mentor", "mentee"] | None = describe("For retention, promotion and mobility: whose outcome, mentors' or mentees'.", None)


@dataclass(frozen=True, config=DECLARED)
class Goal:
    """A programme goal and the measure it is judged by."""

    id: Id = describe("Goal id.")
    title: Text = describe("The goal in one line.")
    measure: GoalMeasure = describe("How the goal is measured.")
    target: Annotated[Number, AfterValidator(float)] = describe(
        "The value of the measure that counts as met: a share as 0.8 for 80%; for retention, promotion and mobility, "
        "the difference from the comparison group, 0.05 for 5 points."
    )
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


@dataclass(frozen=True, config=DECLARED)
class Event:
    """A whole-cohort event: the launch, a cohort call, a workshop or the graduation."""

    id: Id = describe("Event id, unique in its cohort; part of the event's calendar UID.")
    kind: EventKind = describe("What sort of event: launch, cohort-call, workshop, graduation or other.")
    title: Text = describe("The event's title, shown on the cohort page and in calendars.")
    date: Date = describe("The day (YYYY-MM-DD), within the cohort's dates.")
    time: Time = describe("Start time (HH:MM) in the programme's time zone.")
    duration: Minutes = describe("Length in minutes.")
    place: Text | None = describe("Where it happens (a room or site); give a place, a link or both.", None)
    link: Link | None = describe("Address of the video call or the event page (http:// or https://).", None)
    host: Text | None = describe("Who hosts it: a role id (shown as the role's name) or a team.", None)
    agenda: Id | None = describe("Agenda id the event follows (or give a module).", None)
    module: Id | None = describe("Training module id the event teaches (or give an agenda).", None)
    audience: Annotated[tuple[Id, ...], Field(min_length=1)] = describe(
        f"Role ids the event is for, or [{EVERYONE}] (default).", (EVERYONE,)
    )
    description: Text | None = describe("A sentence or two about the event.", None)

    def is_for(self, role_id: str) -> bool:
        """Whether someone in ``role_id`` is invited."""
        return EVERYONE in self.audience or role_id in self.audience

    @property
    def clock(self) -> datetime.time:
        return datetime.time.fromisoformat(self.time)


@dataclass(frozen=True, config=DECLARED)
class Break:
    """A pause in the cadence (such as the end-of-year holidays): the planner puts no session in it."""

    start: Date = describe("First day of the break.")
    end: Date = describe("Last day of the break (the same day for a one-day break).")
    name: Text | None = describe("What the break is, such as End-of-year holidays.", None)

    def holds(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, config=DECLARED)
class AgendaPlan:
    """An agenda assigned to every planned session in a range of cohort weeks (a recurring agenda)."""

    agenda: Id = describe("Agenda id used by the sessions in the range.")
    from_week: Annotated[Whole, Field(ge=1, le=520)] = describe("First cohort week of the range (week 1 starts on the cohort's start).")
    to_week: Annotated[Whole, Field(ge=1, le=520)] | None = describe("Last cohort week of the range (default: from_week only).", None)

    @property
    def last_week(self) -> int:
        return self.to_week if self.to_week is not None else self.from_week

    def covers(self, week: int) -> bool:
        return self.from_week <= week <= self.last_week


@dataclass(frozen=True, config=DECLARED)
class Reminders:
    """How `playbook remind` sends its messages (the SMTP password comes only from PLAYBOOK_SMTP_PASSWORD)."""

    sender: Email | None = describe("The From address of reminders (or set PLAYBOOK_SMTP_FROM).", None)
    smtp_host: Text | None = describe("SMTP server (PLAYBOOK_SMTP_HOST wins over this).", None)
    smtp_port: Annotated[Whole, Field(ge=1, le=65535)] = describe(
        "SMTP port, with STARTTLS (PLAYBOOK_SMTP_PORT wins; default 587).", DEFAULT_SMTP_PORT
    )
    smtp_user: Text | None = describe("SMTP user name (PLAYBOOK_SMTP_USER wins over this).", None)
    days_ahead: Annotated[Whole, Field(ge=0, le=60)] = describe(
        "How many days ahead a session, event or survey due date is announced (default 3).", DEFAULT_REMIND_DAYS_AHEAD
    )


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
    lead_email: Email | None = describe("The cohort lead's address for reminders; private, never published.", None)
    events: tuple[Event, ...] = describe("Whole-cohort events: launch, cohort calls, workshops, graduation.", ())
    breaks: tuple[Break, ...] = describe("Pauses in the cadence; a session due in a break moves to the next free cadence slot.", ())
    agenda_plan: tuple[AgendaPlan, ...] = describe(
        "Agendas of the planned sessions by cohort week, such as regular-session from week 3 to week 11.", ()
    )

    @model_validator(mode="after")
    def _plan_fits(self) -> Cohort:
        free = len(self._free_slots(self.start))
        if self.start <= self.end and self.planned_sessions_setting and self.planned_sessions_setting > free:
            raise PydanticCustomError(
                "plan_too_long",
                "planned_sessions is {planned} but only {free} sessions fit between start and end at this cadence outside"
                " the breaks; lower planned_sessions, meet more often or shorten a break.",
                {"planned": self.planned_sessions_setting, "free": free},
            )
        return self

    @property
    def cadence_days(self) -> int:
        return 7 * self.meeting_every_weeks

    @property
    def planned_sessions(self) -> int:
        """Sessions each pair should hold: as set, else one per free cadence slot over the cohort."""
        if self.planned_sessions_setting:
            return self.planned_sessions_setting
        return len(self._free_slots(self.start))

    @property
    def weeks(self) -> int:
        return (self.end - self.start).days // 7 + 1

    def week_of(self, day: datetime.date) -> int:
        """The cohort week ``day`` falls in (week 1 starts on the cohort's start)."""
        return (day - self.start).days // 7 + 1

    def in_break(self, day: datetime.date) -> bool:
        return any(pause.holds(day) for pause in self.breaks)

    def _free_slots(self, first: datetime.date) -> tuple[datetime.date, ...]:
        """Every cadence slot from ``first`` to the cohort's end that is not in a break."""
        step = datetime.timedelta(days=self.cadence_days)
        count = max(0, (self.end - first).days // self.cadence_days + 1)
        return tuple(day for day in (first + step * number for number in range(count)) if not self.in_break(day))

    def session_slots(self, first: datetime.date) -> tuple[datetime.date, ...]:
        """Planned session days from ``first``: one per cadence, a slot in a break skipped, at most the plan."""
        return self._free_slots(first)[: self.planned_sessions]

    def planned_between(self, first: datetime.date, last: datetime.date) -> int:
        """Sessions planned from ``first`` (a pair's start) up to and including ``last`` (breaks skipped)."""
        return sum(1 for day in self.session_slots(first) if day <= last)

    def planned_dates(self) -> tuple[datetime.date, ...]:
        """The cohort's planned session dates: one per free cadence slot from the start."""
        return self.session_slots(self.start)

    def agenda_plan_for(self, day: datetime.date) -> str | None:
        """The agenda id the agenda plan gives a session on ``day``, if any."""
        week = self.week_of(day)
        return next((plan.agenda for plan in self.agenda_plan if plan.covers(week)), None)

    def agenda_for(self, day: datetime.date, agendas: Sequence[Agenda]) -> str | None:
        """The agenda id of a session on ``day``: the agenda plan's, else that of the programme week it falls in."""
        planned = self.agenda_plan_for(day)
        if planned is not None:
            return planned
        weeks = range(self.week_of(day), self.week_of(day) + self.meeting_every_weeks)
        return next((agenda.id for agenda in agendas if agenda.week in weeks), None)

    def events_for(self, role_id: str | None = None) -> tuple[Event, ...]:
        """The cohort's events in time order; only those for ``role_id`` when given."""
        chosen = [event for event in self.events if role_id is None or event.is_for(role_id)]
        return tuple(sorted(chosen, key=lambda event: (event.date, event.time, event.id)))


def cohorts_of(program: Program) -> tuple[Cohort, ...]:
    """The programme's cohorts, in program.yaml order."""
    return cast(tuple[Cohort, ...], program.sections["cohorts"])


def reminders_of(program: Program) -> Reminders:
    """The programme's reminder settings (defaults when the section is absent)."""
    return cast(Reminders, program.sections.get("reminders") or Reminders())


def goals_of(program: Program) -> tuple[Goal, ...]:
    """The programme's goals, in program.yaml order."""
    return cast(tuple[Goal, ...], program.sections["goals"])


def find_cohort(program: Program, cohort_id: str) -> Cohort:
    """The cohort called ``cohort_id``, or a located error naming the known cohorts."""
    return lookup(cohorts_of(program), cohort_id, "cohort", ("cohorts",))


def cohort_tables(data: Mapping[str, object]) -> dict[str, CohortData]:
    """The cohort tables among a loaded programme's data by feature (empty when not loaded)."""
    return cast("dict[str, CohortData]", data.get(NAME) or {})
