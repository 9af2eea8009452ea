"""``playbook ingest`` for session-log entries: merge them into each cohort's ``sessions.csv``.

Input: the records of the input files whose survey is ``session-log`` (``generator.surveys.ingest``
reads every file), the ``Program``, the ``Project`` and the programme's secret.
Output: per cohort, the new text of ``content/cohorts/<cohort>/sessions.csv`` (the existing rows
kept as they are, new entries appended) and of the private ``reports/<cohort>/session-notes.csv``,
or FILE:LINE errors and nothing to write. An entry already in sessions.csv (same pair, date,
minutes, agenda, status and milestone) is a duplicate: ingesting twice changes nothing. An entry
for the same pair and date with other values is a conflict, located at both places. An entry that
carries a token (a download, a Netlify or endpoint export) must carry its pair's current token;
the collector's export carries none (the collector checked it). Private notes never go to
sessions.csv; in the notes file a cell that a spreadsheet would run as a formula (``=…``) starts
with a ``'`` (``spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from generator.disclosure import read_secret
from generator.errors import ErrorList, PlaybookError, collect
from generator.load import CsvTable, existing_inside, load_csv_file, parse_csv
from generator.model import Program
from generator.progress.data import ROSTER_COLUMNS, ROSTER_KNOWN, SESSION_COLUMNS, SESSION_KNOWN, parse_roster, parse_sessions
from generator.progress.model import find_cohort
from generator.project import Project
from generator.surveys.answers import csv_cell
from generator.surveys.canonical import Response, spreadsheet_safe
from generator.surveys.model import SESSION_LOG_ID
from generator.surveys.rosters import RosterPairs
from generator.surveys.session_log import SessionRow, TokenGate, check_entry, session_row

if TYPE_CHECKING:
    from generator.surveys.ingest import Record

SESSIONS_FILE = "sessions.csv"
NOTES_FILE = "session-notes.csv"
NOTES_COLUMNS = ("response_id", "pair_id", "date", "note")
MILESTONE_COLUMN = "milestone"
Key = tuple[str, str]  # pair id, date


@dataclass(frozen=True)
class Entry:
    """A checked entry and where it came from."""

    file: str
    line: int
    response: Response
    row: SessionRow

    def error(self, column: str, message: str) -> PlaybookError:
        return PlaybookError(self.file, self.line, 0, (column,), message)


def is_session_entry(fields: dict[str, object]) -> bool:
    return str(fields.get("survey") or "").strip() == SESSION_LOG_ID


def _record_entry(record: Record, program: Program, gate: TokenGate, rosters: RosterPairs, cohort: str | None) -> Entry:
    """One record checked as a session-log entry; raises ``ErrorList`` with its FILE:LINE problems.

    The record's response id is filled in already (``ingest`` derives one from a record without).
    """
    answers = dict(record.answers)
    token = str(record.fields.get("token") or answers.pop("token", None) or "").strip()
    fields = dict(record.fields)
    fields["cohort"] = str(fields.get("cohort") or "").strip() or cohort or ""
    response, problems = check_entry(program, fields, answers, program.info.timezone)
    errors = [PlaybookError(record.file, record.line, 0, (record.column(problem.field),), problem.message) for problem in problems]
    refused = gate.problem(str(fields["cohort"]), str(fields.get("pair") or "").strip(), token) if token else None
    if refused:
        errors.append(PlaybookError(record.file, record.line, 0, ("token",), f"{refused[1]}; the entry is refused."))
    if unknown := rosters.problem(fields, "use a pair_id from its roster.csv"):
        errors.append(PlaybookError(record.file, record.line, 0, ("pair",), unknown))
    if errors or response is None:
        raise ErrorList(errors)
    return Entry(record.file, record.line, response, session_row(response))


def check_session_records(
    records: Iterable[Record], program: Program, project: Project, cohort: str | None
) -> tuple[list[Entry], list[PlaybookError]]:
    """Each session-log record checked (its token too, when it carries one); errors at FILE:LINE."""
    gate, rosters = TokenGate(project, read_secret(project.root)), RosterPairs(project)
    errors: list[PlaybookError] = []
    check = partial(_record_entry, program=program, gate=gate, rosters=rosters, cohort=cohort)
    entries = [entry for record in records if (entry := collect(errors, partial(check, record)))]
    return entries, errors


def _same(row: tuple[str, ...]) -> tuple[int, str, str, str]:
    """What must agree for two rows of one pair and date to be one session (minutes, agenda, status, milestone)."""
    minutes = row[2].strip()
    return (int(minutes) if minutes.isdigit() else -1, row[3].strip(), row[4].strip(), row[5].strip() if len(row) > 5 else "")


@dataclass
class CohortLog:
    """One cohort's sessions.csv as read, and what ingest adds to it."""

    display: str
    table: CsvTable | None
    known: dict[Key, tuple[str, int, tuple[str, ...]]] = field(default_factory=dict)
    added: list[Entry] = field(default_factory=list)

    def offer(self, entry: Entry, errors: list[PlaybookError]) -> bool:
        """Add ``entry`` unless it is already there (False); a conflict is added to ``errors``."""
        key = (entry.row.pair_id, entry.row.date)
        found = self.known.get(key)
        if found is None:
            self.known[key] = (entry.file, entry.line, entry.row.cells)
            self.added.append(entry)
            return True
        file, line, cells = found
        if _same(cells) != _same(entry.row.cells):
            was = f"{cells[4]}, {cells[2] or 0} minutes"
            message = (
                f"pair '{key[0]}' on {key[1]} is logged differently at {file}:{line} ({was}); "
                "keep one of them: fix that row or leave this entry out, then ingest again."
            )
            errors.append(entry.error("date", message))
        return False

    def text(self) -> str:
        """The merged file: the existing rows as they are, then the new ones in date order.

        The milestone column is added (empty on the existing rows) when a new entry names one.
        """
        header = self.table.header if self.table else SESSION_COLUMNS
        grow = MILESTONE_COLUMN not in header and any(entry.row.milestone for entry in self.added)
        columns = (*header, MILESTONE_COLUMN) if grow else header
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows((*row.cells, "") if grow else row.cells for row in (self.table.rows if self.table else ()))
        for entry in sorted(self.added, key=lambda item: (item.row.date, item.row.pair_id)):
            values = dict(zip((*SESSION_COLUMNS, MILESTONE_COLUMN), entry.row.cells, strict=True))
            writer.writerow([values.get(column, "") for column in columns])
        return buffer.getvalue()


def _cohort_log(project: Project, cohort: str) -> CohortLog:
    path = project.cohort_dir(cohort) / SESSIONS_FILE
    display = f"content/cohorts/{cohort}/{SESSIONS_FILE}"
    table = load_csv_file(path, display, SESSION_COLUMNS, known=SESSION_KNOWN) if existing_inside(project.root, path, display) else None
    log = CohortLog(display, table)
    for row in table.rows if table else ():
        log.known.setdefault((row.values["pair_id"].strip(), row.values["date"].strip()), (display, row.line, _row_cells(row.values)))
    return log


def _row_cells(values: dict[str, str]) -> tuple[str, ...]:
    return tuple(values.get(column, "") for column in (*SESSION_COLUMNS, MILESTONE_COLUMN))


def _check_merged(project: Project, program: Program, cohort_id: str, log: CohortLog, text: str) -> list[PlaybookError]:
    """The merged file as ``build`` will read it; a problem in an added row is located at its entry."""
    cohort = find_cohort(program, cohort_id)
    roster_path = project.cohort_dir(cohort_id) / "roster.csv"
    try:
        pairs = parse_roster(load_csv_file(roster_path, project.display(roster_path), ROSTER_COLUMNS, known=ROSTER_KNOWN), cohort)
        parse_sessions(
            parse_csv(text, log.display, SESSION_COLUMNS, known=SESSION_KNOWN), cohort, pairs, {agenda.id for agenda in program.agendas}
        )
    except PlaybookError as error:
        return [error]
    except ErrorList as many:
        first_new = 2 + (len(log.table.rows) if log.table else 0)
        ordered = sorted(log.added, key=lambda item: (item.row.date, item.row.pair_id))
        return [
            ordered[error.line - first_new].error(str(error.key_path[0]) if error.key_path else "date", error.message)
            if error.file == log.display and 0 <= error.line - first_new < len(ordered)
            else error
            for error in many
        ]
    return []


@dataclass(frozen=True)
class Merged:
    """What merging gives: the files to write (path, text), how many added and skipped."""

    files: tuple[tuple[Path, str], ...]
    added: int
    duplicates: int


def _notes_text(project: Project, cohort: str, entries: list[Entry]) -> tuple[Path, str] | None:
    """The cohort's private notes file with the new notes (by response id, once each); None without a note."""
    path = project.reports_dir / cohort / NOTES_FILE
    table = load_csv_file(path, project.display(path), NOTES_COLUMNS) if path.is_file() else None
    rows: dict[str, tuple[str, ...]] = {}
    for row in table.rows if table else ():
        rows[row.values["response_id"]] = tuple(row.values[column] for column in NOTES_COLUMNS)
    for entry in entries:
        if entry.row.note.strip():
            rows.setdefault(entry.response.response_id, (entry.response.response_id, entry.row.pair_id, entry.row.date, entry.row.note))
    if not rows:
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(NOTES_COLUMNS)
    ordered: list[tuple[str, ...]] = sorted(rows.values(), key=itemgetter(2, 1, 0))
    writer.writerows([spreadsheet_safe(csv_cell(cell)) for cell in row] for row in ordered)  # a lead opens it in a spreadsheet
    return path, buffer.getvalue()


def merge_entries(project: Project, program: Program, entries: list[Entry]) -> Merged:
    """Every cohort's merged sessions.csv and notes; raises ``ErrorList`` (conflicts, rows build would refuse)."""
    errors: list[PlaybookError] = []
    files: list[tuple[Path, str]] = []
    added = duplicates = 0
    by_cohort: dict[str, list[Entry]] = {}
    for entry in entries:
        by_cohort.setdefault(entry.response.cohort, []).append(entry)
    for cohort_id, items in sorted(by_cohort.items()):
        log = collect(errors, partial(_cohort_log, project, cohort_id))
        if log is None:
            continue
        fresh = [entry for entry in items if log.offer(entry, errors)]
        added, duplicates = added + len(fresh), duplicates + len(items) - len(fresh)
        text = log.text()
        errors += _check_merged(project, program, cohort_id, log, text) if fresh else []
        files += [(project.cohort_dir(cohort_id) / SESSIONS_FILE, text)] if fresh else []
        notes = collect(errors, partial(_notes_text, project, cohort_id, items))
        files += [notes] if notes else []
    if errors:
        raise ErrorList(errors)
    return Merged(tuple(files), added, duplicates)
