"""Load stage for cohort data: roster, session log and survey answers (CSV).

Input: the ``Program`` and the ``Project``.
Output: the cohorts' tables, validated row by row with FILE:LINE errors.
"""

from __future__ import annotations

from typing import Any

from generator.model import Program
from generator.project import Project


def load_cohort_data(program: Program, project: Project) -> dict[str, Any]:
    """Every cohort's tables by cohort id (none yet)."""
    return {}
