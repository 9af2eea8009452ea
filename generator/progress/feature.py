"""The progress feature as the core sees it: goals and cohorts, their data, figures and pages (commands: ``cli.py``).

Input: the core's hooks (``generator.feature.Feature``).
Output: ``ProgressFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import ClassVar, cast

from generator.disclosure import Cell, Equation, Table, read_secret
from generator.errors import KeyPath, PlaybookError
from generator.feature import Declared, Feature
from generator.load import Document
from generator.model import Program
from generator.pages import Bundle, Section
from generator.pair_links import site_url_of
from generator.progress.aggregate import CohortFigures, Figure, ProgressData, ProgressFigures, aggregate_progress, figure_cell
from generator.progress.calendar import CalendarHistory
from generator.progress.checks import check_progress
from generator.progress.data import CohortData, load_cohort_data
from generator.progress.events import check_cohort_plans
from generator.progress.model import NAME, Cohort, Goal, Reminders, cohorts_of, goals_of
from generator.project import Project
from generator.refs import RefIndex
from generator.templating import Renderer


class ProgressSources(ProgressData):
    """The loaded cohort tables, plus what the published calendars need: the site's address and the SEQUENCE history."""

    site_url: str | None = None
    history: CalendarHistory | None = None


@dataclasses.dataclass(frozen=True)
class PublishedProgress(ProgressFigures):
    """The progress figures, plus the site's address and the calendar history for the cohort calendars."""

    site_url: str | None = None
    history: CalendarHistory | None = None


class ProgressFeature(Feature):
    """Progress: goals, cohorts, their CSV data, figures, progress pages and the private report."""

    name = NAME
    declared = (
        Declared("goals", tuple[Goal, ...], (), "Programme goals."),
        Declared("cohorts", tuple[Cohort, ...], (), "Cohorts."),
        Declared("reminders", Reminders, Reminders(), "How `playbook remind` sends reminders (SMTP, sender, days ahead)."),
    )
    id_sections: ClassVar[Mapping[str, KeyPath]] = {"goal": ("goals",), "cohort": ("cohorts",)}

    def check(self, document: Document, index: RefIndex) -> list[PlaybookError]:
        return check_progress(document, index) + check_cohort_plans(document, index)

    def load(self, program: Program, project: Project) -> object:
        data = ProgressSources(load_cohort_data(program, project), read_secret(project.root))
        data.site_url, data.history = site_url_of(project), CalendarHistory.load(project.reports_dir)
        return data

    def figures(self, program: Program, data: object, as_of: datetime.date) -> object:
        progress = aggregate_progress(program, cast(dict[str, CohortData], data or {}), as_of)
        if not isinstance(data, ProgressSources):
            return progress
        fields = {item.name: getattr(progress, item.name) for item in dataclasses.fields(progress)}
        return PublishedProgress(**fields, site_url=data.site_url, history=data.history)

    def disclosure(self, program: Program, figures: object) -> tuple[Table, ...]:
        return progress_tables(figures) if isinstance(figures, ProgressFigures) else ()

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        from generator.progress.pages import progress_sections  # rendering loads only when pages are made

        return progress_sections(bundle, renderer)

    def summary(self, program: Program) -> list[tuple[int, str, str]]:
        events = sum(len(cohort.events) for cohort in cohorts_of(program))
        return [(len(goals_of(program)), "goal", "goals"), (len(cohorts_of(program)), "cohort", "cohorts"), (events, "event", "events")]


def _count_table(name: str, page: str, prefix: str, rows: list[tuple[str, Figure | int]], total: int) -> Table:
    cells = [
        Cell(f"{prefix}:{label}", float(value if isinstance(value, int) else value.value or 0), 0.0, float(total)) for label, value in rows
    ]
    totals = Cell(f"{prefix}:total", float(total), float(total), float(total))
    return Table(name, page, (*cells, totals), (Equation(totals.key, tuple(cell.key for cell in cells)),))


def cohort_tables(figures: CohortFigures) -> list[Table]:
    """The counts of a cohort page with their totals: levels, departments, pairs by status."""
    cohort, page = figures.cohort.id, f"progress/{figures.cohort.id}.md"
    statuses: list[tuple[str, Figure | int]] = [(status, count) for status, count in sorted(figures.pairs.items())]
    trends = [trend.table(cohort, page) for trend in figures.satisfaction_trends]
    return [
        *trends,
        _count_table("Participants by level", page, f"{cohort}:level", list(figures.by_level), figures.participants),
        _count_table("Participants by department", page, f"{cohort}:department", list(figures.by_department), figures.participants),
        _count_table("Pairs", page, f"{cohort}:pairs", statuses, sum(figures.pairs.values())),
    ]


def goal_tables(progress: ProgressFigures) -> list[Table]:
    """Each goal per cohort and across the included cohorts: the same cells on the dashboard, cohort and goal pages."""
    tables = []
    excluded = set(progress.excluded)
    for index, total in enumerate(progress.goals):
        goal = total.goal.id
        parts = [figure_cell(f"goal:{goal}:{f.cohort.id}", f.goals[index].value) for f in progress.cohorts if f.cohort.name not in excluded]
        whole = figure_cell(f"goal:{goal}:all", total.value, primary=False)
        equation = Equation(whole.key, tuple(cell.key for cell in parts))
        for page in (f"progress/goals/{goal}.md", "progress/index.md"):
            tables.append(Table(f"Goal: {total.goal.title}", page, (*parts, whole), (equation,)))
    return tables


def progress_tables(progress: ProgressFigures) -> tuple[Table, ...]:
    """Every table the progress pages publish, for the disclosure audit."""
    counts = [table for figures in progress.cohorts if figures.published for table in cohort_tables(figures)]
    return (*counts, *goal_tables(progress))
