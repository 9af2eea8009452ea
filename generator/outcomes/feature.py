"""The outcomes feature as the core sees it: its section, its private data, figures and page.

Input: the core's hooks (``generator.feature.Feature``).
Output: ``OutcomesFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from generator.disclosure import Table
from generator.errors import PlaybookError
from generator.feature import Declared, Feature
from generator.load import Document
from generator.model import Program
from generator.outcomes.extract import Extract, load_extract
from generator.outcomes.figures import OutcomeFigures, outcome_figures, outcome_tables
from generator.outcomes.goals import goal_measure_errors, goal_outcomes, with_outcome_goals
from generator.outcomes.measures import Pools
from generator.outcomes.model import Outcomes, outcomes_of
from generator.outcomes.pages import outcome_sections
from generator.pages import Bundle, Section
from generator.progress.aggregate import ProgressFigures
from generator.progress.model import NAME as PROGRESS
from generator.progress.model import cohorts_of, goals_of
from generator.project import Project
from generator.refs import RefIndex
from generator.templating import Renderer

NAME = "outcomes"


class OutcomesFeature(Feature):
    """Outcomes: retention, promotions and internal moves against a matched comparison group."""

    name = NAME
    declared = (
        Declared("outcomes", Outcomes | None, None, "Retention, promotions and internal moves of participants, from a private HR extract."),
    )

    def check(self, document: Document, index: RefIndex) -> list[PlaybookError]:
        return goal_measure_errors(document)

    def load(self, program: Program, project: Project) -> object:
        settings = outcomes_of(program)
        return load_extract(project, settings, cohorts_of(program)) if settings else None

    def input_paths(self, program: Program, project: Project) -> list[Path]:
        settings = outcomes_of(program)
        return [project.root / settings.employees, project.root / settings.changes] if settings else []

    def figures(self, program: Program, data: object, as_of: datetime.date) -> object:
        settings = outcomes_of(program)
        if settings is None or not isinstance(data, Extract):
            return None
        minimum, cohorts = program.info.privacy.min_group_size, cohorts_of(program)
        pools: Pools = {}  # the figures and the goals compare participants with the same colleagues
        found = outcome_figures(data, cohorts, settings.windows_months, as_of, minimum, pools)
        goals = goal_outcomes(data, goals_of(program), cohorts, as_of, minimum, pools) if found.has_data else ()
        return replace(found, goals=goals)

    def supply(self, program: Program, figures: Mapping[str, object]) -> Mapping[str, object]:
        """The progress goals judged by an outcome, filled in from the comparisons (the extract stays here)."""
        outcomes, progress = figures.get(NAME), figures.get(PROGRESS)
        if not isinstance(outcomes, OutcomeFigures) or not outcomes.goals or not isinstance(progress, ProgressFigures):
            return {}
        return {PROGRESS: with_outcome_goals(progress, outcomes.goals)}

    def disclosure(self, program: Program, figures: object) -> tuple[Table, ...]:
        if not isinstance(figures, OutcomeFigures):
            return ()
        return outcome_tables(figures, tuple(cohort.id for cohort in cohorts_of(program)))

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        figures = bundle.figures.get(NAME)
        if not isinstance(figures, OutcomeFigures):
            return []
        return outcome_sections(figures, renderer)
