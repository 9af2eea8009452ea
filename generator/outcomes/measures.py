"""Outcome measures: retention, promotions and internal moves against a matched comparison group.

Input: employees from the HR extract (``Employee``), their dated promotions and moves (``Change``),
who took part and when their cohort started (``Participation``), a window in months, the as-of date
and the smallest group that may be reported.
Output: ``Comparison`` values: the participants' rate, the comparison group's rate standardised to
the participants' mix, the difference with a 95 % confidence interval, and a verdict.

Method (stated on the pages too): direct standardisation over strata. Each participant is placed in
a stratum: the cohort's start date, their level, their department and their tenure band on that day.
The comparison group is every employee in the extract who never took part and was employed on the
cohort's start date. In each stratum that has at least ``minimum`` comparison employees (so no
published figure rests on fewer people), their rate is the expected rate for the participants of
that stratum; the expected rates are averaged with the participants' numbers
as weights. Participants in a stratum without enough comparison employees are left out of the
comparison (``participants`` says how many are in). The 95 % interval is Agresti and Caffo's: each
proportion in it is taken as if it had one more event and one more non-event, which keeps the
interval honest for small groups and for rates of 0 % or 100 %; the difference shown is the plain
one. Fewer than ``minimum`` matched participants or comparison employees gives "too few to
tell", never a verdict.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from generator.i18n import N_

Measure = Literal["retention", "promotion", "mobility"]
MEASURES: tuple[Measure, ...] = ("retention", "promotion", "mobility")
CHANGE_KINDS = {"promotion": "promotion", "mobility": "move"}
TENURE_BANDS = ((1, "under 1 year"), (3, "1 to 3 years"), (5, "3 to 5 years"), (10, "5 to 10 years"))
LONGEST_TENURE = "10 years or more"
Z_95 = 1.959964

HIGHER, LOWER, SAME = N_("higher"), N_("lower"), N_("no clear difference")
TOO_FEW, NOT_YET = N_("too few to tell"), N_("not yet")
"""Verdicts; a goal judged by an outcome shows them as its status (translated where shown)."""


@dataclass(frozen=True)
class Employee:
    """One row of the HR extract."""

    person_id: str
    email: str
    level: str
    department: str
    start: datetime.date
    left: datetime.date | None = None
    reason: str = ""

    def employed_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.left is None or self.left > day)


@dataclass(frozen=True)
class Change:
    """A dated promotion or internal move of one employee."""

    person_id: str
    date: datetime.date
    kind: Literal["promotion", "move"]


@dataclass(frozen=True)
class Participation:
    """One person's part in one cohort."""

    person_id: str
    role: str
    cohort: str
    cohort_start: datetime.date


@dataclass(frozen=True)
class Comparison:
    """One measure over one window for one group of participants, against the comparison group."""

    measure: Measure
    window_months: int
    participants: int
    participants_rate: float | None
    comparison_people: int
    comparison_rate: float | None
    difference: float | None
    low: float | None
    high: float | None
    verdict: str


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def tenure_band(employee: Employee, day: datetime.date) -> str:
    """The employee's length of service on ``day``, as a band."""
    years = (day - employee.start).days / 365.25
    return next((label for limit, label in TENURE_BANDS if years < limit), LONGEST_TENURE)


def stratum(employee: Employee, day: datetime.date) -> tuple[datetime.date, str, str, str]:
    """What participants are matched on: the cohort's start, level, department and tenure band."""
    return (day, employee.level, employee.department, tenure_band(employee, day))


def had_outcome(employee: Employee, changes: Sequence[Change], start: datetime.date, end: datetime.date, measure: Measure) -> bool:
    """Whether the employee stayed (retention), or was promoted or moved, between ``start`` and ``end``."""
    if measure == "retention":
        return employee.left is None or employee.left > end
    kind = CHANGE_KINDS[measure]
    return any(change.kind == kind and start < change.date <= end for change in changes)


@dataclass
class _Tally:
    people: int = 0
    events: int = 0

    @property
    def rate(self) -> float:
        return self.events / self.people


def _tally_comparison(
    employees: Iterable[Employee], changes: dict[str, list[Change]], starts: set[datetime.date], window: int, measure: Measure
) -> dict[tuple[datetime.date, str, str, str], _Tally]:
    tallies: dict[tuple[datetime.date, str, str, str], _Tally] = defaultdict(_Tally)
    ends = {start: add_months(start, window) for start in starts}
    for employee in employees:
        for start, end in ends.items():
            if employee.employed_on(start):
                tally = tallies[stratum(employee, start)]
                tally.people += 1
                tally.events += had_outcome(employee, changes.get(employee.person_id, []), start, end, measure)
    return tallies


Pools = dict[tuple[frozenset[datetime.date], int, str], dict[tuple[datetime.date, str, str, str], _Tally]]
"""Comparison-group tallies already made, by (starts, window, measure): for callers comparing several groups against the same colleagues."""


def compare(
    taking_part: Sequence[tuple[Employee, datetime.date]],
    others: Sequence[Employee],
    changes: dict[str, list[Change]],
    measure: Measure,
    window: int,
    as_of: datetime.date,
    minimum: int,
    pools: Pools | None = None,
) -> Comparison:
    """Participants (each with their cohort's start) against the employees who never took part.

    ``pools``: tallies of the same ``others`` made by earlier calls, kept and reused (optional).
    """
    members = [(employee, start) for employee, start in taking_part if employee.employed_on(start)]
    if not members or any(add_months(start, window) > as_of for _, start in members):
        return Comparison(measure, window, len(members), None, 0, None, None, None, None, NOT_YET)
    starts = frozenset(start for _, start in members)
    pools = {} if pools is None else pools
    pool = pools.get((starts, window, measure))
    if pool is None:
        pool = pools[(starts, window, measure)] = _tally_comparison(others, changes, set(starts), window, measure)
    matched: dict[tuple[datetime.date, str, str, str], _Tally] = defaultdict(_Tally)
    for employee, start in members:
        key = stratum(employee, start)
        if key in pool and pool[key].people >= minimum:
            matched[key].people += 1
            matched[key].events += had_outcome(employee, changes.get(employee.person_id, []), start, add_months(start, window), measure)
    people = sum(tally.people for tally in matched.values())
    compared = sum(pool[key].people for key in matched)
    if people < minimum or compared < minimum:
        return Comparison(measure, window, people, None, compared, None, None, None, None, TOO_FEW)
    return _comparison(measure, window, matched, pool, people, compared)


def _adjusted(tally: _Tally) -> float:
    """Agresti–Caffo: the rate with one more event and one more non-event."""
    return (tally.events + 1) / (tally.people + 2)


def _comparison(
    measure: Measure,
    window: int,
    matched: dict[tuple[datetime.date, str, str, str], _Tally],
    pool: dict[tuple[datetime.date, str, str, str], _Tally],
    people: int,
    compared: int,
) -> Comparison:
    weights = {key: tally.people / people for key, tally in matched.items()}
    rate = sum(tally.events for tally in matched.values()) / people
    expected = sum(weight * pool[key].rate for key, weight in weights.items())
    own = _adjusted(_Tally(people, sum(tally.events for tally in matched.values())))
    centre = own - sum(weight * _adjusted(pool[key]) for key, weight in weights.items())
    variance = own * (1 - own) / (people + 2)
    variance += sum(
        weight**2 * _adjusted(pool[key]) * (1 - _adjusted(pool[key])) / (pool[key].people + 2) for key, weight in weights.items()
    )
    margin = Z_95 * math.sqrt(variance)
    low, high = centre - margin, centre + margin
    verdict = HIGHER if low > 0 else LOWER if high < 0 else SAME
    return Comparison(measure, window, people, rate, compared, expected, rate - expected, low, high, verdict)
