"""Load stage for cohort data: roster, session log and survey answers (CSV).

Input: the ``Program`` and the ``Project`` (files ``content/cohorts/<cohort-id>/*.csv``).
Output: a ``CohortData`` per cohort id, validated column by column with FILE:LINE errors
(unknown pair, a date outside the cohort, an unknown status, a person in two active pairs).
A missing file means "nothing yet": a cohort not yet matched has no roster.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from itertools import starmap
from operator import attrgetter
from typing import Any

from generator.declare import PERSON_EMAIL_PATTERN
from generator.errors import PlaybookError, collect, did_you_mean, raise_if_any
from generator.load import CellProblem, CsvTable, TableCheck, collector_paused, existing_inside, load_csv_file, strict_date
from generator.model import Program
from generator.progress.model import Cohort, cohorts_of
from generator.project import Project
from generator.surveys.canonical import parse_responses

ROSTER_COLUMNS = (
    "pair_id",
    "mentor_name",
    "mentor_email",
    "mentor_level",
    "mentor_department",
    "mentee_name",
    "mentee_email",
    "mentee_level",
    "mentee_department",
    "start",
    "end",
    "status",
)
SESSION_COLUMNS = ("pair_id", "date", "minutes", "agenda", "status")
PAIR_STATUSES = ("active", "completed", "ended-early")
SESSION_STATUSES = ("held", "cancelled", "no-show")
SIDES = ("mentor", "mentee")
_EMAIL = re.compile(PERSON_EMAIL_PATTERN)
_WHOLE = re.compile("[0-9]{1,4}")


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    level: str
    department: str


@dataclass(frozen=True)
class Pair:
    id: str
    mentor: Person
    mentee: Person
    start: datetime.date
    end: datetime.date | None
    status: str

    @property
    def people(self) -> tuple[Person, Person]:
        return (self.mentor, self.mentee)


@dataclass(frozen=True)
class Session:
    pair_id: str
    date: datetime.date
    minutes: int
    agenda: str
    status: str


@dataclass(frozen=True)
class CohortData:
    """One cohort's tables, parsed and checked."""

    pairs: tuple[Pair, ...] = ()
    sessions: tuple[Session, ...] = ()
    responses: tuple[Any, ...] = ()


Cells = dict[str, tuple[str, ...]]


def _text(column: str, cell: str, required: bool = True) -> str:
    """The cell without surrounding spaces; a required cell may not be empty."""
    value = cell.strip()
    if required and not value:
        raise CellProblem((column, f"'{column}' is empty; fill it in."))
    return value


def _email(column: str, cell: str) -> str:
    value = _text(column, cell)
    if not _EMAIL.fullmatch(value):
        raise CellProblem((column, f"'{value}' is not an email address; write it as name@example.org."))
    return value


def _date(column: str, cohort: Cohort, cell: str, required: bool = True) -> datetime.date | None:
    """A date within the cohort (``None`` if the cell is empty and not required)."""
    value = _text(column, cell, required)
    if not value:
        return None
    parsed = strict_date(value)
    if parsed is None:
        raise CellProblem((column, f"'{value}' is not a date; write it as YYYY-MM-DD, such as {cohort.start.isoformat()}."))
    if not cohort.start <= parsed <= cohort.end:
        raise CellProblem((column, f"{value} is outside the cohort '{cohort.id}' ({cohort.start} to {cohort.end}); fix the date."))
    return parsed


def _choice(column: str, choices: tuple[str, ...], cell: str) -> str:
    value = cell.strip()
    if value not in choices:
        shown = f"'{value}'" if value else "an empty value"
        raise CellProblem((column, f"{shown} is not a known {column}.{did_you_mean(value, choices)} Use one of: {', '.join(choices)}."))
    return value


def _minutes(cell: str) -> int:
    """A whole number of minutes in a day (an empty cell means 0)."""
    value = cell.strip() or "0"
    if not _WHOLE.fullmatch(value) or int(value) > 1440:
        raise CellProblem(("minutes", f"'{value}' is not a number of minutes; write a whole number from 0 to 1440."))
    return int(value)


def _people(check: TableCheck, cells: Cells, side: str) -> list[Person]:
    """The mentor or mentee (``side``) of each row."""
    names, levels, departments = (
        check.check(cells[f"{side}_{part}"], partial(_text, f"{side}_{part}")) for part in ("name", "level", "department")
    )
    emails = check.check(cells[f"{side}_email"], partial(_email, f"{side}_email"))
    return list(starmap(Person, zip(names, emails, levels, departments, strict=True)))


def _end_fits_status(key: tuple[str | None, datetime.date | None, str]) -> None:
    """A check across columns: only a pair that has finished has an end date."""
    status, end, cell = key
    if status == "active" and end:
        raise CellProblem(("end", "an active pair has no end date yet; leave 'end' empty or set the status to completed or ended-early."))
    if status in ("completed", "ended-early") and not cell.strip():
        raise CellProblem(("end", f"a pair with status '{status}' needs its end date; fill in 'end'."))


def _end_after_start(key: tuple[datetime.date | None, datetime.date | None]) -> None:
    start, end = key
    if start and end and end < start:
        raise CellProblem(("end", f"end {end} is before start {start}; swap them or fix the date."))


def _two_people(key: tuple[str, str]) -> None:
    mentor, mentee = (cell.strip() for cell in key)
    if mentor and mentor.lower() == mentee.lower():
        raise CellProblem(("mentee_email", "mentor and mentee have the same email; a person cannot mentor themselves."))


def _check_unique(table: CsvTable, pairs: list[tuple[int, Pair]], errors: list[PlaybookError]) -> None:
    first_pair: dict[str, int] = {}
    active_person: dict[str, int] = {}
    for line, pair in pairs:
        if pair.id in first_pair:
            errors.append(table.error(line, f"pair id '{pair.id}' is used twice (first on line {first_pair[pair.id]}).", "pair_id"))
        first_pair.setdefault(pair.id, line)
        if pair.status != "active":
            continue
        for side, person in zip(SIDES, pair.people, strict=True):
            key = person.email.lower()
            if key in active_person:
                message = (
                    f"{person.email} is already in an active pair on line {active_person[key]}; a person can be in one active pair only."
                )
                errors.append(table.error(line, message, f"{side}_email"))
            active_person.setdefault(key, line)


def parse_roster(table: CsvTable, cohort: Cohort) -> tuple[Pair, ...]:
    """The cohort's pairs from a roster table; raises ``ErrorList`` with every problem."""
    errors: list[PlaybookError] = []
    check, cells = TableCheck(table, errors), table.columns()
    ids = check.check(cells["pair_id"], partial(_text, "pair_id"))
    mentors, mentees = (_people(check, cells, side) for side in SIDES)
    starts = check.check(cells["start"], partial(_date, "start", cohort))
    statuses = check.check(cells["status"], partial(_choice, "status", PAIR_STATUSES))
    ends = check.check(cells["end"], partial(_date, "end", cohort, required=False))
    check.check(list(zip(statuses, ends, cells["end"], strict=True)), _end_fits_status)
    check.check(list(zip(starts, ends, strict=True)), _end_after_start)
    check.check(list(zip(cells["mentor_email"], cells["mentee_email"], strict=True)), _two_people)
    rows = enumerate(zip(table.rows, zip(ids, mentors, mentees, starts, ends, statuses, strict=True), strict=True))
    pairs = [(row.line, Pair(*fields)) for index, (row, fields) in rows if index not in check.refused]
    _check_unique(table, pairs, errors)
    raise_if_any(errors)
    return tuple(sorted((pair for _, pair in pairs), key=attrgetter("id")))


def _pair_id(by_id: dict[str, Pair], cell: str) -> str:
    """A check: the cell names a pair of the roster."""
    pair_id = _text("pair_id", cell)
    if pair_id not in by_id:
        raise CellProblem(("pair_id", f"unknown pair '{pair_id}'.{did_you_mean(pair_id, by_id)} Add it to roster.csv or fix the id."))
    return pair_id


def _agenda(agendas: set[str], cell: str) -> str:
    """A check: the cell is empty or names an agenda of program.yaml."""
    agenda = cell.strip()
    if agenda and agenda not in agendas:
        raise CellProblem(
            ("agenda", f"unknown agenda id '{agenda}'.{did_you_mean(agenda, agendas)} Known agendas: {', '.join(sorted(agendas))}.")
        )
    return agenda


def _within_pair(by_id: dict[str, Pair], cohort: Cohort, key: tuple[str | None, datetime.date | None]) -> None:
    """A check across columns: a session is dated while its pair runs."""
    pair_id, when = key
    pair = by_id.get(pair_id or "")
    if pair and when and not pair.start <= when <= (pair.end or cohort.end):
        raise CellProblem(("date", f"{when} is outside pair '{pair_id}' ({pair.start} to {pair.end or cohort.end}); fix the date."))


def parse_sessions(table: CsvTable, cohort: Cohort, pairs: tuple[Pair, ...], agendas: set[str]) -> tuple[Session, ...]:
    """The cohort's session log; every pair and agenda must be known."""
    errors: list[PlaybookError] = []
    check, cells = TableCheck(table, errors), table.columns()
    by_id = {pair.id: pair for pair in pairs}
    pair_ids = check.check(cells["pair_id"], partial(_pair_id, by_id))
    dates = check.check(cells["date"], partial(_date, "date", cohort))
    agenda_ids = check.check(cells["agenda"], partial(_agenda, agendas))
    statuses = check.check(cells["status"], partial(_choice, "status", SESSION_STATUSES))
    minutes = check.check(cells["minutes"], _minutes)
    check.check(list(zip(pair_ids, dates, strict=True)), partial(_within_pair, by_id, cohort))
    raise_if_any(errors)
    sessions = starmap(Session, zip(pair_ids, dates, minutes, agenda_ids, statuses, strict=True))
    return tuple(sorted(sessions, key=attrgetter("date", "pair_id", "status", "agenda", "minutes")))


def _optional_table(project: Project, cohort: Cohort, name: str, required: tuple[str, ...]) -> CsvTable | None:
    path = project.cohort_dir(cohort.id) / name
    display = f"content/cohorts/{cohort.id}/{name}"
    if not existing_inside(project.root, path, display):
        return None
    return load_csv_file(path, display, required)


def _named_pair(known: Collection[str], cell: str) -> None:
    """A check: the cell is empty or names a pair of the roster."""
    if cell.strip() and cell.strip() not in known:
        raise CellProblem(("pair", f"unknown pair '{cell}'.{did_you_mean(cell, known)} Use a pair_id from roster.csv."))


def _load_responses(program: Program, cohort: Cohort, table: CsvTable | None, pairs: tuple[Pair, ...]) -> tuple[Any, ...]:
    """Survey answers, checked by the surveys feature; a named pair must be in the roster."""
    if table is None:
        return ()
    if "pair" in table.header:
        errors: list[PlaybookError] = []
        position = table.header.index("pair")
        TableCheck(table, errors).check([row.cells[position] for row in table.rows], partial(_named_pair, {pair.id for pair in pairs}))
        raise_if_any(errors)
    return tuple(parse_responses(table, program, cohort.id))


def load_one(program: Program, project: Project, cohort: Cohort, errors: list[PlaybookError]) -> CohortData:
    """One cohort's data; problems are added to ``errors``."""
    before = len(errors)
    roster = collect(errors, lambda: _optional_table(project, cohort, "roster.csv", ROSTER_COLUMNS))
    pairs = (collect(errors, lambda: parse_roster(roster, cohort)) or ()) if roster else ()
    log = collect(errors, lambda: _optional_table(project, cohort, "sessions.csv", SESSION_COLUMNS))
    agendas = {agenda.id for agenda in program.agendas}
    roster_ok = len(errors) == before  # with a broken roster every session would be "unknown pair"
    sessions = (collect(errors, lambda: parse_sessions(log, cohort, pairs, agendas)) or ()) if log and roster_ok else ()
    answers = collect(errors, lambda: _optional_table(project, cohort, "responses.csv", ()))
    responses = (collect(errors, lambda: _load_responses(program, cohort, answers, pairs)) or ()) if roster_ok else ()
    return CohortData(pairs, sessions, responses)


def load_cohort_data(program: Program, project: Project) -> dict[str, CohortData]:
    """Every cohort's tables by cohort id; raises one ``ErrorList`` with every problem."""
    errors: list[PlaybookError] = []
    with collector_paused():
        data = {cohort.id: load_one(program, project, cohort, errors) for cohort in cohorts_of(program)}
    raise_if_any(errors)
    return data
