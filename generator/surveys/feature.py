"""The surveys feature as the core sees it: sections, checks and pages (commands: ``cli.py``).

Input: the core's hooks (``generator.feature.Feature``).
Output: ``SurveysFeature``, registered in ``generator.registry``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from generator.errors import KeyPath, PlaybookError
from generator.feature import Declared, Feature
from generator.load import Document
from generator.model import Program
from generator.pages import Bundle, Section
from generator.refs import RefIndex
from generator.surveys.checks import check_surveys
from generator.surveys.model import Collector, Survey, surveys_of
from generator.templating import Renderer


class SurveysFeature(Feature):
    """Surveys: forms in the site, the response collector and ingest."""

    name = "surveys"
    declared = (
        Declared("surveys", tuple[Survey, ...], (), "Surveys."),
        Declared("collector", Collector | None, None, "Where survey answers go by default and how 'playbook collect' runs."),
    )
    id_sections: ClassVar[Mapping[str, KeyPath]] = {"survey": ("surveys",)}

    def check(self, document: Document, index: RefIndex) -> list[PlaybookError]:
        return check_surveys(document, index)

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        from generator.surveys.pages import survey_sections  # rendering loads only when pages are made

        return survey_sections(bundle, renderer)

    def summary(self, program: Program) -> list[tuple[int, str, str]]:
        return [(len(surveys_of(program)), "survey", "surveys")]
