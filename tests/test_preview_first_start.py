"""``playbook serve`` on a programme that has errors before it was ever built, and faults the
preview did not foresee: the preview comes up anyway, shows the problems over a page, and
shows the programme as soon as a save fixes them. It never stops on a mistake."""

from __future__ import annotations

import errno
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.overlay import ELEMENT_ID, ERRORS
from generator.project import Project
from generator.serve import FIRST_PAGE, Preview, regenerate, unexpected_error
from tests.test_serve import running_preview

SUMMARY = "A tiny programme used by the tests."
BROKEN = ("audience: [mentor]", "audience: [mentr]")
FIRST_TITLE = FIRST_PAGE.splitlines()[0].removeprefix("# ")


@pytest.fixture(params=["mkdocs", "zensical"])
def broken_preview(request: pytest.FixtureRequest, small_project: Project) -> Iterator[tuple[Project, str, str]]:
    """A never-built programme broken before ``playbook serve`` starts; yields it, the URL and the good text."""
    assert not small_project.engine_config.exists(), "the fixture must never have been built"
    good = small_project.program_file.read_text(encoding="utf-8")
    small_project.program_file.write_text(good.replace(*BROKEN), encoding="utf-8")
    with running_preview(small_project, request.param, FIRST_TITLE) as url:
        yield small_project, url, good


def test_a_programme_broken_from_the_start_shows_its_errors_then_its_pages(
    broken_preview: tuple[Project, str, str], browser: object
) -> None:
    project, url, good = broken_preview
    page = browser.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page.goto(url, wait_until="load")
    overlay = page.locator(f"#{ELEMENT_ID}")
    overlay.wait_for(state="visible", timeout=30_000)
    line = next(number for number, row in enumerate(good.splitlines(), start=1) if BROKEN[0] in row)
    text = overlay.inner_text()
    assert f"program.yaml:{line}" in text and "unknown role id 'mentr'" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the overlay fits a phone"
    project.program_file.write_text(good, encoding="utf-8")
    page.wait_for_function(f"document.body && document.body.innerText.includes({SUMMARY!r})", timeout=60_000)
    overlay.wait_for(state="detached", timeout=30_000)
    assert FIRST_TITLE not in page.content()
    page.close()


def test_a_fault_in_generation_is_shown_and_the_preview_goes_on(small_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    preview = Preview(small_project)
    assert regenerate(preview).epoch is not None

    def failing(*_arguments: object) -> None:
        raise RuntimeError("a fault no input should cause")

    monkeypatch.setattr("generator.serve.generate", failing)
    outcome = regenerate(preview)
    assert outcome.epoch is None
    problems = json.loads((small_project.staged_docs_dir / ERRORS).read_text(encoding="utf-8"))
    assert len(problems) == 1 and "RuntimeError" in problems[0]["message"] and "fault in Playbook" in problems[0]["message"]
    monkeypatch.undo()
    assert regenerate(preview).epoch is not None, "the next save builds again"
    assert json.loads((small_project.staged_docs_dir / ERRORS).read_text(encoding="utf-8")) == []


def test_a_file_that_vanishes_while_saving_is_named(small_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    vanished = small_project.content_dir / "home.md"

    def reading_a_vanished_file(*_arguments: object) -> None:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(vanished))

    monkeypatch.setattr("generator.serve.generate", reading_a_vanished_file)
    regenerate(Preview(small_project))
    problems = json.loads((small_project.staged_docs_dir / ERRORS).read_text(encoding="utf-8"))
    assert problems == [
        {
            "location": "content/home.md",
            "message": "could not be read (No such file or directory); save the file again, or check that it can be read.",
        }
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00/"), min_size=1, max_size=40).filter(
        lambda name: name not in {".", ".."}  # the folder itself or its parent, not a file in it
    ),
    code=st.sampled_from([errno.ENOENT, errno.EACCES, errno.EISDIR, errno.EIO, 0]),
    message=st.text(max_size=60),
)
def test_any_read_fault_is_located_at_its_file(small_project: Project, name: str, code: int, message: str) -> None:
    path = small_project.content_dir / name
    error = unexpected_error(small_project, OSError(code, message, str(path)))
    assert error.file == f"content/{name}"
    assert "save the file again" in error.message
    fault = unexpected_error(small_project, ValueError(message))
    assert fault.file == "program.yaml" and "ValueError" in fault.message and "fault in Playbook" in fault.message


def test_first_page_config_stands_alone(small_project: Project, tmp_path: Path) -> None:
    """The first page's config does not inherit mkdocs.yml, which may be what is broken."""
    from generator.serve import first_pages

    small_project.mkdocs_file.write_text("theme: [not, a, mapping\n", encoding="utf-8")
    preview = Preview(small_project)
    assert regenerate(preview).epoch is None
    first_pages(preview)
    config = preview.config_path.read_text(encoding="utf-8")
    assert "INHERIT" not in config and "overlay.js" in config
    assert (small_project.staged_docs_dir / "index.md").read_text(encoding="utf-8") == FIRST_PAGE
