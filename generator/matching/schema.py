"""JSON Schema fragment for ``matching`` in program.yaml.

Input: nothing. Output: ``MATCHING_SCHEMA`` (weights, hard constraints, levels, pins, forbids).
The patterns are written out here (not imported from ``generator.schema``) because that
module imports this one.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
_PERSON = {"type": "string", "minLength": 1, "maxLength": 200}


def _weight(description: str) -> Schema:
    return {"type": "number", "minimum": 0, "maximum": 100, "description": description}


def _pair(description: str, cohort_required: bool) -> Schema:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": ["cohort", "mentor", "mentee"] if cohort_required else ["mentor", "mentee"],
        "properties": {
            "cohort": {**_ID, "description": "Cohort id the pair belongs to."},
            "mentor": {**_PERSON, "description": "The mentor's id in participants.csv."},
            "mentee": {**_PERSON, "description": "The mentee's id in participants.csv."},
            "note": {"type": "string", "minLength": 1, "description": "Why (shown in the private report only)."},
        },
    }


WEIGHTS: Schema = {
    "type": "object",
    "description": "How much each criterion counts in a pair's score (0 turns it off).",
    "additionalProperties": False,
    "properties": {
        "skills": _weight("Skills one person offers that the other wants to learn (both ways). Default 4."),
        "availability": _weight("Weekly hours both are available. Default 2."),
        "meeting": _weight("Shared ways to meet (video, in-person, chat). Default 1."),
        "language": _weight("At least one shared language. Default 1."),
        "department": _weight("Mentor and mentee work in different departments. Default 1."),
    },
}

CONSTRAINTS: Schema = {
    "type": "object",
    "description": "Rules no proposed pair may break.",
    "additionalProperties": False,
    "properties": {
        "separate_reporting_lines": {
            "type": "boolean",
            "description": "Never pair someone with their manager, their manager's manager, and so on. Default true.",
        },
        "different_department": {"type": "boolean", "description": "Never pair two people of the same department. Default false."},
        "shared_language": {"type": "boolean", "description": "Never pair two people without a common language. Default false."},
        "min_level_gap": {
            "type": "integer",
            "minimum": -20,
            "maximum": 20,
            "description": "The mentee's level must be at least this many levels above the mentor's (reverse mentoring: 1 or more).",
        },
        "min_overlap_hours": {
            "type": "integer",
            "minimum": 0,
            "maximum": 168,
            "description": "Hours a week both must be available (each availability slot is 4 hours). Default 0.",
        },
    },
}

MATCHING_SCHEMA: Schema = {
    "type": "object",
    "description": "How `playbook match` proposes mentor–mentee pairs from content/cohorts/<cohort>/participants.csv.",
    "additionalProperties": False,
    "properties": {
        "levels": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "minItems": 1,
            "description": "Job levels from the most junior to the most senior; participants' levels must be one of these "
            "(without this list, levels are whole numbers).",
        },
        "intake_survey": {
            **_ID,
            "description": "The survey whose answers `playbook match --from-intake` turns into participants.csv. Default intake.",
        },
        "weights": WEIGHTS,
        "constraints": CONSTRAINTS,
        "pins": {"type": "array", "items": _pair("A pair the lead fixes.", True), "description": "Pairs the lead fixes by hand."},
        "forbids": {
            "type": "array",
            "items": _pair("A pair never to propose (in every cohort when no cohort is given).", False),
            "description": "Pairs the lead rules out.",
        },
    },
}
