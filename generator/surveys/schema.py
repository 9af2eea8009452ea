"""JSON Schema fragments for ``surveys`` and ``collector`` in program.yaml.

Input: nothing. Output: ``SURVEY_SCHEMA`` (one survey) and ``COLLECTOR_SCHEMA``.
"""

from __future__ import annotations

from typing import Any

SURVEY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A survey.",
    "additionalProperties": False,
    "required": ["id", "title"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "description": "Survey id."},
        "title": {"type": "string", "minLength": 1, "description": "Survey title."},
        "opens": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "First day answers are accepted."},
        "closes": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "Last day answers are accepted."},
    },
}

COLLECTOR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Where survey answers go (filled in by the surveys feature).",
    "additionalProperties": False,
    "properties": {},
}
