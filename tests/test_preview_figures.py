"""The preview keeps each feature's figures while the feature's data and the programme are unchanged.

A content edit (a guideline's Markdown) leaves every feature's data and the ``Program`` the same
objects, so no figure is worked out again; a CSV edit or an edit of program.yaml works them out
again. Either way the staged files are those of a fresh generation.

Input: a copy of the example, regenerated as ``playbook serve`` does on each save.
Output: assertions on ``generator.cache.FIGURES.runs`` and on the staged files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cache import COHORTS, FIGURES
from generator.pipeline import generate
from generator.project import Project
from generator.registry import FEATURES
from generator.serve import Preview, regenerate
from tests.conftest import copy_project
from tests.test_preview_cohorts import staged


@pytest.fixture(autouse=True)
def memos_off_afterwards() -> Iterator[None]:
    yield
    for memo in (COHORTS, FIGURES):
        memo.enabled = False
        memo.entries.clear()
        memo.runs.clear()


def worked_out() -> set[str]:
    return {str(key[1]) for key in FIGURES.runs if isinstance(key, tuple)}


def same_as_fresh(project: Project, folder: Path) -> None:
    warm = staged(project)
    COHORTS.enabled = FIGURES.enabled = False
    fresh = copy_project(project.root, folder)
    generate(fresh)
    assert warm.keys() - {name for name in warm if name.startswith("assets/playbook-preview/")} == staged(fresh).keys()
    assert [name for name, data in staged(fresh).items() if warm.get(name) != data] == []


def test_a_content_edit_works_out_no_figure_again(example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    preview = Preview(example_project)
    assert regenerate(preview).epoch is not None
    assert worked_out() == {feature.name for feature in FEATURES}
    page = sorted((example_project.root / "content" / "guidelines").glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added in the preview.\n", encoding="utf-8")
    assert regenerate(preview).epoch is not None
    assert worked_out() == set()
    assert any(b"A sentence added in the preview." in data for data in staged(example_project).values())
    same_as_fresh(example_project, tmp_path / "fresh")


@pytest.mark.parametrize("edited", ["content/cohorts/pilot/sessions.csv", "program.yaml"])
def test_a_data_or_programme_edit_works_the_figures_out_again(
    example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    preview = Preview(example_project)
    regenerate(preview)
    path = example_project.root / edited
    text = path.read_text(encoding="utf-8")
    changed = text.replace("pilot-05,2026-06-18,50,closing,held", "pilot-05,2026-06-18,50,closing,cancelled").replace(
        "min_group_size: 5", "min_group_size: 6"
    )
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    assert regenerate(preview).epoch is not None
    assert "progress" in worked_out()
    same_as_fresh(example_project, tmp_path / "fresh")
