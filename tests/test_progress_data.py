"""Cohort data files: valid rosters and session logs load; every mistake is a FILE:LINE error."""

from __future__ import annotations

import datetime
import random
from operator import attrgetter

import pytest

from generator.cli import main
from generator.errors import ErrorList, PlaybookError, did_you_mean
from generator.load import CsvRow, CsvTable, parse_csv
from generator.loading import load_programme as load_project
from generator.progress.data import ROSTER_COLUMNS, SESSION_STATUSES, Pair, Session, parse_roster, parse_sessions
from generator.progress.model import Cohort

COHORT = Cohort("pilot", "Pilot", datetime.date(2026, 1, 12), datetime.date(2026, 6, 30))
HEADER = ",".join(ROSTER_COLUMNS)


def roster_line(pair_id: str, mentor: str, mentee: str, start: str = "2026-01-12", end: str = "", status: str = "active") -> str:
    return f"{pair_id},{mentor.title()},{mentor}@ex.org,Junior,Sales,{mentee.title()},{mentee}@ex.org,Senior,Finance,{start},{end},{status}"


def roster(*lines: str):
    return parse_roster(parse_csv("\n".join([HEADER, *lines]) + "\n", "roster.csv", ROSTER_COLUMNS), COHORT)


def messages(error_list: ErrorList) -> list[str]:
    return [str(error) for error in error_list]


def test_valid_roster_and_sessions():
    pairs = roster(roster_line("p2", "ann", "bob"), roster_line("p1", "cy", "di", end="2026-03-01", status="ended-early"))
    assert [pair.id for pair in pairs] == ["p1", "p2"]
    assert pairs[0].end == datetime.date(2026, 3, 1) and pairs[1].end is None
    table = parse_csv("pair_id,date,minutes,agenda,status\np2,2026-02-01,45,kickoff,held\np2,2026-02-15,,,cancelled\n", "sessions.csv")
    sessions = parse_sessions(table, COHORT, pairs, {"kickoff"})
    assert [(s.minutes, s.agenda, s.status) for s in sessions] == [(45, "kickoff", "held"), (0, "", "cancelled")]


def test_roster_mistakes_are_located():
    with pytest.raises(ErrorList) as caught:
        roster(
            roster_line("p1", "ann", "bob"),
            roster_line("p2", "ann", "cy"),  # ann in two active pairs
            roster_line("p3", "di", "ed", start="2025-12-01"),  # before the cohort
            roster_line("p4", "fi", "gu", status="paused"),  # unknown status
            roster_line("p5", "ha", "io", status="completed"),  # completed without an end
            roster_line("p1", "jo", "ka"),  # duplicate pair id
        )
    found = messages(caught.value)
    assert any(m.startswith("roster.csv:3: mentor_email: ann@ex.org is already in an active pair on line 2") for m in found)
    assert any(m.startswith("roster.csv:4: start: 2025-12-01 is outside the cohort 'pilot'") for m in found)
    assert any(
        m.startswith("roster.csv:5: status: 'paused' is not a known status.") and "active, completed, ended-early" in m for m in found
    )
    assert any(m.startswith("roster.csv:6: end: a pair with status 'completed' needs its end date") for m in found)
    assert any(m.startswith("roster.csv:7: pair_id: pair id 'p1' is used twice (first on line 2)") for m in found)


def test_session_mistakes_are_located():
    pairs = roster(roster_line("pilot-01", "ann", "bob"))
    text = (
        "pair_id,date,minutes,agenda,status\n"
        "pilot-1,2026-02-01,45,,held\n"  # unknown pair, with a hint
        "pilot-01,2026-08-01,45,,held\n"  # after the cohort
        "pilot-01,2026-02-01,45,kickof,held\n"  # unknown agenda
        "pilot-01,2026-02-01,45,,done\n"  # unknown status
        "pilot-01,2026-02-01,an hour,,held\n"  # minutes not a number
    )
    with pytest.raises(ErrorList) as caught:
        parse_sessions(parse_csv(text, "sessions.csv"), COHORT, pairs, {"kickoff"})
    found = messages(caught.value)
    assert any(m.startswith("sessions.csv:2: pair_id: unknown pair 'pilot-1'. Did you mean 'pilot-01'?") for m in found)
    assert any(m.startswith("sessions.csv:3: date: 2026-08-01 is outside the cohort") for m in found)
    assert any(m.startswith("sessions.csv:4: agenda: unknown agenda id 'kickof'. Did you mean 'kickoff'?") for m in found)
    assert any(m.startswith("sessions.csv:5: status: 'done' is not a known status.") for m in found)
    assert any(m.startswith("sessions.csv:6: minutes: 'an hour' is not a number of minutes") for m in found)


def test_cli_reports_cohort_file_errors_without_traceback(small_project, capsys):
    folder = small_project.content_dir / "cohorts" / "pilot"
    folder.mkdir(parents=True)
    (folder / "roster.csv").write_text(HEADER + "\n" + roster_line("p1", "ann", "bob", start="2026-13-01") + "\n", encoding="utf-8")
    assert main(["check", "--project", str(small_project.root)]) == 1
    err = capsys.readouterr().err
    assert "content/cohorts/pilot/roster.csv:2: start: '2026-13-01' is not a date" in err
    assert "Traceback" not in err


def test_missing_files_mean_no_data_yet(small_project):
    loaded = load_project(small_project)
    data = loaded.data["progress"]["pilot"]
    assert (data.pairs, data.sessions, data.responses) == ((), (), ())


def test_program_checks_for_cohorts_and_measures(small_project):
    text = small_project.program_file.read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: pilot, name: Pilot cohort, start: 2026-01-12, end: 2026-06-30}",
        "  - id: pilot\n    name: Pilot cohort\n    start: 2026-01-12\n    end: 2026-06-30\n"
        "    milestones:\n      - {id: kick, title: Kickoff, due: 2026-08-01, agenda: kickof}\n",
    )
    text = text.replace("measure: {metric: skill_change, survey: end, baseline: start}", "measure: {metric: skill_change, survey: ending}")
    small_project.program_file.write_text(text, encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        load_project(small_project)
    found = messages(caught.value)
    assert any("goals[0].measure.survey: unknown survey id 'ending'. Did you mean 'end'?" in m for m in found)
    assert any("goals[0].measure: metric 'skill_change' needs 'baseline'" in m for m in found)
    assert any("cohorts[0].milestones[0].agenda: unknown agenda id 'kickof'" in m for m in found)
    assert any("cohorts[0].milestones[0].due: due date 2026-08-01 is outside the cohort" in m for m in found)


def _session_by_rules(
    table: CsvTable, row: CsvRow, pairs: tuple[Pair, ...], agendas: set[str]
) -> tuple[Session | None, list[PlaybookError]]:
    """One row of a session log checked rule by rule: its session, or its located problems."""
    errors: list[PlaybookError] = []
    by_id = {pair.id: pair for pair in pairs}
    pair_id, day, minutes, agenda, status = (row.values[column].strip() for column in ("pair_id", "date", "minutes", "agenda", "status"))
    if not pair_id:
        errors.append(table.error(row.line, "'pair_id' is empty; fill it in.", "pair_id"))
    elif pair_id not in by_id:
        errors.append(
            table.error(row.line, f"unknown pair '{pair_id}'.{did_you_mean(pair_id, by_id)} Add it to roster.csv or fix the id.", "pair_id")
        )
    when = _iso_date(day)
    if not day:
        errors.append(table.error(row.line, "'date' is empty; fill it in.", "date"))
    elif when is None:
        errors.append(table.error(row.line, f"'{day}' is not a date; write it as YYYY-MM-DD, such as 2026-01-12.", "date"))
    elif not COHORT.start <= when <= COHORT.end:
        errors.append(table.error(row.line, f"{day} is outside the cohort 'pilot' (2026-01-12 to 2026-06-30); fix the date.", "date"))
        when = None
    if agenda and agenda not in agendas:
        message = f"unknown agenda id '{agenda}'.{did_you_mean(agenda, agendas)} Known agendas: {', '.join(sorted(agendas))}."
        errors.append(table.error(row.line, message, "agenda"))
    if status not in SESSION_STATUSES:
        shown = f"'{status}'" if status else "an empty value"
        message = f"{shown} is not a known status.{did_you_mean(status, SESSION_STATUSES)} Use one of: held, cancelled, no-show."
        errors.append(table.error(row.line, message, "status"))
    minutes = minutes or "0"
    if not minutes.isdigit() or int(minutes) > 1440:
        errors.append(table.error(row.line, f"'{minutes}' is not a number of minutes; write a whole number from 0 to 1440.", "minutes"))
    pair = by_id.get(pair_id)
    if pair and when and not pair.start <= when <= (pair.end or COHORT.end):
        message = f"{when} is outside pair '{pair_id}' ({pair.start} to {pair.end or COHORT.end}); fix the date."
        errors.append(table.error(row.line, message, "date"))
    return (None, errors) if errors or when is None else (Session(pair_id, when, int(minutes), agenda, status), [])


def _iso_date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _sessions_by_rules(table: CsvTable, pairs: tuple[Pair, ...]) -> object:
    """What ``parse_sessions`` gives, worked out row by row: the sorted sessions, or every message."""
    outcomes = [_session_by_rules(table, row, pairs, {"kickoff"}) for row in table.rows]
    errors = [error for _, row_errors in outcomes for error in row_errors]
    first_line: dict[Session, int] = {}
    for (session, _), row in zip(outcomes, table.rows, strict=True):
        if session and (earlier := first_line.setdefault(session, row.line)) != row.line:
            message = f"this row repeats line {earlier} (same pair, date, minutes, agenda, status and milestone); delete one of them."
            errors.append(table.error(row.line, message))
    if errors:
        return messages(ErrorList(errors))
    return tuple(sorted((session for session, _ in outcomes if session), key=attrgetter("date", "pair_id", "status", "agenda", "minutes")))


def test_session_check_agrees_with_the_rules_row_by_row() -> None:
    """Checked column by column, a log gives the sessions and the messages its rules give row by row."""
    pairs = roster(roster_line("p1", "ann", "bob"), roster_line("p2", "cy", "di", start="2026-03-01", end="2026-04-01", status="completed"))
    rng = random.Random(3)
    cells = (
        ["p1", "p2", "p2", "p3", "", " p1 "],
        ["2026-02-01", "2026-03-15", "2026-05-01", "2026-08-01", "2026-02-30", "soon", "", " 2026-03-02 "],
        ["45", "", "0", "1441", "an hour", " 30 "],
        ["", "kickoff", "kickof"],
        ["held", "cancelled", "no-show", "done", ""],
    )
    lines = [",".join(rng.choice(values) for values in cells) for _ in range(1500)]
    table = parse_csv("\n".join(["pair_id,date,minutes,agenda,status", *lines]) + "\n", "sessions.csv")
    sessions = {row.line: _session_by_rules(table, row, pairs, {"kickoff"})[0] for row in table.rows}
    valid = list({sessions[row.line]: row for row in reversed(table.rows) if sessions[row.line]}.values())[::-1]  # each session once
    tables = [table, CsvTable(table.file, table.header, tuple(valid)), *(CsvTable(table.file, table.header, (row,)) for row in table.rows)]

    def parsed(log: CsvTable) -> object:
        try:
            return parse_sessions(log, COHORT, pairs, {"kickoff"})
        except ErrorList as errors:
            return messages(errors)

    assert [parsed(log) for log in tables] == [_sessions_by_rules(log, pairs) for log in tables]
    assert len(valid) > 50  # many rows are valid
