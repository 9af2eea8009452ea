"""Checking one response against its survey definition (shared by the collector and ingest).

Input: the ``Program`` and raw values, either JSON values (collector), form fields or
CSV cells (text).
Output: typed answers keyed by question id, or ``Problem`` values naming the field and
saying what is wrong and how to fix it. Text answers keep their line breaks as LF (``csv_cell``),
so every CSV file written from them reads back.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.declare import MAX_NUMBER
from generator.errors import did_you_mean
from generator.load import date_meant
from generator.model import Program
from generator.progress.model import cohorts_of
from generator.recognition.proposal import story_answer
from generator.surveys.model import Answer, Question, Survey, surveys_of

RESPONSE_ID = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}"
RESPONSE_ID_PATTERN = re.compile(rf"^{RESPONSE_ID}$")
PAIR_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
YES = ("yes", "true", "1", "y")
NO = ("no", "false", "0", "n")
MULTIPLE_SEPARATORS = re.compile(r"\s*[|,]\s*")
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,16}(\.0+)?")
_LONG_NUMBER = re.compile(r"[+-]?[0-9]{17,}(\.[0-9]*)?")
_DECIMAL = re.compile(r"[+-]?([0-9]{1,16}(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of a response (``field`` is a question id or envelope key)."""

    field: str
    message: str


class AnswerError(ValueError):
    """A value that does not fit its question."""


def _is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, list | tuple) and not raw)


def _as_text(raw: object) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise AnswerError(f"expected a single value, got {type(raw).__name__}")
    return str(raw).strip()


def _too_large() -> AnswerError:
    return AnswerError("the number is too large; answers here stay below 10^15")


def _within_range(value: int | float) -> int | float:
    """``value``, unless it is beyond ``MAX_NUMBER`` in size (as numbers in program.yaml may not be)."""
    if abs(value) > MAX_NUMBER:
        raise _too_large()
    return value


def _beyond_range(text: str) -> bool:
    """Whether ``text`` is a number written with ASCII digits that is too large to be an answer."""
    return bool(_LONG_NUMBER.fullmatch(text) or (_DECIMAL.fullmatch(text) and abs(float(text)) > MAX_NUMBER))


def _whole(raw: object) -> int:
    if isinstance(raw, bool):
        raise AnswerError("expected a number, got true/false")
    if isinstance(raw, int):
        return int(_within_range(raw))
    if isinstance(raw, float) and math.isfinite(raw):
        _within_range(raw)
        if raw.is_integer():
            return int(raw)
    text = _as_text(raw)
    if not _WHOLE_NUMBER.fullmatch(text):
        if _beyond_range(text):
            raise _too_large()
        raise AnswerError(f"'{text[:40]}' is not a whole number; write it with the digits 0 to 9")
    return int(_within_range(int(text.partition(".")[0])))


def _scale(question: Question, raw: object) -> int:
    if isinstance(raw, str) and question.labels:
        lowered = [label.lower() for label in question.labels]
        if raw.strip().lower() in lowered:
            return lowered.index(raw.strip().lower()) + 1
    value = _whole(raw)
    scale = question.scale
    if value not in scale:
        raise AnswerError(f"{value} is outside the scale {scale[0]} to {scale[-1]}")
    return value


def _number(question: Question, raw: object) -> int | float:
    if question.integer:
        value: int | float = _whole(raw)
    else:
        value = _decimal(raw)
        if not math.isfinite(value):
            raise AnswerError("the number must be finite")
    if question.minimum is not None and value < question.minimum:
        raise AnswerError(f"{value} is below the minimum {question.minimum:g}")
    if question.maximum is not None and value > question.maximum:
        raise AnswerError(f"{value} is above the maximum {question.maximum:g}")
    return value


def _decimal(raw: object) -> float:
    """A number from JSON or text written with ASCII digits (no Unicode digits), below ``MAX_NUMBER`` in size."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return raw if isinstance(raw, float) and math.isnan(raw) else float(_within_range(raw))
    text = _as_text(raw)
    if not _DECIMAL.fullmatch(text):
        if _beyond_range(text):
            raise _too_large()
        raise AnswerError(f"'{text[:40]}' is not a number; write it with the digits 0 to 9")
    return float(_within_range(float(text)))


def _yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _as_text(raw).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise AnswerError(f"'{text}' is not yes or no")


def _choice(question: Question, raw: object) -> str:
    text = _as_text(raw)
    if text in question.options:
        return text
    labels = {label.lower(): value for value, label in zip(question.options, question.option_labels, strict=True)}
    if text.lower() in labels:
        return labels[text.lower()]
    raise AnswerError(f"'{text}' is not one of the choices ({', '.join(question.options)}).{did_you_mean(text, question.options)}")


def _choices(question: Question, raw: object) -> tuple[str, ...]:
    items = list(raw) if isinstance(raw, list | tuple) else MULTIPLE_SEPARATORS.split(_as_text(raw))
    picked = {_choice(question, item) for item in items if not _is_empty(item)}
    ordered = tuple(option for option in question.options if option in picked)
    if question.min_picks is not None and len(ordered) < question.min_picks:
        raise AnswerError(f"{len(ordered)} chosen; choose at least {question.min_picks}")
    if question.max_picks is not None and len(ordered) > question.max_picks:
        raise AnswerError(f"{len(ordered)} chosen; choose at most {question.max_picks}")
    return ordered


def _date(raw: object) -> str:
    text = _as_text(raw)
    try:
        return datetime.date.fromisoformat(text).isoformat() if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> str:
    raise AnswerError(f"'{text}' is not a date; {date_meant(text) or 'write it as YYYY-MM-DD'}")


def sentence(text: str) -> str:
    """``text`` ending with a full stop, unless it already ends with one or a question mark ("Did you mean 'held'?")."""
    return text if text.endswith((".", "?")) else f"{text}."


def csv_cell(cell: str) -> str:
    """``cell`` as a CSV writer with LF line ends writes it so that it reads back: its line breaks as LF.

    Python's writer quotes a cell holding its line terminator, not one holding a lone CR, which a
    reader then takes for the end of the record: "first\rsecond" would split the row in two.
    """
    return cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell


def _text(question: Question, raw: object) -> str:
    text = csv_cell(_as_text(raw))  # line breaks as LF: a form post sends CRLF, old Mac text a lone CR
    if "\x00" in text:
        raise AnswerError("the text contains a NUL character")
    if question.max_length is not None and len(text) > question.max_length:
        raise AnswerError(f"{len(text)} characters; at most {question.max_length} are allowed")
    return text


def coerce_answer(question: Question, raw: object) -> Answer:
    """The typed answer for ``raw``; ``None`` when empty. Raises ``AnswerError``."""
    if _is_empty(raw):
        return None
    kind = question.type
    if kind in ("likert", "rating", "nps"):
        return _scale(question, raw)
    if kind == "number":
        return _number(question, raw)
    if kind == "yes_no":
        return _yes_no(raw)
    if kind == "single":
        return _choice(question, raw)
    if kind == "multiple":
        return _choices(question, raw) or None
    if kind == "date":
        return _date(raw)
    if kind == "story":
        return _story(question, raw)
    return _text(question, raw)


def _story(question: Question, raw: object) -> str | None:
    """A proposed story (consent, quote, name) as its canonical text; see generator/recognition/proposal.py."""
    try:
        return story_answer(raw, question.max_length or 0)
    except ValueError as error:
        raise AnswerError(str(error)) from None


def format_answer(answer: Answer) -> str:
    """An answer as a CSV cell (multiple choices joined with '|', yes/no as yes or no)."""
    if answer is None:
        return ""
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    if isinstance(answer, tuple):
        return "|".join(answer)
    if isinstance(answer, float) and answer.is_integer():
        return str(int(answer))
    return str(answer)


def is_shown(question: Question, answers: Mapping[str, Answer]) -> bool:
    """Whether ``question`` is asked, given the earlier answers."""
    condition = question.show_if
    if condition is None:
        return True
    given = answers.get(condition.question)
    given_values = given if isinstance(given, tuple) else (given,)
    wanted = {format_answer(value) for value in condition.values}
    return any(format_answer(value) in wanted for value in given_values if value is not None)


def check_answers(survey: Survey, raw: Mapping[str, object]) -> tuple[dict[str, Answer], list[Problem]]:
    """Typed answers for every question of ``survey`` and the problems found.

    Unknown keys are refused; answers to questions hidden by ``show_if`` are dropped.
    """
    problems: list[Problem] = []
    known = survey.question_ids
    for key in sorted(set(raw).difference(known)):
        hint = did_you_mean(key, known)
        problems.append(Problem(key, f"'{key}' is not a question of survey '{survey.id}'.{hint}"))
    answers: dict[str, Answer] = {}
    for question in survey.questions:
        try:
            value = coerce_answer(question, raw.get(question.id))
        except AnswerError as error:
            problems.append(Problem(question.id, sentence(str(error))))
            answers[question.id] = None
            continue
        if question.show_if is not None and not is_shown(question, answers):
            value = None
        elif value is None and question.required:
            problems.append(Problem(question.id, f"'{question.text}' needs an answer."))
        answers[question.id] = value
    return answers, problems


def check_envelope(program: Program, survey: Survey, cohort: str, role: str, pair: str) -> list[Problem]:
    """Problems with the cohort, role and pair a response says it comes from."""
    problems = []
    cohorts = [item.id for item in cohorts_of(program)]
    if cohort not in cohorts:
        problems.append(
            Problem("cohort", f"unknown cohort '{cohort}'.{did_you_mean(cohort, cohorts)} Known cohorts: {', '.join(cohorts) or 'none'}.")
        )
    roles = audience(program, survey)
    if role not in roles:
        problems.append(
            Problem(
                "role", f"role '{role}' does not answer survey '{survey.id}'.{did_you_mean(role, roles)} Use one of: {', '.join(roles)}."
            )
        )
    if pair and survey.anonymous:
        problems.append(Problem("pair", f"survey '{survey.id}' is anonymous, so a response may not name a pair; leave pair empty."))
    elif pair and not PAIR_PATTERN.fullmatch(pair):
        problems.append(Problem("pair", f"pair '{pair}' is not a pair id; use letters, digits, '-' or '_' (as in roster.csv)."))
    return problems


def audience(program: Program, survey: Survey) -> tuple[str, ...]:
    """The ids of the roles that answer ``survey``: its audience, else every role of the programme."""
    return survey.audience or tuple(role.id for role in program.roles)


def find_survey(program: Program, survey_id: str | None) -> Survey | None:
    """The survey called ``survey_id``, or None."""
    return next((survey for survey in surveys_of(program) if survey.id == survey_id), None)


def unknown_survey(program: Program, survey_id: str) -> Problem:
    known = [survey.id for survey in surveys_of(program)]
    return Problem("survey", f"unknown survey '{survey_id}'.{did_you_mean(survey_id, known)} Known surveys: {', '.join(known) or 'none'}.")


def check_response_id(response_id: str) -> list[Problem]:
    if RESPONSE_ID_PATTERN.fullmatch(response_id):
        return []
    return [Problem("response_id", f"response id '{response_id[:80]}' is not valid; use up to 80 letters, digits, '-', '_', '.' or ':'.")]
