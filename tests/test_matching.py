"""Matching: participants file checks, scoring, the optimal solver, `playbook match` end to end."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import shutil
from pathlib import Path

import numpy as np
import pytest

from generator.cli import main
from generator.errors import ErrorList
from generator.load import parse_csv, parse_yaml
from generator.matching.availability import week_mask, zone
from generator.matching.model import Matching
from generator.matching.participants import COLUMNS, parse_participants
from generator.matching.proposal import propose
from generator.matching.report import render_report
from generator.matching.scoring import Scorer
from generator.matching.solver import greedy_pairs, optimal_pairs, total_score
from generator.progress.model import Cohort
from generator.project import Project
from generator.schema import build_program
from generator.templating import Renderer, theme_folders
from generator.textsafe import escape_text
from tests.conftest import REPO

START = datetime.date(2026, 9, 14)
COHORT = Cohort("autumn", "Autumn", START, datetime.date(2027, 3, 12))
EXAMPLE_PARTICIPANTS = REPO / "content" / "cohorts" / "pilot" / "participants.csv"


def person(ident: str, role: str, **values: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        id=ident,
        name=ident.title(),
        email=f"{ident}@example.org",
        role=role,
        level="1" if role == "mentor" else "5",
        timezone="Europe/London",
        languages="en",
        availability="mon-am|tue-am",
        meeting_preferences="video",
        capacity="1",
    )
    row.update(values)
    return row


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def participants(rows: list[dict[str, str]], rules: Matching | None = None):
    return parse_participants(parse_csv(csv_text(rows), "participants.csv", COLUMNS), rules or Matching(), "UTC", START)


def run_propose(rows: list[dict[str, str]], rules: Matching | None = None, started=()):
    rules = rules or Matching()
    document = parse_yaml("matching: {}\n", "program.yaml")
    return propose(document, rules, COHORT, participants(rows, rules), started, START - datetime.timedelta(days=7))


def pairs_of(proposal) -> set[tuple[str, str]]:
    return {(pair.mentor.id, pair.mentee.id) for pair in proposal.pairs}


# --- the solver -------------------------------------------------------------------------


def test_solver_beats_greedy_on_a_case_worked_out_by_hand():
    # Greedy takes the single best cell (a, x) = 90 and is left with (b, y) = 10: 100 in all.
    # The optimum pairs a-y and b-x: 80 + 80 = 160.
    scores = np.array([[90, 80], [80, 10]])
    allowed = np.ones((2, 2), dtype=bool)
    assert greedy_pairs(scores, allowed, [1, 1], [1, 1]) == [(0, 0), (1, 1)]
    assert optimal_pairs(scores, allowed, [1, 1], [1, 1]) == [(0, 1), (1, 0)]


def test_solver_prefers_more_pairs_to_a_higher_score():
    # Mentor b may only pair with x. Greedy gives x to a (score 99) and leaves b alone.
    scores = np.array([[99, 1], [5, 0]])
    allowed = np.array([[True, True], [True, False]])
    assert greedy_pairs(scores, allowed, [1, 1], [1, 1]) == [(0, 0)]
    assert optimal_pairs(scores, allowed, [1, 1], [1, 1]) == [(0, 1), (1, 0)]


def _brute_force(scores, allowed, rows, cols):
    """The best (pairs, score) over every set of allowed cells within capacities."""
    cells = [(i, j) for i in range(scores.shape[0]) for j in range(scores.shape[1]) if allowed[i, j]]
    best = (0, 0)
    for size in range(len(cells) + 1):
        for chosen in itertools.combinations(cells, size):
            if all(sum(1 for i, _ in chosen if i == r) <= rows[r] for r in range(len(rows))) and all(
                sum(1 for _, j in chosen if j == c) <= cols[c] for c in range(len(cols))
            ):
                best = max(best, (size, total_score(scores, chosen)))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_solver_matches_brute_force_with_capacities(seed):
    generator = np.random.default_rng(seed)
    shape = (int(generator.integers(1, 4)), int(generator.integers(1, 4)))
    scores = generator.integers(0, 100, size=shape)
    allowed = generator.random(shape) < 0.7
    rows = [int(value) for value in generator.integers(0, 3, size=shape[0])]
    cols = [int(value) for value in generator.integers(1, 3, size=shape[1])]
    cells = optimal_pairs(scores, allowed, rows, cols)
    assert len(set(cells)) == len(cells)
    assert all(allowed[i, j] for i, j in cells)
    assert (len(cells), total_score(scores, cells)) == _brute_force(scores, allowed, rows, cols)


# --- availability and scoring ------------------------------------------------------------


def test_overlap_is_computed_in_utc_across_time_zones():
    january = datetime.date(2026, 1, 12)
    london = week_mask(("mon-am",), zone("Europe/London"), january)  # 09:00-13:00 UTC
    warsaw = week_mask(("mon-am",), zone("Europe/Warsaw"), january)  # 08:00-12:00 UTC
    assert (london & warsaw).bit_count() * 15 / 60 == 3
    assert london.bit_count() * 15 / 60 == 4


def test_score_combines_weighted_criteria():
    people = participants(
        [
            person("ann", "mentor", skills_offered="ai-tools|social-media", department="Sales", availability="mon-am|tue-am"),
            person("bob", "mentee", learning_goals="ai-tools|data-literacy", department="Finance", availability="mon-am"),
        ]
    )
    scorer = Scorer(people, Matching())
    values = scorer.values(people.get("ann"), people.get("bob"))
    # skills: 1 of bob's 2 goals (ann named no goals); availability: 4 of bob's 4 free hours;
    # meeting: video shared; language: en shared; department: different.
    assert values == {"skills": 0.5, "availability": 1.0, "meeting": 1.0, "language": 1.0, "department": 1.0}
    assert scorer.score(people.get("ann"), people.get("bob")) == round(10_000 * (4 * 0.5 + 2 + 1 + 1 + 1) / 9)


def test_best_assignment_of_a_small_cohort_is_found_and_greedy_misses_it():
    rows = [
        person("ann", "mentor", skills_offered="ai-tools|social-media|data-literacy"),
        person("ben", "mentor", skills_offered="ai-tools"),
        person("cat", "mentee", learning_goals="ai-tools"),
        person("dan", "mentee", learning_goals="social-media|data-literacy"),
    ]
    proposal = run_propose(rows)
    # ann fits cat and dan perfectly, ben fits only cat: the optimum is ann-dan and ben-cat.
    assert pairs_of(proposal) == {("ann", "dan"), ("ben", "cat")}
    assert proposal.optimal_total > proposal.greedy_total


# --- hard constraints, pins, forbids ------------------------------------------------------


def test_reporting_line_and_level_gap_are_never_broken():
    rules = Matching(**{"constraints": {"min_level_gap": 2}})
    rows = [
        person("boss", "mentee", level="6", skills_offered="x", learning_goals="ai"),
        person("lead", "none", level="4", manager_id="boss"),
        person("junior", "mentor", level="1", manager_id="lead", skills_offered="ai"),
        person("peer", "mentor", level="5", skills_offered="ai"),
        person("other", "mentee", level="6"),
    ]
    proposal = run_propose(rows, rules)
    # junior reports (via lead) to boss; peer is only one level below boss.
    assert pairs_of(proposal) == {("junior", "other")}
    reasons = {item.person.id: item for item in proposal.unmatched}
    assert reasons["boss"].candidates == 0
    assert reasons["boss"].ruled_out == {"level-gap": 1, "reporting-line": 1}


def test_pins_and_forbids_are_honoured():
    rows = [
        person("ann", "mentor", skills_offered="ai"),
        person("ben", "mentor"),
        person("cat", "mentee", learning_goals="ai"),
        person("dan", "mentee"),
    ]
    rules = Matching(
        **{
            "pins": [{"cohort": "autumn", "mentor": "ben", "mentee": "cat", "note": "asked for it"}],
            "forbids": [{"mentor": "ann", "mentee": "dan"}],
        }
    )
    proposal = run_propose(rows, rules)
    assert pairs_of(proposal) == {("ben", "cat")}
    assert [pair.source for pair in proposal.pairs] == ["pinned"]
    assert proposal.unmatched[0].ruled_out == {"forbidden": 1}


def test_capacity_above_one_takes_several_pairs_without_repeating_a_pair():
    rows = [person("ann", "mentor", capacity="2"), person("cat", "mentee", capacity="2"), person("dan", "mentee"), person("ben", "mentor")]
    proposal = run_propose(rows)
    pairs = [(pair.mentor.id, pair.mentee.id) for pair in proposal.pairs]
    assert len(pairs) == len(set(pairs)) == 3
    assert sum(1 for mentor, _ in pairs if mentor == "ann") == 2


# --- participants file errors --------------------------------------------------------------


def test_bad_participants_file_gives_every_located_error():
    rows = [
        person("ann", "mentor", capacity="0"),
        person("ann", "mentee"),
        person("bob", "mentro", manager_id="nobody"),
        person("cy", "mentee", availability="monday", timezone="Mars/Base", meeting_preferences="phone"),
    ]
    with pytest.raises(ErrorList) as caught:
        participants(rows)
    messages = [str(error) for error in caught.value]
    expected = [
        "participants.csv:2: capacity: capacity 0 must be between 1 and 10",
        "participants.csv:3: id: person 'ann' is listed twice (first on line 2)",
        "participants.csv:4: role: unknown role 'mentro'. Did you mean 'mentor'?",
        "participants.csv:4: manager_id: manager 'nobody' is not in this file.",
        "participants.csv:5: availability: 'monday' is not a slot",
        "participants.csv:5: timezone: unknown time zone 'Mars/Base'",
        "participants.csv:5: meeting_preferences: 'phone' is not allowed.",
    ]
    for text in expected:
        assert any(message.startswith(text) for message in messages), (text, messages)


def test_missing_columns_are_reported_on_the_header():
    text = csv_text([person("ann", "mentor")], tuple(column for column in COLUMNS if column != "capacity"))
    with pytest.raises(ErrorList) as caught:
        parse_csv(text, "participants.csv", COLUMNS)
    assert [str(error) for error in caught.value] == ["participants.csv:1: missing column 'capacity' in the header row."]


def test_manager_loop_is_reported():
    with pytest.raises(ErrorList) as caught:
        participants([person("ann", "mentor", manager_id="bob"), person("bob", "none", manager_id="ann")])
    assert "form a loop" in str(caught.value)


# --- playbook match end to end --------------------------------------------------------------


@pytest.fixture
def example(tmp_path: Path) -> Project:
    target = tmp_path / "example"
    target.mkdir()
    for name in ("program.yaml", "mkdocs.yml"):
        shutil.copy2(REPO / name, target / name)
    shutil.copytree(REPO / "content", target / "content", ignore=shutil.ignore_patterns("roster.csv"))
    return Project.at(target)


def roster(project: Project) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((project.content_dir / "cohorts" / "pilot" / "roster.csv").read_text(encoding="utf-8"))))


def test_example_pilot_gets_ten_pairs_and_a_private_report(example, capsys):
    assert main(["match", "pilot", "--as-of", "2026-01-05", "--project", str(example.root)]) == 0
    err = capsys.readouterr().err
    rows = roster(example)
    assert [row["pair_id"] for row in rows] == [f"pilot-{number:02d}" for number in range(1, 11)]
    assert {row["status"] for row in rows} == {"active"} and {row["start"] for row in rows} == {"2026-01-12"}
    assert ("Ruby Chen", "Helen Brooks") in {(row["mentor_name"], row["mentee_name"]) for row in rows}  # pinned
    assert ("Noah Williams", "Tomasz Nowak") not in {(row["mentor_name"], row["mentee_name"]) for row in rows}  # forbidden
    assert "content/cohorts/pilot/participants.csv:13: joana-pereira: No possible partner" in err
    report = (example.reports_dir / "match-pilot.html").read_text(encoding="utf-8")
    assert "Joana Pereira" in report and "No possible partner" in report and "Lead's note: Both asked to work together" in report
    assert not (example.site_dir).exists()


def test_same_input_gives_the_same_output_whatever_the_row_order(example):
    arguments = ["match", "pilot", "--as-of", "2026-01-05", "--project", str(example.root)]
    main(arguments)
    roster_file = example.content_dir / "cohorts" / "pilot" / "roster.csv"
    first = (roster_file.read_bytes(), (example.reports_dir / "match-pilot.html").read_bytes())
    participants_file = example.content_dir / "cohorts" / "pilot" / "participants.csv"
    lines = participants_file.read_text(encoding="utf-8").splitlines(keepends=True)
    participants_file.write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    roster_file.unlink()
    main(arguments)
    assert roster_file.read_bytes() == first[0]
    report = (example.reports_dir / "match-pilot.html").read_text(encoding="utf-8")
    assert report.count("<tr id=") == first[1].decode().count("<tr id=") == 10


def test_rerun_keeps_started_pairs_and_matches_newcomers(example):
    main(["match", "pilot", "--as-of", "2026-01-05", "--project", str(example.root)])
    before = roster(example)
    participants_file = example.content_dir / "cohorts" / "pilot" / "participants.csv"
    extra = [
        person(
            "new-mentor",
            "mentor",
            level="early-career",
            department="Design",
            email="nm@northwind.example",
            availability="mon-am|mon-pm|tue-am|tue-pm|wed-am|wed-pm|thu-am|thu-pm|fri-am|fri-pm",
        ),
        person(
            "new-mentee",
            "mentee",
            level="director",
            department="Legal",
            email="ne@northwind.example",
            availability="mon-am|mon-pm|tue-am|tue-pm|wed-am|wed-pm|thu-am|thu-pm|fri-am|fri-pm",
        ),
    ]
    with participants_file.open("a", encoding="utf-8") as stream:
        stream.write(csv_text(extra).split("\n", 1)[1])
    assert main(["match", "pilot", "--as-of", "2026-02-01", "--project", str(example.root)]) == 0
    after = roster(example)
    assert after[: len(before)] == before
    new = after[len(before) :]
    assert [row["pair_id"] for row in new] == ["pilot-11"] and new[0]["start"] == "2026-02-02"
    assert {new[0]["mentor_email"], new[0]["mentee_email"]} <= {"nm@northwind.example", "ne@northwind.example"} | {
        row["email"] for row in csv.DictReader(io.StringIO(participants_file.read_text(encoding="utf-8")))
    }


def test_bad_participants_file_writes_nothing(example, capsys):
    participants_file = example.content_dir / "cohorts" / "pilot" / "participants.csv"
    text = participants_file.read_text(encoding="utf-8").replace(",mentee,", ",mentie,", 1)
    participants_file.write_text(text, encoding="utf-8")
    assert main(["match", "pilot", "--as-of", "2026-01-05", "--project", str(example.root)]) == 1
    err = capsys.readouterr().err
    assert "content/cohorts/pilot/participants.csv:3: role: unknown role 'mentie'. Did you mean 'mentee'?" in err
    assert "Traceback" not in err
    assert not (example.content_dir / "cohorts" / "pilot" / "roster.csv").exists()
    assert not example.reports_dir.exists()


def test_pin_of_unknown_person_is_located_in_program_yaml(example, capsys):
    program = example.program_file.read_text(encoding="utf-8").replace("mentee: helen-brooks", "mentee: helen-brook")
    example.program_file.write_text(program, encoding="utf-8")
    assert main(["match", "pilot", "--as-of", "2026-01-05", "--project", str(example.root)]) == 1
    err = capsys.readouterr().err
    line = next(number for number, text in enumerate(program.splitlines(), 1) if "helen-brook}" in text or "helen-brook," in text)
    assert f"program.yaml:{line}:" in err and "matching.pins[0].mentee: 'helen-brook' is not an id" in err


def test_unknown_cohort_and_pin_cohort_are_reported(example, capsys):
    assert main(["match", "pilots", "--project", str(example.root)]) == 1
    assert "no cohort 'pilots'. Did you mean 'pilot'?" in capsys.readouterr().err
    program = example.program_file.read_text(encoding="utf-8").replace("- {cohort: pilot, mentor: ruby", "- {cohort: pilto, mentor: ruby")
    example.program_file.write_text(program, encoding="utf-8")
    assert main(["check", "--project", str(example.root)]) == 1
    assert "matching.pins[0].cohort: unknown cohort id 'pilto'. Did you mean 'pilot'?" in capsys.readouterr().err


def test_report_escapes_what_participants_typed(tmp_path):
    rows = [
        person("ann", "mentor", name="<script>alert(1)</script>", skills_offered="<b>ai</b>"),
        person("bob", "mentee", learning_goals="<b>ai</b>"),
    ]

    program = build_program({"program": {"name": "P", "organisation": "O", "summary": "S"}})
    html = render_report(run_propose(rows), Renderer(theme_folders(tmp_path, "default"), program))
    assert "<script>" not in html and "<b>" not in html
    assert escape_text("<script>alert(1)</script>") in html and escape_text("<b>ai</b>") in html
