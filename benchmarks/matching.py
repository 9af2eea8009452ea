"""Benchmark: matching a big cohort end to end, against scipy's assignment alone.

Input: a seeded random cohort (skills, goals, availability in three time zones, languages,
departments, reporting lines, a level gap) of ``--size`` mentors and as many mentees, written as
the participants file of the example's autumn-2026 cohort in a temporary copy of the example.
Output: printed figures, each next to its target (median of ``--runs``): ``playbook match`` end to
end (load, read and check participants, score every pair, solve, greedy baseline, roster and report
written); the part of that spent in scipy's ``linear_sum_assignment`` on the same cost matrix, and
the ratio; the pair grid (scoring and rule checks of every pair); greedy and optimal totals.

Run: ``.venv/bin/python benchmarks/matching.py [--size 2000] [--seed 7] [--runs 3] [--milp]``
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.build_example import copy_example
from generator.load import parse_csv
from generator.matching.model import Matching
from generator.matching.participants import COLUMNS, parse_participants
from generator.matching.run import match_cohort
from generator.matching.scoring import Scorer
from generator.matching.solver import greedy_pairs, optimal_pairs, total_score
from generator.project import Project
from scripts.example_participants import DIGITAL

START = datetime.date(2026, 9, 14)
COHORT = "autumn-2026"
TARGET_SECONDS = 3.0
SLOTS = [f"{day}-{part}" for day in ("mon", "tue", "wed", "thu", "fri") for part in ("am", "pm")]
DEPARTMENTS = [f"dept-{number}" for number in range(12)]
RULES = {
    "levels": ["early-career", "professional", "manager", "director", "executive"],
    "constraints": {"separate_reporting_lines": True, "shared_language": True, "min_level_gap": 2, "min_overlap_hours": 4},
}


def person(rng: random.Random, index: int, role: str, managers: list[str]) -> dict[str, str]:
    mentor = role == "mentor"
    return {
        "id": f"{role}-{index:04d}",
        "name": f"{role.title()} {index}",
        "email": f"{role}.{index}@example.org",
        "role": role,
        "level": rng.choice(["early-career", "professional"] if mentor else ["manager", "director", "executive"]),
        "department": rng.choice(DEPARTMENTS),
        "manager_id": rng.choice(managers) if managers and rng.random() < 0.3 else "",
        "timezone": rng.choice(["Europe/London", "Europe/Warsaw", "Europe/Lisbon"]),
        "languages": "|".join(rng.sample(["en", "pl", "pt", "es"], rng.randint(1, 2))),
        "skills_offered": "|".join(rng.sample(DIGITAL, rng.randint(1, 4))) if mentor else "",
        "learning_goals": "leadership"
        if mentor and rng.random() < 0.5
        else ""
        if mentor
        else "|".join(rng.sample(DIGITAL, rng.randint(1, 3))),
        "meeting_preferences": "|".join(rng.sample(["video", "in-person", "chat"], rng.randint(1, 3))),
        "availability": "|".join(rng.sample(SLOTS, rng.randint(2, 6))),
        "capacity": "1",
    }


def cohort_csv(size: int, seed: int) -> str:
    rng = random.Random(seed)
    mentees = [person(rng, index, "mentee", []) for index in range(size)]
    mentors = [person(rng, index, "mentor", [row["id"] for row in mentees]) for index in range(size)]
    lines = [",".join(COLUMNS)] + [",".join(row[column] for column in COLUMNS) for row in mentees + mentors]
    return "\n".join(lines) + "\n"


def example_with_participants(folder: Path, size: int, seed: int) -> Project:
    project = copy_example(folder)
    (project.cohort_dir(COHORT) / "participants.csv").write_text(cohort_csv(size, seed), encoding="utf-8")
    return project


def scipy_alone(scores, allowed) -> float:
    """Seconds scipy's assignment alone takes on the cost matrix the solver builds."""
    bonus = float(max(int(scores.max(initial=0)), 0) * min(scores.shape) + 1)
    cost = np.where(allowed, -(scores.astype(np.float64) + bonus), 0.0)
    return timed(linear_sum_assignment, cost)[1]


def timed(action, *args, **kwargs):
    started = time.perf_counter()
    result = action(*args, **kwargs)
    return result, time.perf_counter() - started


def end_to_end(size: int, seed: int, runs: int) -> tuple[float, float]:
    """Median seconds of ``playbook match`` on the cohort, and of scipy alone on its cost matrix."""
    with tempfile.TemporaryDirectory() as folder:
        project = example_with_participants(Path(folder), size, seed)
        whole, alone = [], []
        for _ in range(runs):
            run, seconds = timed(match_cohort, project, COHORT, START)
            people = run.proposal.participants
            grid = Scorer(people, run.proposal.rules).grid(people.by_role("mentor"), people.by_role("mentee"))
            whole.append(seconds)
            alone.append(scipy_alone(grid.scores, grid.allowed))
        pairs = len(run.proposal.pairs)
    print(f"{size} mentors × {size} mentees (seed {seed}): {pairs} pairs in the roster")
    return statistics.median(whole), statistics.median(alone)


def parts(size: int, seed: int, milp: bool) -> None:
    """The parts of a match on the same kind of cohort (one run each)."""
    rules = Matching(**RULES)
    people, parse_seconds = timed(lambda: parse_participants(parse_csv(cohort_csv(size, seed), "bench.csv", COLUMNS), rules, "UTC", START))
    mentors, mentees = people.by_role("mentor"), people.by_role("mentee")
    grid, grid_seconds = timed(Scorer(people, rules).grid, mentors, mentees)
    scores, allowed = grid.scores, grid.allowed
    ones_rows, ones_cols = [1] * len(mentors), [1] * len(mentees)
    optimal, optimal_seconds = timed(optimal_pairs, scores, allowed, ones_rows, ones_cols)
    greedy, greedy_seconds = timed(greedy_pairs, scores, allowed, ones_rows, ones_cols)
    print(f"  {int(allowed.sum())} allowed pairs of {allowed.size}")
    print(f"  read and check participants: {parse_seconds:.2f} s; score and check every pair: {grid_seconds:.2f} s")
    print(f"  optimal (Hungarian): {optimal_seconds:.3f} s, {len(optimal)} pairs, total score {total_score(scores, optimal) / 100:.1f}")
    print(f"  greedy baseline:     {greedy_seconds:.3f} s, {len(greedy)} pairs, total score {total_score(scores, greedy) / 100:.1f}")
    if milp:
        found, milp_seconds = timed(optimal_pairs, scores, allowed, ones_rows, ones_cols, method="milp")
        print(f"  optimal (MILP):      {milp_seconds:.3f} s, {len(found)} pairs, total score {total_score(scores, found) / 100:.1f}")


def report(size: int, seed: int, runs: int) -> None:
    """The figure the issue asks for, next to its target."""
    whole, alone = end_to_end(size, seed, runs)
    verdict = "met" if whole <= TARGET_SECONDS else "NOT met"
    print(f"matching {size} × {size} end to end: {whole:.2f} s (target ≤ {TARGET_SECONDS:.0f} s: {verdict})")
    print(f"  scipy linear_sum_assignment alone on the same cost matrix: {alone:.2f} s → ratio {whole / alone:.1f} × scipy alone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--milp", action="store_true", help="also time the MILP solver on the same input")
    args = parser.parse_args()
    report(args.size, args.seed, args.runs)
    parts(args.size, args.seed, args.milp)


if __name__ == "__main__":
    main()
