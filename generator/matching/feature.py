"""The matching feature as the core sees it: its section and checks (its command: ``cli.py``).

Input: the core's hooks (``generator.feature.Feature``).
Output: ``MatchingFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from generator.errors import PlaybookError, collect
from generator.feature import Declared, Feature
from generator.load import Document
from generator.matching.checks import check_matching
from generator.matching.model import PARTICIPANTS_FILE, Matching
from generator.model import Program
from generator.progress.model import cohorts_of
from generator.project import Project
from generator.refs import RefIndex


class MatchingFeature(Feature):
    """Matching: proposes mentor–mentee pairs from applicants, with a private report."""

    name = "matching"
    declared = (
        Declared(
            "matching",
            Matching | None,
            None,
            "How `playbook match` proposes mentor–mentee pairs from content/cohorts/<cohort>/participants.csv.",
        ),
    )

    def check(self, document: Document, index: RefIndex) -> list[PlaybookError]:
        return check_matching(document, index)

    def check_files(self, program: Program, project: Project, data: Mapping[str, object]) -> list[PlaybookError]:
        """Each cohort's participants.csv, which only ``playbook match`` reads."""
        from generator.matching.run import read_participants

        errors: list[PlaybookError] = []
        for cohort in cohorts_of(program):
            if (project.cohort_dir(cohort.id) / PARTICIPANTS_FILE).is_file():
                collect(errors, partial(read_participants, project, program, cohort))
        return errors
