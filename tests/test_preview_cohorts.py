"""The preview re-reads and re-aggregates only the cohort whose CSV changed, and the result is the
same as a fresh generation; a broken CSV is reported on every save, never remembered.

Input: a copy of the example (two cohorts), regenerated as ``playbook serve`` does on each save.
Output: assertions on which cohorts' data and figures were computed again
(``generator.cache.COHORTS.runs``) and on the staged files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cache import COHORTS
from generator.pipeline import generate
from generator.project import Project
from generator.serve import Preview, regenerate
from tests.conftest import copy_project


@pytest.fixture(autouse=True)
def memo_off_afterwards() -> Iterator[None]:
    yield
    COHORTS.enabled = False
    COHORTS.entries.clear()
    COHORTS.runs.clear()


def staged(project: Project) -> dict[str, bytes]:
    docs = project.staged_docs_dir
    return {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*")) if path.is_file()}


def recomputed() -> set[tuple[str, str]]:
    return {(str(key[0]), str(key[1])) for key in COHORTS.runs if isinstance(key, tuple)}


def test_a_csv_edit_recomputes_only_its_cohort(
    example_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    preview = Preview(example_project)
    assert regenerate(preview).epoch is not None
    assert recomputed() == {("data", "pilot"), ("data", "autumn-2026"), ("figures", "pilot"), ("figures", "autumn-2026")}
    regenerate(preview)
    assert recomputed() == set()  # nothing changed: every cohort recalled
    sessions = example_project.root / "content" / "cohorts" / "pilot" / "sessions.csv"
    sessions.write_text(
        sessions.read_text(encoding="utf-8").replace("pilot-05,2026-06-18,50,closing,held", "pilot-05,2026-06-18,50,closing,cancelled"),
        encoding="utf-8",
    )
    assert regenerate(preview).epoch is not None
    assert recomputed() == {("data", "pilot"), ("figures", "pilot")}
    assert "Regenerated (0 files changed)" not in capsys.readouterr().out.splitlines()[-1]
    warm = staged(example_project)
    COHORTS.enabled = False
    fresh = copy_project(example_project.root, tmp_path / "fresh")
    generate(fresh)
    assert warm.keys() - {name for name in warm if name.startswith("assets/playbook-preview/")} == staged(fresh).keys()
    assert [name for name, data in staged(fresh).items() if warm.get(name) != data] == []


def test_an_edit_of_program_yaml_recomputes_every_cohort(example_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    preview = Preview(example_project)
    regenerate(preview)
    program = example_project.program_file
    program.write_text(program.read_text(encoding="utf-8").replace("min_group_size: 5", "min_group_size: 6"), encoding="utf-8")
    regenerate(preview)
    assert {("figures", "pilot"), ("figures", "autumn-2026"), ("data", "pilot"), ("data", "autumn-2026")} <= recomputed()


def test_a_broken_csv_is_reported_on_every_save(example_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    preview = Preview(example_project)
    regenerate(preview)
    sessions = example_project.root / "content" / "cohorts" / "autumn-2026" / "sessions.csv"
    good = sessions.read_text(encoding="utf-8")
    sessions.write_text(good + "no-such-pair,2026-13-45,abc,,done\n", encoding="utf-8")
    capsys.readouterr()
    for _ in range(2):
        assert regenerate(preview).epoch is None
        assert "content/cohorts/autumn-2026/sessions.csv:" in capsys.readouterr().out
    sessions.write_text(good, encoding="utf-8")
    assert regenerate(preview).epoch is not None
    assert ("data", "pilot") not in recomputed()
