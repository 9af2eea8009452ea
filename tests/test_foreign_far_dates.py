"""Far-off dates are located, never a traceback or a build that runs for minutes (found by a fresh-eyes sweep).

``as_of: 9999-12-31`` crashed with OverflowError (the start pages add a week to it), and a cohort
mistyped to end in 2999 made ``playbook check`` run for over twenty minutes.

Input: the small fixture programme with a generated ``program.as_of`` or cohort ``end``.
Output: ``playbook check`` (in-process): exit 1 with program.yaml:LINE, quickly.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

PROGRAM = (FIXTURES / "small" / "program.yaml").read_text(encoding="utf-8")
TIMEZONE = "  timezone: Europe/London\n"
END = "end: 2026-06-30}"
BOUNDED = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("far") / "small").root


def check(root: Path, capsys: pytest.CaptureFixture[str], program: str) -> tuple[int, str]:
    (root / "program.yaml").write_text(program, encoding="utf-8")
    status = main(["check", "--project", str(root)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@BOUNDED
@given(day=st.dates(datetime.date(3000, 1, 1), datetime.date(9999, 12, 31)) | st.dates(datetime.date(1, 1, 1), datetime.date(1899, 12, 31)))
def test_a_far_as_of_date_is_located(root: Path, capsys: pytest.CaptureFixture[str], day: datetime.date) -> None:
    status, output = check(root, capsys, PROGRAM.replace(TIMEZONE, f"{TIMEZONE}  as_of: {day.isoformat()}\n"))
    assert status == 1
    assert f"program.yaml:8:3: program.as_of: '{day.isoformat()}' is not between the years 1900 and 2999" in output


@BOUNDED
@given(year=st.integers(2037, 2999))
def test_a_cohort_longer_than_ten_years_is_located(root: Path, capsys: pytest.CaptureFixture[str], year: int) -> None:
    assert END in PROGRAM
    status, output = check(root, capsys, PROGRAM.replace(END, f"end: {year}-06-30}}"))
    assert status == 1
    assert "cohorts[0].end: the cohort runs from 2026-01-12" in output and "longer than 10 years" in output
