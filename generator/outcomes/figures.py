"""Aggregate stage for outcomes: each cohort's and the programme's comparisons, by role and window.

Input: the ``Extract`` (employees, changes, participations), the cohorts, the windows, the as-of
date and ``privacy.min_group_size``.
Output: ``OutcomeFigures``. A cohort whose comparison is "too few to tell" adds nothing to the
programme's figure, so the programme's figure never lets anyone subtract their way to it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.disclosure import Cell, Equation, Table
from generator.outcomes.extract import Extract
from generator.outcomes.measures import HIGHER, LOWER, MEASURES, SAME, TOO_FEW, Comparison, Employee, Pools, compare
from generator.progress.model import Cohort

if TYPE_CHECKING:
    from generator.outcomes.goals import GoalOutcome

ROLES = ("mentor", "mentee")
VERDICTS = (HIGHER, LOWER, SAME)


@dataclass(frozen=True)
class GroupOutcomes:
    """Every comparison of one group (a cohort, or the programme), by (role, measure, window)."""

    title: str
    rows: tuple[tuple[str, Comparison], ...]
    cohort: str = ""
    """The cohort's id ("" for all cohorts)."""


@dataclass(frozen=True)
class OutcomeFigures:
    """The outcome figures the pages show."""

    cohorts: tuple[GroupOutcomes, ...]
    programme: GroupOutcomes | None
    windows: tuple[int, ...]
    minimum: int
    has_data: bool
    goals: tuple[GoalOutcome, ...] = ()
    """The comparisons of the progress goals judged by an outcome (``outcomes.goals``)."""


def taking_part(extract: Extract, role: str, cohorts: set[str]) -> list[tuple[Employee, datetime.date]]:
    """The participants of ``role`` in ``cohorts``, each with their cohort's start."""
    return [
        (extract.employees[item.person_id], item.cohort_start)
        for item in extract.participations
        if item.role == role and item.cohort in cohorts
    ]


def non_participants(extract: Extract) -> list[Employee]:
    """The employees who never took part: where the comparison group is drawn from."""
    took_part = {item.person_id for item in extract.participations}
    return [employee for person_id, employee in extract.employees.items() if person_id not in took_part]


def _cohort(extract: Extract, cohort: Cohort, windows: tuple[int, ...], as_of: datetime.date, minimum: int, pools: Pools) -> GroupOutcomes:
    others = non_participants(extract)
    rows = [
        (role, compare(taking_part(extract, role, {cohort.id}), others, extract.changes, measure, window, as_of, minimum, pools))
        for role in ROLES
        for measure in MEASURES
        for window in windows
    ]
    return GroupOutcomes(cohort.name, tuple(rows), cohort.id)


def _programme(
    extract: Extract, cohorts: tuple[Cohort, ...], groups: list[GroupOutcomes], as_of: datetime.date, minimum: int, pools: Pools
) -> GroupOutcomes | None:
    """Each row pools the cohorts whose own row has a verdict; fewer than two such cohorts: no row."""
    others, rows = non_participants(extract), []
    for index, (role, first) in enumerate(groups[0].rows if groups else ()):
        pooled = {cohort.id for cohort, group in zip(cohorts, groups, strict=True) if group.rows[index][1].verdict in VERDICTS}
        if len(pooled) > 1:
            members = taking_part(extract, role, pooled)
            rows.append((role, compare(members, others, extract.changes, first.measure, first.window_months, as_of, minimum, pools)))
    return GroupOutcomes("All cohorts", tuple(rows)) if rows else None


def outcome_figures(
    extract: Extract, cohorts: tuple[Cohort, ...], windows: tuple[int, ...], as_of: datetime.date, minimum: int, pools: Pools | None = None
) -> OutcomeFigures:
    """Each cohort's comparisons, then the programme's over the cohorts whose own figures are shown.

    ``pools``: comparison-group tallies to reuse and add to (the goals compare with the same colleagues).
    """
    if not extract.employees:
        return OutcomeFigures((), None, windows, minimum, has_data=False)
    pools = {} if pools is None else pools  # mentors and mentees, and the pooled rows, are compared with the same colleagues
    groups = [_cohort(extract, cohort, windows, as_of, minimum, pools) for cohort in cohorts]
    programme = _programme(extract, cohorts, groups, as_of, minimum, pools)
    return OutcomeFigures(tuple(groups), programme, windows, minimum, has_data=True)


def _events(key: str, row: Comparison) -> Cell:
    """How many participants had the outcome: published (rate × people) unless too few to tell."""
    people = float(row.participants)
    if row.participants_rate is None:
        return Cell(key, 0.0, 0.0, people, withheld=True, primary=row.verdict == TOO_FEW)
    count = float(round(row.participants_rate * row.participants))
    return Cell(key, count, 0.0, people)


def outcome_tables(figures: OutcomeFigures, cohort_ids: tuple[str, ...]) -> tuple[Table, ...]:
    """For each (role, measure, window): each cohort's count of outcomes and the programme's sum of the cohorts it pools.

    The same cells appear on the Outcomes page and, one cohort each, on the cohort pages.
    """
    tables: list[Table] = []
    for index, (role, first) in enumerate(figures.cohorts[0].rows if figures.cohorts else ()):
        name = f"{role} {first.measure} after {first.window_months} months"
        cells = [
            _events(f"outcomes:{cohort}:{name}", group.rows[index][1]) for cohort, group in zip(cohort_ids, figures.cohorts, strict=True)
        ]
        equations: tuple[Equation, ...] = ()
        pooled = [
            row
            for row_role, row in (figures.programme.rows if figures.programme else ())
            if (row_role, row.measure, row.window_months) == (role, first.measure, first.window_months)
        ]
        if pooled and pooled[0].participants_rate is not None:
            total = _events(f"outcomes:all:{name}", pooled[0])
            parts = tuple(cell.key for cell, group in zip(cells, figures.cohorts, strict=True) if group.rows[index][1].verdict in VERDICTS)
            cells.append(total)
            equations = (Equation(total.key, parts),)
        tables.append(Table(f"Outcomes: {name}", "outcomes/index.md", tuple(cells), equations))
        tables += [Table(f"Outcomes: {name}", f"progress/{cohort}.md", (cell,)) for cohort, cell in zip(cohort_ids, cells, strict=False)]
    return tuple(tables)
