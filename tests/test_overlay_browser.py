"""The preview's error overlay in a real browser: break program.yaml, see the error over the page
(FILE:LINE and the message), fix it, see the page come back. Built sites never carry the overlay."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.errors import PlaybookError
from generator.overlay import ELEMENT_ID, ERRORS, SCRIPT, overlay_files
from generator.pipeline import build
from generator.project import Project
from tests.test_serve import running_preview

SUMMARY = "A tiny programme used by the tests."
OVERLAY = f"#{ELEMENT_ID}"


@pytest.fixture(params=["mkdocs", "zensical"])
def preview(request: pytest.FixtureRequest, small_project: Project) -> Iterator[tuple[Project, str]]:
    """``playbook serve`` on the small programme; yields the project and the preview's URL."""
    with running_preview(small_project, request.param, SUMMARY) as url:
        yield small_project, url


def test_errors_show_over_the_page_and_go_away_when_fixed(preview: tuple[Project, str], browser: object) -> None:
    project, url = preview
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(url, wait_until="load")
    assert page.locator(OVERLAY).count() == 0
    good = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(good.replace("audience: [mentor]", "audience: [mentr]"), encoding="utf-8")
    overlay = page.locator(OVERLAY)
    overlay.wait_for(state="visible", timeout=30_000)
    text = overlay.inner_text()
    assert "program.yaml:" in text and "unknown role id 'mentr'" in text
    line = next(number for number, row in enumerate(good.splitlines(), start=1) if "audience: [mentor]" in row)
    assert f"program.yaml:{line}" in text
    assert SUMMARY in page.content(), "the last good page stays underneath"
    project.program_file.write_text(good.replace(SUMMARY, "Fixed and saved."), encoding="utf-8")
    page.wait_for_function("document.body && document.body.innerText.includes('Fixed and saved.')", timeout=30_000)
    overlay.wait_for(state="detached", timeout=30_000)
    page.close()


def test_built_site_has_no_overlay(small_project: Project) -> None:
    build(small_project)
    assert not (small_project.site_dir / SCRIPT).exists()
    assert "playbook-preview" not in (small_project.site_dir / "index.html").read_text(encoding="utf-8")


def test_preview_started_with_errors_shows_the_last_build_under_the_overlay(small_project: Project, browser: object) -> None:
    build(small_project)
    good = small_project.program_file.read_text(encoding="utf-8")
    small_project.program_file.write_text(good.replace("audience: [mentor]", "audience: [mentr]"), encoding="utf-8")
    with running_preview(small_project, "mkdocs", SUMMARY) as url:  # the last good pages are served
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(url, wait_until="load")
        overlay = page.locator(OVERLAY)
        overlay.wait_for(state="visible", timeout=30_000)
        assert "unknown role id 'mentr'" in overlay.inner_text()
        small_project.program_file.write_text(good, encoding="utf-8")
        overlay.wait_for(state="detached", timeout=30_000)
        # The page reloads when the overlay goes: wait for the good page, not for a half-loaded one.
        page.get_by_text(SUMMARY).first.wait_for(state="visible", timeout=30_000)
        assert SUMMARY in page.content()
        page.close()


def test_a_fixed_page_shows_even_when_the_engine_sends_no_live_reload(
    tmp_path: Path, serve_folder: Callable[[Path], str], browser: object
) -> None:
    """A server with no live reload at all: once the problems are gone and the page is new, the overlay reloads it."""
    for name, data in overlay_files([PlaybookError("program.yaml", 4, 0, (), "a problem")]).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    page_file = tmp_path / "index.html"
    page_file.write_text(f'<html><body><p>Old page</p><script src="{SCRIPT}"></script></body></html>', encoding="utf-8")
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(serve_folder(tmp_path), wait_until="load")
    page.locator(OVERLAY).wait_for(state="visible", timeout=10_000)
    page.wait_for_timeout(1_000)  # the overlay has read the page it stands over
    page_file.write_text(f'<html><body><p>New page</p><script src="{SCRIPT}"></script></body></html>', encoding="utf-8")
    (tmp_path / ERRORS).write_bytes(overlay_files()[ERRORS])  # the fix: no problems left, and no live reload comes
    page.wait_for_function("document.body.innerText.includes('New page')", timeout=15_000)
    assert page.locator(OVERLAY).count() == 0
    page.close()
