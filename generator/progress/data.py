"""Load stage for cohort data: roster, session log, milestones marked done and survey answers (CSV).

Input: the ``Program`` and the ``Project`` (files ``content/cohorts/<cohort-id>/*.csv``:
``roster.csv``, ``sessions.csv``, ``milestones.csv``, ``responses.csv``).
Output: a ``CohortData`` per cohort id, validated column by column with FILE:LINE errors
(unknown pair, a date outside the cohort, an unknown status, a person in two active pairs, a
column the file does not have: a misspelt optional column would lose its data), and an error for
a folder under content/cohorts/ that is no cohort's.
A partnership is a pair or a group (several roster rows sharing a pair_id), with its optional
agreed slot (meeting_day, meeting_time, timezone). A missing file means "nothing yet": a cohort
not yet matched has no roster.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from itertools import islice, starmap
from operator import attrgetter, eq, le
from typing import Any, cast

from generator.cache import COHORTS
from generator.dates import strict_date
from generator.declare import PERSON_EMAIL_PATTERN, time_zone_problem
from generator.errors import PlaybookError, collect, did_you_mean, raise_if_any
from generator.load import CellProblem, CsvTable, TableCheck, collector_paused, date_advice, existing_inside, load_csv_file, made_alike
from generator.model import Program
from generator.progress.model import TIME_PATTERN, Cohort, cohorts_of
from generator.project import Project
from generator.surveys.canonical import CANONICAL_FIXED, RESPONSES_FILE, parse_responses

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
SLOT_COLUMNS = ("meeting_day", "meeting_time", "timezone")
"""Optional roster columns: the partnership's agreed weekly slot."""
SHARED_COLUMNS = ("start", "end", "status", *SLOT_COLUMNS)
"""Columns a group partnership's later rows may leave empty: they take the first row's value."""
SESSION_COLUMNS = ("pair_id", "date", "minutes", "agenda", "status")
SESSION_OPTIONAL_COLUMNS = ("milestone",)
MILESTONE_COLUMNS = ("pair_id", "milestone", "date")
ROSTER_KNOWN = (*ROSTER_COLUMNS, *SLOT_COLUMNS)
"""Every column roster.csv may have (another is refused: a misspelt optional column would lose its data)."""
SESSION_KNOWN = (*SESSION_COLUMNS, *SESSION_OPTIONAL_COLUMNS)
"""Every column sessions.csv may have."""
MILESTONES_FILE = "milestones.csv"
PAIR_STATUSES = ("active", "completed", "ended-early")
SESSION_STATUSES = ("held", "cancelled", "no-show")
SIDES = ("mentor", "mentee")
PERSON_PARTS = ("name", "email", "level", "department")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_EMAIL = re.compile(PERSON_EMAIL_PATTERN)
_WHOLE = re.compile("[0-9]{1,4}")
_TIME = re.compile(TIME_PATTERN)


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    level: str
    department: str


@dataclass(frozen=True)
class Pair:
    """A partnership: one mentor and one mentee, or a group (several mentees, or a small team).

    ``mentor`` and ``mentee`` are the first of each side; ``other_mentors`` and ``other_mentees``
    the rest of a group. ``meeting_day``/``meeting_time``/``timezone`` are the agreed slot, if set.
    """

    id: str
    mentor: Person
    mentee: Person
    start: datetime.date
    end: datetime.date | None
    status: str
    other_mentors: tuple[Person, ...] = ()
    other_mentees: tuple[Person, ...] = ()
    meeting_day: str | None = None
    meeting_time: datetime.time | None = None
    timezone: str | None = None

    @property
    def mentors(self) -> tuple[Person, ...]:
        return (self.mentor, *self.other_mentors)

    @property
    def mentees(self) -> tuple[Person, ...]:
        return (self.mentee, *self.other_mentees)

    @property
    def people(self) -> tuple[Person, ...]:
        """Everyone in the partnership: mentors first."""
        return (*self.mentors, *self.mentees)

    @property
    def members(self) -> tuple[tuple[str, Person], ...]:
        """(role, person) for everyone in the partnership."""
        return (*(("mentor", person) for person in self.mentors), *(("mentee", person) for person in self.mentees))

    @property
    def is_group(self) -> bool:
        return len(self.people) > 2


@dataclass(frozen=True, slots=True)
class Session:
    pair_id: str
    date: datetime.date
    minutes: int
    agenda: str
    status: str
    milestone: str = ""


@dataclass(frozen=True, slots=True)
class MilestoneDone:
    """A milestone a partnership reached, on a day: marked in milestones.csv or named by a session."""

    pair_id: str
    milestone: str
    date: datetime.date


@dataclass(frozen=True)
class CohortData:
    """One cohort's tables, parsed and checked."""

    pairs: tuple[Pair, ...] = ()
    sessions: tuple[Session, ...] = ()
    responses: tuple[Any, ...] = ()
    milestones_done: tuple[MilestoneDone, ...] = ()
    """Milestones marked done explicitly (milestones.csv) or by a held session that names one."""


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
        raise CellProblem((column, f"'{value}' is not a date; {date_advice(value, cohort.start.isoformat())}."))
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


def _meeting_day(cell: str) -> str | None:
    value = cell.strip().lower()
    if not value:
        return None
    if value not in WEEKDAYS:
        raise CellProblem(("meeting_day", f"'{cell.strip()}' is not a day of the week; write one of: {', '.join(WEEKDAYS)}."))
    return value


def _meeting_time(cell: str) -> datetime.time | None:
    value = cell.strip()
    if not value:
        return None
    if not _TIME.fullmatch(value):
        raise CellProblem(("meeting_time", f"'{value}' is not a time of day; write it as HH:MM on a 24-hour clock, such as 14:30."))
    return datetime.time.fromisoformat(value)


def _time_zone(cell: str) -> str | None:
    value = cell.strip()
    if value and (problem := time_zone_problem(value)):
        raise CellProblem(("timezone", problem))
    return value or None


def _part(column: str, cell: str | None) -> str:
    """A check of one cell of a person; ``None`` stands for a row that leaves that side empty (gives '')."""
    if cell is None:
        return ""
    return _email(column, cell) if column.endswith("_email") else _text(column, cell)


def _people(check: TableCheck, cells: Cells, side: str) -> list[Person | None]:
    """The mentor or mentee (``side``) of each row; None where the row leaves that side empty (a group's later row).

    Checked column by column (each distinct cell once): names, levels and departments repeat a lot.
    """
    filled = _filled(cells, side)
    columns = [f"{side}_{part}" for part in PERSON_PARTS]
    parts = [
        check.check([cell if named else None for cell, named in zip(cells[column], filled, strict=True)], partial(_part, column))
        for column in columns
    ]
    people = zip(filled, *parts, strict=True)
    return [Person(*values) if named and all(values) else None for named, *values in people]


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


def _first_rows(table: CsvTable, ids: list[str | None], errors: list[PlaybookError]) -> list[int]:
    """For each row, the index of its partnership's first row; a group's rows must follow each other."""
    first: dict[str, int] = {}
    found = []
    for index, pair_id in enumerate(ids):
        key = pair_id or f"\x00{index}"
        if key in first and ids[index - 1] != pair_id:
            line = table.lines[first[key]]
            message = f"pair id '{pair_id}' is used twice (first on line {line}); the rows of one group partnership follow each other."
            errors.append(table.error(table.lines[index], message, "pair_id"))
        found.append(first.setdefault(key, index))
    return found


def _shared_cells(table: CsvTable, cells: Cells, firsts: list[int], errors: list[PlaybookError]) -> Cells:
    """``SHARED_COLUMNS`` as each row's partnership has them: a later row's empty cell takes the first row's value."""
    shared: Cells = {}
    for column in SHARED_COLUMNS:
        column_cells = cells.get(column) or ("",) * len(table)
        values = []
        for index, cell in enumerate(column_cells):
            first = column_cells[firsts[index]]
            if cell.strip() and cell.strip() != first.strip():
                errors.append(table.error(table.lines[index], _differs(cell.strip(), first.strip(), table.lines[firsts[index]]), column))
            values.append(first if first.strip() else cell)  # an empty first cell is reported at the first row only
        shared[column] = tuple(values)
    return shared


def _differs(cell: str, first: str, line: int) -> str:
    """Why a later row of a partnership may not set ``cell`` when its first row (on ``line``) has ``first``."""
    if not first:
        return f"'{cell}' belongs on line {line}, the first row of this partnership, which leaves it empty; move it there."
    return f"'{cell}' differs from line {line} of the same partnership ('{first}'); leave it empty or make them equal."


@dataclass
class _Members:
    """A partnership's people as its rows add them (first line, each side's people by email)."""

    line: int
    index: int
    sides: dict[str, dict[str, Person]]


def _add_member(table: CsvTable, group: _Members, line: int, side: str, person: Person, errors: list[PlaybookError]) -> None:
    key = person.email.lower()
    other = SIDES[1 - SIDES.index(side)]
    if key in group.sides[other]:
        errors.append(
            table.error(line, f"{person.email} is both mentor and mentee of this partnership; give them one role.", f"{side}_email")
        )
    elif group.sides[side].get(key, person) != person:
        message = f"{person.email} is written differently on line {group.line}; copy the same name, level and department."
        errors.append(table.error(line, message, f"{side}_{PERSON_PARTS[0]}"))
    group.sides[side].setdefault(key, person)


def _filled(cells: Cells, side: str) -> list[bool]:
    """Whether each row names someone on ``side`` (any of its four cells filled)."""
    return [any(cell.strip() for cell in row) for row in zip(*(cells[f"{side}_{part}"] for part in PERSON_PARTS), strict=True)]


def _sides_present(key: tuple[bool, bool, bool]) -> None:
    """A check per row: a partnership's first row names a mentor and a mentee; a later row at least one of them."""
    first, has_mentor, has_mentee = key
    if first and not (has_mentor and has_mentee):
        side = "mentee" if has_mentor else "mentor"
        raise CellProblem((f"{side}_name", f"the first row of a partnership needs its {side}; fill in the {side}_ columns."))
    if not (has_mentor or has_mentee):
        raise CellProblem(("mentor_name", "this row adds nobody to its group partnership; fill in a mentor or a mentee, or delete it."))


def _members(
    table: CsvTable, ids: list[str | None], sides: dict[str, list[Person | None]], errors: list[PlaybookError]
) -> dict[str, _Members]:
    """Each partnership's people, by pair id, in roster order."""
    groups: dict[str, _Members] = {}
    for index, pair_id in enumerate(ids):
        if pair_id is None:
            continue
        line = table.lines[index]
        group = groups.setdefault(pair_id, _Members(line, index, {side: {} for side in SIDES}))
        for side in SIDES:
            if (person := sides[side][index]) is not None:
                _add_member(table, group, line, side, person, errors)
    return groups


def _check_unique(table: CsvTable, pairs: list[tuple[int, Pair]], errors: list[PlaybookError]) -> None:
    """A person is in one active partnership only."""
    active_person: dict[str, int] = {}
    for line, pair in pairs:
        if pair.status != "active":
            continue
        for side, person in pair.members:
            key = person.email.lower()
            if key in active_person:
                message = (
                    f"{person.email} is already in an active pair on line {active_person[key]}; a person can be in one active pair only."
                )
                errors.append(table.error(line, message, f"{side}_email"))
            active_person.setdefault(key, line)


@dataclass(frozen=True)
class _RowFields:
    """The checked shared columns of each row."""

    starts: list[datetime.date | None]
    ends: list[datetime.date | None]
    statuses: list[str | None]
    days: list[str | None]
    times: list[datetime.time | None]
    zones: list[str | None]


def _row_fields(check: TableCheck, shared: Cells, cohort: Cohort) -> _RowFields:
    starts = check.check(shared["start"], partial(_date, "start", cohort))
    statuses = check.check(shared["status"], partial(_choice, "status", PAIR_STATUSES))
    ends = check.check(shared["end"], partial(_date, "end", cohort, required=False))
    check.check(list(zip(statuses, ends, shared["end"], strict=True)), _end_fits_status)
    check.check(list(zip(starts, ends, strict=True)), _end_after_start)
    days = check.check(shared["meeting_day"], _meeting_day)
    times = check.check(shared["meeting_time"], _meeting_time)
    zones = check.check(shared["timezone"], _time_zone)
    return _RowFields(starts, ends, statuses, days, times, zones)


def _pair(pair_id: str, group: _Members, fields: _RowFields, index: int) -> Pair | None:
    mentors, mentees = (tuple(group.sides[side].values()) for side in SIDES)
    start, status = fields.starts[index], fields.statuses[index]
    if start is None or status is None or not mentors or not mentees:
        return None
    extra = (mentors[1:], mentees[1:], fields.days[index], fields.times[index], fields.zones[index])
    return Pair(pair_id, mentors[0], mentees[0], start, fields.ends[index], status, *extra)


def parse_roster(table: CsvTable, cohort: Cohort) -> tuple[Pair, ...]:
    """The cohort's partnerships from a roster table; raises ``ErrorList`` with every problem.

    A partnership is one row, or several rows sharing a pair_id (a group: each later row adds a
    mentor, a mentee or both; its start, end, status and slot cells are empty or repeat the first row's).
    """
    errors: list[PlaybookError] = []
    check, cells = TableCheck(table, errors), table.columns()
    ids = check.check(cells["pair_id"], partial(_text, "pair_id"))
    firsts = _first_rows(table, ids, errors)
    sides = {side: _people(check, cells, side) for side in SIDES}
    fields = _row_fields(check, _shared_cells(table, cells, firsts, errors), cohort)
    check.check(list(zip(cells["mentor_email"], cells["mentee_email"], strict=True)), _two_people)
    first_row = [first == index for index, first in enumerate(firsts)]
    check.check(list(zip(first_row, *(_filled(cells, side) for side in SIDES), strict=True)), _sides_present)
    groups = _members(table, ids, sides, errors)
    pairs = []
    for pair_id, group in groups.items():
        if group.index not in check.refused and (pair := _pair(pair_id, group, fields, group.index)):
            pairs.append((group.line, pair))
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


def markable_milestones(cohort: Cohort) -> dict[str, str]:
    """The cohort's milestones a pair can reach in a session or be marked done with (id: title).

    A milestone linked to a survey is reached by answering the survey, so it is not among them.
    """
    return {milestone.id: milestone.title for milestone in cohort.milestones if not milestone.survey}


def _milestone(cohort: Cohort, cell: str) -> str:
    """A check: the cell is empty or names a milestone of the cohort that can be marked."""
    milestone = cell.strip()
    milestones = markable_milestones(cohort)
    survey = next((item.survey for item in cohort.milestones if item.id == milestone and item.survey), None)
    if survey:
        raise CellProblem(("milestone", f"milestone '{milestone}' is reached by answering survey '{survey}'; leave it out here."))
    if milestone and milestone not in milestones:
        known = ", ".join(sorted(milestones)) or "none: add milestones to the cohort in program.yaml"
        raise CellProblem(
            ("milestone", f"unknown milestone '{milestone}'.{did_you_mean(milestone, milestones)} Known milestones: {known}.")
        )
    return milestone


def _reached_when_held(key: tuple[str | None, str | None]) -> None:
    """A check across columns: only a held session reaches a milestone."""
    status, milestone = key
    if milestone and status is not None and status != "held":  # an unknown status has its own error
        raise CellProblem(("milestone", f"a {status} session reaches no milestone; leave 'milestone' empty or set the status to held."))


def parse_sessions(table: CsvTable, cohort: Cohort, pairs: tuple[Pair, ...], agendas: set[str]) -> tuple[Session, ...]:
    """The cohort's session log; every pair, agenda and milestone must be known."""
    errors: list[PlaybookError] = []
    check, cells = TableCheck(table, errors), table.columns()
    by_id = {pair.id: pair for pair in pairs}
    pair_ids = check.check(cells["pair_id"], partial(_pair_id, by_id))
    dates = check.check(cells["date"], partial(_date, "date", cohort))
    agenda_ids = check.check(cells["agenda"], partial(_agenda, agendas))
    statuses = check.check(cells["status"], partial(_choice, "status", SESSION_STATUSES))
    minutes = check.check(cells["minutes"], _minutes)
    named = cells.get("milestone") or ("",) * len(table)
    milestones = check.check(named, partial(_milestone, cohort))
    if any(milestones):  # a session that names no milestone passes _reached_when_held
        check.check(list(zip(statuses, milestones, strict=True)), _reached_when_held)
    if not _all_within_pairs(by_id, cohort, pair_ids, dates):
        check.check(list(zip(pair_ids, dates, strict=True)), partial(_within_pair, by_id, cohort))
    columns = (dates, pair_ids, statuses, agenda_ids, minutes, milestones)
    if errors:
        _refuse_repeats(check, columns)  # reported with the other problems
    raise_if_any(errors)
    ordered = sorted(zip(*columns, strict=True))  # by every field: a stable order, with a repeated session next to the first
    if any(map(eq, ordered, islice(ordered, 1, None))):
        _refuse_repeats(check, columns)
        raise_if_any(errors)
    if not ordered:
        return ()
    days, ids, kinds, agendas_held, lengths, reached = zip(*ordered, strict=True)
    return made_alike(Session, ids, days, lengths, agendas_held, kinds, reached)


def _refuse_repeats(check: TableCheck, columns: tuple[list[Any], ...]) -> None:
    """A session written twice (every checked value the same as an earlier row's) would count twice: the repeat is refused.

    Only rows every check accepted are compared (a refused row has its own problems).
    """
    first_line: dict[tuple[Any, ...], int] = {}
    for index, (line, session) in enumerate(zip(check.table.lines, zip(*columns, strict=True), strict=True)):
        if index in check.refused:
            continue
        earlier = first_line.setdefault(session, line)
        if earlier != line:
            message = f"this row repeats line {earlier} (same pair, date, minutes, agenda, status and milestone); delete one of them."
            check.errors.append(check.table.error(line, message))


def _all_within_pairs(by_id: dict[str, Pair], cohort: Cohort, pair_ids: list[str | None], dates: list[datetime.date | None]) -> bool:
    """Whether every session is dated while its pair runs (``_within_pair`` for all rows in one go: the usual case)."""
    if None in pair_ids or None in dates:
        return False
    ids, days = cast(list[str], pair_ids), cast(list[datetime.date], dates)
    starts = {pair.id: pair.start for pair in by_id.values()}
    ends = {pair.id: pair.end or cohort.end for pair in by_id.values()}
    return all(map(le, map(starts.__getitem__, ids), days)) and all(map(le, days, map(ends.__getitem__, ids)))


def parse_milestones_done(table: CsvTable, cohort: Cohort, pairs: tuple[Pair, ...]) -> tuple[MilestoneDone, ...]:
    """Milestones marked done by hand (``milestones.csv``: pair_id, milestone, date)."""
    errors: list[PlaybookError] = []
    check, cells = TableCheck(table, errors), table.columns()
    by_id = {pair.id: pair for pair in pairs}
    pair_ids = check.check(cells["pair_id"], partial(_pair_id, by_id))
    milestones = check.check(cells["milestone"], lambda cell: _milestone(cohort, cell) or _text("milestone", cell))
    dates = check.check(cells["date"], partial(_date, "date", cohort))
    raise_if_any(errors)
    marked = starmap(MilestoneDone, zip(pair_ids, milestones, dates, strict=True))
    return tuple(sorted(marked, key=attrgetter("date", "pair_id", "milestone")))


def milestones_reached(sessions: tuple[Session, ...], marked: tuple[MilestoneDone, ...]) -> tuple[MilestoneDone, ...]:
    """Every milestone reached: marked by hand or named by a held session; the earliest day per pair and milestone."""
    found = [*marked, *(MilestoneDone(s.pair_id, s.milestone, s.date) for s in sessions if s.milestone and s.status == "held")]
    earliest: dict[tuple[str, str], MilestoneDone] = {}
    for item in sorted(found, key=attrgetter("date")):
        earliest.setdefault((item.pair_id, item.milestone), item)
    return tuple(sorted(earliest.values(), key=attrgetter("date", "pair_id", "milestone")))


def _optional_table(
    project: Project,
    cohort: Cohort,
    name: str,
    required: tuple[str, ...],
    read_apart: tuple[str, ...] | None = None,
    known: tuple[str, ...] | None = None,
) -> CsvTable | None:
    """The cohort's table ``name`` (``known``: every column it may have; None: checked by its parser), or None without the file."""
    path = project.cohort_dir(cohort.id) / name
    display = f"content/cohorts/{cohort.id}/{name}"
    if not existing_inside(project.root, path, display):
        return None
    return load_csv_file(path, display, required, read_apart, known)


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
        TableCheck(table, errors).check(table.column("pair"), partial(_named_pair, {pair.id for pair in pairs}))
        raise_if_any(errors)
    return tuple(parse_responses(table, program, cohort.id))


def load_one(program: Program, project: Project, cohort: Cohort, errors: list[PlaybookError]) -> CohortData:
    """One cohort's data; problems are added to ``errors``."""
    before = len(errors)
    roster = collect(errors, lambda: _optional_table(project, cohort, "roster.csv", ROSTER_COLUMNS, known=ROSTER_KNOWN))
    pairs = (collect(errors, lambda: parse_roster(roster, cohort)) or ()) if roster else ()
    log = collect(errors, lambda: _optional_table(project, cohort, "sessions.csv", SESSION_COLUMNS, known=SESSION_KNOWN))
    agendas = {agenda.id for agenda in program.agendas}
    roster_ok = len(errors) == before  # with a broken roster every session would be "unknown pair"
    sessions = (collect(errors, lambda: parse_sessions(log, cohort, pairs, agendas)) or ()) if log and roster_ok else ()
    answers = collect(errors, lambda: _optional_table(project, cohort, RESPONSES_FILE, (), CANONICAL_FIXED))
    responses = (collect(errors, lambda: _load_responses(program, cohort, answers, pairs)) or ()) if roster_ok else ()
    marks = collect(errors, lambda: _optional_table(project, cohort, MILESTONES_FILE, MILESTONE_COLUMNS, known=MILESTONE_COLUMNS))
    marked = (collect(errors, lambda: parse_milestones_done(marks, cohort, pairs)) or ()) if marks and roster_ok else ()
    return CohortData(pairs, sessions, responses, milestones_reached(sessions, marked))


def _cohort_data(program: Program, project: Project, cohort: Cohort, errors: list[PlaybookError]) -> CohortData:
    """One cohort's data; the preview recalls it while the programme and the cohort's folder are unchanged."""

    def step() -> CohortData:
        found: list[PlaybookError] = []
        data = load_one(program, project, cohort, found)
        raise_if_any(found)
        return data

    return collect(errors, lambda: COHORTS.recall(("data", cohort.id), (program,), step, project.cohort_dir(cohort.id))) or CohortData()


def _unknown_cohort_folders(program: Program, project: Project) -> list[PlaybookError]:
    """A folder under content/cohorts/ that is no cohort's (a misspelt or renamed id): its files would be ignored."""
    folder = project.content_dir / "cohorts"
    if not folder.is_dir():
        return []
    known = [cohort.id for cohort in cohorts_of(program)]
    return [
        PlaybookError(
            f"content/cohorts/{path.name}",
            0,
            0,
            (),
            f"no cohort '{path.name}' in program.yaml, so this folder's files would be ignored.{did_you_mean(path.name, known)} "
            f"Known cohorts: {', '.join(known) or 'none'}. Rename the folder to its cohort's id, or add the cohort to program.yaml.",
        )
        for path in sorted(folder.iterdir())
        if path.name not in known and not path.name.startswith(".") and path.is_dir()
    ]


def load_cohort_data(program: Program, project: Project) -> dict[str, CohortData]:
    """Every cohort's tables by cohort id; raises one ``ErrorList`` with every problem (a folder of no cohort is one)."""
    errors = _unknown_cohort_folders(program, project)
    with collector_paused():
        data = {cohort.id: _cohort_data(program, project, cohort, errors) for cohort in cohorts_of(program)}
    raise_if_any(errors)
    return data
