"""The canonical survey answers file of a cohort: ``content/cohorts/<id>/responses.csv``.

Input: a ``CsvTable`` (read with ``generator.load``) and the ``Program``.
Output: validated, typed ``Response`` values (or an ``ErrorList`` with FILE:LINE errors),
and the CSV text for a list of responses (sorted, byte-stable).

Columns: ``response_id,survey,cohort,role,pair,submitted_at`` then one column
``<survey>.<question>`` per question of every survey, in program.yaml order; a collector export
holding session-log entries ends with the ``session-log.<field>`` columns (ingest moves those
entries into sessions.csv, never into responses.csv).
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.errors import ErrorList, PlaybookError
from generator.load import CellProblem, CsvTable, Span, TableCheck, made_alike, span_cells, unknown_columns
from generator.model import Program
from generator.surveys.answers import (
    RESPONSE_ID,
    Problem,
    check_answers,
    check_envelope,
    check_response_id,
    csv_cell,
    find_survey,
    format_answer,
    unknown_survey,
)
from generator.surveys.model import SESSION_LOG_FIELDS, SESSION_LOG_ID, Answer, surveys_of

CANONICAL_FIXED = ("response_id", "survey", "cohort", "role", "pair", "submitted_at")
RESPONSES_FILE = "responses.csv"
Envelope = tuple[str, str, str, str]  # survey id, cohort, role, pair
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_VALID_IDS = re.compile(rf"(?:{RESPONSE_ID}\n)*{RESPONSE_ID}")
"""A column of response ids joined by line breaks, each valid (``check_response_id``) and without spaces around it."""
_ISO_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$")


@dataclass(frozen=True, slots=True)
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


def canonical_columns(program: Program, session_log: bool = False) -> list[str]:
    """The header of responses.csv: fixed columns then ``<survey>.<question>`` for every question.

    ``session_log``: also the session log's columns (``session-log.<field>``), for a collector export.
    """
    questions = [f"{survey.id}.{question.id}" for survey in surveys_of(program) for question in survey.questions]
    return [*CANONICAL_FIXED, *questions, *(f"{SESSION_LOG_ID}.{name}" for name in SESSION_LOG_FIELDS if session_log)]


def parse_time(text: str, timezone: str = "UTC") -> datetime.datetime:
    """An ISO 8601 time as an aware UTC datetime (times without an offset are in ``timezone``)."""
    cleaned = text.strip()
    if not _ISO_TIME.fullmatch(cleaned):
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
    moment = submission_time(fields, timezone, problems)
    answers, answer_problems = check_answers(survey, answers_raw)
    problems += answer_problems
    if problems or moment is None:
        return None, problems
    return Response(response_id, survey.id, cohort, role, pair, moment, answers), []


Layout = tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]


def _refuse(problems: list[Problem], survey_id: str) -> None:
    if problems:
        raise CellProblem(*((_column(problem.field, survey_id), problem.message) for problem in problems))


def _response_id(cell: str) -> str:
    if problems := check_response_id(cell.strip()):
        _refuse(problems, "")
    return cell.strip()


@functools.lru_cache(maxsize=4096)
def _submitted(cell: str) -> datetime.datetime:
    """A ``submitted_at`` cell's moment; the cohorts of a programme share their days, so each is read once for all of them."""
    try:
        return parse_time(cell)
    except ValueError as error:
        raise CellProblem(("submitted_at", f"{error}.")) from None


class _SurveyRules:
    """The checks of a responses.csv that depend on the row's survey (``build_response``'s rules).

    ``envelope`` checks a tuple of one row's cells, the survey cell first; ``answers`` and ``stray``
    the survey cell and the row's ``CsvTable.span`` of the ``answer_columns``. A row
    of an unknown survey has only that problem (``survey`` is a final check): they give ``None``.
    Each survey's answers are checked once per set of cells, for every cohort's file (``_rules_for``).
    """

    def __init__(self, program: Program, header: tuple[str, ...]) -> None:
        self.program, self.header = program, header
        self.surveys = {survey.id: survey for survey in reversed(surveys_of(program))}  # the first of a repeated id, as find_survey
        self.answer_columns = tuple(column for column in header if column not in CANONICAL_FIXED)
        self.layout = {survey_id: self._layout(survey_id) for survey_id in self.surveys}
        self._checked: dict[tuple[str, tuple[str, ...]], tuple[dict[str, Answer], list[Problem]]] = {}

    def _layout(self, survey_id: str) -> Layout:
        """The (position in the answer cells, question id) of the survey's columns, and (position, column) of the others'."""
        prefix = f"{survey_id}."
        columns = list(enumerate(self.answer_columns))
        own = tuple((position, column[len(prefix) :]) for position, column in columns if column.startswith(prefix))
        return own, tuple((position, column) for position, column in columns if "." in column and not column.startswith(prefix))

    def survey(self, cell: str) -> str:
        if cell.strip() not in self.surveys:
            _refuse([unknown_survey(self.program, cell.strip())], "")
        return cell.strip()

    def envelope(self, key: tuple[str, ...]) -> Envelope | None:
        """The survey id, cohort, role and pair (key: those cells)."""
        survey = self.surveys.get(key[0].strip())
        if survey is None:
            return None
        cohort, role, pair = (cell.strip() for cell in key[1:])
        _refuse(check_envelope(self.program, survey, cohort, role, pair), survey.id)
        return survey.id, cohort, role, pair

    def answers(self, key: tuple[str, Span]) -> dict[str, Answer] | None:
        """The typed answers (key: the survey cell, then the cells of the ``answer_columns``)."""
        survey = self.surveys.get(key[0].strip())
        if survey is None:
            return None
        own, _ = self.layout[survey.id]
        answer_cells = span_cells(key[1])
        cells = tuple(answer_cells[position] for position, _ in own)
        checked = self._checked.get((survey.id, cells))
        if checked is None:
            checked = self._checked[(survey.id, cells)] = check_answers(
                survey, dict(zip((question for _, question in own), cells, strict=True))
            )
        answers, problems = checked
        _refuse(problems, survey.id)
        return answers

    def stray(self, key: tuple[str, Span]) -> list[tuple[str, str]]:
        """Answers in other surveys' columns (they do not refuse the row)."""
        survey_id = key[0].strip()
        _, others = self.layout.get(survey_id, ((), ()))
        if not others:
            return []
        answer_cells = span_cells(key[1])
        return [
            (column, f"column '{column}' belongs to another survey than '{survey_id}'; leave it empty on this row.")
            for position, column in others
            if answer_cells[position].strip()
        ]


_RECENT_RULES: list[_SurveyRules] = []


def _rules_for(program: Program, header: tuple[str, ...]) -> _SurveyRules:
    """The rules of responses.csv files with ``header``: the last ones made, while the programme is the same object.

    The cohorts of a programme share their files' header, so a survey's answers are checked once for all of them.
    """
    for rules in _RECENT_RULES:
        if rules.program is program and rules.header == header:
            return rules
    _RECENT_RULES[:] = [_SurveyRules(program, header)]
    return _RECENT_RULES[0]


def _column(field: str, survey_id: str) -> str:
    return field if field in CANONICAL_FIXED else f"{survey_id}.{field}"


def _header_errors(table: CsvTable, program: Program) -> list[PlaybookError]:
    allowed = canonical_columns(program)
    errors = [table.error(1, f"missing column '{name}' in the header row.") for name in CANONICAL_FIXED if name not in table.header]
    return errors + unknown_columns(
        table.file, table.header, allowed, "It is not a question of any survey in program.yaml; rename the column or remove it"
    )


def _check_accepted(check: TableCheck, ids: list[str | None], envelopes: list[Envelope | None], cohort_id: str) -> None:
    """The rows not refused: each is of this file's cohort and has its own response id."""
    cohorts = check.table.column("cohort")
    if len(set(ids)) == len(ids) and cohorts.count(cohort_id) == len(cohorts):
        return  # every id differs and every row names this cohort: nothing to look at row by row
    first_line: dict[str, int] = {}
    for index, (line, response_id, envelope) in enumerate(zip(check.table.lines, ids, envelopes, strict=True)):
        if index in check.refused or response_id is None or envelope is None:
            continue
        if envelope[1] != cohort_id:
            message = f"cohort '{envelope[1]}' in the file of cohort '{cohort_id}'; move the row to its cohort's file."
            check.errors.append(check.table.error(line, message, "cohort"))
        earlier = first_line.get(response_id)
        if earlier:
            message = f"response id '{response_id}' already used on line {earlier}; each response needs its own id."
            check.errors.append(check.table.error(line, message, "response_id"))
            continue
        first_line[response_id] = line


def _response_ids(check: TableCheck, cells: tuple[str, ...]) -> list[str | None]:
    """Each row's response id, or None where it is not valid (a column of valid ids is checked in one go)."""
    joined = "\n".join(cells)
    if joined.count("\n") == len(cells) - 1 and _VALID_IDS.fullmatch(joined):  # no cell holds a line break of its own
        return list(cells)
    return check.check(cells, _response_id)


def parse_responses(table: CsvTable, program: Program, cohort_id: str) -> tuple[Response, ...]:
    """Every row checked against its survey; raises ``ErrorList`` with FILE:LINE errors.

    Question columns missing from the header count as unanswered (a survey gained a question).
    The table is checked column by column: each distinct cell, envelope or set of answer cells once.
    """
    errors = _header_errors(table, program)
    if errors:
        raise ErrorList(errors)
    check, rules = TableCheck(table, errors), _rules_for(program, table.header)
    surveys = table.column("survey")
    check.check(surveys, rules.survey, final=True)
    ids = _response_ids(check, table.column("response_id"))
    envelopes = check.check(table.keys(("survey", "cohort", "role", "pair")), rules.envelope)
    moments = check.check(table.column("submitted_at"), _submitted)
    answer_keys = list(zip(surveys, table.span(rules.answer_columns), strict=True))
    answers = check.check(answer_keys, rules.answers)
    check.report(answer_keys, rules.stray)
    _check_accepted(check, ids, envelopes, cohort_id)
    if errors:
        raise ErrorList(errors)
    return _responses(ids, envelopes, moments, answers)


def _responses(*columns: Sequence[Any]) -> tuple[Response, ...]:
    """A response per row from its checked values (none is ``None``: no row was refused)."""
    ids, envelopes, moments, answers = columns
    return made_alike(Response, ids, *zip(*envelopes, strict=True), moments, map(dict, answers))


def response_cells(response: Response, program: Program, session_log: bool = False) -> list[str]:
    """One CSV record in the canonical column order (``session_log``: with the session log's columns)."""
    fixed = [response.response_id, response.survey, response.cohort, response.role, response.pair, format_time(response.submitted_at)]
    answers = [
        format_answer(response.answers.get(question.id)) if survey.id == response.survey else ""
        for survey in surveys_of(program)
        for question in survey.questions
    ]
    own = response.survey == SESSION_LOG_ID
    entry = [format_answer(response.answers.get(name)) if own else "" for name in SESSION_LOG_FIELDS if session_log]
    return fixed + answers + entry


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs (OWASP CSV injection guidance).

    A cell starting with = + - @ (or their full-width forms), a tab or a line break gets a leading
    single quote; a number such as -3 or +1.5 stays as it is.
    """
    if not cell.startswith(FORMULA_STARTS) or _PLAIN_NUMBER.fullmatch(cell):
        return cell
    return "'" + cell


def responses_csv(responses: Iterable[Response], program: Program, spreadsheet: bool = False) -> str:
    """The canonical CSV text: header, then responses by submission time and id (LF line ends).

    Canonical files keep every value exactly, so they round-trip through ``ingest``; with
    ``spreadsheet`` every cell goes through ``spreadsheet_safe`` (for opening in Excel and the like,
    not for ingesting again).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    ordered = sorted(responses, key=lambda item: item.sort_key)
    session_log = any(response.survey == SESSION_LOG_ID for response in ordered)
    writer.writerow(canonical_columns(program, session_log))
    for response in ordered:
        cells = response_cells(response, program, session_log)
        cells = [csv_cell(cell) for cell in cells]
        writer.writerow([spreadsheet_safe(cell) for cell in cells] if spreadsheet else cells)
    return buffer.getvalue()


def submission_time(fields: Mapping[str, object], timezone: str, problems: list[Problem]) -> datetime.datetime | None:
    """A submission's ``submitted_at`` as an aware moment; a bad one is added to ``problems`` and gives None."""
    submitted = fields.get("submitted_at")
    if isinstance(submitted, datetime.datetime):
        return submitted
    try:
        return parse_time(str(submitted or ""), timezone)
    except ValueError as error:
        problems.append(Problem("submitted_at", f"{error}."))
        return None
