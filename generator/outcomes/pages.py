"""Site page for outcomes: one table per cohort (and the programme), each figure in words.

Input: ``OutcomeFigures`` and the ``Renderer``.
Output: the "Outcomes" ``Section`` with ``outcomes/index.md``. Only counts and rates of groups
of at least ``privacy.min_group_size`` people reach it; never a person, a leaving reason or a row
of the HR extract.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.outcomes.figures import GroupOutcomes, OutcomeFigures
from generator.outcomes.measures import NOT_YET, Comparison
from generator.pages import Page, Section
from generator.templating import Renderer

MEASURE_NAMES = {"retention": "Still employed", "promotion": "Promoted", "mobility": "Moved to another role or department"}
ROLE_NAMES = {"mentor": "Mentors", "mentee": "Mentees"}


@dataclass(frozen=True)
class RowText:
    """One comparison as the page shows it."""

    measure: str
    window: str
    rate: str
    comparison: str
    difference: str
    verdict: str


@dataclass(frozen=True)
class RoleTable:
    """One group's comparisons for one role: the rows shown, and the windows not ended yet."""

    heading: str
    rows: tuple[RowText, ...]
    waiting: tuple[str, ...]


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def _points(value: float) -> str:
    return f"{100 * value:+.0f} points"


def row_text(row: Comparison) -> RowText:
    """The words and numbers of one comparison; empty cells where there is no figure."""
    shown = row.participants_rate is not None and row.comparison_rate is not None
    return RowText(
        MEASURE_NAMES[row.measure],
        f"{row.window_months} months",
        f"{_percent(row.participants_rate)} of {row.participants}" if shown and row.participants_rate is not None else "",
        f"{_percent(row.comparison_rate)} of {row.comparison_people}" if shown and row.comparison_rate is not None else "",
        f"{_points(row.difference)} ({_points(row.low)} to {_points(row.high)})"
        if shown and row.difference is not None and row.low is not None and row.high is not None
        else "",
        row.verdict.capitalize(),
    )


def role_tables(group: GroupOutcomes) -> list[RoleTable]:
    """The group's comparisons, one table per role; windows that have not ended are listed apart."""
    tables = []
    for role, heading in ROLE_NAMES.items():
        rows = [row for row_role, row in group.rows if row_role == role]
        waiting = sorted({row.window_months for row in rows if row.verdict == NOT_YET})
        shown = tuple(row_text(row) for row in rows if row.verdict != NOT_YET)
        tables.append(RoleTable(heading, shown, tuple(f"{months} months" for months in waiting)))
    return tables


def outcome_sections(figures: OutcomeFigures, renderer: Renderer) -> list[Section]:
    """The outcomes page (it says "No data yet" when there is no HR extract)."""
    groups = ([figures.programme] if figures.programme else []) + list(figures.cohorts)
    text = renderer.render("outcomes.md.j2", outcomes=figures, groups=[(group.title, role_tables(group)) for group in groups])
    return [Section("Outcomes", (Page("outcomes/index.md", text),))]
