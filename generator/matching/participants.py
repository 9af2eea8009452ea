"""The participants file of a cohort: who applied, for which role, and what they bring and want.

Input: ``content/cohorts/<cohort>/participants.csv`` (a ``CsvTable``), the ``Matching`` rules,
the programme's time zone and the cohort's start date.
Output: ``Participants`` (valid ``Participant`` rows, reporting lines) or every problem as a
located ``PlaybookError`` (FILE:LINE: column: message).

Lists inside a cell (languages, skills, goals, ways to meet, availability) are joined with ``|``,
like multiple-choice answers in responses.csv. Role ``none`` lists a manager who did not apply,
so reporting lines are complete; such rows are never matched.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import declare
from generator.errors import PlaybookError, did_you_mean, raise_if_any
from generator.load import CsvRow, CsvTable, load_csv_file
from generator.matching.availability import DAYS, is_slot, week_mask, zone
from generator.matching.model import Matching

COLUMNS = (
    "id",
    "name",
    "email",
    "role",
    "level",
    "department",
    "manager_id",
    "timezone",
    "languages",
    "skills_offered",
    "learning_goals",
    "meeting_preferences",
    "availability",
    "capacity",
)
ROLES = ("mentor", "mentee", "none")
MEETING_WAYS = ("video", "in-person", "chat")
MAX_CAPACITY = 10
ID_PATTERN = re.compile(declare.ID_PATTERN)
EMAIL_PATTERN = re.compile(declare.PERSON_EMAIL_PATTERN)
_WHOLE_NUMBER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Participant:
    """One applicant (or, with role ``none``, a manager listed for reporting lines)."""

    id: str
    line: int
    name: str
    email: str
    role: str
    level: str
    rank: int
    department: str
    manager_id: str
    timezone: str
    languages: tuple[str, ...]
    skills_offered: tuple[str, ...]
    learning_goals: tuple[str, ...]
    meeting_preferences: tuple[str, ...]
    availability: tuple[str, ...]
    capacity: int
    week: int = 0


@dataclass(frozen=True)
class Participants:
    """Valid participants of one cohort, sorted by id, and everyone's chain of managers."""

    file: str
    people: tuple[Participant, ...]
    managers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def by_role(self, role: str) -> tuple[Participant, ...]:
        return tuple(person for person in self.people if person.role == role)

    def get(self, person_id: str) -> Participant | None:
        return next((person for person in self.people if person.id == person_id), None)

    def same_reporting_line(self, first: str, second: str) -> bool:
        """Whether one of the two manages the other, directly or further up."""
        return first in self.managers.get(second, ()) or second in self.managers.get(first, ())


def partner_role(role: str) -> str:
    """The role someone of ``role`` (mentor or mentee) is paired with."""
    return "mentee" if role == "mentor" else "mentor"


def split_list(cell: str) -> tuple[str, ...]:
    """``"a | b|a"`` → ``("a", "b")``: trimmed, empty parts and repeats dropped."""
    seen: dict[str, str] = {}
    for part in cell.split("|"):
        text = part.strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(seen.values())


@dataclass
class _RowReader:
    """Reads one row's cells, collecting located errors."""

    table: CsvTable
    row: CsvRow
    errors: list[PlaybookError]
    cells: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.cells = self.row.values

    def text(self, column: str) -> str:
        return " ".join(self.cells.get(column, "").split())

    def fail(self, column: str, message: str) -> None:
        self.errors.append(self.table.error(self.row.line, message, column))

    def choices(self, column: str, allowed: tuple[str, ...] | None, check: Callable[[str], bool] | None = None) -> tuple[str, ...]:
        values = split_list(self.cells.get(column, ""))
        for value in values:
            if allowed is not None and value not in allowed:
                self.fail(column, f"'{value}' is not allowed.{did_you_mean(value, allowed)} Use one or more of: {', '.join(allowed)}.")
            elif check is not None and not check(value):
                self.fail(column, f"'{value}' is not a slot; write a weekday and am or pm, such as mon-am or {DAYS[4]}-pm.")
        return values


def _rank(reader: _RowReader, level: str, levels: tuple[str, ...]) -> int:
    if levels:
        if level in levels:
            return levels.index(level)
        reader.fail(
            "level", f"unknown level '{level}'.{did_you_mean(level, levels)} Levels in program.yaml (matching.levels): {', '.join(levels)}."
        )
        return 0
    if _WHOLE_NUMBER.fullmatch(level):
        return int(level)
    reader.fail("level", f"'{level}' is not a whole number; write a number, or list the level names under matching.levels in program.yaml.")
    return 0


def _capacity(reader: _RowReader) -> int:
    cell = reader.text("capacity") or "1"
    if not _WHOLE_NUMBER.fullmatch(cell):
        reader.fail("capacity", f"'{cell}' is not a whole number; write how many pairs this person can take, such as 1.")
        return 1
    value = int(cell)
    if not 1 <= value <= MAX_CAPACITY:
        reader.fail("capacity", f"capacity {value} must be between 1 and {MAX_CAPACITY}; a person takes at least one pair.")
    return max(1, min(value, MAX_CAPACITY))


def _required(reader: _RowReader, *columns: str) -> None:
    for column in columns:
        if not reader.text(column):
            reader.fail(column, f"{column} is empty; every mentor and mentee needs one.")


def _read_row(reader: _RowReader, rules: Matching, default_timezone: str, start: datetime.date) -> Participant:
    role = reader.text("role")
    if role not in ROLES:
        reader.fail("role", f"unknown role '{role}'.{did_you_mean(role, ROLES)} Use mentor, mentee, or none (a manager who did not apply).")
    applicant = role in ("mentor", "mentee")
    if applicant:
        _required(reader, "name", "email", "level")
    email = reader.text("email")
    if email and not EMAIL_PATTERN.match(email):
        reader.fail("email", f"'{email}' is not an email address.")
    level = reader.text("level")
    timezone = reader.text("timezone") or default_timezone
    found_zone = zone(timezone)
    if found_zone is None:
        reader.fail("timezone", f"unknown time zone '{timezone}'; use an IANA name such as Europe/London or America/New_York.")
    slots = reader.choices("availability", None, is_slot)
    valid_slots = tuple(slot for slot in slots if is_slot(slot))
    return Participant(
        id=reader.text("id"),
        line=reader.row.line,
        name=reader.text("name"),
        email=email,
        role=role,
        level=level,
        rank=_rank(reader, level, rules.levels) if applicant or level else 0,
        department=reader.text("department"),
        manager_id=reader.text("manager_id"),
        timezone=timezone,
        languages=reader.choices("languages", None),
        skills_offered=reader.choices("skills_offered", None),
        learning_goals=reader.choices("learning_goals", None),
        meeting_preferences=reader.choices("meeting_preferences", MEETING_WAYS),
        availability=slots,
        capacity=_capacity(reader),
        week=week_mask(valid_slots, found_zone, start) if found_zone else 0,
    )


def _identity_errors(table: CsvTable, people: list[Participant]) -> list[PlaybookError]:
    errors: list[PlaybookError] = []
    first_id: dict[str, int] = {}
    first_email: dict[str, int] = {}
    for person in people:
        if not ID_PATTERN.match(person.id):
            errors.append(
                table.error(person.line, f"'{person.id}' is not a valid id; use lowercase letters, digits and hyphens, such as p01.", "id")
            )
        if person.id in first_id:
            errors.append(
                table.error(person.line, f"person '{person.id}' is listed twice (first on line {first_id[person.id]}); keep one row.", "id")
            )
        first_id.setdefault(person.id, person.line)
        key = person.email.casefold()
        if key and key in first_email:
            errors.append(
                table.error(person.line, f"email {person.email} is listed twice (first on line {first_email[key]}); keep one row.", "email")
            )
        if key:
            first_email.setdefault(key, person.line)
    return errors


def _manager_chains(table: CsvTable, people: list[Participant]) -> tuple[dict[str, tuple[str, ...]], list[PlaybookError]]:
    by_id = {person.id: person for person in people}
    chains: dict[str, tuple[str, ...]] = {}
    errors: list[PlaybookError] = []
    for person in people:
        chain: list[str] = []
        current = person
        while current.manager_id:
            manager = by_id.get(current.manager_id)
            if manager is None:
                if current is person:
                    hint = f"{did_you_mean(person.manager_id, by_id)} Add the manager as a row with role none, or fix the id."
                    errors.append(table.error(person.line, f"manager '{person.manager_id}' is not in this file.{hint}", "manager_id"))
                break
            if manager.id == person.id or manager.id in chain:
                errors.append(
                    table.error(
                        person.line,
                        f"the managers of '{person.id}' form a loop ({' → '.join([person.id, *chain, manager.id])}); fix manager_id.",
                        "manager_id",
                    )
                )
                break
            chain.append(manager.id)
            current = manager
        chains[person.id] = tuple(chain)
    return chains, errors


def parse_participants(table: CsvTable, rules: Matching, default_timezone: str, start: datetime.date) -> Participants:
    """Valid participants, or an ``ErrorList`` with every problem in the file."""
    errors: list[PlaybookError] = []
    people = [_read_row(_RowReader(table, row, errors), rules, default_timezone, start) for row in table.rows]
    errors += _identity_errors(table, people)
    chains, chain_errors = _manager_chains(table, people)
    raise_if_any(errors + chain_errors)
    return Participants(table.file, tuple(sorted(people, key=lambda person: person.id)), chains)


def load_participants(path: Path, display: str, rules: Matching, default_timezone: str, start: datetime.date) -> Participants:
    """Read and check a participants file."""
    return parse_participants(load_csv_file(path, display, COLUMNS), rules, default_timezone, start)
