"""JSON Schema fragments for ``surveys`` and ``collector`` in program.yaml.

Input: nothing. Output: ``SURVEY_SCHEMA`` (one survey) and ``COLLECTOR_SCHEMA``.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
QUESTION_ID_PATTERN = "^[a-z0-9][a-z0-9_-]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
QUESTION_TYPES = ("likert", "rating", "nps", "single", "multiple", "yes_no", "number", "date", "short_text", "long_text")
WHEN_CHOICES = ("before", "after-session", "midpoint", "end", "dates", "application")
DESTINATION_TYPES = ("collector", "endpoint", "netlify", "download")
# Option values end up in CSV cells joined with "|" and in form field values.
OPTION_VALUE_PATTERN = r"^[^|,\s]([^|,]*[^|,\s])?$"


def _text(description: str) -> Schema:
    return {"type": "string", "minLength": 1, "description": description}


def _identifier(description: str) -> Schema:
    return {"type": "string", "pattern": ID_PATTERN, "description": description}


def _date(description: str) -> Schema:
    return {"type": "string", "pattern": DATE_PATTERN, "description": description}


def _count(description: str, minimum: int = 0) -> Schema:
    return {"type": "integer", "minimum": minimum, "description": description}


def _object(properties: Schema, required: list[str], description: str) -> Schema:
    return {"type": "object", "description": description, "additionalProperties": False, "properties": properties, "required": required}


OPTION: Schema = {
    "description": "A choice: its value (stored in the answers), or a mapping with value and label.",
    "oneOf": [
        {"type": "string", "pattern": OPTION_VALUE_PATTERN},
        _object(
            {
                "value": {"type": "string", "pattern": OPTION_VALUE_PATTERN, "description": "Stored value (no '|' or ',')."},
                "label": _text("What respondents see."),
            },
            ["value", "label"],
            "A choice with a label.",
        ),
    ],
}

SHOW_IF: Schema = _object(
    {
        "question": {"type": "string", "pattern": QUESTION_ID_PATTERN, "description": "An earlier question of the same survey."},
        "equals": {"type": ["string", "integer", "number", "boolean"], "description": "Show when the answer is this value."},
        "in": {
            "type": "array",
            "minItems": 1,
            "items": {"type": ["string", "integer", "number", "boolean"]},
            "description": "Show when the answer is one of these.",
        },
    },
    ["question"],
    "Ask this question only when an earlier answer matches (equals or in).",
)

QUESTION: Schema = _object(
    {
        "id": {
            "type": "string",
            "pattern": QUESTION_ID_PATTERN,
            "description": "Question id (lowercase letters, digits, '-' or '_'), unique in its survey; its answer column is <survey>.<id>.",
        },
        "type": {"enum": list(QUESTION_TYPES), "description": "Kind of answer."},
        "text": _text("The question as respondents read it."),
        "help": _text("A hint shown under the question."),
        "required": {"type": "boolean", "description": "An answer is needed to submit (default false)."},
        "points": {"type": "integer", "minimum": 2, "maximum": 10, "description": "likert: 5 or 7 (default 5); rating: 1..N (default 5)."},
        "labels": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "likert: one label per point, lowest first.",
        },
        "options": {"type": "array", "minItems": 2, "items": OPTION, "description": "single / multiple: the choices."},
        "min_picks": _count("multiple: fewest choices allowed."),
        "max_picks": _count("multiple: most choices allowed.", 1),
        "min": {"type": "number", "description": "number: smallest value allowed."},
        "max": {"type": "number", "description": "number: largest value allowed."},
        "integer": {"type": "boolean", "description": "number: whole numbers only (default true)."},
        "max_length": _count("short_text / long_text: most characters allowed (defaults 200 / 2000).", 1),
        "skill": _identifier("Skill id: the same skill asked in a baseline and an end survey forms a before/after pair."),
        "show_if": SHOW_IF,
    },
    ["id", "type", "text"],
    "A question.",
)

SECTION: Schema = _object(
    {
        "title": _text("Heading of this group of questions."),
        "intro": _text("A sentence shown above the questions."),
        "questions": {"type": "array", "minItems": 1, "items": QUESTION, "description": "Questions in order."},
    },
    ["title", "questions"],
    "A group of questions, shown as one fieldset.",
)

DESTINATION: Schema = _object(
    {
        "type": {"enum": list(DESTINATION_TYPES), "description": "collector, endpoint (HTTPS JSON POST), netlify or download."},
        "url": {
            "type": "string",
            "pattern": "^https?://[^\\s]+$",
            "description": "collector: its public address; endpoint: the HTTPS URL.",
        },
    },
    ["type"],
    "Where the answers of a form are sent.",
)

SURVEY_SCHEMA: Schema = _object(
    {
        "id": _identifier("Survey id."),
        "title": _text("Survey title."),
        "intro": _text("What the survey is for, shown above the form."),
        "thanks": _text("Shown after a successful submission."),
        "when": {"enum": list(WHEN_CHOICES), "description": "When it is sent."},
        "dates": {"type": "array", "items": _date("A date."), "description": "when: dates — the dates it is sent."},
        "audience": {"type": "array", "minItems": 1, "items": _identifier("A role id."), "description": "Roles who answer."},
        "anonymous": {"type": "boolean", "description": "Answers are not linked to a pair (default true)."},
        "opens": _date("First day answers are accepted."),
        "closes": _date("Last day answers are accepted."),
        "destination": DESTINATION,
        "sections": {"type": "array", "minItems": 1, "items": SECTION, "description": "Groups of questions."},
        "questions": {"type": "array", "minItems": 1, "items": QUESTION, "description": "Questions (when there is one group)."},
    },
    ["id", "title"],
    "A survey.",
)

COLLECTOR_SCHEMA: Schema = _object(
    {
        "destination": DESTINATION,
        "url": {
            "type": "string",
            "pattern": "^https?://[^\\s/]+(/[^\\s]*)?$",
            "description": "Public address of 'playbook collect' (default http://127.0.0.1:8765).",
        },
        "site_origin": {
            "type": "string",
            "pattern": "^https?://[^\\s/]+$",
            "description": "Origin of the published site; the only origin allowed to submit.",
        },
        "database": {
            "type": "string",
            "pattern": r"^[^/~][^\s]*$",
            "description": "SQLite file, relative to the project (default playbook.sqlite3).",
        },
        "max_body_kb": {"type": "integer", "minimum": 1, "maximum": 1024, "description": "Largest submission accepted (default 64)."},
        "rate_limit_per_minute": {
            "type": "integer",
            "minimum": 1,
            "description": "Submissions per client address per minute (default 30).",
        },
        "who_can_see": _text("Who can read the answers, shown on every survey page."),
    },
    [],
    "Where survey answers go by default and how 'playbook collect' runs.",
)
