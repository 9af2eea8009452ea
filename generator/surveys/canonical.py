"""The canonical survey answers file of a cohort: ``content/cohorts/<id>/responses.csv``.

Input: a ``CsvTable`` (read with ``generator.load``) and the ``Program``.
Output: validated, typed ``Response`` values (or an ``ErrorList`` with FILE:LINE errors),
and the CSV text for a list of responses (sorted, byte-stable).

Columns: ``response_id,survey,cohort,role,pair,submitted_at`` then one column
``<survey>.<question>`` per question of every survey, in program.yaml order.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from generator.errors import ErrorList, PlaybookError, did_you_mean
from generator.load import CsvRow, CsvTable
from generator.model import Program
from generator.surveys.answers import (
    AnswerError,
    Problem,
    check_answers,
    check_envelope,
    check_response_id,
    coerce_answer,
    find_survey,
    format_answer,
    is_shown,
    unknown_survey,
)
from generator.surveys.model import Answer, Question, Survey

CANONICAL_FIXED = ("response_id", "survey", "cohort", "role", "pair", "submitted_at")
RESPONSES_FILE = "responses.csv"
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class Response:
    """One submitted response; ``answers`` are typed and keyed by question id."""

    response_id: str
    survey: str
    cohort: str
    role: str
    pair: str
    submitted_at: datetime.datetime
    answers: dict[str, Answer]

    @property
    def sort_key(self) -> tuple[datetime.datetime, str]:
        return (self.submitted_at, self.response_id)


def canonical_columns(program: Program) -> list[str]:
    """The header of responses.csv: fixed columns then ``<survey>.<question>`` for every question."""
    return [*CANONICAL_FIXED, *(f"{survey.id}.{question.id}" for survey in program.surveys for question in survey.questions)]


def parse_time(text: str, timezone: str = "UTC") -> datetime.datetime:
    """An ISO 8601 time as an aware UTC datetime (times without an offset are in ``timezone``)."""
    cleaned = text.strip()
    if not _ISO_TIME.match(cleaned):
        raise ValueError(f"'{cleaned}' is not a date and time; write it as 2026-10-01T09:30:00Z (UTC)")
    try:
        moment = datetime.datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"'{cleaned}' is not a real date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(timezone))
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def format_time(moment: datetime.datetime) -> str:
    """UTC ISO 8601 with a Z, to the second."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_response(
    program: Program, fields: Mapping[str, Any], answers_raw: Mapping[str, Any], timezone: str = "UTC"
) -> tuple[Response | None, list[Problem]]:
    """A checked ``Response`` from envelope ``fields`` and raw answers, or the problems found."""
    survey_id = str(fields.get("survey") or "").strip()
    survey = find_survey(program, survey_id)
    if survey is None:
        return None, [unknown_survey(program, survey_id)]
    response_id = str(fields.get("response_id") or "").strip()
    cohort, role, pair = (str(fields.get(key) or "").strip() for key in ("cohort", "role", "pair"))
    problems = check_response_id(response_id) + check_envelope(program, survey, cohort, role, pair)
    submitted = fields.get("submitted_at")
    moment = submitted if isinstance(submitted, datetime.datetime) else None
    if moment is None:
        try:
            moment = parse_time(str(submitted or ""), timezone)
        except ValueError as error:
            problems.append(Problem("submitted_at", f"{error}."))
    answers, answer_problems = check_answers(survey, answers_raw)
    problems += answer_problems
    if problems or moment is None:
        return None, problems
    return Response(response_id, survey.id, cohort, role, pair, moment, answers), []


ColumnLayout = dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]]


def column_layout(header: tuple[str, ...], program: Program) -> ColumnLayout:
    """For each survey: its (column, question id) pairs and the other surveys' columns, from the header."""
    layout: ColumnLayout = {}
    for survey in program.surveys:
        prefix = f"{survey.id}."
        own = tuple((column, column[len(prefix) :]) for column in header if column.startswith(prefix))
        others = tuple(column for column in header if "." in column and not column.startswith(prefix))
        layout[survey.id] = (own, others)
    return layout


def _row_response(
    table: CsvTable, row: CsvRow, program: Program, cohort_id: str, layout: ColumnLayout
) -> tuple[Response | None, list[PlaybookError]]:
    values = row.values
    survey_id = values.get("survey", "").strip()
    own, others = layout.get(survey_id, ((), ()))
    answers = {question_id: values[column] for column, question_id in own}
    errors = [
        table.error(row.line, f"column '{column}' belongs to another survey than '{survey_id}'; leave it empty on this row.", column)
        for column in others
        if values[column] and values[column].strip()
    ]
    response, problems = build_response(program, values, answers)
    if response is not None and response.cohort != cohort_id:
        errors.append(
            table.error(
                row.line, f"cohort '{response.cohort}' in the file of cohort '{cohort_id}'; move the row to its cohort's file.", "cohort"
            )
        )
    errors += [table.error(row.line, problem.message, _column(problem.field, survey_id)) for problem in problems]
    return response, errors


_UNSEEN: Any = object()  # a sentinel: no outcome remembered yet
Cells = Sequence[str]
# One question of a survey's rows: the question, its cell's position (None: not in the
# header, so unanswered), the typed answer for each raw cell seen, and whether it is shown
# for each (type, value) of the answer its show_if looks at.
QuestionSlot = tuple[Question, int | None, dict[str | None, Answer], dict[tuple[type, Answer], bool]]


def _picker(positions: Sequence[int]) -> Callable[[Cells], tuple[str, ...]]:
    """A function giving the cells at ``positions`` as a tuple."""
    if len(positions) > 1:
        return itemgetter(*positions)
    return lambda cells: tuple(cells[position] for position in positions)


@dataclass(frozen=True)
class SurveyColumns:
    """Where one survey's answers sit in a row, and the cells that must be empty on its rows."""

    survey: Survey
    slots: tuple[QuestionSlot, ...]
    others: Callable[[Cells], tuple[str, ...]]
    answer_cells: Callable[[Cells], tuple[str, ...]]
    outcomes: dict[tuple[str, ...], dict[str, Answer] | None]


class QuickCheck:
    """Accepts the rows of one responses.csv that have no problem, quickly.

    Raw cells repeat (scale points, dates, roles, pairs), so the outcome for each set of
    answer cells, each raw value of each question, each submitted_at and each envelope is
    remembered (each response still gets its own answers dict). ``response`` gives
    ``None`` for a row with any problem; ``_row_response`` then words the problems. It uses
    the same checks as ``build_response`` and only adds memory, so both agree on every row.
    """

    def __init__(self, header: tuple[str, ...], program: Program, cohort_id: str) -> None:
        self.program, self.cohort_id = program, cohort_id
        self.fixed = itemgetter(*(header.index(name) for name in CANONICAL_FIXED))
        ids = [survey.id for survey in program.surveys]
        layout = column_layout(header, program)
        self.surveys = {
            survey.id: columns
            for survey in program.surveys
            if ids.count(survey.id) == 1 and (columns := self._columns(survey, header, layout)) is not None
        }
        self.envelopes: set[tuple[str, str, str, str]] = set()
        self.times: dict[str, datetime.datetime] = {}

    @staticmethod
    def _columns(survey: Survey, header: tuple[str, ...], layout: ColumnLayout) -> SurveyColumns | None:
        own, others = layout[survey.id]
        if not {question_id for _, question_id in own} <= set(survey.question_ids):
            return None  # a column no question of this survey owns: every row has a problem
        positions = {question_id: header.index(column) for column, question_id in own}
        slots = tuple((question, positions.get(question.id), {}, {}) for question in survey.questions)
        others_cells = _picker([header.index(column) for column in others])
        return SurveyColumns(survey, slots, others_cells, _picker(sorted(positions.values())), {})

    def response(self, cells: Cells) -> Response | None:
        """The row's ``Response`` if it has no problem at all, else ``None``."""
        response_id, survey_id, cohort, role, pair, submitted = map(str.strip, self.fixed(cells))
        columns = self.surveys.get(survey_id)
        if columns is None or cohort != self.cohort_id or check_response_id(response_id):
            return None
        if any(map(str.strip, columns.others(cells))) or not self._envelope_ok(columns.survey, cohort, role, pair):
            return None
        moment = self._time(submitted)
        raw = columns.answer_cells(cells)
        answers = columns.outcomes.get(raw, _UNSEEN)
        if answers is _UNSEEN:
            answers = columns.outcomes[raw] = self._answers(columns.slots, cells)
        if moment is None or answers is None:
            return None
        return Response(response_id, survey_id, cohort, role, pair, moment, dict(answers))

    def _envelope_ok(self, survey: Survey, cohort: str, role: str, pair: str) -> bool:
        key = (survey.id, cohort, role, pair)
        if key in self.envelopes:
            return True
        if check_envelope(self.program, survey, cohort, role, pair):
            return False
        self.envelopes.add(key)
        return True

    def _time(self, text: str) -> datetime.datetime | None:
        moment = self.times.get(text)
        if moment is None:
            try:
                moment = self.times[text] = parse_time(text)
            except ValueError:
                return None
        return moment

    @staticmethod
    def _answers(slots: tuple[QuestionSlot, ...], cells: Cells) -> dict[str, Answer] | None:
        """The typed answers, as ``check_answers`` gives them, or ``None`` if one has a problem."""
        answers: dict[str, Answer] = {}
        for question, position, typed, shown in slots:
            raw = None if position is None else cells[position]
            value = typed.get(raw, _UNSEEN)
            if value is _UNSEEN:
                try:
                    value = typed[raw] = coerce_answer(question, raw)
                except AnswerError:
                    return None
            if question.show_if is not None and not _shown(question, answers, shown):
                value = None
            elif value is None and question.required:
                return None
            answers[question.id] = value
        return answers


def _shown(question: Question, answers: dict[str, Answer], known: dict[tuple[type, Answer], bool]) -> bool:
    """``is_shown``, remembered per type and value of the answer it looks at."""
    given = answers.get(question.show_if.question) if question.show_if else None
    key = (type(given), given)
    if key not in known:
        known[key] = is_shown(question, answers)
    return known[key]


def _column(field: str, survey_id: str) -> str:
    return field if field in CANONICAL_FIXED else f"{survey_id}.{field}"


def _header_errors(table: CsvTable, program: Program) -> list[PlaybookError]:
    allowed = canonical_columns(program)
    errors = [table.error(1, f"missing column '{name}' in the header row.") for name in CANONICAL_FIXED if name not in table.header]
    for name in table.header:
        if name not in allowed:
            errors.append(
                table.error(1, f"unknown column '{name}'; it is not a question of any survey in program.yaml.{did_you_mean(name, allowed)}")
            )
    return errors


def parse_responses(table: CsvTable, program: Program, cohort_id: str) -> tuple[Response, ...]:
    """Every row checked against its survey; raises ``ErrorList`` with FILE:LINE errors.

    Question columns missing from the header count as unanswered (a survey gained a question).
    Rows pass ``QuickCheck`` first; a row it does not accept is checked by ``_row_response``,
    which words every problem.
    """
    errors = _header_errors(table, program)
    if errors:
        raise ErrorList(errors)
    responses: list[Response] = []
    first_line: dict[str, int] = {}
    layout = column_layout(table.header, program)
    quick = QuickCheck(table.header, program, cohort_id)
    for row in table.rows:
        response = quick.response(row.cells)
        if response is None:
            response, row_errors = _row_response(table, row, program, cohort_id, layout)
            errors += row_errors
            if response is None:
                continue
        earlier = first_line.get(response.response_id)
        if earlier:
            message = f"response id '{response.response_id}' already used on line {earlier}; each response needs its own id."
            errors.append(table.error(row.line, message, "response_id"))
            continue
        first_line[response.response_id] = row.line
        responses.append(response)
    if errors:
        raise ErrorList(errors)
    return tuple(responses)


def response_cells(response: Response, program: Program) -> list[str]:
    """One CSV record in the canonical column order."""
    fixed = [response.response_id, response.survey, response.cohort, response.role, response.pair, format_time(response.submitted_at)]
    answers = [
        format_answer(response.answers.get(question.id)) if survey.id == response.survey else ""
        for survey in program.surveys
        for question in survey.questions
    ]
    return fixed + answers


def responses_csv(responses: Iterable[Response], program: Program) -> str:
    """The canonical CSV text: header, then responses by submission time and id (LF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(canonical_columns(program))
    for response in sorted(responses, key=lambda item: item.sort_key):
        writer.writerow(response_cells(response, program))
    return buffer.getvalue()
