"""Cross-reference checks for the matching feature.

Input: program.yaml ``Document`` and the ``RefIndex`` of its ids.
Output: located ``PlaybookError`` values.
"""

from __future__ import annotations

from generator.errors import PlaybookError
from generator.load import Document
from generator.refs import RefIndex


def check_matching(document: Document, index: RefIndex) -> list[PlaybookError]:
    """Problems the schema cannot see."""
    return []
