"""A deterministic, made-up HR extract for the example programme, with a modest programme effect.

Input: the example's program.yaml and its cohorts' roster.csv files (``--project``, default the
repository root), and a seed.
Output: ``hr/employees.csv`` (one row per employee: every participant, plus colleagues in the same
levels, departments and lengths of service, plus a wider workforce) and ``hr/changes.csv``
(dated promotions and internal moves). Same seed, same bytes.

Participants stay, are promoted and move a little more often than their colleagues; the
outcomes page should find a modest difference with wide intervals, as a real pilot would.
Run: ``.venv/bin/python scripts/example_hr.py``. In a real programme this file comes from the
HR system and stays out of git (``playbook new`` ignores ``hr/``).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.inputs import check_program_file
from generator.load import load_csv_file
from generator.outcomes.extract import CHANGE_COLUMNS, EMPLOYEE_COLUMNS
from generator.progress.data import ROSTER_COLUMNS, parse_roster
from generator.progress.model import cohorts_of
from generator.project import Project
from generator.schema import build_program
from generator.write import write_if_changed

COLLEAGUES_PER_PARTICIPANT = 14
WORKFORCE = 800
HORIZON_DAYS = 700  # outcomes are drawn over the two years after a cohort starts
# Chances over the first six months: (comparison group, participants).
STAY = (0.90, 0.94)
PROMOTED = (0.06, 0.10)
MOVED = (0.05, 0.08)
REASONS = ("resigned", "resigned", "resigned", "retired", "redundancy", "end-of-contract", "other")


def _joined(rng: random.Random, on: datetime.date, tenure_days: int) -> datetime.date:
    """A start date about ``tenure_days`` before ``on`` (same band of service, give or take)."""
    return on - datetime.timedelta(days=max(30, int(tenure_days * rng.uniform(0.9, 1.1))))


def _outcome(rng: random.Random, chance: float, start: datetime.date) -> datetime.date | None:
    """A dated event: inside six months with ``chance``; otherwise sometimes later, sometimes never."""
    if rng.random() < chance:
        return start + datetime.timedelta(days=rng.randint(1, 180))
    return start + datetime.timedelta(days=rng.randint(181, HORIZON_DAYS)) if rng.random() < chance else None


class Workforce:
    """Employees and their changes, built row by row."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.employees: list[dict[str, str]] = []
        self.changes: list[dict[str, str]] = []

    def add(self, email: str, level: str, department: str, joined: datetime.date, start: datetime.date, took_part: bool) -> None:
        person_id = f"e{len(self.employees) + 1:05d}"
        left = _outcome(self.rng, 1 - STAY[took_part], start)
        self.employees.append(
            {
                "person_id": person_id,
                "email": email,
                "level": level,
                "department": department,
                "start_date": joined.isoformat(),
                "leaving_date": left.isoformat() if left else "",
                "leaving_reason": self.rng.choice(REASONS) if left else "",
            }
        )
        for kind, chances in (("promotion", PROMOTED), ("move", MOVED)):
            when = _outcome(self.rng, chances[took_part], start)
            if when and (left is None or when < left):
                self.changes.append({"person_id": person_id, "date": when.isoformat(), "kind": kind})


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def make(project: Project, seed: int) -> tuple[int, int]:
    """Write the extract; returns the numbers of employees and changes."""
    rng = random.Random(seed)
    program = build_program(check_program_file(project).data)
    workforce = Workforce(rng)
    kinds: list[tuple[str, str]] = []
    for cohort in cohorts_of(program):
        path = project.cohort_dir(cohort.id) / "roster.csv"
        if not path.is_file():
            continue
        for pair in parse_roster(load_csv_file(path, project.display(path), ROSTER_COLUMNS), cohort):
            for person in pair.people:
                tenure = rng.choice((200, 700, 1500, 2800, 4500))
                workforce.add(
                    person.email, person.level, person.department, _joined(rng, cohort.start, tenure), cohort.start, took_part=True
                )
                kinds.append((person.level, person.department))
                for _ in range(COLLEAGUES_PER_PARTICIPANT):
                    email = f"colleague-{len(workforce.employees) + 1}@northwind.example"
                    workforce.add(email, person.level, person.department, _joined(rng, cohort.start, tenure), cohort.start, took_part=False)
    first_start = min(cohort.start for cohort in cohorts_of(program))
    for number in range(WORKFORCE):
        level, department = rng.choice(kinds)
        joined = _joined(rng, first_start, rng.randint(60, 6000))
        workforce.add(f"staff-{number + 1}@northwind.example", level, department, joined, first_start, took_part=False)
    folder = project.root / "hr"
    write_if_changed(folder / "employees.csv", _csv(EMPLOYEE_COLUMNS, workforce.employees))
    write_if_changed(
        folder / "changes.csv", _csv(CHANGE_COLUMNS, sorted(workforce.changes, key=lambda row: (row["date"], row["person_id"])))
    )
    return len(workforce.employees), len(workforce.changes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    employees, changes = make(Project.at(args.project), args.seed)
    print(f"Wrote hr/employees.csv ({employees} employees) and hr/changes.csv ({changes} promotions and moves).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
