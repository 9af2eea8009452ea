"""``playbook match COHORT --from-intake``: the cohort's intake answers become its participants file.

Input: ``content/cohorts/<cohort>/responses.csv`` (canonical answers, read with the surveys
feature's ``parse_responses``) and the intake survey named by ``matching.intake_survey``.
Output: ``content/cohorts/<cohort>/participants.csv``. Each answer lands in the column of the same
name (multiple choices joined with ``|``); ``id`` is made from the email; ``manager_email`` becomes
``manager_id``, adding a row with role ``none`` for a manager who did not apply. When a person
applied twice, the latest answer counts. A cell a spreadsheet would run as a formula starts with
``'`` (the answers come from a public form), and a participants file the command replaces (the
lead may have edited it) is kept in ``reports/<cohort>/participants-before-intake-<digest>.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from generator.errors import PlaybookError
from generator.load import load_csv_file
from generator.loading import load_programme
from generator.matching.model import PARTICIPANTS_FILE, matching_of
from generator.matching.participants import COLUMNS
from generator.model import Program
from generator.progress.model import find_cohort
from generator.project import PROGRAM_FILE, Project
from generator.surveys.answers import csv_cell, format_answer
from generator.surveys.canonical import RESPONSES_FILE, Response, parse_responses, spreadsheet_safe
from generator.surveys.model import surveys_of
from generator.write import write_if_changed

COPIED = tuple(column for column in COLUMNS if column not in ("id", "manager_id"))


def person_id(email: str, taken: set[str]) -> str:
    """A readable, unique id from an email: ``Ana.Silva@x.example`` → ``ana-silva`` (``-2`` if taken)."""
    base = re.sub(r"[^a-z0-9]+", "-", email.split("@")[0].casefold()).strip("-") or "person"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def latest_by_email(responses: tuple[Response, ...], survey_id: str) -> list[Response]:
    """One response per email (the latest), ordered by email."""
    latest: dict[str, Response] = {}
    for response in sorted(responses, key=lambda item: item.sort_key):
        if response.survey == survey_id:
            latest[format_answer(response.answers.get("email")).casefold()] = response
    return [latest[email] for email in sorted(latest) if email]


def participant_rows(responses: list[Response]) -> list[dict[str, str]]:
    """The participants file's rows for the intake responses."""
    taken: set[str] = set()
    ids = {
        format_answer(item.answers.get("email")).casefold(): person_id(format_answer(item.answers.get("email")), taken)
        for item in responses
    }
    rows: list[dict[str, str]] = []
    managers: dict[str, str] = {}
    for response in responses:
        row = {column: format_answer(response.answers.get(column)) for column in COPIED}
        row["id"] = ids[row["email"].casefold()]
        manager = format_answer(response.answers.get("manager_email")).strip().casefold()
        if manager and manager not in ids:
            managers.setdefault(manager, person_id(manager, taken))
        row["manager_id"] = ids.get(manager) or managers.get(manager, "")
        rows.append(row)
    rows += [
        dict.fromkeys(COLUMNS, "") | {"id": ident, "email": email, "role": "none", "capacity": "1"}
        for email, ident in sorted(managers.items())
    ]
    return rows


def participants_text(rows: list[dict[str, str]]) -> str:
    """The participants file: a cell that a spreadsheet would run (a name typed as ``=HYPERLINK(…)``) starts with ``'``.

    The answers come from a public form and the lead opens this file in a spreadsheet to edit it.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: spreadsheet_safe(csv_cell(value)) for column, value in row.items()} for row in rows)
    return buffer.getvalue()


def keep_previous(project: Project, cohort_id: str, target: Path, text: str) -> Path | None:
    """A copy of the participants file about to be replaced (the lead may have edited it) under ``reports/``; None when unchanged.

    Named by a digest of its content, so running the command again keeps every earlier version once.
    """
    if not target.is_file() or target.read_bytes() == text.encode("utf-8"):
        return None
    previous = target.read_bytes()
    copy = project.reports_dir / cohort_id / f"participants-before-intake-{hashlib.sha256(previous).hexdigest()[:12]}.csv"
    write_if_changed(copy, previous)
    return copy


def _intake_survey(program: Program) -> str:
    survey_id = matching_of(program).intake_survey
    if not any(survey.id == survey_id for survey in surveys_of(program)):
        raise PlaybookError(
            PROGRAM_FILE,
            0,
            0,
            ("matching", "intake_survey"),
            f"no survey '{survey_id}' to read applications from; define it under surveys.",
        )
    return survey_id


def write_participants_from_intake(project: Project, cohort_id: str) -> tuple[Path, Path | None]:
    """Write the cohort's participants.csv from its intake answers; returns its path and the copy of the file it replaced."""
    program = load_programme(project, content=False, data=False).program
    cohort = find_cohort(program, cohort_id)
    survey_id = _intake_survey(program)
    folder = project.cohort_dir(cohort.id)
    source = folder / RESPONSES_FILE
    responses = parse_responses(load_csv_file(source, project.display(source)), program, cohort.id)
    applications = latest_by_email(responses, survey_id)
    if not applications:
        raise PlaybookError(
            project.display(source), 0, 0, (), f"no answers to the '{survey_id}' survey for cohort {cohort.id}; nothing to match."
        )
    target = folder / PARTICIPANTS_FILE
    text = participants_text(participant_rows(applications))
    previous = keep_previous(project, cohort.id, target, text)
    write_if_changed(target, text.encode("utf-8"))
    return target, previous
