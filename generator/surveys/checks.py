"""Cross-reference checks for the surveys feature.

Input: program.yaml ``Document`` and the ``RefIndex`` of its ids.
Output: located ``PlaybookError`` values (question ids, per-type keys, ``show_if``,
skill pairs, audiences, destinations).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from generator.errors import KeyPath, PlaybookError, did_you_mean
from generator.load import Document
from generator.refs import RefIndex, date_order_errors, entries
from generator.surveys.model import SESSION_LOG_ID

TYPE_KEYS = {
    "likert": {"points", "labels", "skill"},
    "rating": {"points", "skill"},
    "nps": {"skill"},
    "single": {"options"},
    "multiple": {"options", "min_picks", "max_picks"},
    "yes_no": set(),
    "number": {"min", "max", "integer", "skill"},
    "date": set(),
    "short_text": {"max_length"},
    "long_text": {"max_length"},
    "story": {"max_length"},
}
SPECIFIC_KEYS = set().union(*TYPE_KEYS.values())
Located = tuple[KeyPath, dict[str, Any]]


def question_entries(survey_path: KeyPath, survey: dict[str, Any]) -> list[Located]:
    """Every well-formed question of a survey (``questions`` first, then each section's), with its key path."""
    found = [
        ((*survey_path, "questions", index), item) for index, item in enumerate(survey.get("questions") or []) if isinstance(item, dict)
    ]
    for section_index, section in enumerate(survey.get("sections") or []):
        if isinstance(section, dict):
            for index, item in enumerate(section.get("questions") or []):
                if isinstance(item, dict):
                    found.append(((*survey_path, "sections", section_index, "questions", index), item))
    return found


def _type_key_errors(document: Document, path: KeyPath, question: dict[str, Any]) -> list[PlaybookError]:
    kind = question.get("type")
    if kind not in TYPE_KEYS:
        return []
    allowed = TYPE_KEYS[kind]
    return [
        document.error((*path, key), f"'{key}' does not apply to a {kind} question; remove it (it is for {_owners(key)} questions).")
        for key in sorted(SPECIFIC_KEYS & set(question) - allowed)
    ]


def _owners(key: str) -> str:
    return ", ".join(kind for kind, keys in TYPE_KEYS.items() if key in keys)


def _scale_errors(document: Document, path: KeyPath, question: dict[str, Any]) -> list[PlaybookError]:
    kind, points, labels = question.get("type"), question.get("points"), question.get("labels")
    errors = []
    if kind == "likert" and points not in (None, 5, 7):
        errors.append(document.error((*path, "points"), f"a likert question has 5 or 7 points, not {points}."))
    if kind == "likert" and isinstance(labels, list):
        expected = points if isinstance(points, int) else 5
        if len(labels) != expected:
            errors.append(
                document.error((*path, "labels"), f"{len(labels)} labels for {expected} points; give one label per point, lowest first.")
            )
    return errors


def _option_values(question: dict[str, Any]) -> list[str]:
    values = []
    for item in question.get("options") or []:
        if isinstance(item, str):
            values.append(item)
        elif isinstance(item, dict) and isinstance(item.get("value"), str):
            values.append(item["value"])
    return values


def _choice_errors(document: Document, path: KeyPath, question: dict[str, Any]) -> list[PlaybookError]:
    kind = question.get("type")
    if kind not in ("single", "multiple"):
        return []
    values = _option_values(question)
    if "options" not in question:
        return [document.error(path, f"a {kind} question needs 'options' (at least two choices).")]
    errors = [
        document.error((*path, "options"), f"choice '{value}' appears twice; each choice needs its own value.")
        for value in sorted({v for v in values if values.count(v) > 1})
    ]
    low, high = question.get("min_picks"), question.get("max_picks")
    if isinstance(high, int) and high > len(values):
        errors.append(document.error((*path, "max_picks"), f"max_picks is {high} but there are only {len(values)} choices."))
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.append(document.error((*path, "min_picks"), f"min_picks {low} is more than max_picks {high}; swap them."))
    if isinstance(low, int) and low > len(values):
        errors.append(document.error((*path, "min_picks"), f"min_picks is {low} but there are only {len(values)} choices."))
    return errors


def _range_errors(document: Document, path: KeyPath, question: dict[str, Any]) -> list[PlaybookError]:
    low, high = question.get("min"), question.get("max")
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        return [document.error((*path, "min"), f"min {low} is more than max {high}; swap them.")]
    return []


def _condition_value_ok(target: dict[str, Any], value: Any) -> bool:
    kind = target.get("type")
    if kind in ("single", "multiple"):
        return value in _option_values(target)
    if kind == "yes_no":
        return isinstance(value, bool)
    if kind in ("likert", "rating", "nps", "number"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _show_if_errors(document: Document, path: KeyPath, question: dict[str, Any], earlier: dict[str, dict[str, Any]]) -> list[PlaybookError]:
    condition = question.get("show_if")
    if not isinstance(condition, dict) or not isinstance(condition.get("question"), str):
        return []
    target_id = condition["question"]
    if target_id not in earlier:
        hint = did_you_mean(target_id, earlier)
        return [
            document.error(
                (*path, "show_if", "question"), f"show_if must name an earlier question of this survey; '{target_id}' is not one.{hint}"
            )
        ]
    if "equals" in condition and "in" in condition:
        return [document.error((*path, "show_if"), "use either 'equals' or 'in', not both.")]
    values = condition["in"] if isinstance(condition.get("in"), list) else [condition.get("equals", True)]
    target = earlier[target_id]
    return [
        document.error(
            (*path, "show_if"), f"{value!r} can never be an answer to '{target_id}' ({target.get('type')}); {_expected(target)}."
        )
        for value in values
        if not _condition_value_ok(target, value)
    ]


def _expected(target: dict[str, Any]) -> str:
    kind = target.get("type")
    if kind in ("single", "multiple"):
        return "use one of: " + ", ".join(_option_values(target))
    if kind == "yes_no":
        return "use true or false"
    return "use a number" if kind in ("likert", "rating", "nps", "number") else "use text"


def _survey_question_errors(document: Document, survey_path: KeyPath, survey: dict[str, Any]) -> list[PlaybookError]:
    errors: list[PlaybookError] = []
    earlier: dict[str, dict[str, Any]] = {}
    skills: dict[str, KeyPath] = {}
    for path, question in question_entries(survey_path, survey):
        ident = question.get("id")
        errors += _type_key_errors(document, path, question) + _scale_errors(document, path, question)
        errors += _choice_errors(document, path, question) + _range_errors(document, path, question)
        errors += _show_if_errors(document, path, question, earlier)
        if isinstance(ident, str) and ident in earlier:
            errors.append(
                document.error((*path, "id"), f"duplicate question id '{ident}' in this survey; ids must be unique within a survey.")
            )
        elif isinstance(ident, str):
            earlier[ident] = question
        skill = question.get("skill")
        if isinstance(skill, str):
            if skill in skills:
                line = document.where(skills[skill])[0]
                errors.append(
                    document.error(
                        (*path, "skill"), f"skill '{skill}' is already asked on line {line} of this survey; ask each skill once per survey."
                    )
                )
            skills.setdefault(skill, (*path, "skill"))
    if not survey.get("questions") and not survey.get("sections"):
        errors.append(document.error(survey_path, "a survey needs 'questions' or 'sections' with at least one question."))
    return errors


def _schedule_errors(document: Document, path: KeyPath, survey: dict[str, Any]) -> list[PlaybookError]:
    if survey.get("when") == "dates" and not survey.get("dates"):
        return [document.error((*path, "when"), "when: dates needs a 'dates' list (YYYY-MM-DD).")]
    if survey.get("dates") and survey.get("when") != "dates":
        return [document.error((*path, "dates"), "'dates' is only used with 'when: dates'; add it or remove the dates.")]
    return []


def _destination_errors(document: Document, path: KeyPath, destination: Any) -> list[PlaybookError]:
    if not isinstance(destination, dict):
        return []
    kind, url = destination.get("type"), destination.get("url")
    if kind == "endpoint" and not isinstance(url, str):
        return [document.error(path, "an endpoint destination needs a 'url' (https://...), such as a Formspree form address.")]
    if kind == "endpoint" and isinstance(url, str) and not url.startswith("https://"):
        return [document.error((*path, "url"), "an endpoint must use https:// so answers are encrypted on the way.")]
    if kind in ("netlify", "download") and url is not None:
        return [document.error((*path, "url"), f"a {kind} destination takes no url; remove it.")]
    return []


def check_surveys(document: Document, index: RefIndex) -> list[PlaybookError]:
    """Problems the schema cannot see."""
    errors: list[PlaybookError] = []
    for path, survey in entries(document.data, "surveys"):
        audience = survey.get("audience")
        for position, role in enumerate(audience if isinstance(audience, list) else []):
            if isinstance(role, str) and not index.has("role", role):
                errors.append(index.unknown(document, (*path, "audience", position), "role", role))
        if survey.get("id") == SESSION_LOG_ID:
            errors.append(
                document.error((*path, "id"), f"'{SESSION_LOG_ID}' is the built-in session log's id; give this survey another id.")
            )
        errors += _survey_question_errors(document, path, survey)
        errors += _schedule_errors(document, path, survey)
        errors += _destination_errors(document, (*path, "destination"), survey.get("destination"))
    errors += date_order_errors(document, "surveys", "opens", "closes")
    collector = document.data.get("collector") if isinstance(document.data, dict) else None
    if isinstance(collector, dict):
        errors += _destination_errors(document, ("collector", "destination"), collector.get("destination"))
        database = collector.get("database")
        if isinstance(database, str) and ".." in PurePosixPath(database).parts:
            errors.append(
                document.error(("collector", "database"), f"'{database}' leaves the project folder; keep the database inside it.")
            )
    return errors
