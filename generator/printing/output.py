"""The handbook PDFs of every role (or one), drawn or taken from the cache.

Input: the render ``Bundle`` (programme, content, figures), a ``Renderer`` with its ``linked``
filter, the project root (for the cache) and the edition date.
Output: ``Page`` objects ``downloads/handbook-<role>.pdf`` holding the PDF bytes, each titled for
the navigation; ``write_handbooks`` writes them to ``site/downloads/`` atomically.
"""

from __future__ import annotations

import datetime
import functools
from pathlib import Path

from generator.errors import PlaybookError
from generator.i18n import active_language
from generator.i18n import gettext as _
from generator.pages import Bundle, Page
from generator.printing.cache import cached_pdf
from generator.printing.handbook import Handbook, build_handbook, handbook_html, handbook_sources, template_source
from generator.printing.pdf import PDF_EXTRA, html_to_pdf, write_pdf_file
from generator.templating import Renderer
from generator.textsafe import escape_text

__all__ = ["PDF_EXTRA", "handbook_pages", "handbook_path", "write_handbooks"]


def handbook_path(role: str) -> str:
    """Where a role's handbook lives in the site."""
    return f"downloads/handbook-{role}.pdf"


def _roles(bundle: Bundle, only: str | None) -> list[str]:
    roles = [role.id for role in bundle.program.roles]
    if only is not None and only not in roles:
        raise PlaybookError("program.yaml", 0, 0, ("roles",), f"unknown role '{only}'; known roles: {', '.join(roles)}.")
    return [only] if only else roles


def handbook_pages(bundle: Bundle, renderer: Renderer, root: Path, edition: datetime.date, only: str | None = None) -> list[Page]:
    """Each role's handbook as a staged page (drawn only when its key is not cached)."""
    template = template_source(renderer)
    sources = handbook_sources(bundle.program, bundle.content, bundle.figures, renderer)
    pages = []
    for role in _roles(bundle, only):
        handbook = build_handbook(sources, renderer, role, edition)
        name = f"handbook-{active_language()}-{role}"
        pdf = cached_pdf(root, name, handbook.key(template), functools.partial(_draw, handbook, renderer))
        title = _("%(role)s handbook (PDF)") % {"role": escape_text(handbook.role.name)}  # a navigation title is HTML
        pages.append(Page(handbook_path(role), pdf, title=title))
    return pages


def _draw(handbook: Handbook, renderer: Renderer) -> bytes:
    return html_to_pdf(handbook_html(handbook, renderer))


def write_handbooks(site: Path, pages: list[Page]) -> list[Path]:
    """Write each handbook under ``site/`` atomically; returns the paths."""
    written = []
    for page in pages:
        path = site / page.path
        write_pdf_file(path, page.content if isinstance(page.content, bytes) else page.content.encode())
        written.append(path)
    return written
