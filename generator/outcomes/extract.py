"""Load stage for outcomes: the private HR extract, its dated changes, and who took part.

Input: the ``Project``, the ``Outcomes`` settings and the programme's cohorts (their roster.csv).
Output: ``Extract`` (employees by id, changes by person, participations), or an ``ErrorList``
with FILE:LINE errors: a missing column, a bad or impossible date, a leaving date before the
start, an id or email listed twice, a change for an unknown person, an unknown kind.
The files are never published: they are read here and only counts leave this package.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from generator.declare import ID_PATTERN
from generator.errors import PlaybookError, did_you_mean, raise_if_any
from generator.load import CsvRow, CsvTable, date_advice, load_csv_file
from generator.outcomes.measures import Change, Employee, Participation
from generator.outcomes.model import Outcomes
from generator.progress.data import ROSTER_COLUMNS, ROSTER_KNOWN, parse_roster
from generator.progress.model import Cohort
from generator.project import Project

EMPLOYEE_COLUMNS = ("person_id", "email", "level", "department", "start_date", "leaving_date", "leaving_reason")
CHANGE_COLUMNS = ("person_id", "date", "kind")
CHANGE_KINDS = ("promotion", "move")
LEAVING_REASONS = ("resigned", "retired", "redundancy", "dismissed", "end-of-contract", "other")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Extract:
    """The HR extract, checked, and who took part in which cohort."""

    employees: dict[str, Employee] = field(default_factory=dict)
    changes: dict[str, list[Change]] = field(default_factory=dict)
    participations: tuple[Participation, ...] = ()


def _date(
    table: CsvTable, line: int, cells: dict[str, str], column: str, errors: list[PlaybookError], required: bool = True
) -> datetime.date | None:
    """The date in ``cells[column]`` (None when empty and not ``required``); a bad one is reported at ``line``."""
    text = cells[column].strip()
    if not text and not required:
        return None
    try:
        if _DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    errors.append(table.error(line, f"'{text}' is not a date; {date_advice(text, '2024-03-01')}.", column))
    return None


def _employee(table: CsvTable, row: CsvRow, errors: list[PlaybookError]) -> Employee | None:
    before = len(errors)
    cells = {key: value.strip() for key, value in row.values.items()}  # made once per row
    if not re.fullmatch(ID_PATTERN, cells["person_id"]):
        errors.append(
            table.error(row.line, f"'{cells['person_id']}' is not an id; use lowercase letters, digits and hyphens.", "person_id")
        )
    for column in ("email", "level", "department"):
        if not cells[column]:
            errors.append(table.error(row.line, f"'{column}' is empty; fill it in.", column))
    start = _date(table, row.line, cells, "start_date", errors)
    left = _date(table, row.line, cells, "leaving_date", errors, required=False)
    reason = cells["leaving_reason"]
    if left and start and left < start:
        errors.append(table.error(row.line, f"leaving date {left} is before the start date {start}; fix one of them.", "leaving_date"))
    if reason and reason not in LEAVING_REASONS:
        hint = did_you_mean(reason, LEAVING_REASONS)
        errors.append(
            table.error(row.line, f"'{reason}' is not a leaving reason.{hint} Use one of: {', '.join(LEAVING_REASONS)}.", "leaving_reason")
        )
    if len(errors) > before or start is None:
        return None
    return Employee(cells["person_id"], cells["email"].casefold(), cells["level"], cells["department"], start, left, reason)


def parse_employees(table: CsvTable) -> dict[str, Employee]:
    """Employees by person id; raises ``ErrorList`` with every problem."""
    errors: list[PlaybookError] = []
    employees: dict[str, Employee] = {}
    first_line: dict[str, int] = {}
    for row in table.rows:
        employee = _employee(table, row, errors)
        if employee is None:
            continue
        for key, column in ((employee.person_id, "person_id"), (employee.email, "email")):
            if key in first_line:
                errors.append(
                    table.error(row.line, f"'{key}' is listed twice (first on line {first_line[key]}); keep one row per person.", column)
                )
            first_line.setdefault(key, row.line)
        employees[employee.person_id] = employee
    raise_if_any(errors)
    return employees


def parse_changes(table: CsvTable, employees: dict[str, Employee]) -> dict[str, list[Change]]:
    """Promotions and moves by person id, in date order; raises ``ErrorList`` with every problem."""
    errors: list[PlaybookError] = []
    changes: dict[str, list[Change]] = defaultdict(list)
    for row in table.rows:
        cells = row.values
        person, kind = cells["person_id"].strip(), cells["kind"].strip()
        when = _date(table, row.line, cells, "date", errors)
        if person not in employees:
            errors.append(
                table.error(
                    row.line, f"unknown person '{person}'.{did_you_mean(person, employees)} Use a person_id of the HR extract.", "person_id"
                )
            )
        if kind not in CHANGE_KINDS:
            errors.append(
                table.error(row.line, f"'{kind}' is not a kind of change.{did_you_mean(kind, CHANGE_KINDS)} Use promotion or move.", "kind")
            )
        if when and person in employees and kind in CHANGE_KINDS:
            changes[person].append(Change(person, when, "promotion" if kind == "promotion" else "move"))
    raise_if_any(errors)
    return {person: sorted(items, key=lambda change: change.date) for person, items in sorted(changes.items())}


def participations(project: Project, cohorts: tuple[Cohort, ...], employees: dict[str, Employee]) -> tuple[Participation, ...]:
    """Who took part in which cohort and role, matched to the extract by email."""
    by_email = {employee.email: employee.person_id for employee in employees.values()}
    found: list[Participation] = []
    for cohort in cohorts:
        path = project.cohort_dir(cohort.id) / "roster.csv"
        if not path.is_file():
            continue
        for pair in parse_roster(load_csv_file(path, project.display(path), ROSTER_COLUMNS, known=ROSTER_KNOWN), cohort):
            for role, person in pair.members:
                person_id = by_email.get(person.email.casefold())
                if person_id is not None:
                    found.append(Participation(person_id, role, cohort.id, cohort.start))
    return tuple(sorted(set(found), key=lambda item: (item.cohort_start, item.cohort, item.role, item.person_id)))


def load_extract(project: Project, settings: Outcomes, cohorts: tuple[Cohort, ...]) -> Extract:
    """The checked extract; no extract file means no outcomes yet (an empty ``Extract``)."""
    path = project.root / settings.employees
    if not path.is_file():
        return Extract()
    employees = parse_employees(load_csv_file(path, project.display(path), EMPLOYEE_COLUMNS))
    changes_path = project.root / settings.changes
    changes = (
        parse_changes(load_csv_file(changes_path, project.display(changes_path), CHANGE_COLUMNS), employees)
        if changes_path.is_file()
        else {}
    )
    return Extract(employees, changes, participations(project, cohorts, employees))
