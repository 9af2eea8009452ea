"""Golden files: generated output compared byte for byte with files under tests/golden/.

- tests/golden/small/: the core pages (home, guidelines, training, agendas) staged for
  the small fixture.
- tests/golden/example/: one page of every other kind, from the repository's example
  programme (the small fixture has no cohort data, so its progress pages are empty):
  a survey page, a cohort progress page, the programme dashboard, a goal page, a cohort
  calendar (.ics), and the private reports of ``playbook match`` and ``playbook report``.

After an intended change, regenerate with
``python -m pytest tests/test_golden.py --update-golden`` and review the diff."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import generate
from generator.project import Project
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project

GOLDEN = Path(__file__).resolve().parent / "golden" / "small"
CORE_PAGES = ("index.md", "guidelines/", "training/", "agendas/")

EXAMPLE_GOLDEN = Path(__file__).resolve().parent / "golden" / "example"
# The example sets program.as_of (2026-11-20), so its figures do not depend on the day
# the tests run; SOURCE_DATE_EPOCH is pinned as well so nothing can fall back on the
# modification times of the copied files.
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
# Staged by ``generate``: one page of each kind. autumn-2026 is the running cohort, so
# its page and calendar show the week, and pairs on track, behind and silent.
EXAMPLE_PAGES = {
    "survey": "surveys/session-pulse.md",
    "cohort": "progress/autumn-2026.md",
    "dashboard": "progress/index.md",
    "goal": "progress/goals/digital-confidence.md",
    "calendar": "progress/autumn-2026.ics",
}
MATCH_REPORT = "reports/match-pilot.html"  # playbook match pilot --as-of 2026-01-05
LEAD_REPORT = "reports/autumn-2026.html"  # playbook report autumn-2026


def core_pages(docs: Path) -> dict[str, bytes]:
    return {
        path.relative_to(docs).as_posix(): path.read_bytes()
        for path in sorted(docs.rglob("*.md"))
        if path.relative_to(docs).as_posix().startswith(CORE_PAGES)
    }


def assert_matches_golden(produced: Path, name: str, update: bool) -> None:
    """``produced`` equals tests/golden/example/``name``; with --update-golden, becomes it."""
    golden = EXAMPLE_GOLDEN / name
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced.read_bytes())
    assert golden.is_file(), f"{golden} is missing: run pytest tests/test_golden.py --update-golden"
    # Compared as text so a failure shows a diff; the bytes are the same exactly when
    # the strings are (UTF-8, and the calendar's CRLF line ends are kept by decoding).
    assert produced.read_bytes().decode("utf-8") == golden.read_bytes().decode("utf-8"), name


def test_staged_markdown_matches_golden_files(small_project: Project, update_golden: bool) -> None:
    generate(small_project)
    produced = core_pages(small_project.staged_docs_dir)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in produced.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    expected = core_pages(GOLDEN)
    assert sorted(produced) == sorted(expected)
    for name in expected:
        assert produced[name].decode("utf-8") == expected[name].decode("utf-8"), name


@pytest.fixture(scope="module")
def example_staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example programme staged once (no engine run) for every page kind below."""
    project = copy_project(REPO, tmp_path_factory.mktemp("golden-example"), EXAMPLE_PARTS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        generate(project)
    return project.staged_docs_dir


@pytest.mark.parametrize("name", EXAMPLE_PAGES.values(), ids=EXAMPLE_PAGES.keys())
def test_example_page_matches_golden_file(example_staged: Path, name: str, update_golden: bool) -> None:
    assert_matches_golden(example_staged / name, name, update_golden)


def test_match_report_matches_golden_file(example_project: Project, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = str(example_project.root)
    assert main(["match", "pilot", "--as-of", "2026-01-05", "--project", root]) == 0
    assert_matches_golden(example_project.root / MATCH_REPORT, MATCH_REPORT, update_golden)


def test_cohort_lead_report_matches_golden_file(example_project: Project, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fresh copy of its own: ``playbook match`` rewrites a cohort's roster.csv.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["report", "autumn-2026", "--project", str(example_project.root)]) == 0
    assert_matches_golden(example_project.root / LEAD_REPORT, LEAD_REPORT, update_golden)


def test_example_golden_folder_holds_only_checked_files(update_golden: bool) -> None:
    """No stale golden file is left behind when the choice of pages changes."""
    checked = {*EXAMPLE_PAGES.values(), MATCH_REPORT, LEAD_REPORT}
    present = {path.relative_to(EXAMPLE_GOLDEN).as_posix() for path in EXAMPLE_GOLDEN.rglob("*") if path.is_file()}
    if update_golden:
        for stray in present - checked:
            (EXAMPLE_GOLDEN / stray).unlink()
        present &= checked
    assert sorted(present - checked) == []
