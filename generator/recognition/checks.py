"""Cross-reference checks for recognition: the certificate criteria name real modules and surveys.

Input: the program.yaml ``Document`` and the ``RefIndex`` of its ids.
Output: located ``PlaybookError`` values: an unknown module or survey id, and an end survey that is
anonymous (its answers name no pair, so nobody could be shown to have answered it).
"""

from __future__ import annotations

from generator.errors import PlaybookError
from generator.load import Document
from generator.refs import RefIndex, entries


def check_certificates(document: Document, index: RefIndex) -> list[PlaybookError]:
    """Problems in the ``certificates`` section that its declaration cannot express."""
    criteria = document.data.get("certificates") if isinstance(document.data, dict) else None
    if not isinstance(criteria, dict):
        return []
    errors: list[PlaybookError] = []
    modules = criteria.get("modules")
    if isinstance(modules, list):
        for position, module in enumerate(modules):
            if isinstance(module, str) and not index.has("training module", module):
                errors.append(index.unknown(document, ("certificates", "modules", position), "training module", module))
    survey = criteria.get("end_survey")
    if isinstance(survey, str):
        if not index.has("survey", survey):
            errors.append(index.unknown(document, ("certificates", "end_survey"), "survey", survey))
        elif _anonymous(document, survey):
            errors.append(
                document.error(
                    ("certificates", "end_survey"),
                    f"survey '{survey}' is anonymous, so its answers name nobody; set 'anonymous: false' on it or choose another survey.",
                )
            )
    return errors


def _anonymous(document: Document, survey_id: str) -> bool:
    for _, survey in entries(document.data, "surveys"):
        if survey.get("id") == survey_id:
            return survey.get("anonymous", True) is not False
    return False
