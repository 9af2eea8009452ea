"""Site page for outcomes: one table per cohort (and the programme), each figure in words.

Input: ``OutcomeFigures`` and the ``Renderer``.
Output: the "Outcomes" ``Section`` with ``outcomes/index.md``, and each cohort's part of its
progress page (``cohort_outcomes``). Only counts and rates of groups
of at least ``privacy.min_group_size`` people reach it; never a person, a leaving reason or a row
of the HR extract.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from generator.i18n import N_, format_number, format_percent, gettext, ngettext
from generator.outcomes.figures import GroupOutcomes, OutcomeFigures
from generator.outcomes.measures import HIGHER, LOWER, NOT_YET, SAME, TOO_FEW, Comparison
from generator.pages import Page, Section
from generator.progress.aggregate import points_text
from generator.templating import Renderer
from generator.textsafe import trusted

MEASURE_NAMES = {"retention": N_("Still employed"), "promotion": N_("Promoted"), "mobility": N_("Moved to another role or department")}
ROLE_NAMES = {"mentor": N_("Mentors"), "mentee": N_("Mentees")}
VERDICT_NAMES = {
    HIGHER: N_("Higher"),
    LOWER: N_("Lower"),
    SAME: N_("No clear difference"),
    TOO_FEW: N_("Too few to tell"),
    NOT_YET: N_("Not yet"),
}


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


def _share(rate: float, people: int) -> str:
    """A rate and the number of people it is of: "94% of 157"."""
    return gettext("%(rate)s of %(people)s") % {"rate": format_percent(rate), "people": format_number(people)}


def _months(months: int) -> str:
    return ngettext("%(months)s month", "%(months)s months", months) % {"months": months}


def row_text(row: Comparison) -> RowText:
    """The words and numbers of one comparison; empty cells where there is no figure."""
    shown = row.participants_rate is not None and row.comparison_rate is not None
    return RowText(
        gettext(MEASURE_NAMES[row.measure]),
        _months(row.window_months),
        _share(row.participants_rate, row.participants) if shown and row.participants_rate is not None else "",
        _share(row.comparison_rate, row.comparison_people) if shown and row.comparison_rate is not None else "",
        points_text(row.difference, (row.low, row.high))
        if shown and row.difference is not None and row.low is not None and row.high is not None
        else "",
        gettext(VERDICT_NAMES[row.verdict]),
    )


def role_tables(group: GroupOutcomes) -> list[RoleTable]:
    """The group's comparisons, one table per role; windows that have not ended are listed apart."""
    tables = []
    for role, heading in ROLE_NAMES.items():
        rows = [row for row_role, row in group.rows if row_role == role]
        waiting = sorted({row.window_months for row in rows if row.verdict == NOT_YET})
        shown = tuple(row_text(row) for row in rows if row.verdict != NOT_YET)
        tables.append(RoleTable(gettext(heading), shown, tuple(_months(months) for months in waiting)))
    return tables


def outcome_sections(figures: OutcomeFigures, renderer: Renderer) -> list[Section]:
    """The outcomes page (it says "No data yet" when there is no HR extract)."""
    groups = ([figures.programme] if figures.programme else []) + list(figures.cohorts)
    text = renderer.render("outcomes.md.j2", outcomes=figures, groups=[(group.title, role_tables(group)) for group in groups])
    return [Section(gettext("Outcomes"), (Page("outcomes/index.md", text),))]


def cohort_outcomes(figures: object, renderer: Renderer) -> dict[str, Markup]:
    """The outcomes part of each cohort page, by cohort id (none without an HR extract)."""
    if not isinstance(figures, OutcomeFigures) or not figures.has_data:
        return {}
    return {group.cohort: trusted(renderer.render("outcomes-cohort.md.j2", tables=role_tables(group))) for group in figures.cohorts}
