"""JSON Schema fragments for ``cohorts`` and ``goals[].measure`` in program.yaml.

Input: nothing. Output: ``COHORT_SCHEMA`` (one cohort) and ``GOAL_MEASURE_SCHEMA``.
"""

from __future__ import annotations

from typing import Any

METRICS = ["nps", "participation", "satisfaction", "session_completion", "skill_change"]

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"

DEFAULT_MEETING_EVERY_WEEKS = 2
DEFAULT_SILENT_AFTER_DAYS = 28
DEFAULT_BEHIND_AFTER_MISSED = 2
DEFAULT_SESSION_TIME = "10:00"


def _id(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN, "description": description}


def _date(description: str) -> dict[str, Any]:
    return {"type": "string", "pattern": DATE_PATTERN, "format": "date", "description": description}


def _count(description: str, minimum: int, maximum: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": minimum, "maximum": maximum, "description": description}


GOAL_MEASURE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "How the goal is measured.",
    "additionalProperties": False,
    "required": ["metric"],
    "properties": {
        "metric": {"enum": METRICS, "description": "Which figure the goal is judged by."},
        "survey": {"type": "string", "pattern": ID_PATTERN, "description": "Survey the figure comes from."},
        "baseline": {"type": "string", "pattern": ID_PATTERN, "description": "Baseline survey for skill_change."},
        "question": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "description": "Question the figure comes from."},
    },
}

MILESTONE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A milestone: reached by a pair when it holds a session with the agenda, or answers the survey.",
    "additionalProperties": False,
    "required": ["id", "title", "due"],
    "properties": {
        "id": _id("Milestone id."),
        "title": {"type": "string", "minLength": 1, "description": "What the milestone is."},
        "due": _date("The date it is due (YYYY-MM-DD)."),
        "agenda": _id("Agenda id: a pair reaches the milestone when it holds a session with this agenda."),
        "survey": _id("Survey id: reached when the pair's participants have answered this survey."),
    },
}

COHORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A cohort: a group of pairs running the programme together.",
    "additionalProperties": False,
    "required": ["id", "name", "start", "end"],
    "properties": {
        "id": _id("Cohort id; its data lives in content/cohorts/<id>/."),
        "name": {"type": "string", "minLength": 1, "description": "Cohort name."},
        "start": _date("First day."),
        "end": _date("Last day."),
        "lead": {"type": "string", "minLength": 1, "description": "Who leads the cohort (a staff role or name, shown publicly)."},
        "meeting_every_weeks": _count("How often pairs meet, in weeks (default 2).", 1, 12),
        "planned_sessions": _count("Sessions each pair is planned to hold (default: one per cadence).", 1, 200),
        "session_time": {"type": "string", "pattern": TIME_PATTERN, "description": "Time of planned sessions in the calendar (HH:MM)."},
        "silent_after_days": _count("A pair with no session for more than this many days is silent (default 28).", 1, 365),
        "behind_after_missed": _count("A pair this many planned sessions short is behind plan (default 2).", 1, 50),
        "milestones": {"type": "array", "items": MILESTONE_SCHEMA, "description": "Milestones in date order."},
    },
}
