"""Cohort data files written by hand, outside the project (found by a fresh-eyes sweep).

- a session row with an unknown status and a milestone said "a None session reaches no milestone";
- a misspelt column (``milstone`` in sessions.csv, ``meeting_dy`` in roster.csv) was ignored without
  a word, so the milestones or the agreed slots silently vanished (responses.csv already refused an
  unknown column with "Did you mean"): now every cohort file the progress feature reads refuses it;
- a file saved with semicolons or tabs (European spreadsheets) got one "missing column" per
  column: now one error at line 1 says how it is separated and how to save it.

Input: the small fixture programme with a one-pair roster and a generated session log.
Output: ``playbook check`` messages (in-process, ``generator.cli.main``); tests/test_foreign_csv_headers.py checks ``parse_csv`` alone.
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
# No shrinking: the first failing example is enough, and fast (each example runs `playbook check`).
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


def check_file(root: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> tuple[int, str]:
    """``playbook check`` with the pilot cohort's file ``name`` holding ``text``; the file is put back after."""
    path = root / "content" / "cohorts" / "pilot" / name
    before = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(text, encoding="utf-8")
    try:
        status = main(["check", "--project", str(root)])
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def check(root: Path, capsys: pytest.CaptureFixture[str], sessions: str) -> tuple[int, str]:
    """``playbook check`` with the pilot cohort's session log holding ``sessions``."""
    return check_file(root, capsys, "sessions.csv", sessions)


def test_the_fixture_session_log_is_fine(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = check(root, capsys, "pair_id,date,minutes,agenda,status,milestone\np1,2026-01-13,45,kickoff,held,kickoff\n")
    assert status == 0, output


@BOUNDED
@given(status=st.text(st.characters(categories=("Ll",)), min_size=1, max_size=10).filter(lambda word: word not in ("held", "cancelled")))
def test_an_unknown_status_with_a_milestone_names_no_python_value(root: Path, capsys: pytest.CaptureFixture[str], status: str) -> None:
    code, output = check(root, capsys, f"pair_id,date,minutes,agenda,status,milestone\np1,2026-01-13,45,,{status},kickoff\n")
    assert code == 1
    assert f"'{status}' is not a known status" in output or status == "no-show"
    assert "None" not in output


@BOUNDED
@given(column=st.from_regex(r"[a-z][a-z_]{2,12}", fullmatch=True).filter(lambda name: name not in KNOWN_COLUMNS))
def test_an_unknown_session_column_is_located(root: Path, capsys: pytest.CaptureFixture[str], column: str) -> None:
    code, output = check(root, capsys, f"pair_id,date,minutes,agenda,status,{column}\np1,2026-01-13,45,,held,\n")
    assert code == 1
    assert f"content/cohorts/pilot/sessions.csv:1: unknown column '{column}'" in output


@BOUNDED
@given(separator=st.sampled_from([";", "\t"]))
def test_a_session_log_saved_with_another_separator_says_so_once(root: Path, capsys: pytest.CaptureFixture[str], separator: str) -> None:
    rows = ["pair_id,date,minutes,agenda,status", "p1,2026-01-13,45,,held"]
    code, output = check(root, capsys, "".join(row.replace(",", separator) + "\n" for row in rows))
    assert code == 1
    assert output.count("content/cohorts/pilot/sessions.csv:1:") == 1
    assert "comma" in output


def misspelt(name: str, position: int) -> str:
    """``name`` without its character at ``position`` (kept inside the name)."""
    at = position % len(name)
    return name[:at] + name[at + 1 :]


@BOUNDED
@given(
    column=st.sampled_from(["meeting_day", "meeting_time", "timezone"]),
    position=st.integers(min_value=0, max_value=20),
)
def test_a_misspelt_roster_column_is_refused_with_the_right_name(
    root: Path, capsys: pytest.CaptureFixture[str], column: str, position: int
) -> None:
    wrong = misspelt(column, position)
    code, output = check_file(root, capsys, "roster.csv", f"{ROSTER_HEADER},{wrong}\n{ROSTER_ROW},\n")
    assert code == 1
    assert f"content/cohorts/pilot/roster.csv:1: unknown column '{wrong}'" in output
    assert f"Did you mean '{column}'?" in output
    assert "Traceback" not in output


@BOUNDED
@given(position=st.integers(min_value=0, max_value=20))
def test_a_misspelt_milestone_column_in_the_session_log_is_refused(root: Path, capsys: pytest.CaptureFixture[str], position: int) -> None:
    wrong = misspelt("milestone", position)
    code, output = check(root, capsys, f"pair_id,date,minutes,agenda,status,{wrong}\np1,2026-01-13,45,,held,kickoff\n")
    assert code == 1
    assert f"content/cohorts/pilot/sessions.csv:1: unknown column '{wrong}'" in output
    assert "Did you mean 'milestone'?" in output


@BOUNDED
@given(column=st.from_regex(r"[a-z][a-z_]{2,12}", fullmatch=True).filter(lambda name: name not in ("pair_id", "milestone", "date")))
def test_an_unknown_column_of_milestones_marked_done_is_located(root: Path, capsys: pytest.CaptureFixture[str], column: str) -> None:
    code, output = check_file(root, capsys, "milestones.csv", f"pair_id,milestone,date,{column}\np1,kickoff,2026-01-20,x\n")
    assert code == 1
    assert f"content/cohorts/pilot/milestones.csv:1: unknown column '{column}'" in output


def test_every_known_optional_column_is_accepted(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = f"{ROSTER_HEADER},meeting_day,meeting_time,timezone\n{ROSTER_ROW},tue,14:30,Europe/London\n"
    code, output = check_file(root, capsys, "roster.csv", roster)
    assert code == 0, output
    code, output = check_file(root, capsys, "milestones.csv", "pair_id,milestone,date\np1,kickoff,2026-01-20\n")
    assert code == 0, output


@BOUNDED
@given(
    separator=st.sampled_from([";", "\t"]),
    name=st.sampled_from(["roster.csv", "milestones.csv"]),
    quoted=st.booleans(),
)
def test_other_cohort_files_saved_with_another_separator_say_so_once(
    root: Path, capsys: pytest.CaptureFixture[str], separator: str, name: str, quoted: bool
) -> None:
    rows = [ROSTER_HEADER, ROSTER_ROW] if name == "roster.csv" else ["pair_id,milestone,date", "p1,kickoff,2026-01-20"]
    quote = '"' if quoted else ""
    text = "".join(separator.join(f"{quote}{cell}{quote}" for cell in row.split(",")) + "\r\n" for row in rows)
    code, output = check_file(root, capsys, name, text)
    assert code == 1
    assert output.count(f"content/cohorts/pilot/{name}:") == 1
    assert f"content/cohorts/pilot/{name}:1: the columns are separated by {'semicolons' if separator == ';' else 'tabs'}" in output
    assert "missing column" not in output
