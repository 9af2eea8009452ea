"""The pair ids of each cohort's roster.csv, for checking the pair a response names.

Input: the ``Project`` and a cohort id.
Output: the set of pair ids in ``content/cohorts/<cohort>/roster.csv`` (empty when there is no
roster yet), re-read only when the file changes. The collector refuses a submission naming a pair
that is not there, and ``ingest`` refuses such a row, because ``build`` would refuse it later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ErrorList, PlaybookError
from generator.load import existing_inside, load_csv_file
from generator.project import Project

COHORT_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass
class RosterPairs:
    """The pair ids of each cohort's roster.csv, re-read when the file changes.

    A submission naming a pair must name one of these, as ``ingest`` and ``build`` require, so an
    unknown pair id is refused at the door and never stored.
    """

    project: Project
    cached: dict[str, tuple[float, frozenset[str]]] = field(default_factory=dict)

    def of(self, cohort_id: str) -> frozenset[str]:
        path = self.project.cohort_dir(cohort_id) / "roster.csv"
        try:
            if not existing_inside(self.project.root, path, f"content/cohorts/{cohort_id}/roster.csv"):
                return frozenset()
            stamp = path.stat().st_mtime
        except (OSError, ValueError, PlaybookError):
            return frozenset()
        if cohort_id not in self.cached or self.cached[cohort_id][0] != stamp:
            self.cached[cohort_id] = (stamp, self._read(path))
        return self.cached[cohort_id][1]

    def _read(self, path: Path) -> frozenset[str]:
        try:
            table = load_csv_file(path, self.project.display(path), ("pair_id",))
        except (PlaybookError, ErrorList) as problem:
            logging.getLogger("playbook.collect").warning("roster %s has problems; the last good one is used: %s", path, problem)
            return self.cached.get(path.parent.name, (0.0, frozenset()))[1]
        return frozenset(cell.strip() for cell in table.columns()["pair_id"])

    def problem(self, fields: Mapping[str, Any], advice: str) -> str:
        """Why the pair a response names is not accepted ('' when it is empty or in its cohort's roster)."""
        pair, cohort = (str(fields.get(key) or "").strip() for key in ("pair", "cohort"))
        if not pair or (COHORT_ID.fullmatch(cohort) and pair in self.of(cohort)):
            return ""
        return f"unknown pair '{pair}' in cohort '{cohort}'; {advice}."
