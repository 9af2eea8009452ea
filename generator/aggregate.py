"""Stage 4, aggregate: figures computed from the programme and its cohort data.

Input: the ``Program``, the tables read by the load stage, and the as-of date.
Output: a dict of figures by feature name, read by the render stage. No IO.
"""

from __future__ import annotations

import datetime
from typing import Any

from generator.model import Program
from generator.progress.aggregate import aggregate_progress


def aggregate(program: Program, tables: dict[str, Any], as_of: datetime.date) -> dict[str, Any]:
    """Every feature's figures, keyed by feature."""
    return {"progress": aggregate_progress(program, tables.get("progress", {}), as_of)}
