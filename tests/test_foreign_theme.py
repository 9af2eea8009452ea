"""``program.theme`` naming a folder that does not exist is located (found by a fresh-eyes sweep).

A misspelt theme (``theme: meins`` with only ``themes/mine/``) used to build with the default
theme and no word, so every override in the real folder was silently unused.

Input: the small fixture programme with a generated ``program.theme`` and a ``themes/mine`` folder.
Output: ``playbook check`` (in-process): exit 1 with program.yaml:LINE and the folder named, or 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

PROGRAM = (FIXTURES / "small" / "program.yaml").read_text(encoding="utf-8")
TIMEZONE = "  timezone: Europe/London\n"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp("theme") / "small")
    (project.root / "themes" / "mine" / "templates").mkdir(parents=True)
    return project.root


def check_with_theme(root: Path, capsys: pytest.CaptureFixture[str], theme: str) -> tuple[int, str]:
    assert TIMEZONE in PROGRAM
    (root / "program.yaml").write_text(PROGRAM.replace(TIMEZONE, f"{TIMEZONE}  theme: {theme}\n"), encoding="utf-8")
    status = main(["check", "--project", str(root)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize("theme", ["mine", "default"])
def test_an_existing_theme_or_the_default_is_fine(root: Path, capsys: pytest.CaptureFixture[str], theme: str) -> None:
    status, output = check_with_theme(root, capsys, theme)
    assert status == 0, output


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(theme=st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,6}){0,2}", fullmatch=True).filter(lambda name: name not in ("mine", "default")))
def test_a_theme_without_its_folder_is_located(root: Path, capsys: pytest.CaptureFixture[str], theme: str) -> None:
    status, output = check_with_theme(root, capsys, theme)
    assert status == 1
    assert f"program.yaml:8:3: program.theme: there is no folder themes/{theme}." in output
