"""Who met the certificate criteria of a cohort, and with how many hours.

Input: the ``Program``, a cohort's ``CohortData`` (roster, session log, answers) and its training
record ``content/cohorts/<cohort>/training.csv`` (columns ``email``, ``module``, ``completed``: one
row per module a participant finished, dated YYYY-MM-DD).
Output: a ``Completion`` for every participant of the roster (what they did, whether they met
each criterion), or one ``ErrorList`` with every bad row of the training record located at
FILE:LINE. No writing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from generator.dates import strict_date
from generator.errors import ErrorList, PlaybookError, did_you_mean
from generator.load import CsvTable, date_advice, existing_inside, load_csv_file
from generator.model import Program, TrainingModule, learning_path
from generator.progress.data import CohortData, Person
from generator.progress.measures import held_sessions
from generator.progress.model import Cohort
from generator.project import Project
from generator.recognition.model import CertificateCriteria

TRAINING_FILE = "training.csv"
TRAINING_COLUMNS = ("email", "module", "completed")


@dataclass(frozen=True)
class Completion:
    """One participant of a cohort: what they did and whether it meets the criteria."""

    person: Person
    role: str
    pairs: tuple[str, ...]
    first_day: datetime.date
    last_day: datetime.date
    sessions_held: int
    session_minutes: int
    modules_needed: tuple[TrainingModule, ...]
    modules_done: tuple[TrainingModule, ...]
    answered_end_survey: bool
    missing: tuple[str, ...]
    """What the participant has not done yet (empty when they met every criterion)."""

    @property
    def certified(self) -> bool:
        return not self.missing

    @property
    def training_minutes(self) -> int:
        return sum(module.duration_minutes for module in self.modules_done)


def _row_problems(program: Program, emails: set[str], values: dict[str, str], cohort: Cohort) -> list[tuple[str, str]]:
    problems = []
    email, module, day = (values.get(column, "").strip() for column in TRAINING_COLUMNS)
    if email.lower() not in emails:
        problems.append(("email", f"'{email}' is not in this cohort's roster.csv; use the participant's email as it is there."))
    modules = [item.id for item in program.training]
    if module not in modules:
        problems.append(
            ("module", f"unknown training module '{module}'.{did_you_mean(module, modules)} Known modules: {', '.join(modules)}.")
        )
    parsed = strict_date(day)
    if parsed is None:
        problems.append(("completed", f"'{day}' is not a date; {date_advice(day, cohort.start.isoformat())}."))
    return problems


def parse_training(table: CsvTable, program: Program, cohort: Cohort, emails: set[str]) -> dict[str, set[str]]:
    """The modules each participant finished, by lower-case email; every bad row located."""
    done: dict[str, set[str]] = defaultdict(set)
    errors: list[PlaybookError] = []
    for row in table.rows:
        values = row.values
        problems = _row_problems(program, emails, values, cohort)
        errors += [table.error(row.line, message, column) for column, message in problems]
        if not problems:
            done[values["email"].strip().lower()].add(values["module"].strip())
    if errors:
        raise ErrorList(errors)
    return done


def load_training(project: Project, program: Program, cohort: Cohort, data: CohortData) -> dict[str, set[str]]:
    """The cohort's training record (empty when it has none yet)."""
    path = project.cohort_dir(cohort.id) / TRAINING_FILE
    display = f"content/cohorts/{cohort.id}/{TRAINING_FILE}"
    if not existing_inside(project.root, path, display):
        return {}
    emails = {person.email.lower() for pair in data.pairs for person in pair.people}
    return parse_training(load_csv_file(path, display, TRAINING_COLUMNS), program, cohort, emails)


def _needed(program: Program, criteria: CertificateCriteria, role: str) -> tuple[TrainingModule, ...]:
    if criteria.modules == "all":
        return learning_path(program, role)
    return tuple(program.module(module) for module in criteria.modules)


def _missing(
    criteria: CertificateCriteria, held: int, needed: tuple[TrainingModule, ...], done: set[str], answered: bool
) -> tuple[str, ...]:
    missing = []
    if held < criteria.sessions_held:
        missing.append(f"{held} of {criteria.sessions_held} sessions held")
    missing += [f"module {module.id} not done" for module in needed if module.id not in done]
    if criteria.end_survey and not answered:
        missing.append(f"survey {criteria.end_survey} not answered")
    return tuple(missing)


def completions(
    program: Program,
    criteria: CertificateCriteria,
    cohort: Cohort,
    data: CohortData,
    done: dict[str, set[str]],
    as_of: datetime.date = datetime.date.max,
) -> list[Completion]:
    """Every participant of the roster (by email, sorted by name), with what they did and lack.

    Sessions count as the progress pages count them (``held_sessions``): held, on or before ``as_of``
    (default: every held session in the log).
    """
    people: dict[tuple[str, str], list[tuple[str, Person, datetime.date, datetime.date]]] = defaultdict(list)
    for pair in data.pairs:
        for side, person in pair.members:  # every member of a group, mentors first
            people[(person.email.lower(), side)].append((pair.id, person, pair.start, pair.end or cohort.end))
    held: dict[str, list[int]] = defaultdict(list)
    for session in held_sessions(data.sessions, as_of):
        held[session.pair_id].append(session.minutes)
    answered = {(response.pair, response.role) for response in data.responses if response.survey == criteria.end_survey}
    found = []
    for (email, role), entries in people.items():
        pairs = tuple(sorted(pair for pair, *_ in entries))
        minutes = [minute for pair in pairs for minute in held[pair]]
        needed = _needed(program, criteria, role)
        mine = done.get(email, set())
        answer = any((pair, role) in answered for pair in pairs)
        finished = tuple(module for module in needed if module.id in mine)
        found.append(
            Completion(
                entries[0][1],
                role,
                pairs,
                min(start for *_, start, _ in entries),
                max(end for *_, end in entries),
                len(minutes),
                sum(minutes),
                needed,
                finished,
                answer,
                _missing(criteria, len(minutes), needed, mine, answer),
            )
        )
    return sorted(found, key=lambda item: (item.person.name.lower(), item.person.email.lower(), item.role))
