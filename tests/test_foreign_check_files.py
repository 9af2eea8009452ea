"""``playbook check`` reads the data files that only a command uses (found by a fresh-eyes sweep).

A cohort's training.csv (read by ``playbook certificates``) and participants.csv (read by
``playbook match``) were checked only when that command ran, so ``playbook check`` said "OK" for
a project whose next ``certificates`` or ``match`` would stop on a mistake.

Input: the small fixture programme with a one-pair roster, plus a training.csv or a
participants.csv holding one bad row among good ones.
Output: ``playbook check`` (in-process) exits 1 with the bad row's FILE:LINE and writes nothing;
the same files without the mistake pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

ROSTER = (
    "pair_id,mentor_name,mentor_email,mentor_level,mentor_department,mentee_name,mentee_email,mentee_level,mentee_department,start,end,status\n"
    "p1,A,a@x.org,1,D,B,b@x.org,2,E,2026-01-12,,active\n"
)
MODULES = ("foundations", "advanced")
PARTICIPANTS_HEADER = "id,name,email,role,level,department,manager_id,timezone,languages,skills_offered,learning_goals,meeting_preferences,availability,capacity"
PARTICIPANT = "{id},Person {id},{id}@x.org,{role},1,D,,Europe/Paris,en,,,video,,1"
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp("files") / "small")
    cohort = project.cohort_dir("pilot")
    cohort.mkdir(parents=True)
    (cohort / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return project.root


def check(root: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> tuple[int, str]:
    path = root / "content" / "cohorts" / "pilot" / name
    path.write_text(text, encoding="utf-8")
    try:
        status = main(["check", "--project", str(root)])
    finally:
        path.unlink()
    captured = capsys.readouterr()
    assert not (root / "site").exists()
    return status, captured.out + captured.err


def training(rows: list[str]) -> str:
    return "email,module,completed\n" + "".join(f"{row}\n" for row in rows)


def participants(rows: list[str]) -> str:
    return PARTICIPANTS_HEADER + "\n" + "".join(f"{row}\n" for row in rows)


def test_good_files_pass(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(root, capsys, "training.csv", training(["a@x.org,foundations,2026-02-01"]))[0] == 0
    rows = [PARTICIPANT.format(id="m1", role="mentor"), PARTICIPANT.format(id="e1", role="mentee")]
    status, output = check(root, capsys, "participants.csv", participants(rows))
    assert status == 0, output


@SETTINGS
@given(module=st.from_regex(r"[a-z][a-z-]{1,15}", fullmatch=True).filter(lambda name: name not in MODULES), good=st.integers(0, 3))
def test_an_unknown_training_module_is_located_by_check(root: Path, capsys: pytest.CaptureFixture[str], module: str, good: int) -> None:
    rows = ["b@x.org,foundations,2026-02-01"] * good + [f"a@x.org,{module},2026-02-01"]
    status, output = check(root, capsys, "training.csv", training(rows))
    assert status == 1
    assert f"content/cohorts/pilot/training.csv:{good + 2}:" in output
    assert f"unknown training module '{module}'" in output


@SETTINGS
@given(role=st.from_regex(r"[a-z]{2,10}", fullmatch=True).filter(lambda name: name not in ("mentor", "mentee", "none")))
def test_an_unknown_applicant_role_is_located_by_check(root: Path, capsys: pytest.CaptureFixture[str], role: str) -> None:
    rows = [PARTICIPANT.format(id="m1", role="mentor"), PARTICIPANT.format(id="e1", role=role)]
    status, output = check(root, capsys, "participants.csv", participants(rows))
    assert status == 1
    assert "content/cohorts/pilot/participants.csv:3:" in output
    assert "Traceback" not in output
