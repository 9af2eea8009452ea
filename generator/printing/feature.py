"""The printing feature as the core sees it: a handbook PDF per role, linked from every page.

Input: the core's hooks (``generator.feature.Feature``).
Output: ``PrintingFeature``, registered in ``generator.registry``. When WeasyPrint (the optional
part ``pdf``) is installed, every build stages ``downloads/handbook-<role>.pdf`` (drawn only when
its content changed, see ``cache.py``) and a navigation section linking them, so the link shows on
every page and ``site/`` keeps the PDFs from build to build. Without WeasyPrint the build leaves
them out and ``playbook pdf`` says which extra to install.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from generator.extras import is_installed
from generator.feature import Feature
from generator.i18n import gettext as _
from generator.model import Program
from generator.pages import Bundle, Section
from generator.project import Project
from generator.templating import Renderer

NAME = "printing"


@dataclass(frozen=True)
class PrintSetup:
    """Where drawn handbooks are cached, and the date printed as their edition."""

    root: Path
    edition: datetime.date | None = None


class PrintingFeature(Feature):
    """Printing: the handbook of each role as a PDF."""

    name = NAME

    def load(self, program: Program, project: Project) -> object:
        return PrintSetup(project.root)

    def figures(self, program: Program, data: object, as_of: datetime.date) -> object:
        return PrintSetup(data.root, as_of) if isinstance(data, PrintSetup) else None

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        from generator.printing.output import PDF_EXTRA, handbook_pages  # rendering loads only when pages are made

        setup = bundle.figures.get(NAME)
        if not isinstance(setup, PrintSetup) or setup.edition is None or not is_installed(PDF_EXTRA):
            return []
        pages = handbook_pages(bundle, renderer, setup.root, setup.edition)
        return [Section(_("Handbook (PDF)"), tuple(pages))] if pages else []
