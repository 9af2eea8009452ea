"""JSON Schema fragments for ``cohorts`` and ``goals[].measure`` in program.yaml.

Input: nothing. Output: ``COHORT_SCHEMA`` (one cohort) and ``GOAL_MEASURE_SCHEMA``.
"""

from __future__ import annotations

from typing import Any

METRICS = ["nps", "participation", "satisfaction", "session_completion", "skill_change"]

GOAL_MEASURE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "How the goal is measured.",
    "additionalProperties": False,
    "required": ["metric"],
    "properties": {
        "metric": {"enum": METRICS, "description": "Which figure the goal is judged by."},
        "survey": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "Survey the figure comes from."},
        "baseline": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "Baseline survey for skill_change."},
        "question": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "description": "Question the figure comes from."},
    },
}

COHORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A cohort: a group of pairs running the programme together.",
    "additionalProperties": False,
    "required": ["id", "name", "start", "end"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "Cohort id."},
        "name": {"type": "string", "minLength": 1, "description": "Cohort name."},
        "start": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "First day."},
        "end": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "Last day."},
    },
}
