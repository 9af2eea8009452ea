"""Stage 4, aggregate: figures computed from the programme and its features' data.

Input: the ``Program``, the data each feature loaded (by feature name) and the as-of date.
Output: each feature's figures by feature name, read by the render stage. No IO.
In the preview (``cache.FIGURES`` enabled), a feature whose data and programme are the same
objects as at the last regeneration (a content edit leaves them so) keeps its figures.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping

from generator.cache import FIGURES
from generator.disclosure import Audit, Table, audit, leak_message
from generator.errors import ErrorList, PlaybookError
from generator.model import Program
from generator.registry import FEATURES


def aggregate(program: Program, data: Mapping[str, object], as_of: datetime.date) -> dict[str, object]:
    """Every feature's figures, keyed by feature name, then completed with what features supply to each other."""
    figures = {
        feature.name: FIGURES.recall(
            ("feature figures", feature.name, program.info.language),
            (program, data.get(feature.name), as_of),
            functools.partial(feature.figures, program, data.get(feature.name), as_of),
        )
        for feature in FEATURES
    }
    for feature in FEATURES:
        figures.update(feature.supply(program, figures))
    return figures


def disclosure_tables(program: Program, figures: Mapping[str, object]) -> tuple[Table, ...]:
    """Every table the features publish, for the disclosure audit."""
    return tuple(table for feature in FEATURES for table in feature.disclosure(program, figures.get(feature.name)))


def disclosure_audit(program: Program, figures: Mapping[str, object]) -> Audit:
    """The audit of everything published: for each withheld figure, the range a reader could narrow it to."""
    return audit(disclosure_tables(program, figures))


def require_no_leak(result: Audit) -> None:
    """Stop the build, before anything is written, when a withheld figure can be worked out."""
    if result.leaks:
        raise ErrorList([PlaybookError("program.yaml", 0, 0, ("program", "privacy"), leak_message(leak)) for leak in result.leaks])
