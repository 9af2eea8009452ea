"""The recognition feature as the core sees it: stories and certificates.

Input: the core's hooks (``generator.feature.Feature``).
Output: ``RecognitionFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import partial
from typing import cast

from generator.disclosure import Table
from generator.errors import PlaybookError, collect
from generator.feature import Declared, Feature
from generator.load import Document
from generator.model import Program
from generator.pages import Bundle, Section
from generator.progress.data import CohortData
from generator.progress.model import NAME as PROGRESS
from generator.progress.model import cohorts_of
from generator.project import Project
from generator.recognition.checks import check_certificates
from generator.recognition.model import NAME, CertificateCriteria, StorySettings
from generator.recognition.publish import RecognitionFigures, recognition_figures
from generator.recognition.stories import Story, load_stories
from generator.refs import RefIndex
from generator.templating import Renderer


class RecognitionFeature(Feature):
    """Recognition: success stories published with consent, and certificates of completion."""

    name = NAME
    declared = (
        Declared("stories", StorySettings | None, None, "How success stories (content/stories/*.md) are published."),
        Declared("certificates", CertificateCriteria | None, None, "What a participant must have done to receive a certificate."),
    )

    def check(self, document: Document, index: RefIndex) -> list[PlaybookError]:
        return check_certificates(document, index)

    def load(self, program: Program, project: Project) -> object:
        return load_stories(program, project)

    def check_files(self, program: Program, project: Project, data: Mapping[str, object]) -> list[PlaybookError]:
        """Each cohort's training.csv, which only ``playbook certificates`` reads."""
        from generator.recognition.completion import load_training

        cohorts = cast(Mapping[str, CohortData], data.get(PROGRESS) or {})
        errors: list[PlaybookError] = []
        for cohort in cohorts_of(program):
            collect(errors, partial(load_training, project, program, cohort, cohorts.get(cohort.id, CohortData())))
        return errors

    def figures(self, program: Program, data: object, as_of: datetime.date) -> object:
        return recognition_figures(cast(tuple[Story, ...], data or ()), program)

    def disclosure(self, program: Program, figures: object) -> tuple[Table, ...]:
        return figures.tables if isinstance(figures, RecognitionFigures) else ()

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        from generator.recognition.pages import story_sections  # rendering loads only when pages are made

        return story_sections(bundle, renderer)
