"""Goal targets a metric can never reach (found by a fresh-eyes sweep).

An HR lead thinking in percent wrote ``target: 80`` for a session-completion goal. The check
passed, and the goal stayed "at risk" forever, since a share never goes above 1. A target outside
what its metric can give is now refused where it is written, with the fraction to write instead.

Input: the small fixture programme with its goal's metric and target replaced.
Output: ``playbook check`` (in-process) exit status and messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

GOAL = "    measure: {metric: skill_change, survey: end, baseline: start}\n    target: 1\n"
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SHARES = st.sampled_from(["session_completion", "participation"])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("goals") / "small").root


def check(root: Path, capsys: pytest.CaptureFixture[str], metric: str, target: float | str) -> tuple[int, str]:
    program = root / "program.yaml"
    text = (FIXTURES / "small" / "program.yaml").read_text(encoding="utf-8")
    assert GOAL in text
    program.write_text(text.replace(GOAL, f"    measure: {{metric: {metric}}}\n    target: {target}\n"), encoding="utf-8")
    status = main(["check", "--project", str(root)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@SETTINGS
@given(metric=SHARES, percent=st.integers(2, 100))
def test_a_share_written_as_a_percentage_is_refused_with_its_fraction(
    root: Path, capsys: pytest.CaptureFixture[str], metric: str, percent: int
) -> None:
    status, output = check(root, capsys, metric, percent)
    assert status == 1
    assert "program.yaml:21:5: goals[0].target: a target of" in output
    assert f"write {percent / 100:g} for {percent}%" in output


@SETTINGS
@given(metric=SHARES, share=st.floats(0, 1))
def test_a_share_written_as_a_fraction_passes(root: Path, capsys: pytest.CaptureFixture[str], metric: str, share: float) -> None:
    status, output = check(root, capsys, metric, f"{share:.6f}")  # as people write it (YAML reads 1e-09 as text)
    assert status == 0, output


def test_an_nps_target_is_a_score_from_minus_100_to_100(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    goal = "    measure: {metric: nps, survey: end}\n    target: 150\n"
    program = root / "program.yaml"
    program.write_text((FIXTURES / "small" / "program.yaml").read_text(encoding="utf-8").replace(GOAL, goal), encoding="utf-8")
    assert main(["check", "--project", str(root)]) == 1
    assert "metric 'nps' gives figures from -100 to 100" in capsys.readouterr().err
