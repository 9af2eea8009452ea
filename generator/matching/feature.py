"""The matching feature as the core sees it: its section and checks (its command: ``cli.py``).

Input: the core's hooks (``generator.feature.Feature``).
Output: ``MatchingFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

from generator.errors import PlaybookError
from generator.feature import Declared, Feature
from generator.load import Document
from generator.matching.checks import check_matching
from generator.matching.model import Matching
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
