"""The progress feature as the core sees it: goals and cohorts, their data, figures, pages and commands.

Input: the core's hooks (``generator.feature.Feature``).
Output: ``ProgressFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Mapping
from typing import ClassVar, cast

from generator.errors import KeyPath, PlaybookError
from generator.feature import Declared, Feature
from generator.load import Document
from generator.model import Program
from generator.pages import Bundle, Section
from generator.progress import cli
from generator.progress.aggregate import aggregate_progress
from generator.progress.checks import check_progress
from generator.progress.data import CohortData, load_cohort_data
from generator.progress.model import NAME, Cohort, Goal, cohorts_of, goals_of
from generator.progress.pages import progress_sections
from generator.project import Project
from generator.refs import RefIndex
from generator.templating import Renderer


class ProgressFeature(Feature):
    """Progress: goals, cohorts, their CSV data, figures, progress pages and the private report."""

    name = NAME
    declared = (
        Declared("goals", tuple[Goal, ...], (), "Programme goals."),
        Declared("cohorts", tuple[Cohort, ...], (), "Cohorts."),
    )
    id_sections: ClassVar[Mapping[str, KeyPath]] = {"goal": ("goals",), "cohort": ("cohorts",)}

    def check(self, document: Document, index: RefIndex) -> list[PlaybookError]:
        return check_progress(document, index)

    def load(self, program: Program, project: Project) -> object:
        return load_cohort_data(program, project)

    def figures(self, program: Program, data: object, as_of: datetime.date) -> object:
        return aggregate_progress(program, cast(dict[str, CohortData], data or {}), as_of)

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        return progress_sections(bundle, renderer)

    def commands(self, commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
        cli.register(commands, common)

    def summary(self, program: Program) -> list[tuple[int, str, str]]:
        return [(len(goals_of(program)), "goal", "goals"), (len(cohorts_of(program)), "cohort", "cohorts")]
