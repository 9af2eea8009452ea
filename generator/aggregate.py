"""Stage 4, aggregate: figures computed from the programme and its features' data.

Input: the ``Program``, the data each feature loaded (by feature name) and the as-of date.
Output: each feature's figures by feature name, read by the render stage. No IO.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from generator.model import Program
from generator.registry import FEATURES


def aggregate(program: Program, data: Mapping[str, object], as_of: datetime.date) -> dict[str, object]:
    """Every feature's figures, keyed by feature name."""
    return {feature.name: feature.figures(program, data.get(feature.name), as_of) for feature in FEATURES}
