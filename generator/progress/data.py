"""Load stage for cohort data: roster, session log and survey answers (CSV).

Input: the ``Program`` and the ``Project`` (files ``content/cohorts/<cohort-id>/*.csv``).
Output: a ``CohortData`` per cohort id, validated row by row with FILE:LINE errors
(unknown pair, a date outside the cohort, an unknown status, a person in two active pairs).
A missing file means "nothing yet": a cohort not yet matched has no roster.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from generator.errors import ErrorList, PlaybookError, did_you_mean, raise_if_any
from generator.load import CsvRow, CsvTable, collector_paused, load_csv_file
from generator.model import Program
from generator.progress.model import Cohort
from generator.project import Project
from generator.schema import PERSON_EMAIL_PATTERN
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


class _RowReader:
    """Typed cells of one CSV row; problems are collected, not raised."""

    def __init__(self, table: CsvTable, row: CsvRow, errors: list[PlaybookError]) -> None:
        self.table, self.row, self.errors = table, row, errors

    def fail(self, column: str | None, message: str) -> None:
        self.errors.append(self.table.error(self.row.line, message, column))

    def text(self, column: str, required: bool = True) -> str:
        value = self.row.values[column].strip()
        if required and not value:
            self.fail(column, f"'{column}' is empty; fill it in.")
        return value

    def date(self, column: str, cohort: Cohort, required: bool = True) -> datetime.date | None:
        value = self.text(column, required)
        if not value:
            return None
        try:
            parsed = datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(column, f"'{value}' is not a date; write it as YYYY-MM-DD, such as {cohort.start.isoformat()}.")
            return None
        if not cohort.start <= parsed <= cohort.end:
            self.fail(column, f"{value} is outside the cohort '{cohort.id}' ({cohort.start} to {cohort.end}); fix the date.")
            return None
        return parsed

    def choice(self, column: str, choices: tuple[str, ...]) -> str:
        value = self.text(column, required=False)
        if value not in choices:
            shown = f"'{value}'" if value else "an empty value"
            self.fail(column, f"{shown} is not a known {column}.{did_you_mean(value, choices)} Use one of: {', '.join(choices)}.")
        return value

    def minutes(self, column: str) -> int:
        value = self.text(column, required=False) or "0"
        if not value.isdigit() or int(value) > 1440:
            self.fail(column, f"'{value}' is not a number of minutes; write a whole number from 0 to 1440.")
            return 0
        return int(value)


def _person(reader: _RowReader, side: str) -> Person:
    email = reader.text(f"{side}_email")
    if email and not _EMAIL.match(email):
        reader.fail(f"{side}_email", f"'{email}' is not an email address; write it as name@example.org.")
    return Person(reader.text(f"{side}_name"), email, reader.text(f"{side}_level"), reader.text(f"{side}_department"))


def _pair(reader: _RowReader, cohort: Cohort) -> Pair | None:
    before = len(reader.errors)
    pair_id = reader.text("pair_id")
    mentor, mentee = _person(reader, "mentor"), _person(reader, "mentee")
    start = reader.date("start", cohort)
    status = reader.choice("status", PAIR_STATUSES)
    end = reader.date("end", cohort, required=False)
    if status == "active" and end:
        reader.fail("end", "an active pair has no end date yet; leave 'end' empty or set the status to completed or ended-early.")
    if status in ("completed", "ended-early") and not reader.row.values["end"].strip():
        reader.fail("end", f"a pair with status '{status}' needs its end date; fill in 'end'.")
    if start and end and end < start:
        reader.fail("end", f"end {end} is before start {start}; swap them or fix the date.")
    if mentor.email and mentor.email.lower() == mentee.email.lower():
        reader.fail("mentee_email", "mentor and mentee have the same email; a person cannot mentor themselves.")
    if len(reader.errors) > before or start is None:
        return None
    return Pair(pair_id, mentor, mentee, start, end, status)


def _check_unique(table: CsvTable, pairs: list[tuple[CsvRow, Pair]], errors: list[PlaybookError]) -> None:
    first_pair: dict[str, int] = {}
    active_person: dict[str, int] = {}
    for row, pair in pairs:
        if pair.id in first_pair:
            errors.append(table.error(row.line, f"pair id '{pair.id}' is used twice (first on line {first_pair[pair.id]}).", "pair_id"))
        first_pair.setdefault(pair.id, row.line)
        if pair.status != "active":
            continue
        for side, person in zip(SIDES, pair.people, strict=True):
            key = person.email.lower()
            if key in active_person:
                message = (
                    f"{person.email} is already in an active pair on line {active_person[key]}; a person can be in one active pair only."
                )
                errors.append(table.error(row.line, message, f"{side}_email"))
            active_person.setdefault(key, row.line)


def parse_roster(table: CsvTable, cohort: Cohort) -> tuple[Pair, ...]:
    """The cohort's pairs from a roster table; raises ``ErrorList`` with every problem."""
    errors: list[PlaybookError] = []
    parsed: list[tuple[CsvRow, Pair]] = []
    for row in table.rows:
        pair = _pair(_RowReader(table, row, errors), cohort)
        if pair:
            parsed.append((row, pair))
    _check_unique(table, parsed, errors)
    raise_if_any(errors)
    return tuple(sorted((pair for _, pair in parsed), key=lambda pair: pair.id))


class _QuickSessions:
    """Accepts session rows with no problem, remembering each date text seen.

    ``session`` gives ``None`` for a row with any problem; ``_session`` then words the problems.
    The rules are those of ``_session``.
    """

    def __init__(self, table: CsvTable, cohort: Cohort, by_id: dict[str, Pair], agendas: set[str]) -> None:
        self.fields = itemgetter(*(table.header.index(column) for column in SESSION_COLUMNS))
        self.cohort, self.by_id, self.agendas = cohort, by_id, agendas
        self.dates: dict[str, datetime.date | None] = {}

    def session(self, cells: tuple[str, ...]) -> Session | None:
        pair_id, day, minutes, agenda, status = map(str.strip, self.fields(cells))
        pair = self.by_id.get(pair_id)
        when = self.dates[day] if day in self.dates else self._date(day)
        minutes = minutes or "0"
        if pair is None or when is None or status not in SESSION_STATUSES or (agenda and agenda not in self.agendas):
            return None
        if not minutes.isdigit() or int(minutes) > 1440 or not pair.start <= when <= (pair.end or self.cohort.end):
            return None
        return Session(pair_id, when, int(minutes), agenda, status)

    def _date(self, text: str) -> datetime.date | None:
        try:
            parsed: datetime.date | None = datetime.date.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is not None and not self.cohort.start <= parsed <= self.cohort.end:
            parsed = None
        self.dates[text] = parsed
        return parsed


def _session(reader: _RowReader, cohort: Cohort, by_id: dict[str, Pair], agendas: set[str]) -> Session | None:
    """One row of the session log, every problem added to the reader's errors."""
    before = len(reader.errors)
    pair_id = reader.text("pair_id")
    if pair_id and pair_id not in by_id:
        reader.fail("pair_id", f"unknown pair '{pair_id}'.{did_you_mean(pair_id, by_id)} Add it to roster.csv or fix the id.")
    when = reader.date("date", cohort)
    agenda = reader.text("agenda", required=False)
    if agenda and agenda not in agendas:
        reader.fail("agenda", f"unknown agenda id '{agenda}'.{did_you_mean(agenda, agendas)} Known agendas: {', '.join(sorted(agendas))}.")
    status = reader.choice("status", SESSION_STATUSES)
    minutes = reader.minutes("minutes")
    pair = by_id.get(pair_id)
    if pair and when and not pair.start <= when <= (pair.end or cohort.end):
        reader.fail("date", f"{when} is outside pair '{pair_id}' ({pair.start} to {pair.end or cohort.end}); fix the date.")
    if len(reader.errors) == before and when:
        return Session(pair_id, when, minutes, agenda, status)
    return None


def parse_sessions(table: CsvTable, cohort: Cohort, pairs: tuple[Pair, ...], agendas: set[str]) -> tuple[Session, ...]:
    """The cohort's session log; every pair and agenda must be known."""
    errors: list[PlaybookError] = []
    by_id = {pair.id: pair for pair in pairs}
    quick = _QuickSessions(table, cohort, by_id, agendas)
    sessions: list[Session] = []
    for row in table.rows:
        session = quick.session(row.cells) or _session(_RowReader(table, row, errors), cohort, by_id, agendas)
        if session is not None:
            sessions.append(session)
    raise_if_any(errors)
    return tuple(sorted(sessions, key=attrgetter("date", "pair_id", "status", "agenda", "minutes")))


def _optional_table(project: Project, cohort: Cohort, name: str, required: tuple[str, ...]) -> CsvTable | None:
    path = project.content_dir / "cohorts" / cohort.id / name
    if not path.is_file():
        return None
    return load_csv_file(path, project.display(path), required)


def _collect(errors: list[PlaybookError], action: Callable[[], Any], fallback: Any) -> Any:
    try:
        return action()
    except PlaybookError as error:
        errors.append(error)
    except ErrorList as many:
        errors.extend(many)
    return fallback


def _load_responses(program: Program, cohort: Cohort, table: CsvTable | None, pairs: tuple[Pair, ...]) -> tuple[Any, ...]:
    """Survey answers, checked by the surveys feature; a named pair must be in the roster."""
    if table is None:
        return ()
    known = {pair.id for pair in pairs}
    position = table.header.index("pair") if "pair" in table.header else None
    named = ((row, row.cells[position].strip()) for row in table.rows) if position is not None else ()
    errors = [
        table.error(
            row.line,
            f"unknown pair '{row.values['pair']}'.{did_you_mean(row.values['pair'], known)} Use a pair_id from roster.csv.",
            "pair",
        )
        for row, pair in named
        if pair and pair not in known
    ]
    raise_if_any(errors)
    return tuple(parse_responses(table, program, cohort.id))


def load_one(program: Program, project: Project, cohort: Cohort, errors: list[PlaybookError]) -> CohortData:
    """One cohort's data; problems are added to ``errors``."""
    before = len(errors)
    roster = _collect(errors, lambda: _optional_table(project, cohort, "roster.csv", ROSTER_COLUMNS), None)
    pairs = _collect(errors, lambda: parse_roster(roster, cohort), ()) if roster else ()
    log = _collect(errors, lambda: _optional_table(project, cohort, "sessions.csv", SESSION_COLUMNS), None)
    agendas = {agenda.id for agenda in program.agendas}
    roster_ok = len(errors) == before  # with a broken roster every session would be "unknown pair"
    sessions = _collect(errors, lambda: parse_sessions(log, cohort, pairs, agendas), ()) if log and roster_ok else ()
    answers = _collect(errors, lambda: _optional_table(project, cohort, "responses.csv", ()), None)
    responses = _collect(errors, lambda: _load_responses(program, cohort, answers, pairs), ()) if roster_ok else ()
    return CohortData(pairs, sessions, responses)


def load_cohort_data(program: Program, project: Project) -> dict[str, CohortData]:
    """Every cohort's tables by cohort id; raises one ``ErrorList`` with every problem."""
    errors: list[PlaybookError] = []
    with collector_paused():
        data = {cohort.id: load_one(program, project, cohort, errors) for cohort in program.cohorts}
    raise_if_any(errors)
    return data
