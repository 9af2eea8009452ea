"""The measures of a cohort, as pure functions over its pairs, sessions and answers.

Input: ``Cohort``, ``Pair``, ``Session`` and survey ``Response`` values and an as-of date.
Output: plain numbers and small dataclasses (plan to date, health, NPS, distributions,
skill change). No IO, no privacy rules (``aggregate`` applies those).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TypeVar

from generator.i18n import N_
from generator.progress.data import Pair, Session
from generator.progress.model import Cohort

# Status words: shown on pages through the catalogue (``_(word)`` in the templates).
ON_TRACK, BEHIND, SILENT = N_("on track"), N_("behind plan"), N_("silent")
HEALTH_STATES = (ON_TRACK, BEHIND, SILENT)
NOT_STARTED, RUNNING, FINISHED = N_("not started"), N_("running"), N_("finished")
ACTIVE, COMPLETED, ENDED_EARLY = N_("active"), N_("completed"), N_("ended-early")  # a pair's status in roster.csv
T = TypeVar("T")
SESSION_MONTH = attrgetter("date.year", "date.month")


def cohort_state(cohort: Cohort, as_of: datetime.date) -> str:
    """``not started``, ``running`` or ``finished`` on the as-of date."""
    if as_of < cohort.start:
        return NOT_STARTED
    return FINISHED if as_of > cohort.end else RUNNING


def cohort_week(cohort: Cohort, as_of: datetime.date) -> int:
    """Week N of the cohort on the as-of date (0 before it starts, at most its last week)."""
    if as_of < cohort.start:
        return 0
    return min(cohort.weeks, (as_of - cohort.start).days // 7 + 1)


def pair_window_end(pair: Pair, cohort: Cohort, as_of: datetime.date) -> datetime.date:
    """The last day that counts for a pair: the as-of date, its end, or the cohort's end."""
    return min(as_of, pair.end or cohort.end, cohort.end)


def planned_to_date(pair: Pair, cohort: Cohort, as_of: datetime.date) -> int:
    """Sessions the pair should have held by the as-of date.

    One session is due in each cadence period since the pair started (the first on its
    start day, so a pair that starts today owes one), skipping slots in a break; a pair
    that completed the programme (or any pair once the cohort is over, unless it ended
    early) owes the full plan.
    """
    if pair.status == COMPLETED or (as_of > cohort.end and pair.status != ENDED_EARLY):
        return cohort.planned_sessions
    return cohort.planned_between(pair.start, pair_window_end(pair, cohort, as_of))


def held_sessions(sessions: Iterable[Session], as_of: datetime.date) -> list[Session]:
    """Sessions held on or before the as-of date."""
    return [session for session in sessions if session.status == "held" and session.date <= as_of]


@dataclass(frozen=True)
class PairProgress:
    """Where one pair stands on the as-of date."""

    pair: Pair
    held: int
    planned: int
    last_met: datetime.date | None
    days_since: int | None
    health: str


def pair_progress(pair: Pair, sessions: Sequence[Session], cohort: Cohort, as_of: datetime.date) -> PairProgress:
    """Sessions held against the plan, the last meeting, and the pair's health.

    Health applies to active pairs in a running cohort: ``silent`` when the last session
    (or the pair's start, if it never met) is more than ``silent_after_days`` ago, else
    ``behind plan`` when ``behind_after_missed`` or more planned sessions are missing, else
    ``on track``. Other pairs show their status (completed, ended-early).
    """
    held = [session.date for session in held_sessions(sessions, as_of)]
    last_met = max(held) if held else None
    planned = planned_to_date(pair, cohort, as_of)
    reference = pair_window_end(pair, cohort, as_of)
    days_since = (reference - last_met).days if last_met else None
    if pair.status != ACTIVE or cohort_state(cohort, as_of) != RUNNING:
        health = pair.status
    elif (reference - (last_met or pair.start)).days > cohort.silent_after_days:
        health = SILENT
    elif planned - len(held) >= cohort.behind_after_missed:
        health = BEHIND
    else:
        health = ON_TRACK
    return PairProgress(pair, len(held), planned, last_met, days_since, health)


def ratio(part: float, whole: float) -> float | None:
    """``part / whole``, or None when there is nothing to divide by."""
    return part / whole if whole else None


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or None when there are no values."""
    return sum(values) / len(values) if values else None


def distribution(values: Iterable[int], scale: Sequence[int]) -> tuple[int, ...]:
    """How many answers gave each point of the scale, lowest first."""
    counts = Counter(values)
    return tuple(counts.get(point, 0) for point in scale)


@dataclass(frozen=True)
class Nps:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6)."""

    promoters: int
    passives: int
    detractors: int

    @property
    def answers(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        return 100 * (self.promoters - self.detractors) / self.answers if self.answers else None


def nps(scores: Iterable[int]) -> Nps:
    """Promoters, passives and detractors of 0-10 answers."""
    values = list(scores)
    return Nps(sum(1 for v in values if v >= 9), sum(1 for v in values if 7 <= v <= 8), sum(1 for v in values if v <= 6))


@dataclass(frozen=True)
class SkillChange:
    """One skill asked before and after: the mean of each and the change."""

    skill: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def skill_change(skill: str, before: Sequence[float], after: Sequence[float]) -> SkillChange:
    """The average answer to a skill question before against after (means of each group)."""
    return SkillChange(skill, mean(before), mean(after))


def month_key(day: datetime.date) -> str:
    """The month of ``day`` as YYYY-MM."""
    return f"{day.year:04d}-{day.month:02d}"


def months_between(first: datetime.date, last: datetime.date) -> list[str]:
    """Every month from ``first`` to ``last`` as YYYY-MM (empty when last < first)."""
    return [month_key(day) for day in month_starts(first, last)]


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from ``first`` to ``last`` (empty when last < first)."""
    days: list[datetime.date] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def by_month(items: Iterable[T], days: Iterable[datetime.date]) -> dict[str, list[T]]:
    """``items`` grouped by the month (YYYY-MM) of their day (``days``, in the same order), each month's in their order."""
    grouped: dict[tuple[int, int], list[T]] = defaultdict(list)
    for item, day in zip(items, days, strict=True):
        grouped[day.year, day.month].append(item)
    return {month_key(datetime.date(year, month, 1)): found for (year, month), found in grouped.items()}


def sessions_per_month(sessions: Iterable[Session], cohort: Cohort, as_of: datetime.date) -> list[tuple[str, int]]:
    """Held sessions counted by month, from the cohort's start to the as-of date (or its end)."""
    counts = Counter(map(SESSION_MONTH, held_sessions(sessions, as_of)))
    return [(month_key(day), counts[day.year, day.month]) for day in month_starts(cohort.start, min(as_of, cohort.end))]
