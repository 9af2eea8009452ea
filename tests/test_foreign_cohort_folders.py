"""A folder under content/cohorts/ named after no cohort of program.yaml (a misspelt or renamed id).

Its roster, session log and answers were ignored without a word, so a cohort's pages showed no
data. Now it is an error located at the folder, with the closest cohort id.

Input: the small fixture programme (cohort ``pilot``) with generated folder names under content/cohorts/.
Output: ``playbook check`` messages (in-process).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FOLDER_NAMES = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,14}", fullmatch=True).filter(lambda name: name != "pilot")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp("folders") / "small")
    project.cohort_dir("pilot").mkdir(parents=True)
    return project.root


def check_with(root: Path, capsys: pytest.CaptureFixture[str], names: list[str]) -> tuple[int, str]:
    """``playbook check`` with folders ``names`` under content/cohorts/ (removed after)."""
    folders = [root / "content" / "cohorts" / name for name in names]
    for folder in folders:
        folder.mkdir()
        (folder / "roster.csv").write_text("pair_id\n", encoding="utf-8")
    try:
        status = main(["check", "--project", str(root)])
    finally:
        for folder in folders:
            shutil.rmtree(folder)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@SETTINGS
@given(names=st.lists(FOLDER_NAMES, min_size=1, max_size=3, unique=True))
def test_each_folder_of_no_cohort_is_located(root: Path, capsys: pytest.CaptureFixture[str], names: list[str]) -> None:
    status, output = check_with(root, capsys, names)
    assert status == 1
    for name in names:
        assert f"content/cohorts/{name}: no cohort '{name}' in program.yaml" in output
    assert output.count("Known cohorts: pilot.") == len(names)
    assert "Traceback" not in output


@SETTINGS
@given(position=st.integers(0, 4), letter=st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
def test_a_misspelt_cohort_folder_names_the_cohort(root: Path, capsys: pytest.CaptureFixture[str], position: int, letter: str) -> None:
    name = "pilot"[:position] + letter + "pilot"[position + 1 :]
    assume(name != "pilot")
    status, output = check_with(root, capsys, [name])
    assert status == 1
    assert (
        f"content/cohorts/{name}: no cohort '{name}' in program.yaml, so this folder's files would be ignored. Did you mean 'pilot'?"
        in output
    )


def test_hidden_folders_and_loose_files_are_left_alone(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cohorts = root / "content" / "cohorts"
    (cohorts / ".sync").mkdir()
    (cohorts / "README.md").write_text("notes\n", encoding="utf-8")
    try:
        status = main(["check", "--project", str(root)])
    finally:
        shutil.rmtree(cohorts / ".sync")
        (cohorts / "README.md").unlink()
    output = capsys.readouterr()
    assert status == 0, output
