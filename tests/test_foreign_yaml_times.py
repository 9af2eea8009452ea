"""An unquoted time (``session_time: 10:30``) tells the user to quote it (found by a fresh-eyes sweep).

YAML reads ``10:30`` without quotes as the base-60 number 630, so the message used to be
"expected text, got the number 630", which names nothing the user wrote.

Input: the small fixture programme with a cohort ``session_time`` or an event ``time`` written unquoted.
Output: the located message names the time as written and shows it in quotes; nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

COHORT = "{id: pilot, name: Pilot cohort, start: 2026-01-12, end: 2026-06-30}"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("times") / "small").root


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hour=st.integers(1, 23), minute=st.integers(0, 59), where=st.sampled_from(["session_time", "event"]))
def test_an_unquoted_time_is_located_with_the_quoted_form(
    root: Path, capsys: pytest.CaptureFixture[str], hour: int, minute: int, where: str
) -> None:
    clock = f"{hour}:{minute:02d}"
    if where == "session_time":
        cohort = COHORT.replace("}", f", session_time: {clock}}}")
    else:
        event = f"{{id: call, kind: cohort-call, title: Call, date: 2026-02-02, time: {clock}, duration: 30, link: 'https://x.example'}}"
        cohort = COHORT.replace("}", f", events: [{event}]}}")
    program = (FIXTURES / "small" / "program.yaml").read_text(encoding="utf-8").replace(COHORT, cohort)
    assert cohort in program
    (root / "program.yaml").write_text(program, encoding="utf-8")
    status = main(["check", "--project", str(root)])
    output = capsys.readouterr()
    assert status == 1
    assert f'put it in quotes: "{clock}"' in output.out + output.err
    assert "program.yaml:" in output.out + output.err
