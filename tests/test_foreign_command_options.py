"""Command-line options a user gets wrong: a project folder that is not there (or is a file) and
a port out of range. ``playbook build --project /nonexistent`` stopped with a traceback and
``serve --port 99999`` with an OverflowError; now each is a message that says what to type.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import REPO


def playbook(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *arguments], capture_output=True, text=True, cwd=REPO, check=False)


@pytest.mark.parametrize("command", ["check", "build", "serve"])
def test_a_missing_project_folder_is_named(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "no such programme"
    result = playbook(command, "--project", str(missing))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"--project: there is no folder '{missing}'; name the programme's folder, or make one with 'playbook new"
    )


def test_a_file_given_as_the_project_folder_is_named(tmp_path: Path) -> None:
    file = tmp_path / "program.yaml"
    file.write_text("program: {}\n", encoding="utf-8")
    result = playbook("build", "--project", str(file))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"--project: '{file}' is a file, not a folder" in result.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(port=st.one_of(st.integers(max_value=0), st.integers(min_value=65536), st.text(min_size=1, max_size=6)))
@example(port="¹")  # a digit Python's int() cannot read (found by hypothesis in CI)
def test_a_port_out_of_range_is_refused_with_its_range(port: object, capsys: pytest.CaptureFixture[str]) -> None:
    text = str(port)
    if text.strip().isdecimal() and 1 <= int(text) <= 65535:
        return  # a real port: not this test's subject
    for command in ("serve", "collect"):
        with pytest.raises(SystemExit) as stop:
            main([command, "--project", str(REPO), f"--port={text}"])
        assert stop.value.code == 2
        assert "give a whole number from 1 to 65535" in capsys.readouterr().err
