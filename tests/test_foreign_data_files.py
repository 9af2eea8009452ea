"""Cohort data files written by hand, outside the project (found by a fresh-eyes sweep).

- a session row with an unknown status and a milestone said "a None session reaches no milestone";
- a misspelt column (``milstone`` in sessions.csv, ``meeting_dy`` in roster.csv) was ignored without
  a word, so the milestones or the agreed slots silently vanished (responses.csv already refuses an
  unknown column with "Did you mean").

Input: the small fixture programme with a one-pair roster and a generated session log.
Output: ``playbook check`` messages (in-process, ``generator.cli.main``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

ROSTER_HEADER = "pair_id,mentor_name,mentor_email,mentor_level,mentor_department,mentee_name,mentee_email,mentee_level,mentee_department,start,end,status"
ROSTER_ROW = "p1,A,a@x.org,1,D,B,b@x.org,2,E,2026-01-12,,active"
MILESTONES = "{id: pilot, name: Pilot cohort, start: 2026-01-12, end: 2026-06-30}"
WITH_MILESTONE = (
    "{id: pilot, name: Pilot cohort, start: 2026-01-12, end: 2026-06-30, milestones: [{id: kickoff, title: Kickoff, due: 2026-01-30}]}"
)
# No shrinking: while the lead's fix is pending the first failing example is enough, and fast.
BOUNDED = settings(
    max_examples=20, deadline=None, phases=(Phase.explicit, Phase.generate), suppress_health_check=[HealthCheck.function_scoped_fixture]
)
KNOWN_COLUMNS = {"pair_id", "date", "minutes", "agenda", "status", "milestone"}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp("data") / "small")
    text = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(text.replace(MILESTONES, WITH_MILESTONE), encoding="utf-8")
    cohort = project.cohort_dir("pilot")
    cohort.mkdir(parents=True)
    (cohort / "roster.csv").write_text(f"{ROSTER_HEADER}\n{ROSTER_ROW}\n", encoding="utf-8")
    return project.root


def check(root: Path, capsys: pytest.CaptureFixture[str], sessions: str) -> tuple[int, str]:
    (root / "content" / "cohorts" / "pilot" / "sessions.csv").write_text(sessions, encoding="utf-8")
    status = main(["check", "--project", str(root)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_the_fixture_session_log_is_fine(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = check(root, capsys, "pair_id,date,minutes,agenda,status,milestone\np1,2026-01-13,45,kickoff,held,kickoff\n")
    assert status == 0, output


@pytest.mark.xfail(strict=True, reason="generator/progress/data.py _reached_when_held formats a status that failed its own check (None)")
@BOUNDED
@given(status=st.text(st.characters(categories=("Ll",)), min_size=1, max_size=10).filter(lambda word: word not in ("held", "cancelled")))
def test_an_unknown_status_with_a_milestone_names_no_python_value(root: Path, capsys: pytest.CaptureFixture[str], status: str) -> None:
    code, output = check(root, capsys, f"pair_id,date,minutes,agenda,status,milestone\np1,2026-01-13,45,,{status},kickoff\n")
    assert code == 1
    assert f"'{status}' is not a known status" in output or status == "no-show"
    assert "None" not in output


@pytest.mark.xfail(strict=True, reason="generator/progress/data.py / load.py accept any extra column in roster.csv and sessions.csv")
@BOUNDED
@given(column=st.from_regex(r"[a-z][a-z_]{2,12}", fullmatch=True).filter(lambda name: name not in KNOWN_COLUMNS))
def test_an_unknown_session_column_is_located(root: Path, capsys: pytest.CaptureFixture[str], column: str) -> None:
    code, output = check(root, capsys, f"pair_id,date,minutes,agenda,status,{column}\np1,2026-01-13,45,,held,\n")
    assert code == 1
    assert f"content/cohorts/pilot/sessions.csv:1: unknown column '{column}'" in output


@pytest.mark.xfail(strict=True, reason="generator/load.py _header_errors lists every column as missing instead of naming the separator")
@BOUNDED
@given(separator=st.sampled_from([";", "\t"]))
def test_a_session_log_saved_with_another_separator_says_so_once(root: Path, capsys: pytest.CaptureFixture[str], separator: str) -> None:
    rows = ["pair_id,date,minutes,agenda,status", "p1,2026-01-13,45,,held"]
    code, output = check(root, capsys, "".join(row.replace(",", separator) + "\n" for row in rows))
    assert code == 1
    assert output.count("content/cohorts/pilot/sessions.csv:1:") == 1
    assert "comma" in output
