"""Four holes the spreadsheet sweep found in files it did not own, each closed for its whole class.

- The HR extract and the revoked-links list answered a date written as a spreadsheet writes it
  (``21/09/2018``, a day number) with the plain "write it as YYYY-MM-DD"; now with the day meant.
- A submitted number too large for a float (``1e999``) became infinity and was refused only
  later, as "'inf' is not a whole number"; now it is refused where it is read.
- A roster name holding a carriage return could split a row of the pairs' links file in a
  spreadsheet; every cell now keeps its line breaks safe.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ErrorList
from generator.load import CsvTable, parse_csv
from generator.outcomes.extract import EMPLOYEE_COLUMNS, parse_employees
from generator.pair_links import load_revocations, revoked_path
from generator.progress.data import Pair, Person
from generator.project import Project
from generator.surveys.pair_report import links_csv
from generator.surveys.safejson import UnsafeJson, loads
from tests.conftest import REPO, copy_project

SECRET = "a long programme secret for the tests\n"


def employees_table(start: str) -> CsvTable:
    text = ",".join(EMPLOYEE_COLUMNS) + f"\ne00001,ada@example.org,professional,People,{start},,\n"
    return parse_csv(text, "hr/employees.csv", EMPLOYEE_COLUMNS)


@pytest.mark.parametrize(
    ("written", "meant"),
    [("21/09/2018", "2018-09-21"), ("2018-09-21T09:00", "2018-09-21"), ("43364", "2018-09-21")],
)
def test_an_hr_date_in_spreadsheet_form_is_answered_with_the_day_meant(written: str, meant: str) -> None:
    with pytest.raises(ErrorList) as problems:
        parse_employees(employees_table(written))
    (problem,) = problems.value
    assert str(problem).startswith(f"hr/employees.csv:2: start_date: '{written}' is not a date; write ")
    assert meant in problem.message


@settings(max_examples=50, deadline=None)
@given(day=st.dates(datetime.date(1990, 1, 13), datetime.date(2060, 12, 31)))
def test_any_day_written_day_first_is_answered_with_that_day(day: datetime.date) -> None:
    with pytest.raises(ErrorList) as problems:
        parse_employees(employees_table(f"{day.day:02d}/{day.month:02d}/{day.year}"))
    assert day.isoformat() in problems.value.errors[0].message


def test_a_revocation_date_in_spreadsheet_form_is_answered_with_the_day_meant(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    path = revoked_path(project, "pilot")
    path.parent.mkdir(parents=True)
    path.write_text("pair_id,generation,revoked_on\npilot-02,1,30/11/2026\n", encoding="utf-8")
    with pytest.raises(ErrorList) as problems:
        load_revocations(project, ["pilot"])
    (problem,) = problems.value
    assert str(problem) == (
        "content/cohorts/pilot/revoked-links.csv:2: revoked_on: 'revoked_on' ('30/11/2026') is not a date; "
        "write it as YYYY-MM-DD: 2026-11-30."
    )


@settings(max_examples=60, deadline=None)
@given(exponent=st.integers(309, 100_000), sign=st.sampled_from(["", "-"]), mantissa=st.sampled_from(["1", "9.5", "2.0"]))
def test_a_number_too_large_for_a_float_is_refused_where_it_is_read(exponent: int, sign: str, mantissa: str) -> None:
    with pytest.raises(UnsafeJson, match="too large"):
        loads(f'{{"answers": {{"energy": {sign}{mantissa}e{exponent}}}}}')


@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_number_reads_as_itself(value: float) -> None:
    assert loads(f'{{"value": {value!r}}}') == {"value": value}


@settings(max_examples=40, deadline=None)
@given(name=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20).map(lambda text: text + "\r" + text))
def test_the_links_file_keeps_one_row_per_pair_whatever_the_names(tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    project = copy_project(REPO, tmp_path_factory.mktemp("links") / "programme", ("program.yaml", "mkdocs.yml", "content"))
    (project.root / ".playbook-secret").write_text(SECRET, encoding="utf-8")
    from generator.loading import load_programme

    program = load_programme(project, content=False, data=False).program
    people = [Person(name, f"p{index}@example.org", "professional", "People") for index in range(2)]
    pairs = [Pair(f"pilot-0{index}", people[0], people[1], datetime.date(2026, 1, 5), None, "active") for index in (1, 2)]
    text = links_csv(project, program, "pilot", pairs)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[0] for row in rows] == ["pair_id", "pilot-01", "pilot-02"]


@pytest.mark.parametrize("escape", ["\\0", "\\x00", "\\u0000"])
def test_a_nul_character_in_a_content_path_is_located(tmp_path: Path, escape: str) -> None:
    """A NUL written as a YAML escape in a ``file:`` path made ``playbook check`` stop with Python's ValueError."""
    from generator.api import check

    project = copy_project(REPO, tmp_path / "programme", ("program.yaml", "mkdocs.yml", "content", "hr"))
    text = project.program_file.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if "file: content/guidelines/expectations.md" in row)
    broken = text.replace("file: content/guidelines/expectations.md", f'file: "content/guidelines/expect{escape}ations.md"', 1)
    project.program_file.write_text(broken, encoding="utf-8")
    errors = [str(error) for error in check(project.root).errors]
    assert any(error.startswith(f"program.yaml:{line}:") and "NUL character" in error for error in errors), errors
