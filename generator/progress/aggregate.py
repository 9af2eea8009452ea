"""Aggregate stage for progress: figures per cohort, per goal and for the programme.

Input: the ``Program``, the cohorts' tables and the as-of date.
Output: plain figures for the progress pages (none yet).
"""

from __future__ import annotations

import datetime
from typing import Any

from generator.model import Program


def aggregate_progress(program: Program, cohort_data: dict[str, Any], as_of: datetime.date) -> dict[str, Any]:
    """Figures for the progress pages."""
    return {}
