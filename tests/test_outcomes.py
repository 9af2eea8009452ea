"""Outcome measures against values worked out by hand, and the comparison-group method on a
population where the answer is known."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.aggregate import aggregate, disclosure_tables
from generator.disclosure import audit
from generator.errors import ErrorList
from generator.load import Document, parse_csv, parse_yaml
from generator.loading import as_of_date, build_epoch, load_programme
from generator.outcomes.extract import CHANGE_COLUMNS, EMPLOYEE_COLUMNS, Extract, parse_changes, parse_employees
from generator.outcomes.figures import outcome_figures, outcome_tables
from generator.outcomes.goals import goal_figure, goal_measure_errors, goal_outcomes, with_outcome_goals
from generator.outcomes.measures import (
    MEASURES,
    NOT_YET,
    SAME,
    TOO_FEW,
    Change,
    Comparison,
    Employee,
    Participation,
    add_months,
    compare,
    stratum,
    tenure_band,
)
from generator.pipeline import build, generate
from generator.progress.aggregate import aggregate_progress
from generator.progress.feature import progress_tables
from generator.progress.model import OUTCOME_METRICS, Cohort, Goal, GoalMeasure, cohorts_of, goals_of
from generator.project import Project
from generator.schema import build_program
from tests.htmltext import parse_html
from tests.test_privacy_differencing import published

D = datetime.date
START = D(2025, 1, 1)
AS_OF = D(2026, 1, 1)


def person(person_id: str, level: str, department: str, joined: datetime.date, left: datetime.date | None = None) -> Employee:
    return Employee(person_id, f"{person_id}@example.org", level, department, joined, left)


def hand_worked() -> tuple[list[tuple[Employee, datetime.date]], list[Employee]]:
    """Stratum A (L1, D1, 1–3 years): 2 participants, 1 leaves in the window; 5 colleagues, 4 stay.
    Stratum B (L2, D2, 3–5 years): 3 participants, all stay; 5 colleagues, 4 stay.
    Stratum C (L3, D3): 1 participant and no colleague, so it is left out."""
    a, b = D(2023, 6, 1), D(2021, 6, 1)
    taking_part = [
        person("pa1", "L1", "D1", a),
        person("pa2", "L1", "D1", a, left=D(2025, 3, 1)),
        person("pb1", "L2", "D2", b),
        person("pb2", "L2", "D2", b),
        person("pb3", "L2", "D2", b),
        person("pc1", "L3", "D3", b),
    ]
    others = [person(f"ca{n}", "L1", "D1", a, left=D(2025, 5, 1) if n == 0 else None) for n in range(5)]
    others += [person(f"cb{n}", "L2", "D2", b, left=D(2025, 2, 1) if n == 0 else None) for n in range(5)]
    others += [person("late", "L1", "D1", D(2025, 3, 1))]  # joined after the start: not comparable
    return [(employee, START) for employee in taking_part], others


def test_retention_against_a_hand_worked_comparison() -> None:
    taking_part, others = hand_worked()
    result = compare(taking_part, others, {}, "retention", 6, AS_OF, minimum=5)
    # Participants matched: 5 (pc1 has no colleague), 4 stayed: 0.8.
    assert (result.participants, result.participants_rate) == (5, pytest.approx(0.8))
    # Expected: 2/5 × 4/5 + 3/5 × 4/5 = 0.8; colleagues counted: 10.
    assert (result.comparison_people, result.comparison_rate) == (10, pytest.approx(0.8))
    assert result.difference == pytest.approx(0.0)
    # Agresti–Caffo: every rate taken as (events + 1) / (people + 2) = 5/7 here, so the centre is 0 and
    # the variance is 5/7·2/7/7 × (1 + (2/5)² + (3/5)²) = 0.0291545 × 1.52 = 0.0443149.
    margin = 1.959964 * 0.0443149**0.5
    assert margin == pytest.approx(0.412594, abs=1e-6)
    assert (result.low, result.high) == (pytest.approx(-margin), pytest.approx(margin))
    assert result.verdict == SAME


def test_promotions_count_only_inside_the_window() -> None:
    taking_part, others = hand_worked()
    changes = {
        "pa1": [Change("pa1", D(2025, 4, 1), "promotion")],  # inside 6 months
        "pb1": [Change("pb1", D(2025, 8, 1), "promotion")],  # after 6 months, inside 12
        "pb2": [Change("pb2", D(2025, 3, 1), "move")],  # a move, not a promotion
        "ca1": [Change("ca1", D(2025, 2, 1), "promotion")],
    }
    six = compare(taking_part, others, changes, "promotion", 6, AS_OF, minimum=5)
    twelve = compare(taking_part, others, changes, "promotion", 12, AS_OF, minimum=5)
    moved = compare(taking_part, others, changes, "mobility", 6, AS_OF, minimum=5)
    assert six.participants_rate == pytest.approx(1 / 5)
    assert six.comparison_rate == pytest.approx(2 / 5 * 1 / 5 + 3 / 5 * 0)
    assert twelve.participants_rate == pytest.approx(2 / 5)
    assert moved.participants_rate == pytest.approx(1 / 5)
    assert moved.comparison_rate == pytest.approx(0.0)


def test_too_few_and_not_yet_give_no_verdict_and_no_figure() -> None:
    taking_part, others = hand_worked()
    too_few = compare(taking_part, others, {}, "retention", 6, AS_OF, minimum=6)
    assert (too_few.verdict, too_few.participants_rate, too_few.difference) == (TOO_FEW, None, None)
    not_yet = compare(taking_part, others, {}, "retention", 12, D(2025, 12, 31), minimum=5)
    assert (not_yet.verdict, not_yet.participants_rate) == (NOT_YET, None)


def test_a_stratum_with_fewer_colleagues_than_the_threshold_is_not_used() -> None:
    taking_part, others = hand_worked()
    fewer = [employee for employee in others if employee.person_id != "cb4"]  # stratum B keeps 4 colleagues
    result = compare(taking_part, fewer, {}, "retention", 6, AS_OF, minimum=2)
    assert (result.participants, result.comparison_people) == (5, 9)
    strict = compare(taking_part, fewer, {}, "retention", 6, AS_OF, minimum=5)
    assert strict.verdict == TOO_FEW  # only stratum A (2 participants) is left


def test_standardisation_removes_a_difference_made_only_by_the_mix() -> None:
    """Both groups stay at 90 % in stratum X and 50 % in stratum Y, but participants are mostly X.
    A naive comparison says participants stay far more often; the standardised one finds no difference."""
    x, y = D(2020, 1, 1), D(2024, 6, 1)  # tenure bands 5–10 years and under 1 year

    def group(prefix: str, joined: datetime.date, count: int, stay: int) -> list[Employee]:
        return [person(f"{prefix}{n}", "L", "D", joined, None if n < stay else D(2025, 3, 1)) for n in range(count)]

    taking_part = group("px", x, 90, 81) + group("py", y, 10, 5)
    others = group("cx", x, 10, 9) + group("cy", y, 90, 45)
    naive_participants = 86 / 100
    naive_others = 54 / 100
    result = compare([(employee, START) for employee in taking_part], others, {}, "retention", 6, AS_OF, minimum=5)
    assert naive_participants - naive_others == pytest.approx(0.32)
    assert result.participants_rate == pytest.approx(naive_participants)
    assert result.comparison_rate == pytest.approx(0.9 * 0.9 + 0.1 * 0.5)
    assert result.difference == pytest.approx(0.0)
    assert result.verdict == SAME


def test_calendar_helpers() -> None:
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2025, 1, 15), 12) == D(2026, 1, 15)
    assert tenure_band(person("p", "L", "D", D(2024, 1, 2)), D(2025, 1, 1)) == "under 1 year"
    assert tenure_band(person("p", "L", "D", D(2010, 1, 1)), D(2025, 1, 1)) == "10 years or more"


def test_extract_errors_are_located() -> None:
    header = ",".join(EMPLOYEE_COLUMNS)
    text = f"{header}\nana,ana@x.org,L1,D1,2024-02-30,,\nben,ben@x.org,L1,D1,2024-01-01,2023-01-01,quit\nana2,ANA@x.org,L1,D1,2024-01-01,,\nana3,ana@x.org,L1,D1,2024-01-01,,\n"
    with pytest.raises(ErrorList) as raised:
        parse_employees(parse_csv(text, "hr/employees.csv"))
    messages = [str(error) for error in raised.value]
    assert messages == [
        "hr/employees.csv:2: start_date: '2024-02-30' is not a date; write it as YYYY-MM-DD, such as 2024-03-01.",
        "hr/employees.csv:3: leaving_date: leaving date 2023-01-01 is before the start date 2024-01-01; fix one of them.",
        "hr/employees.csv:3: leaving_reason: 'quit' is not a leaving reason. Use one of: resigned, retired, redundancy, dismissed, end-of-contract, other.",
        "hr/employees.csv:5: email: 'ana@x.org' is listed twice (first on line 4); keep one row per person.",
    ]


def test_change_errors_are_located() -> None:
    employees = {"ana": person("ana", "L1", "D1", D(2024, 1, 1))}
    text = f"{','.join(CHANGE_COLUMNS)}\nana,2025-02-01,promotion\nanna,2025-02-01,promotoin\n"
    with pytest.raises(ErrorList) as raised:
        parse_changes(parse_csv(text, "hr/changes.csv"), employees)
    assert [str(error) for error in raised.value] == [
        "hr/changes.csv:3: kind: 'promotoin' is not a kind of change. Did you mean 'promotion'? Use promotion or move.",
        "hr/changes.csv:3: person_id: unknown person 'anna'. Did you mean 'ana'? Use a person_id of the HR extract.",
    ]


def staged(project: Project) -> dict[str, bytes]:
    """Every staged file of a fresh generation (what the engine publishes)."""
    _, rendered, _, _ = generate(project)
    return rendered.files


def edit_row(project: Project, person_id: str, column: str, value: str) -> None:
    path = project.root / "hr" / "employees.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    for index, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == person_id:
            cells[header.index(column)] = value
            lines[index] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def small_group_member(project: Project) -> str:
    """A colleague who never took part and whose stratum on the pilot's start is below the threshold."""
    loaded = load_programme(project)
    extract = loaded.data["outcomes"]
    assert isinstance(extract, Extract)
    pilot = next(cohort for cohort in cohorts_of(loaded.program) if cohort.id == "pilot")
    took_part = {item.person_id for item in extract.participations}
    others = [
        employee for employee in extract.employees.values() if employee.person_id not in took_part and employee.employed_on(pilot.start)
    ]
    sizes = Counter(stratum(employee, pilot.start) for employee in others)
    return next(
        employee.person_id for employee in others if sizes[stratum(employee, pilot.start)] < loaded.program.info.privacy.min_group_size
    )


def test_the_example_shows_outcomes_with_intervals(example_project: Project) -> None:
    text = staged(example_project)["outcomes/index.md"].decode("utf-8")
    assert "## Pilot cohort" in text and "95% confidence interval" in text
    assert text.count(" points &#40;") >= 6  # six differences, each with its interval
    assert "resigned" not in text and "@" not in text


def test_one_persons_hr_row_in_a_small_group_changes_no_published_file(example_project: Project) -> None:
    before = staged(example_project)
    person_id = small_group_member(example_project)
    edit_row(example_project, person_id, "leaving_date", "2026-02-01")
    edit_row(example_project, person_id, "leaving_reason", "redundancy")
    assert staged(example_project) == before


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_one_persons_hr_row_changes_no_file_of_the_built_site(
    example_project: Project, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """The same as above through the engine: every published file (pages, search index, sitemap) stays byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    build(example_project, engine)
    before = published(example_project.site_dir)
    person_id = small_group_member(example_project)
    edit_row(example_project, person_id, "leaving_date", "2026-02-01")
    edit_row(example_project, person_id, "leaving_reason", "redundancy")
    build(example_project, engine)
    after = published(example_project.site_dir)
    assert sorted(after) == sorted(before)
    assert [name for name in before if before[name] != after[name]] == []
    assert "outcomes/index.html" in before and "progress/goals/mentees-stay/index.html" in before
    pilot = parse_html(example_project.site_dir / "progress" / "pilot" / "index.html").article
    assert "Outcomes" in pilot and re.search(r"Still employed.*[+-]\d+ points \([+-]\d+ to [+-]\d+\)", pilot)


def test_a_leaving_reason_is_never_published(example_project: Project) -> None:
    before = staged(example_project)
    path = example_project.root / "hr" / "employees.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",resigned", ",retired"), encoding="utf-8")
    assert staged(example_project) == before


def three_cohorts() -> tuple[Extract, tuple[Cohort, ...]]:
    """Cohorts A and B with 6 mentees each, C with 2; 40 colleagues in the same stratum."""
    cohorts = tuple(Cohort(id=name, name=name.upper(), start=START, end=D(2025, 6, 30)) for name in ("a", "b", "c"))
    joined = D(2022, 1, 1)
    employees = {f"c{n}": person(f"c{n}", "L", "D", joined, D(2025, 3, 1) if n % 4 == 0 else None) for n in range(40)}
    parts = []
    for cohort, size in zip(cohorts, (6, 6, 2), strict=True):
        for n in range(size):
            employee = person(f"{cohort.id}{n}", "L", "D", joined, D(2025, 3, 1) if n == 0 else None)
            employees[employee.person_id] = employee
            parts.append(Participation(employee.person_id, "mentee", cohort.id, START))
    return Extract(employees, {}, tuple(parts)), cohorts


def test_all_cohorts_pools_only_cohorts_that_are_shown_and_the_audit_agrees() -> None:
    extract, cohorts = three_cohorts()
    # Every cohort starts on the same day, so they share colleagues; C has too few mentees to tell.
    figures = outcome_figures(extract, cohorts, (6,), AS_OF, minimum=5)
    retention = {
        group.title: row for group in figures.cohorts for role, row in group.rows if role == "mentee" and row.measure == "retention"
    }
    assert retention["C"].verdict == TOO_FEW and retention["C"].participants_rate is None
    assert retention["A"].participants_rate == pytest.approx(5 / 6)
    assert figures.programme is not None
    pooled = next(row for role, row in figures.programme.rows if role == "mentee" and row.measure == "retention")
    assert pooled.participants == 12  # A and B only
    result = audit(outcome_tables(figures, tuple(cohort.id for cohort in cohorts)))
    assert result.withheld >= 1 and not result.leaks


# Goals judged by an outcome (metric: retention | promotion | mobility).

OUTCOME_GOAL = Goal(
    id="stay",
    title="Mentees stay",
    measure=GoalMeasure(metric="retention", window_months=6, role="mentee"),
    target=0.0,
)


def test_an_outcome_goal_gets_each_cohorts_difference_and_the_pooled_one() -> None:
    extract, cohorts = three_cohorts()
    (found,) = goal_outcomes(extract, (OUTCOME_GOAL,), cohorts, AS_OF, minimum=5)
    # A and B: 5 of 6 mentees stay. Colleagues: C's mentees c0 and c1 replace c0 and c1, so 38
    # are left (c2 to c39), of whom every fourth (c4, c8 … c36: 9) leaves: 29 of 38 stay.
    for cohort in ("a", "b"):
        assert found.by_cohort[cohort].difference == pytest.approx(5 / 6 - 29 / 38)
    assert found.by_cohort["c"].verdict == TOO_FEW
    assert found.pooled_cohorts == ("a", "b")
    assert found.pooled is not None and found.pooled.participants == 12
    assert found.pooled.difference == pytest.approx(10 / 12 - 29 / 38)
    figure = goal_figure(OUTCOME_GOAL, found.by_cohort["a"])
    assert figure.value.text == f"+7 points ({100 * found.by_cohort['a'].low:+.0f} to {100 * found.by_cohort['a'].high:+.0f})"
    assert figure.status == "no clear difference"  # the interval includes the target of 0
    assert figure.value.amount == pytest.approx(6 * (5 / 6 - 29 / 38))  # what the audit adds up across cohorts
    small = goal_figure(OUTCOME_GOAL, found.by_cohort["c"])
    assert (small.value.withheld, small.value.value, small.status) == (True, None, TOO_FEW)


def test_an_outcome_goal_is_met_only_when_its_whole_interval_reaches_the_target() -> None:
    def row(low: float, high: float) -> Comparison:
        return Comparison("retention", 6, 40, 0.9, 200, 0.8, (low + high) / 2, low, high, SAME)

    assert goal_figure(OUTCOME_GOAL, row(0.01, 0.2)).status == "met"
    assert goal_figure(OUTCOME_GOAL, row(-0.2, 0.1)).status == "no clear difference"
    assert goal_figure(OUTCOME_GOAL, row(-0.3, -0.05)).status == "not met"
    assert goal_figure(OUTCOME_GOAL, None).status == NOT_YET


def goal_document(measure: str, outcomes: bool = True) -> Document:
    text = f"goals:\n  - id: stay\n    title: Stay\n    measure: {measure}\n    target: 0\n"
    return parse_yaml(text + ("outcomes: {employees: hr/employees.csv}\n" if outcomes else ""), "program.yaml")


def test_outcome_goal_mistakes_are_located() -> None:
    assert goal_measure_errors(goal_document("{metric: retention, window_months: 6, role: mentee}")) == []
    assert [str(error) for error in goal_measure_errors(goal_document("{metric: promotion}", outcomes=False))] == [
        "program.yaml:4:5: goals[0].measure: metric 'promotion' needs 'window_months'; add window_months: 12.",
        "program.yaml:4:5: goals[0].measure: metric 'promotion' needs 'role'; add role: mentee (or mentor).",
        "program.yaml:4:5: goals[0].measure: metric 'promotion' is measured from the HR extract; add an 'outcomes:' section that names it.",
    ]
    assert [str(error) for error in goal_measure_errors(goal_document("{metric: participation, role: mentor}"))] == [
        "program.yaml:4:38: goals[0].measure.role: 'role' is only for retention, promotion and mobility goals; remove it."
    ]


@given(
    metric=st.sampled_from(["retention", "promotion", "mobility", "nps", "participation", "session_completion"]),
    window=st.none() | st.integers(min_value=-5, max_value=100),
    role=st.none() | st.sampled_from(["mentor", "mentee"]),
    outcomes=st.booleans(),
)
def test_outcome_goal_measures_are_checked_whatever_they_hold(metric: str, window: int | None, role: str | None, outcomes: bool) -> None:
    parts = [f"metric: {metric}"] + ([f"window_months: {window}"] if window is not None else []) + ([f"role: {role}"] if role else [])
    errors = goal_measure_errors(goal_document("{" + ", ".join(parts) + "}", outcomes))
    if metric in ("retention", "promotion", "mobility"):
        expected = (window is None) + (role is None) + (not outcomes)
    else:
        expected = (window is not None) + (role is not None)
    assert len(errors) == expected
    assert all(error.file == "program.yaml" and error.line >= 1 and error.key_path[:2] == ("goals", 0) for error in errors)


def test_a_window_out_of_range_is_a_located_error(example_project: Project) -> None:
    program = example_project.program_file
    program.write_text(program.read_text(encoding="utf-8").replace("window_months: 6, role: mentee", "window_months: 0, role: mentee"))
    with pytest.raises(ErrorList) as raised:
        load_programme(example_project)
    assert [error.key_path for error in raised.value] == [("goals", 4, "measure", "window_months")]
    assert "window_months" in str(raised.value.errors[0]) and str(raised.value.errors[0]).startswith("program.yaml:")


def test_the_example_goal_pages_show_the_outcome_goal_with_its_interval(example_project: Project) -> None:
    files = staged(example_project)
    goal = files["progress/goals/mentees-stay.md"].decode("utf-8")
    assert "mentees, 6 months after their cohort starts" in goal
    sign = "(&#43;|&#45;)"  # + and -, escaped for Markdown
    assert re.search(rf"Pilot cohort \| {sign}\d+ points &#40;{sign}\d+ to {sign}\d+&#41; \| .*no clear difference", goal), goal
    assert "not yet" in goal and "whole interval reaches the target" in goal
    dashboard = files["progress/index.md"].decode("utf-8")
    assert "Mentees stay at least as often" in dashboard and " points &#40;" in dashboard


def test_each_cohort_page_shows_its_outcomes_under_the_audit(example_project: Project) -> None:
    files = staged(example_project)
    pilot, autumn = (files[f"progress/{cohort}.md"].decode("utf-8") for cohort in ("pilot", "autumn-2026"))
    assert "## Outcomes" in pilot and "### Mentees" in pilot and pilot.count(" points &#40;") >= 6
    assert "## Outcomes" in autumn and "Not measured yet" in autumn
    loaded = load_programme(example_project)
    figures = aggregate(loaded.program, loaded.data, as_of_date(loaded.program, build_epoch(example_project)))
    pages = {table.page for table in disclosure_tables(loaded.program, figures) if table.name.startswith("Outcomes:")}
    assert {"outcomes/index.md", "progress/pilot.md", "progress/autumn-2026.md"} <= pages


def test_a_small_group_makes_an_outcome_goal_too_few_to_tell(example_project: Project) -> None:
    # The pilot has 10 mentees: with a threshold of 11 its comparison is too small to publish.
    program = example_project.program_file
    program.write_text(program.read_text(encoding="utf-8").replace("min_group_size: 5", "min_group_size: 11"), encoding="utf-8")
    goal = staged(example_project)["progress/goals/mentees-stay.md"].decode("utf-8")
    rows = {line.split(" | ")[0].strip("| "): line for line in goal.splitlines() if line.startswith("| ") and " | " in line}
    assert "withheld: fewer than 11 people" in rows["Pilot cohort"] and "too few to tell" in rows["Pilot cohort"]
    assert "too few to tell" in rows["All cohorts"] and " points" not in rows["All cohorts"]
    assert " points &#40;" not in goal


def test_all_cohorts_is_withheld_when_one_cohort_is_too_few_and_the_audit_finds_no_leak() -> None:
    extract, cohorts = three_cohorts()  # A and B have a verdict, C is too few to tell
    program = build_program(
        {
            "program": {"name": "P", "organisation": "O", "summary": "S", "privacy": {"min_group_size": 5}},
            "roles": [{"id": "mentor", "name": "Mentor", "description": "d"}, {"id": "mentee", "name": "Mentee", "description": "d"}],
            "goals": [
                {"id": "stay", "title": "Stay", "measure": {"metric": "retention", "window_months": 6, "role": "mentee"}, "target": 0}
            ],
            "cohorts": [{"id": c.id, "name": c.name, "start": c.start.isoformat(), "end": c.end.isoformat()} for c in cohorts],
            "outcomes": {},
        }
    )
    progress = with_outcome_goals(aggregate_progress(program, {}, AS_OF), goal_outcomes(extract, goals_of(program), cohorts, AS_OF, 5))
    by_cohort = {figures.cohort.id: figures.goals[0] for figures in progress.cohorts}
    assert by_cohort["a"].value.value == pytest.approx(5 / 6 - 29 / 38) and by_cohort["c"].status == TOO_FEW
    (total,) = progress.goals
    assert (total.value.value, total.value.withheld, total.value.secondary, total.status) == (None, True, True, "withheld")
    assert total.value.weight == sum(figures.goals[0].value.weight for figures in progress.cohorts)
    result = audit(progress_tables(progress))
    assert result.findings and not result.leaks


def test_goal_metrics_are_the_outcome_measures() -> None:
    assert OUTCOME_METRICS == MEASURES  # a goal's metric names the measure it is judged by


def test_every_member_of_a_group_partnership_takes_part(example_project: Project) -> None:
    """A group's later rows (a second mentee) count as participants, matched to the extract by email."""
    from generator.outcomes.extract import participations
    from generator.progress.data import ROSTER_COLUMNS, parse_roster

    program = load_programme(example_project, content=False, data=False).program
    autumn = next(cohort for cohort in cohorts_of(program) if cohort.id == "autumn-2026")
    roster = parse_roster(
        parse_csv((example_project.cohort_dir("autumn-2026") / "roster.csv").read_text(encoding="utf-8"), "roster.csv", ROSTER_COLUMNS),
        autumn,
    )
    group = next(pair for pair in roster if pair.is_group)
    employees_file = example_project.root / "hr" / "employees.csv"
    employees = parse_employees(parse_csv(employees_file.read_text(encoding="utf-8"), "hr/employees.csv", EMPLOYEE_COLUMNS))
    taking_part = {(employees[item.person_id].email, item.role) for item in participations(example_project, (autumn,), employees)}
    assert {(person.email, role) for role, person in group.members} <= taking_part
    assert len(group.members) > 2
