"""Outcome measures against values worked out by hand, and the comparison-group method on a
population where the answer is known."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from generator.disclosure import audit
from generator.errors import ErrorList
from generator.load import parse_csv
from generator.loading import load_programme
from generator.outcomes.extract import CHANGE_COLUMNS, EMPLOYEE_COLUMNS, Extract, parse_changes, parse_employees
from generator.outcomes.figures import outcome_figures, outcome_tables
from generator.outcomes.measures import NOT_YET, SAME, TOO_FEW, Change, Employee, Participation, add_months, compare, stratum, tenure_band
from generator.pipeline import generate
from generator.progress.model import Cohort, cohorts_of
from generator.project import Project

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
