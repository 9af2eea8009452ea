"""``playbook ingest``: bring survey answers from files into each cohort's canonical CSV.

Input: CSV or JSON files (collector export, offline downloads, Netlify or Formspree
exports, spreadsheets; UTF-8 with or without BOM, CRLF or LF) and the ``Program``.
Output: ``content/cohorts/<cohort>/responses.csv`` rewritten with the new rows merged
in (sorted, duplicates by response id skipped), session-log entries merged into
``sessions.csv`` (``generator.surveys.session_ingest``), or an ``ErrorList`` with FILE:LINE
errors and nothing written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from generator.errors import ErrorList, PlaybookError, raise_if_any
from generator.load import CsvTable, existing_inside, load_csv_file, read_text
from generator.model import Program
from generator.project import Project
from generator.recognition.queue import split_stories, write_queue
from generator.surveys import safejson
from generator.surveys.answers import format_answer
from generator.surveys.canonical import CANONICAL_FIXED, RESPONSES_FILE, Response, build_response, parse_responses, responses_csv
from generator.surveys.rosters import RosterPairs
from generator.surveys.session_ingest import check_session_records, is_session_entry, merge_entries
from generator.write import write_if_changed

TIME_COLUMNS = ("submitted_at", "created_at", "Created At", "_date", "date_submitted", "Timestamp", "timestamp")
VENDOR_COLUMNS = ("form-name", "form_name", "website", "id", "ip", "user_agent", "referrer", "_replyto", "_subject", "format")
ENVELOPE = ("response_id", "survey", "cohort", "role", "pair")


@dataclass(frozen=True)
class Record:
    """One response as found in an input file, before checking (values are JSON values or CSV text)."""

    file: str
    line: int
    fields: dict[str, object]
    answers: dict[str, object]
    column_prefix: str = ""

    def column(self, field: str) -> str:
        """The input's name for ``field`` (canonical files name answers <survey>.<question>)."""
        return field if field in ENVELOPE or field == "submitted_at" else self.column_prefix + field


@dataclass(frozen=True)
class IngestReport:
    """What ``playbook ingest`` did."""

    added: int
    duplicates: int
    refused: int
    files_written: tuple[str, ...]
    sessions_added: int = 0
    sessions_duplicates: int = 0

    def summary(self) -> str:
        sessions = (
            f" Sessions logged: {self.sessions_added} added, {self.sessions_duplicates} already there."
            if self.sessions_added or self.sessions_duplicates
            else ""
        )
        return f"{self.added} added, {self.duplicates} skipped as duplicates, {self.refused} refused.{sessions}"


def _envelope(data: Mapping[str, object]) -> dict[str, object]:
    fields = {key: data.get(key) for key in ENVELOPE}
    if data.get("token") not in (None, ""):
        fields["token"] = data["token"]  # a session-log entry's pair token (checked, then dropped)
    fields["submitted_at"] = next((data[key] for key in TIME_COLUMNS if data.get(key) not in (None, "")), "")
    return fields


def _flat_answers(data: Mapping[str, object]) -> dict[str, object]:
    """Answers keyed by question id or by ``<survey>.<question>`` (the prefix is dropped)."""
    skip = set(ENVELOPE) | set(TIME_COLUMNS) | set(VENDOR_COLUMNS) | {"answers", "data", "token"}
    prefix = f"{str(data.get('survey') or '').strip()}."
    return {key.removeprefix(prefix): value for key, value in data.items() if key not in skip}


def record_from_mapping(file: str, line: int, data: Mapping[str, object]) -> Record:
    """A record from one JSON object: a download, collector JSON, or a Netlify submission (``data``)."""
    nested = data.get("data")
    merged = {**data, **nested} if isinstance(nested, dict) else data
    given = merged.get("answers")
    answers = given if isinstance(given, dict) else _flat_answers(merged)
    return Record(file, line, _envelope(merged), answers)


def json_items(text: str, file: str) -> list[tuple[int, object]]:
    """Top-level items of a JSON file with the line each starts on (an object counts as one item)."""
    decoder = json.JSONDecoder()
    try:
        whole = safejson.loads(text)
    except safejson.UnsafeJson as unsafe:
        raise PlaybookError(file, unsafe.line or 1, 0, (), f"{unsafe.reason}; fix the file or export it again.") from None
    start = len(text) - len(text.lstrip())
    if not text[start:].startswith("["):
        return [(text.count("\n", 0, start) + 1, whole)]
    items: list[tuple[int, object]] = []
    index = start + 1
    while True:
        index += len(text[index:]) - len(text[index:].lstrip(" \t\r\n,"))
        if text[index] == "]":
            return items
        item, end = decoder.raw_decode(text, index)
        items.append((text.count("\n", 0, index) + 1, item))
        index = end


def records_from_json(path: Path, display: str) -> list[Record]:
    records, errors = [], []
    for line, item in json_items(read_text(path, display), display):
        if isinstance(item, dict):
            records.append(record_from_mapping(display, line, item))
        else:
            errors.append(PlaybookError(display, line, 0, (), "each response must be a JSON object with survey, cohort, role and answers."))
    raise_if_any(errors)
    return records


def _prefixed_answers(values: dict[str, str], prefix: str) -> dict[str, object]:
    """A canonical row's answers: its survey's ``<prefix>question`` cells by question id, other filled dotted cells as they are."""
    answers: dict[str, object] = {key[len(prefix) :]: value for key, value in values.items() if key.startswith(prefix)}
    answers.update({key: value for key, value in values.items() if "." in key and not key.startswith(prefix) and value.strip()})
    return answers


def records_from_csv(table: CsvTable) -> list[Record]:
    """Rows of a canonical CSV (``<survey>.<question>`` columns) or a flat export (question ids)."""
    canonical = any("." in column for column in table.header if column not in CANONICAL_FIXED)
    records = []
    for row in table.rows:
        values = row.values
        prefix = f"{values.get('survey', '').strip()}." if canonical else ""
        answers = _prefixed_answers(values, prefix) if canonical else _flat_answers(values)
        records.append(Record(table.file, row.line, _envelope(values), answers, prefix))
    return records


def read_records(paths: Iterable[Path], project: Project) -> tuple[list[Record], list[PlaybookError]]:
    """Every record of every readable input file, and FILE:LINE errors for the others."""
    records: list[Record] = []
    errors: list[PlaybookError] = []
    for path in paths:
        display = project.display(path)
        try:
            if path.suffix.lower() == ".json":
                records += records_from_json(path, display)
            else:
                records += records_from_csv(load_csv_file(path, display, required=("survey",)))
        except PlaybookError as error:
            errors.append(error)
        except ErrorList as many:
            errors.extend(many)
    return records, errors


def stable_id(record: Record) -> str:
    """A response id derived from the content, for rows that arrive without one."""
    fields = {key: str(record.fields.get(key) or "").strip() for key in (*ENVELOPE, "submitted_at")}
    answers = {
        key: format_answer(tuple(map(str, value))) if isinstance(value, list) else str(value) for key, value in record.answers.items()
    }
    digest = hashlib.sha256(json.dumps([fields, answers], sort_keys=True).encode("utf-8")).hexdigest()
    return f"imp-{digest[:24]}"


def check_records(
    records: list[Record], program: Program, cohort: str | None, rosters: RosterPairs
) -> tuple[list[Response], list[PlaybookError]]:
    """Each record checked against its survey and its cohort's roster; errors located at FILE:LINE."""
    responses, errors = [], []
    for record in records:
        fields = dict(record.fields)
        if cohort and not str(fields.get("cohort") or "").strip():
            fields["cohort"] = cohort
        if not str(fields.get("response_id") or "").strip():
            fields["response_id"] = stable_id(record)
        response, problems = build_response(program, fields, record.answers, program.info.timezone)
        located = [PlaybookError(record.file, record.line, 0, (record.column(problem.field),), problem.message) for problem in problems]
        if response is not None and cohort and response.cohort != cohort:
            located.append(
                PlaybookError(record.file, record.line, 0, ("cohort",), f"cohort '{response.cohort}' but --cohort {cohort} was given.")
            )
        if not any(problem.field == "pair" for problem in problems) and (
            unknown := rosters.problem(fields, "use a pair_id from its roster.csv or leave pair empty")
        ):
            located.append(PlaybookError(record.file, record.line, 0, ("pair",), unknown))
        errors += located
        if response is not None and not located:
            responses.append(response)
    return responses, errors


def cohort_file(project: Project, cohort: str) -> Path:
    return project.cohort_dir(cohort) / RESPONSES_FILE


def existing_responses(project: Project, program: Program, cohort: str) -> list[Response]:
    path = cohort_file(project, cohort)
    display = f"content/cohorts/{cohort}/{RESPONSES_FILE}"
    try:
        if not existing_inside(project.root, path, display):
            return []
        return list(parse_responses(load_csv_file(path, display), program, cohort))
    except PlaybookError as error:
        raise ErrorList([error]) from None


class Merged(NamedTuple):
    """Responses per cohort (existing plus new), how many were added and how many skipped as duplicates."""

    by_cohort: dict[str, list[Response]]
    added: int
    duplicates: int


def merge(project: Project, program: Program, incoming: list[Response]) -> Merged:
    """Responses per cohort (existing plus new), the number added and the duplicates skipped."""
    by_cohort: dict[str, list[Response]] = {}
    seen: dict[str, set[str]] = {}
    added = duplicates = 0
    errors: list[PlaybookError] = []
    for response in incoming:
        if response.cohort not in by_cohort:
            try:
                by_cohort[response.cohort] = existing_responses(project, program, response.cohort)
            except ErrorList as many:
                errors.extend(many)
                by_cohort[response.cohort] = []
            seen[response.cohort] = {item.response_id for item in by_cohort[response.cohort]}
        if response.response_id in seen[response.cohort]:
            duplicates += 1
            continue
        seen[response.cohort].add(response.response_id)
        by_cohort[response.cohort].append(response)
        added += 1
    raise_if_any(errors)
    return Merged(by_cohort, added, duplicates)


def ingest(project: Project, program: Program, paths: list[Path], cohort: str | None = None) -> IngestReport:
    """Import ``paths``; nothing is written unless every row is valid (session-log entries go to sessions.csv)."""
    records, errors = read_records(paths, project)
    logged = [
        replace(record, fields={**record.fields, "response_id": record.fields.get("response_id") or stable_id(record)})
        for record in records
        if is_session_entry(record.fields)
    ]
    responses, row_errors = check_records(
        [record for record in records if not is_session_entry(record.fields)], program, cohort, RosterPairs(project)
    )
    entries, entry_errors = check_session_records(logged, program, project, cohort)
    errors += row_errors + entry_errors
    if errors:
        refused = len({(error.file, error.line) for error in errors})
        print(IngestReport(0, 0, refused, ()).summary())
        raise ErrorList(errors)
    responses, proposals = split_stories(responses, program)  # stories go to the private review queue, not responses.csv
    by_cohort, added, duplicates = merge(project, program, responses)
    sessions = merge_entries(project, program, entries)
    written = [project.display(path) for path, text in sessions.files if write_if_changed(path, text.encode("utf-8"))]
    for cohort_id, items in sorted(by_cohort.items()):
        path = cohort_file(project, cohort_id)
        if write_if_changed(path, responses_csv(items, program).encode("utf-8")):
            written.append(project.display(path))
    kept = {id(item) for items in by_cohort.values() for item in items}
    written += [project.display(path) for path in write_queue(project, [item for item in proposals if id(item.response) in kept])]
    return IngestReport(added, duplicates, 0, tuple(sorted(written)), sessions.added, sessions.duplicates)
