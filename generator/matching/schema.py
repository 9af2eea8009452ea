"""JSON Schema fragment for ``matching`` in program.yaml.

Input: nothing. Output: ``MATCHING_SCHEMA``.
"""

from __future__ import annotations

from typing import Any

MATCHING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Matching rules (filled in by the matching feature).",
    "additionalProperties": False,
    "properties": {},
}
