"""HTML and CSS to PDF with WeasyPrint, the same bytes for the same input.

Input: a standalone HTML document (inline CSS, nothing from another host) and the build epoch.
Output: the PDF's bytes (a tagged PDF, so screen readers find its structure). WeasyPrint is imported only here and only when a PDF is drawn (the
optional part ``pdf``); its output carries no time of its own, and the document's dates are the
build epoch's (``dcterms.created`` / ``dcterms.modified`` set by the templates), so two runs on the
same input give byte-identical files. ``write_pdf_file`` writes atomically.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from generator.i18n import active_language, text_direction
from generator.write import write_if_changed

PDF_EXTRA = "pdf"


def stamp(epoch: int) -> str:
    """The build epoch as an ISO 8601 UTC time, for the PDF's metadata."""
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document_language() -> dict[str, str]:
    """``lang`` and ``direction`` of the active language, for a PDF template's ``<html>`` element."""
    return {"lang": active_language(), "direction": text_direction()}


def html_to_pdf(html: str) -> bytes:
    """The PDF WeasyPrint draws from ``html`` (no base URL: nothing outside the document is fetched)."""
    import weasyprint  # optional part "pdf": imported only when a PDF is drawn

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    return bytes(document.write_pdf(pdf_tags=True))  # tagged: headings, lists and tables for screen readers


def _refuse_fetch(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    """No network and no files: every resource a PDF uses is inline."""
    raise ValueError(f"the PDF may not load {url[:80]}; resources must be inline")


def write_pdf_file(path: Path, pdf: bytes) -> bool:
    """Write ``pdf`` to ``path`` atomically unless it already holds exactly these bytes."""
    return write_if_changed(path, pdf)
