"""Deterministic example data for the example programme's cohorts.

Input: the programme in ``--project`` (default: the repository root) and a seed.
Output: ``content/cohorts/<cohort>/roster.csv`` (a roster that already exists, such as the
pilot's from ``playbook match pilot``, keeps its pairs; only their status and end date follow
the cohort's course up to the as-of date), ``sessions.csv`` and
``responses.csv`` for every cohort, up to the programme's as-of date. Same seed, same bytes.

Run: ``.venv/bin/python scripts/example_data.py``. Names are made up; emails use the
reserved ``northwind.example`` domain.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.errors import ErrorList
from generator.inputs import check_program_file
from generator.load import load_csv_file
from generator.loading import as_of_date
from generator.model import Program
from generator.progress.data import ROSTER_COLUMNS, SESSION_COLUMNS, Pair, Person, parse_roster
from generator.progress.model import (
    Cohort,
    cohorts_of,
)
from generator.project import Project
from generator.schema import build_program
from generator.surveys.canonical import Response, build_response, responses_csv
from generator.write import write_if_changed

FIRST = [
    "Aisha",
    "Ben",
    "Carys",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hamza",
    "Isla",
    "Jonah",
    "Kemi",
    "Liam",
    "Maya",
    "Niall",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Xavier",
    "Yara",
    "Zoe",
    "Amir",
    "Bea",
    "Callum",
    "Dana",
    "Eitan",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
]
LAST = [
    "Adeyemi",
    "Brennan",
    "Chowdhury",
    "Duarte",
    "Ellis",
    "Fraser",
    "Gallagher",
    "Hussain",
    "Iqbal",
    "Jensen",
    "Kaur",
    "Lindqvist",
    "Morales",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quinlan",
    "Rahman",
    "Sousa",
    "Thompson",
    "Umar",
    "Varga",
    "Whitfield",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Achebe",
    "Byrne",
    "Costa",
    "Dlamini",
]
MENTOR_LEVELS = ("Apprentice", "Associate", "Associate", "Graduate", "Team member", "Team member")
MENTEE_LEVELS = ("Senior manager", "Senior manager", "Head of department", "Head of department", "Director", "Executive")
DEPARTMENTS = ("Sales", "Operations", "Operations", "Logistics", "Customer service", "Customer service", "Finance", "Digital", "Marketing")
PAIR_COUNTS = {"pilot": 10, "autumn-2026": 30}
CONCERNS = ("We ran out of time and skipped the hard topic.", "I was not sure how honest I could be about my team.")
BEST = ("Using the team chat properly.", "Seeing how decisions land on the shop floor.", "Asking before assuming.")


@dataclass
class Habits:
    """How reliably a pair meets: chance of holding a slot, and when it goes quiet (if ever)."""

    reliability: float
    quiet_from: datetime.date | None


def _person(rng: random.Random, used: set[str], levels: tuple[str, ...]) -> Person:
    while True:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{last.lower()}@northwind.example"
        if email not in used:
            used.add(email)
            return Person(f"{first} {last}", email, rng.choice(levels), rng.choice(DEPARTMENTS))


def _lifecycle(number: int, start: datetime.date, cohort: Cohort, as_of: datetime.date) -> tuple[str, datetime.date | None]:
    """Status and end of pair ``number``: a finished cohort's pairs completed, pair 4 ended early."""
    status, end = ("completed", cohort.end) if as_of > cohort.end else ("active", None)
    if number == 4:  # one pair per cohort ends early
        status, end = "ended-early", start + datetime.timedelta(days=9 * 7)
    return status, end if end and end <= cohort.end else None


def make_roster(cohort: Cohort, count: int, as_of: datetime.date, rng: random.Random) -> tuple[Pair, ...]:
    """Pairs ``<cohort>-01`` … with made-up people, at their state on the as-of date."""
    used: set[str] = set()
    pairs = []
    for number in range(1, count + 1):
        start = cohort.start + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2, 3)))
        mentor, mentee = _person(rng, used, MENTOR_LEVELS), _person(rng, used, MENTEE_LEVELS)
        status, end = _lifecycle(number, start, cohort, as_of)
        pairs.append(Pair(f"{cohort.id}-{number:02d}", mentor, mentee, start, end, status))
    return tuple(pairs)


def follow_up(pairs: tuple[Pair, ...], cohort: Cohort, as_of: datetime.date) -> tuple[Pair, ...]:
    """A roster proposed by 'playbook match', as the lead keeps it up to date afterwards."""
    return tuple(
        replace(pair, status=status, end=end) if pair.status == "active" else pair
        for number, pair in enumerate(pairs, start=1)
        for status, end in [_lifecycle(number, pair.start, cohort, as_of)]
    )


def _habits(rng: random.Random, pair: Pair, cohort: Cohort, index: int) -> Habits:
    if index % 9 == 6:  # a few pairs stop meeting: silent
        return Habits(0.9, cohort.start + datetime.timedelta(days=rng.randint(35, 45)))
    if index % 7 == 2:  # a few pairs meet less often: behind plan
        return Habits(0.45, None)
    return Habits(rng.uniform(0.8, 1.0), None)


def _agenda(number: int, total: int, week: int) -> str:
    if number == 1:
        return "kickoff"
    if number == total:
        return "closing"
    return "midpoint-review" if 11 <= week <= 12 else "regular-session"


def make_sessions(pair: Pair, cohort: Cohort, as_of: datetime.date, rng: random.Random, habits: Habits) -> list[tuple[str, ...]]:
    """One row per planned slot up to the as-of date: held, cancelled or no-show."""
    rows = []
    last_day = min(as_of, pair.end or cohort.end)
    for number in range(1, cohort.planned_sessions + 1):
        day = pair.start + datetime.timedelta(days=cohort.cadence_days * (number - 1) + rng.randint(0, 3))
        if day > last_day or (habits.quiet_from and day >= habits.quiet_from):
            break
        roll = rng.random()
        status = (
            "held"
            if roll < habits.reliability
            else ("cancelled" if roll < habits.reliability + 0.6 * (1 - habits.reliability) else "no-show")
        )
        minutes = str(rng.choice((40, 45, 45, 50, 60))) if status == "held" else "0"
        week = (day - cohort.start).days // 7 + 1
        rows.append((pair.id, day.isoformat(), minutes, _agenda(number, cohort.planned_sessions, week) if status == "held" else "", status))
    return rows


class ResponseMaker:
    """Checked ``Response`` values with sequential ids, through the surveys feature's own validation."""

    def __init__(self, program: Program, cohort: Cohort, rng: random.Random) -> None:
        self.program, self.cohort, self.rng, self.count = program, cohort, rng, 0

    def make(self, survey: str, role: str, pair: str, day: datetime.date, answers: dict[str, str]) -> Response:
        self.count += 1
        moment = datetime.datetime(day.year, day.month, day.day, self.rng.randint(8, 17), self.rng.randint(0, 59), tzinfo=datetime.UTC)
        fields = {
            "response_id": f"{self.cohort.id}-{self.count:05d}",
            "survey": survey,
            "cohort": self.cohort.id,
            "role": role,
            "pair": pair,
        }
        response, problems = build_response(self.program, {**fields, "submitted_at": moment}, answers)
        if response is None:
            raise SystemExit(f"example data does not fit the surveys: {[problem.message for problem in problems]}")
        return response


def _likert(rng: random.Random, centre: float) -> str:
    return str(max(1, min(5, round(rng.gauss(centre, 0.8)))))


SKILLS = ("collaboration-tools", "data-literacy", "social-media", "ai-tools", "inclusive-leadership")


def pair_responses(maker: ResponseMaker, pair: Pair, sessions: list[tuple[str, ...]], as_of: datetime.date) -> Iterator[Response]:
    """Baseline, pulse after held sessions, midpoint and end answers for one pair."""
    rng, cohort = maker.rng, maker.cohort
    baseline_day = pair.start + datetime.timedelta(days=rng.randint(0, 10))
    if rng.random() < 0.9 and baseline_day <= as_of:
        yield maker.make("skills-baseline", "mentee", pair.id, baseline_day, {skill: _likert(rng, 2.4) for skill in SKILLS})
    for _, day_text, _, agenda, status in sessions:
        day = datetime.date.fromisoformat(day_text) + datetime.timedelta(days=1)
        for role in ("mentor", "mentee"):
            if status != "held" or rng.random() > 0.6 or day > as_of:
                continue
            safe = rng.random() > 0.08
            answers = {"useful": _likert(rng, 4.1), "agenda": agenda, "felt-safe": "yes" if safe else "no", "energy": _likert(rng, 3.8)}
            if not safe:
                answers["concern"] = rng.choice(CONCERNS)
            yield maker.make("session-pulse", role, "", day, answers)
    midpoint_day = cohort.start + datetime.timedelta(weeks=12, days=rng.randint(0, 4))
    end_day = cohort.end - datetime.timedelta(days=rng.randint(0, 6))
    for role in ("mentor", "mentee"):
        if midpoint_day <= as_of and midpoint_day <= (pair.end or cohort.end) and rng.random() < 0.8:
            answers = {
                "on-track": _likert(rng, 3.9),
                "sessions-held": str(rng.randint(3, 6)),
                "obstacles": rng.choice(("time", "time|cancellations", "none")),
            }
            yield maker.make("midpoint", role, "", midpoint_day, answers)
        if end_day <= as_of and pair.status == "completed" and rng.random() < 0.85:
            answers = {
                "recommend": str(rng.choice((6, 7, 8, 8, 9, 9, 9, 10, 10, 10))),
                "continue": rng.choice(("yes", "no")),
                "best": rng.choice(BEST),
            }
            if role == "mentee":
                answers.update({skill: _likert(rng, 3.6) for skill in SKILLS})
            yield maker.make("programme-end", role, pair.id, end_day, answers)


def _csv_text(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def roster_csv(pairs: tuple[Pair, ...]) -> str:
    """One row per pair; a group's other members follow on rows of their own (docs/format.md, Groups)."""
    empty = ("",) * 4
    rows = []
    for pair in pairs:
        end = pair.end.isoformat() if pair.end else ""
        rows.append((pair.id, *_person_cells(pair.mentor), *_person_cells(pair.mentee), pair.start.isoformat(), end, pair.status))
        rows += [(pair.id, *_person_cells(person), *empty, "", "", "") for person in pair.other_mentors]
        rows += [(pair.id, *empty, *_person_cells(person), "", "", "") for person in pair.other_mentees]
    return _csv_text(ROSTER_COLUMNS, rows)


def _person_cells(person: Person) -> tuple[str, str, str, str]:
    return (person.name, person.email, person.level, person.department)


def existing_roster(project: Project, cohort: Cohort) -> tuple[Pair, ...] | None:
    path = project.content_dir / "cohorts" / cohort.id / "roster.csv"
    if not path.is_file():
        return None
    try:
        return parse_roster(load_csv_file(path, project.display(path), ROSTER_COLUMNS), cohort)
    except ErrorList as errors:
        raise SystemExit(str(errors)) from None


def cohort_files(program: Program, cohort: Cohort, pairs: tuple[Pair, ...], as_of: datetime.date, seed: int) -> dict[str, str]:
    """The three CSV files of a cohort, as text."""
    rng = random.Random(f"{seed}/{cohort.id}")
    sessions: list[tuple[str, ...]] = []
    responses: list[Response] = []
    maker = ResponseMaker(program, cohort, rng)
    for index, pair in enumerate(pairs):
        rows = make_sessions(pair, cohort, as_of, rng, _habits(rng, pair, cohort, index))
        sessions += rows
        responses += pair_responses(maker, pair, rows, as_of)
    return {
        "roster.csv": roster_csv(pairs),
        "sessions.csv": _csv_text(SESSION_COLUMNS, sorted(sessions, key=lambda row: (row[1], row[0]))),
        "responses.csv": responses_csv(responses, program),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    project = Project.at(args.project)
    program = build_program(check_program_file(project).data)
    as_of = as_of_date(program, 0)
    for cohort in cohorts_of(program):
        rng = random.Random(f"{args.seed}/{cohort.id}/roster")
        kept = existing_roster(project, cohort)  # the pilot's comes from 'playbook match pilot'
        pairs = follow_up(kept, cohort, as_of) if kept else make_roster(cohort, PAIR_COUNTS.get(cohort.id, 10), as_of, rng)
        for name, text in cohort_files(program, cohort, pairs, as_of, args.seed).items():
            path = project.content_dir / "cohorts" / cohort.id / name
            if write_if_changed(path, text.encode("utf-8")):
                print(f"wrote {project.display(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
