"""Print: agendas, guidelines and modules printed to PDF by Chromium read cleanly.

Each page is printed with Playwright's ``page.pdf`` (A4) and its text read back with
``pdftotext`` (Debian's poppler-utils). The PDF holds the page's content and none of the site's
navigation; no page ends with a heading whose text is on the next page; and no table cell or box
prints empty (the agenda's last row used to leave an empty box at the foot of the first page).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.project import Project

PRINTED = {
    "agendas/kickoff/": ("Kickoff conversation", "Running order", "Our partnership agreement", "After the session"),
    "agendas/closing/": ("Closing session", "Thanks and ending", "End of programme"),
    "guidelines/confidentiality/": ("Confidentiality and trust",),
    "training/mentor-foundations/": ("Mentor foundations", "Objectives", "Exercises", "Checklist"),
}
SITE_CHROME = ("Skip to content", "Made with", "Initializing search", "Back to top")
BOXES = ".md-content td, .md-content th, .md-content .pb-facts, .md-content .admonition"
EMPTY_BOXES = (
    f"() => Array.from(document.querySelectorAll('{BOXES}')).filter((box) => box.offsetHeight > 0 && !box.textContent.trim()).length"
)
# A table split across pages draws its own outline down to the foot of the first page.
OUTLINED_TABLES = "() => Array.from(document.querySelectorAll('.md-content table')).filter((t) => parseFloat(getComputedStyle(t).borderBottomWidth) > 0).length"
HEADINGS = "() => Array.from(document.querySelectorAll('.md-content h2, .md-content h3')).map((h) => h.textContent.replace('¶', '').trim())"


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, in reading order."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def last_line(page: str) -> str:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@pytest.fixture(scope="module")
def pdftotext() -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (apt-get install poppler-utils).")


@pytest.mark.parametrize("path", sorted(PRINTED))
def test_printed_page_reads_cleanly(
    path: str,
    pdftotext: None,
    built_example: Callable[[str], Project],
    serve_folder: Callable[[Path], str],
    browser: object,
    tmp_path: Path,
) -> None:
    base = serve_folder(built_example("mkdocs").site_dir)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + path, wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.evaluate(EMPTY_BOXES) == 0
    assert page.evaluate(OUTLINED_TABLES) == 0
    headings = set(page.evaluate(HEADINGS))
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.close()
    pages = pdf_pages(pdf)
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert [word for word in PRINTED[path] if word not in flat] == []
    assert [chrome for chrome in SITE_CHROME if chrome in flat] == []
    assert [last_line(item) for item in pages[:-1] if last_line(item) in headings] == []
