"""Cross-reference checks for the progress feature.

Input: program.yaml ``Document`` and the ``RefIndex`` of its ids.
Output: located ``PlaybookError`` values: unknown agenda or survey ids in milestones and
goal measures, milestones outside their cohort, measures missing what their metric needs,
targets their metric can never reach (80 for a share, which is written 0.8).
"""

from __future__ import annotations

from typing import Any

from generator.errors import KeyPath, PlaybookError, did_you_mean
from generator.load import Document
from generator.progress.aggregate import METRIC_KIND, PER_UNIT, PERCENT, POINTS
from generator.refs import RefIndex, date_order_errors, entries
from generator.surveys.checks import question_entries

# What each metric needs besides its name.
METRIC_NEEDS: dict[str, tuple[str, ...]] = {
    "skill_change": ("survey", "baseline"),
    "nps": ("survey",),
    "satisfaction": ("survey", "question"),
    "session_completion": (),
    "participation": (),
}


def _reference(document: Document, index: RefIndex, path: KeyPath, kind: str, value: Any) -> list[PlaybookError]:
    if isinstance(value, str) and not index.has(kind, value):
        return [index.unknown(document, path, kind, value)]
    return []


def _milestones(path: KeyPath, cohort: dict[str, Any]) -> list[tuple[KeyPath, dict[str, Any]]]:
    items = cohort.get("milestones")
    if not isinstance(items, list):
        return []
    return [((*path, "milestones", index), item) for index, item in enumerate(items) if isinstance(item, dict)]


def _milestone_errors(document: Document, index: RefIndex, path: KeyPath, cohort: dict[str, Any]) -> list[PlaybookError]:
    errors: list[PlaybookError] = []
    seen: set[str] = set()
    start, end = cohort.get("start"), cohort.get("end")
    for milestone_path, milestone in _milestones(path, cohort):
        ident = milestone.get("id")
        if isinstance(ident, str) and ident in seen:
            errors.append(document.error((*milestone_path, "id"), f"duplicate milestone id '{ident}' in this cohort; ids must be unique."))
        seen.add(str(ident))
        errors += _reference(document, index, (*milestone_path, "agenda"), "agenda", milestone.get("agenda"))
        errors += _reference(document, index, (*milestone_path, "survey"), "survey", milestone.get("survey"))
        if "agenda" in milestone and "survey" in milestone:
            errors.append(document.error(milestone_path, "a milestone links either an agenda or a survey, not both; keep one."))
        due = milestone.get("due")
        if isinstance(due, str) and isinstance(start, str) and isinstance(end, str) and not start <= due <= end:
            errors.append(
                document.error((*milestone_path, "due"), f"due date {due} is outside the cohort ({start} to {end}); move it inside.")
            )
    return errors


def _survey_questions(document: Document, survey_id: str) -> set[str] | None:
    """Question ids of a survey, or None when the survey lists none (nothing to check)."""
    for path, survey in entries(document.data, "surveys"):
        if survey.get("id") == survey_id:
            found = {str(question["id"]) for _, question in question_entries(path, survey) if "id" in question}
            return found or None
    return None


def _measure_errors(document: Document, index: RefIndex, path: KeyPath, measure: dict[str, Any]) -> list[PlaybookError]:
    metric = measure.get("metric")
    if metric not in METRIC_NEEDS:
        return []
    errors = _reference(document, index, (*path, "survey"), "survey", measure.get("survey"))
    errors += _reference(document, index, (*path, "baseline"), "survey", measure.get("baseline"))
    for key in METRIC_NEEDS[metric]:
        if key not in measure:
            errors.append(document.error(path, f"metric '{metric}' needs '{key}'; add {key}: <id>."))
    question, survey = measure.get("question"), measure.get("survey")
    if isinstance(question, str) and isinstance(survey, str) and index.has("survey", survey):
        known = _survey_questions(document, survey)
        if known is not None and question not in known:
            listing = ", ".join(sorted(str(item) for item in known))
            errors.append(
                document.error(
                    (*path, "question"),
                    f"survey '{survey}' has no question '{question}'.{did_you_mean(question, map(str, known))} Its questions: {listing}.",
                )
            )
    return errors


def _target_errors(document: Document, path: KeyPath, goal: dict[str, Any]) -> list[PlaybookError]:
    """A target outside the range its metric's figure can take (a share as 80 instead of 0.8)."""
    measure, target = goal.get("measure"), goal.get("target")
    metric = measure.get("metric") if isinstance(measure, dict) else None
    if metric not in METRIC_KIND or isinstance(target, bool) or not isinstance(target, int | float):
        return []
    kind = METRIC_KIND[str(metric)]
    low, high = PER_UNIT[kind]
    if low <= target <= high:
        return []
    message = f"a target of {target:g} can never be reached: metric '{metric}' gives figures from {low:g} to {high:g}."
    if kind in (PERCENT, POINTS) and abs(target) <= 100:
        unit = "%" if kind == PERCENT else " points"
        message += f" Shares are written as fractions: write {target / 100:g} for {target:g}{unit}."
    return [document.error((*path, "target"), message)]


MAX_COHORT_YEARS = 10  # a cohort's calendar, plan and monthly figures grow with its length


def _cohort_length_errors(document: Document) -> list[PlaybookError]:
    """Cohorts running longer than ``MAX_COHORT_YEARS`` (a mistyped year such as 2999 for 2029)."""
    errors = []
    for path, cohort in entries(document.data, "cohorts"):
        start, end = str(cohort.get("start")), str(cohort.get("end"))
        if start[:4].isdigit() and end[:4].isdigit() and int(end[:4]) - int(start[:4]) > MAX_COHORT_YEARS:
            message = f"the cohort runs from {start} to {end}, longer than {MAX_COHORT_YEARS} years; check the year."
            errors.append(document.error((*path, "end"), message))
    return errors


def check_progress(document: Document, index: RefIndex) -> list[PlaybookError]:
    """Problems the schema cannot see."""
    errors: list[PlaybookError] = []
    for path, cohort in entries(document.data, "cohorts"):
        errors += _milestone_errors(document, index, path, cohort)
    errors += date_order_errors(document, "cohorts", "start", "end")
    errors += _cohort_length_errors(document)
    for path, goal in entries(document.data, "goals"):
        if isinstance(goal.get("measure"), dict):
            errors += _measure_errors(document, index, (*path, "measure"), goal["measure"])
        errors += _target_errors(document, path, goal)
    return errors
