"""Generate a big programme for the progress benchmark: 40 cohorts, 2,000 pairs,
50,000 sessions and 100,000 survey responses, next to the example's definitions.

Input: the example programme (repository root). Output: a project folder (argument) with
program.yaml (the example's, its cohorts replaced by 40 generated ones), mkdocs.yml and
content/, including content/cohorts/<id>/roster.csv, sessions.csv and responses.csv.
Deterministic (seeded). Run: ``.venv/bin/python benchmarks/make_big_programme.py DIR``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.progress.model import cohorts_of  # noqa: E402
from generator.schema import build_program  # noqa: E402
from generator.surveys.canonical import canonical_columns  # noqa: E402
from scripts.example_data import SKILLS, make_roster, roster_csv  # noqa: E402

COHORTS, PAIRS_PER_COHORT, SESSIONS_PER_PAIR = 40, 50, 25
PULSE_PER_PAIR = 48  # + a baseline and an end answer from the mentee: 50 per pair, 100,000 in all


def cohort_entries() -> list[dict[str, object]]:
    first = datetime.date(2024, 1, 1)
    entries = []
    for number in range(COHORTS):
        start = first + datetime.timedelta(weeks=3 * number)
        entries.append(
            {
                "id": f"cohort-{number + 1:02d}",
                "name": f"Cohort {number + 1}",
                "start": start.isoformat(),
                "end": (start + datetime.timedelta(weeks=26)).isoformat(),
                "meeting_every_weeks": 1,
                "planned_sessions": SESSIONS_PER_PAIR,
                "milestones": [
                    {"id": "kickoff", "title": "Kickoff", "due": (start + datetime.timedelta(days=10)).isoformat(), "agenda": "kickoff"}
                ],
            }
        )
    return entries


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def cohort_rows(cohort, pairs, header: list[str], rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    sessions, responses = [], []
    blank = dict.fromkeys(header, "")
    for pair in pairs:
        days = [pair.start + datetime.timedelta(days=7 * week + rng.randint(0, 2)) for week in range(SESSIONS_PER_PAIR)]
        last = pair.end or cohort.end  # a pair that ended early held its last sessions on the days before its end, one a day
        days = [min(day, last - datetime.timedelta(days=SESSIONS_PER_PAIR - 1 - week)) for week, day in enumerate(days)]
        for index, day in enumerate(days):
            sessions.append(
                [
                    pair.id,
                    day.isoformat(),
                    "45",
                    "kickoff" if index == 0 else "regular-session",
                    "held" if rng.random() < 0.85 else "cancelled",
                ]
            )
        skills = {skill: str(rng.randint(1, 3)) for skill in SKILLS}
        answers = [("skills-baseline", "mentee", pair.id, days[0], skills)]
        answers += [("programme-end", "mentee", pair.id, days[-1], {"recommend": str(rng.randint(5, 10)), "collaboration-tools": "4"})]
        answers += [
            (
                "session-pulse",
                rng.choice(("mentor", "mentee")),
                "",
                days[i % SESSIONS_PER_PAIR],
                {"useful": str(rng.randint(2, 5)), "felt-safe": "yes"},
            )
            for i in range(PULSE_PER_PAIR)
        ]
        for survey, role, pair_id, day, values in answers:
            row = {
                **blank,
                "response_id": f"r{len(responses) + 1:06d}-{pair.id}",
                "survey": survey,
                "cohort": cohort.id,
                "role": role,
                "pair": pair_id,
            }
            row["submitted_at"] = f"{day.isoformat()}T12:00:00Z"
            row.update({f"{survey}.{key}": value for key, value in values.items()})
            responses.append([row[column] for column in header])
    return sessions, responses


def rename_cohort_references(content: Path, example_ids: list[str]) -> None:
    """Point the example's ``[[kind:cohort]]`` references and ``cohort:`` front matter in Markdown at the generated cohort-01."""
    if not example_ids:
        return
    names = "|".join(re.escape(name) for name in example_ids)
    reference = re.compile(r"(\[\[[a-z-]+:)(" + names + r")(?=[\]|#])")
    front_matter = re.compile(r"^(cohort:[ \t]*)(" + names + r")[ \t]*$", re.MULTILINE)
    for path in content.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        renamed = front_matter.sub(r"\1cohort-01", reference.sub(r"\1cohort-01", text))
        if renamed != text:
            path.write_text(renamed, encoding="utf-8")


def make(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content"):
        source = REPO / name
        shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("cohorts")) if source.is_dir() else shutil.copy2(
            source, target / name
        )
    data = yaml.safe_load((REPO / "program.yaml").read_text(encoding="utf-8"))
    rename_cohort_references(target / "content", [cohort["id"] for cohort in data.get("cohorts", [])])
    data["cohorts"] = cohort_entries()
    data.pop("matching", None)  # its pins name the example's cohorts
    data["program"]["as_of"] = "2026-11-20"
    (target / "program.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    program = build_program(data)
    header = canonical_columns(program)
    for cohort in cohorts_of(program):
        rng = random.Random(cohort.id)
        pairs = make_roster(cohort, PAIRS_PER_COHORT, datetime.date(2026, 11, 20), rng)
        folder = target / "content" / "cohorts" / cohort.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "roster.csv").write_text(roster_csv(pairs), encoding="utf-8")
        sessions, responses = cohort_rows(cohort, pairs, header, rng)
        write_rows(folder / "sessions.csv", ["pair_id", "date", "minutes", "agenda", "status"], sessions)
        write_rows(folder / "responses.csv", header, responses)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Generate the big programme for benchmarks/progress.py.")
    parser.add_argument("target", type=Path)
    make(parser.parse_args().target)
