"""The privacy rules and the corrected figures, on small data worked out by hand."""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.disclosure import audit
from generator.progress.aggregate import ProgressData, aggregate_progress, breakdown, partial_months
from generator.progress.data import CohortData, Pair, Person
from generator.progress.feature import progress_tables
from generator.progress.model import Cohort
from generator.schema import build_program
from generator.surveys.canonical import Response
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project
from tests.test_progress_measures import cohort_one, held

D = datetime.date
AS_OF = D(2026, 2, 16)


def program(minimum: int = 3, scale_end: int = 5) -> object:
    likert = {"type": "likert", "text": "t", "skill": "tools"}
    return build_program(
        {
            "program": {"name": "P", "organisation": "O", "summary": "S", "privacy": {"min_group_size": minimum}},
            "roles": [{"id": "mentor", "name": "Mentor", "description": "d"}, {"id": "mentee", "name": "Mentee", "description": "d"}],
            "goals": [
                {
                    "id": "useful",
                    "title": "Useful",
                    "measure": {"metric": "satisfaction", "survey": "pulse", "question": "useful"},
                    "target": 4,
                },
                {
                    "id": "skills",
                    "title": "Skills",
                    "measure": {"metric": "skill_change", "survey": "end", "baseline": "start"},
                    "target": 1,
                },
            ],
            "surveys": [
                {"id": "start", "title": "Start", "when": "before", "questions": [{"id": "tools", **likert}]},
                {"id": "pulse", "title": "Pulse", "when": "after-session", "questions": [{"id": "useful", "type": "likert", "text": "u"}]},
                {
                    "id": "mpulse",
                    "title": "Mentee pulse",
                    "when": "after-session",
                    "audience": ["mentee"],
                    "questions": [{"id": "calm", "type": "likert", "text": "c"}],
                },
                {"id": "end", "title": "End", "when": "end", "questions": [{"id": "tools", **likert, "points": scale_end}]},
            ],
            "cohorts": [
                {"id": "a", "name": "Cohort A", "start": "2026-01-05", "end": "2026-03-29", "planned_sessions": 6},
                {"id": "b", "name": "Cohort B", "start": "2026-01-05", "end": "2026-03-29", "planned_sessions": 6},
            ],
        }
    )


def people_pair(pair_id: str, mentor: str, mentee: str, department: str = "Sales") -> Pair:
    return Pair(
        pair_id,
        Person(mentor, f"{mentor}@x.org", "L1", department),
        Person(mentee, f"{mentee}@x.org", "L2", department),
        D(2026, 1, 5),
        None,
        "active",
    )


def answer(number: int, survey: str, role: str, pair: str = "", cohort: str = "a", **answers: object) -> Response:
    return Response(f"r{cohort}{number}", survey, cohort, role, pair, datetime.datetime(2026, 2, 10, 9, tzinfo=datetime.UTC), dict(answers))


def cohort(pairs: int, prefix: str, responses: tuple[Response, ...] = ()) -> CohortData:
    found = tuple(people_pair(f"{prefix}{n}", f"{prefix}m{n}", f"{prefix}e{n}") for n in range(pairs))
    return CohortData(found, tuple(held(found[0].id, D(2026, 1, 6))), responses)


def test_the_threshold_counts_distinct_people() -> None:
    # One mentor in three pairs: 3 pairs, 4 people (not 6), below a threshold of 5.
    pairs = tuple(people_pair(f"p{n}", "same", f"e{n}") for n in range(3))
    figures = aggregate_progress(program(5), {"a": CohortData(pairs, held("p0", D(2026, 1, 6)))}, AS_OF)
    assert not figures.cohorts[0].published and figures.cohorts[0].participants == 0
    assert figures.excluded == ("Cohort A",)


def test_a_small_cohort_is_left_out_of_the_programme_figures() -> None:
    # A: 3 pairs (6 people); pulse answers 4, 4, 4 (mean 4). B: 1 pair (2 people); answers 1, 1, 1.
    # Old: all cohorts = (12 + 3) / 6 = 2.5, so B's mean 1 = (15 - 12) / 3 leaked. Now: B is out, all = 4.
    a = cohort(3, "a", tuple(answer(n, "pulse", "mentee", useful=4) for n in range(3)))
    b = cohort(1, "b", tuple(answer(n, "pulse", "mentee", cohort="b", useful=1) for n in range(3)))
    figures = aggregate_progress(program(3), {"a": a, "b": b}, AS_OF)
    assert [f.published for f in figures.cohorts] == [True, False]
    assert figures.goals[0].value.value == pytest.approx(4.0)
    assert figures.excluded == ("Cohort B",)


def test_a_withheld_cohort_figure_withholds_the_programme_figure() -> None:
    # Both cohorts have 6 people; A has 3 pulse answers, B only 2 (< 3): B's mean is withheld,
    # so "All cohorts" (which would give B's sum as total minus A) is withheld as well.
    a = cohort(3, "a", tuple(answer(n, "pulse", "mentee", useful=4) for n in range(3)))
    b = cohort(3, "b", tuple(answer(n, "pulse", "mentee", cohort="b", useful=1) for n in range(2)))
    figures = aggregate_progress(program(3), {"a": a, "b": b}, AS_OF)
    assert figures.cohorts[1].goals[0].value.withheld
    assert figures.goals[0].value.withheld and figures.goals[0].status == "withheld"
    assert audit(progress_tables(figures)).leaks == ()
    # Without the complementary suppression the audit finds B's sum exactly: 3 × 4 + B = 5 × mean.
    naive = aggregate_progress(program(3), {"a": a, "b": b}, AS_OF)
    total = dataclasses.replace(naive.goals[0].value, value=(12 + 2) / 5, withheld=False, weight=5)
    leaky = dataclasses.replace(naive, goals=(dataclasses.replace(naive.goals[0], value=total), *naive.goals[1:]))
    leaks = audit(progress_tables(leaky)).leaks
    # B's answers all fall in February, so B's February mean on its trend chart is pinned with it.
    assert {(leak.key, leak.found) for leak in leaks} == {("goal:useful:b", (2.0, 2.0)), ("trend:useful:b:2026-02", (2.0, 2.0))}


@pytest.mark.parametrize(
    ("survey", "answers", "pairs", "published"),
    [
        ("mpulse", 6, 2, False),  # 6 anonymous answers, but only 2 invited mentees: may be 2 people
        ("pulse", 2, 4, False),  # 8 invited people, 2 answers
        ("pulse", 3, 2, True),  # 4 invited people, 3 answers: both reach 3
    ],
)
def test_anonymous_answers_need_enough_answers_and_invited_people(survey: str, answers: int, pairs: int, published: bool) -> None:
    question = "calm" if survey == "mpulse" else "useful"
    data = cohort(pairs, "a", tuple(answer(n, survey, "mentee", **{question: 4}) for n in range(answers)))
    one = aggregate_progress(program(3), {"a": data}, AS_OF).cohorts[0]
    assert one.published  # the cohort itself has 4 or 8 people
    rating = next(item for item in one.ratings if item.question.id == question)
    assert (rating.mean.value == 4.0) is published and rating.mean.withheld is not published


def test_skill_change_compares_each_cohort_with_itself() -> None:
    # A: baselines 2, 2, 2 and end 4, 4, 4 (pair-linked mentees) → +2.
    # B: baselines 1, 1, 1, no end survey yet → no skill change, and B stays out of "All cohorts".
    # The old figure: mean of A's ends (4) minus the mean of every baseline (1.5) = +2.5.
    a = cohort(3, "a", tuple(answer(n, s, "mentee", f"a{n}", tools=v) for n in range(3) for s, v in (("start", 2), ("end", 4))))
    b = cohort(3, "b", tuple(answer(n, "start", "mentee", f"b{n}", cohort="b", tools=1) for n in range(3)))
    figures = aggregate_progress(program(3), {"a": a, "b": b}, AS_OF)
    assert figures.cohorts[0].goals[1].value.value == pytest.approx(2.0)
    assert figures.cohorts[1].goals[1].value.value is None and figures.cohorts[1].skills == ()
    assert figures.goals[1].value.value == pytest.approx(2.0)


def test_skills_on_different_scales_or_roles_are_never_mixed() -> None:
    rows = [answer(n, s, "mentee", f"a{n}", tools=v) for n in range(3) for s, v in (("start", 2), ("end", 6))]
    rows += [answer(n, s, "mentor", f"a{n}", tools=v) for n in range(3) for s, v in (("start", 4), ("end", 5))]
    mixed = aggregate_progress(program(3, scale_end=7), {"a": cohort(3, "a", tuple(rows))}, AS_OF).cohorts[0]
    assert mixed.skills == () and mixed.goals[1].value.value is None  # 5-point baseline, 7-point end
    same = [
        answer(n, s, r, f"a{n}", tools=v)
        for n in range(3)
        for r, s, v in (("mentee", "start", 2), ("mentee", "end", 4), ("mentor", "start", 4), ("mentor", "end", 5))
    ]
    one = aggregate_progress(program(3), {"a": cohort(3, "a", tuple(same))}, AS_OF).cohorts[0]
    assert {s.role: s.change.value for s in one.skills} == {"mentor": pytest.approx(1.0), "mentee": pytest.approx(2.0)}
    assert one.goals[1].value.value == pytest.approx(2.0)  # the goal is judged on mentees


def test_no_data_yet_instead_of_zero() -> None:
    pairs = tuple(people_pair(f"p{n}", f"m{n}", f"e{n}") for n in range(3))
    one = aggregate_progress(program(3), {"a": CohortData(pairs)}, AS_OF).cohorts[0]
    assert one.completion.value is None and not one.completion.withheld  # no session log: not 0%
    assert all(item.rate.value is None for item in one.surveys)  # no responses file: not 0%


def test_sessions_beyond_the_plan_are_counted_not_dropped() -> None:
    from tests.test_progress_measures import PROGRAM

    one = aggregate_progress(PROGRAM, {"c1": cohort_one()}, AS_OF).cohorts[0]
    assert (one.held, one.planned, one.beyond) == (8, 14, 1)  # pair d: 3 held against 2 planned


def test_small_categories_merge_into_other() -> None:
    # 60 people: A 30, B 26, C 4 with threshold 5. C goes to Other (4 < 5), then B joins (Other < 5).
    counts = dict((name, figure.value) for name, figure in breakdown(["A"] * 30 + ["B"] * 26 + ["C"] * 4, 5))
    assert counts == {"A": 30, "Other": 30}
    counts = dict((name, figure.value) for name, figure in breakdown(["A"] * 30 + ["B"] * 26 + ["C"] * 2 + ["D"] * 3, 5))
    assert counts == {"A": 30, "B": 26, "Other": 5}


def test_partial_months() -> None:
    cohort_ = Cohort("c", "C", D(2026, 1, 5), D(2026, 3, 31))
    assert partial_months(cohort_, D(2026, 2, 16)) == ("2026-01", "2026-02")
    assert partial_months(cohort_, D(2026, 4, 30)) == ("2026-01",)


def test_pair_labels_are_keyed_and_absent_without_a_secret() -> None:
    data = {"c1": cohort_one()}
    from tests.test_progress_measures import PROGRAM

    assert aggregate_progress(PROGRAM, data, AS_OF).cohorts[0].pair_rows == ()
    one = aggregate_progress(PROGRAM, ProgressData(data, b"secret-one"), AS_OF).cohorts[0]
    again = aggregate_progress(PROGRAM, ProgressData(data, b"secret-one"), AS_OF).cohorts[0]
    other = aggregate_progress(PROGRAM, ProgressData(data, b"secret-two"), AS_OF).cohorts[0]
    assert [row.label for row in one.pair_rows] == [row.label for row in again.pair_rows]
    assert {row.label for row in one.pair_rows} != {row.label for row in other.pair_rows}
    assert all(row.label.startswith("Pair ") for row in one.pair_rows)


def test_check_privacy_prints_the_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_project(REPO, tmp_path / "example", EXAMPLE_PARTS)
    assert main(["check", "--privacy", "--project", str(project.root)]) == 0
    out = capsys.readouterr().out
    # Progress tables, and 12 outcome tables (2 roles × 3 measures × 2 windows) on the Outcomes
    # page and again, one cohort each, on the cohort pages.
    assert re.search(r"Disclosure audit: \d+ tables", out) and "0 leaking" in out
    assert "progress/pilot.md: Outcomes: mentee retention after 6 months: 1 figures, 0 withheld" in out
    assert "progress/autumn-2026.md: Participants by department: 7 figures, 0 withheld" in out
    assert "outcomes/index.md: Outcomes: mentee retention after 12 months: 2 figures, 2 withheld" in out


@pytest.mark.parametrize("show_names", [False, True])
def test_every_naming_statement_follows_show_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, show_names: bool) -> None:
    from generator.pipeline import generate

    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    project = copy_project(REPO, tmp_path / "example", EXAMPLE_PARTS)
    program = project.root / "program.yaml"
    setting = f"show_names: {'true' if show_names else 'false'}"
    program.write_text(program.read_text(encoding="utf-8").replace("show_names: false", setting, 1), encoding="utf-8")
    generate(project)
    docs = project.staged_docs_dir / "progress"
    dashboard, cohort_page = (docs / "index.md").read_text(encoding="utf-8"), (docs / "autumn-2026.md").read_text(encoding="utf-8")
    assert ("no participant is named" in dashboard) is not show_names
    assert ("publishes participants' names" in dashboard) is show_names
    assert ("appear by name" in cohort_page) is show_names
    assert ("Every pair (31)" in cohort_page) is show_names  # without a secret, rows only when names are opted in


def test_the_secret_file_is_git_ignored_here_and_in_new_programmes() -> None:
    assert ".playbook-secret" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".playbook-secret" in (REPO / "generator" / "starter" / "gitignore.txt").read_text(encoding="utf-8").splitlines()


def test_a_withheld_month_gets_a_complementary_month() -> None:
    # Cohort A (6 people), threshold 3. Anonymous pulse answers: January 8 × 4 (sum 32), February
    # 4 × 5 (sum 20), March 2 × 2 (2 answers: withheld). The cohort's mean over all 14 answers is
    # published (56 / 14 = 4), so March's sum = 56 - 32 - 20 = 4 could be worked out.
    # Before reading, a reader knows March's sum is 0 to 20 (two answers of at most 10).
    # Withholding February (the smallest published month) leaves Feb + Mar = 24 with Feb in
    # [0, 40]: March can again be anything from 0 to 20, and January stays published.
    def pulse(number: int, day: datetime.date, value: int) -> Response:
        moment = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
        return Response(f"p{number}", "pulse", "a", "mentee", "", moment, {"useful": value})

    days = [(D(2026, 1, 20), 4)] * 8 + [(D(2026, 2, 10), 5)] * 4 + [(D(2026, 3, 10), 2)] * 2
    data = cohort(3, "a", tuple(pulse(n, day, value) for n, (day, value) in enumerate(days)))
    figures = aggregate_progress(program(3), {"a": data}, D(2026, 3, 20))
    one = figures.cohorts[0]
    points = dict(one.satisfaction_trends[0].points)
    assert points["2026-03"].withheld and not points["2026-03"].secondary
    assert points["2026-02"].withheld and points["2026-02"].secondary
    assert points["2026-01"].value == pytest.approx(4.0)
    assert one.goals[0].value.value == pytest.approx(4.0)
    result = audit(progress_tables(figures))
    assert result.leaks == ()
    assert {f.key: f.found for f in result.findings}["trend:useful:a:2026-03"] == (pytest.approx(0.0), pytest.approx(20.0))
