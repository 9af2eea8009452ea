"""The command line: schema, new, python -m generator, and the committed schema file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generator.cli import main
from generator.load import parse_yaml
from generator.schema import program_schema, schema_json
from tests.conftest import FIXTURES, REPO, copy_project


def test_committed_schema_is_current() -> None:
    committed = (REPO / "program.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "program.schema.json is stale: run `playbook schema > program.schema.json`"


def test_schema_command_prints_valid_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == program_schema()


def test_example_and_its_schema_header_agree() -> None:
    text = (REPO / "program.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=program.schema.json"
    jsonschema.Draft202012Validator(program_schema()).validate(parse_yaml(text, "program.yaml").data)


def test_new_creates_a_programme_that_checks_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ours"
    assert main(["new", str(target)]) == 0
    assert (target / "program.schema.json").read_text(encoding="utf-8") == schema_json()
    assert (target / ".gitignore").read_text(encoding="utf-8").startswith("site/")
    assert main(["check", "--project", str(target)]) == 0
    assert main(["build", "--project", str(target)]) == 0
    assert (target / "site" / "agendas" / "first-session" / "index.html").is_file()


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.txt").write_text("precious", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine.txt"]


@pytest.mark.parametrize("broken", [False, True])
def test_a_build_ends_at_once_with_its_output_and_status(tmp_path: Path, broken: bool) -> None:
    """``playbook build`` ends with ``os._exit``: its last lines and its exit status still arrive."""
    project = copy_project(FIXTURES / "small", tmp_path / "small")
    if broken:
        program = project.program_file
        program.write_text(
            program.read_text(encoding="utf-8").replace("  name: Small Test Programme", "  name: [Small Test Programme", 1),
            encoding="utf-8",
        )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--project", str(project.root)], capture_output=True, text=True, check=False
    )
    if broken:
        assert result.returncode == 1
        assert result.stderr.rstrip().endswith("found; nothing was written.")
        assert "program.yaml:" in result.stderr
        assert not project.site_dir.exists()
    else:
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Built ") and "(generator " in result.stdout
        assert (project.site_dir / "index.html").is_file()


def test_python_dash_m_generator_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(REPO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout
