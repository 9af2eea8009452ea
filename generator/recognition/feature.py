"""The recognition feature as the core sees it: stories and certificates.

Input: the core's hooks (``generator.feature.Feature``).
Output: ``RecognitionFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

import datetime
from typing import cast

from generator.disclosure import Table
from generator.errors import PlaybookError
from generator.feature import Declared, Feature
from generator.load import Document
from generator.model import Program
from generator.pages import Bundle, Section
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

    def figures(self, program: Program, data: object, as_of: datetime.date) -> object:
        return recognition_figures(cast(tuple[Story, ...], data or ()), program)

    def disclosure(self, program: Program, figures: object) -> tuple[Table, ...]:
        return figures.tables if isinstance(figures, RecognitionFigures) else ()

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        from generator.recognition.pages import story_sections  # rendering loads only when pages are made

        return story_sections(bundle, renderer)
