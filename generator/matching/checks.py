"""Cross-reference checks for the matching feature.

Input: program.yaml ``Document`` and the ``RefIndex`` of its ids.
Output: located ``PlaybookError`` values (unknown cohorts, duplicate levels, all-zero weights,
a pair both pinned and forbidden).
"""

from __future__ import annotations

from typing import Any

from generator.errors import PlaybookError
from generator.load import Document
from generator.matching.model import DEFAULT_WEIGHTS
from generator.refs import RefIndex, entries


def check_matching(document: Document, index: RefIndex) -> list[PlaybookError]:
    """Problems the schema cannot see."""
    data = document.data.get("matching") if isinstance(document.data, dict) else None
    if not isinstance(data, dict):
        return []
    errors = _cohort_errors(document, index) + _level_errors(document, data.get("levels"))
    errors += _weight_errors(document, data.get("weights"))
    survey = data.get("intake_survey")
    if isinstance(survey, str) and not index.has("survey", survey):
        errors.append(index.unknown(document, ("matching", "intake_survey"), "survey", survey))
    return errors + _pinned_and_forbidden(document)


def _cohort_errors(document: Document, index: RefIndex) -> list[PlaybookError]:
    errors = []
    for key in ("pins", "forbids"):
        for path, item in entries(document.data, "matching", key):
            cohort = item.get("cohort")
            if isinstance(cohort, str) and not index.has("cohort", cohort):
                errors.append(index.unknown(document, (*path, "cohort"), "cohort", cohort))
    return errors


def _level_errors(document: Document, levels: Any) -> list[PlaybookError]:
    if not isinstance(levels, list):
        return []
    seen: set[Any] = set()
    errors = []
    for position, level in enumerate(levels):
        if level in seen:
            errors.append(document.error(("matching", "levels", position), f"level '{level}' is listed twice; list each level once."))
        seen.add(level)
    return errors


def _weight_errors(document: Document, weights: Any) -> list[PlaybookError]:
    if isinstance(weights, dict) and weights and all(isinstance(value, int | float) and value == 0 for value in weights.values()):
        missing = set(DEFAULT_WEIGHTS) - set(weights)
        if not missing:
            return [
                document.error(("matching", "weights"), "every weight is 0, so no pair would score; give at least one criterion a weight.")
            ]
    return []


def _pinned_and_forbidden(document: Document) -> list[PlaybookError]:
    forbidden = {(item.get("cohort"), item.get("mentor"), item.get("mentee")) for _, item in entries(document.data, "matching", "forbids")}
    errors = []
    for path, item in entries(document.data, "matching", "pins"):
        pair = (item.get("mentor"), item.get("mentee"))
        if (item.get("cohort"), *pair) in forbidden or (None, *pair) in forbidden:
            errors.append(document.error(path, f"the pair {pair[0]} + {pair[1]} is both pinned and forbidden; keep only one."))
    return errors
