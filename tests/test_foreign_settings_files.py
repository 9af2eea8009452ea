"""program.yaml or mkdocs.yml that is there but is no file (a folder, a broken link), as a sync tool or a slip may leave them.

They were reported as missing ("no program.yaml in ..."), which sends the user looking for a
file that is there. Now one located error says what the path is and what to do.

Input: the small fixture programme with program.yaml or mkdocs.yml replaced by a folder (holding
generated files) or by a link to a generated name that does not exist.
Output: ``playbook check`` / ``playbook build`` messages (in-process); site/ left as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.conftest import FIXTURES, copy_project

NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,10}(\.ya?ml)?", fullmatch=True)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("settings") / "small").root


def run(root: Path, capsys: pytest.CaptureFixture[str], name: str, make: str, inside: list[str], command: str) -> tuple[int, str]:
    """``playbook COMMAND`` with ``name`` replaced by a folder holding ``inside`` (``make`` folder) or a broken link to ``inside[0]``."""
    path, kept = root / name, root / f"kept-{name}"
    path.rename(kept)
    try:
        if make == "folder":
            path.mkdir()
            for item in inside:
                (path / item).write_text("site_name: x\n", encoding="utf-8")
        else:
            path.symlink_to(root / "missing" / inside[0])
        status = main([command, "--project", str(root)])
    finally:
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        kept.rename(path)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@SETTINGS
@given(name=st.sampled_from(["program.yaml", "mkdocs.yml"]), inside=st.lists(NAMES, min_size=1, max_size=3, unique=True))
def test_a_settings_file_that_is_a_folder_says_so(root: Path, capsys: pytest.CaptureFixture[str], name: str, inside: list[str]) -> None:
    status, output = run(root, capsys, name, "folder", inside, "check")
    assert status == 1
    assert output.startswith(f"{name}: is a folder, not a file; remove or rename it and write {name} as a file here")
    assert "missing" not in output and "no program.yaml" not in output
    assert "Traceback" not in output


@SETTINGS
@given(name=st.sampled_from(["program.yaml", "mkdocs.yml"]), target=NAMES)
def test_a_settings_file_that_is_a_broken_link_says_so(root: Path, capsys: pytest.CaptureFixture[str], name: str, target: str) -> None:
    status, output = run(root, capsys, name, "link", [target], "check")
    assert status == 1
    assert output.startswith(f"{name}: is a link to a file that does not exist; remove or rename it")
    assert "Traceback" not in output


def test_a_build_with_a_folder_for_program_yaml_writes_nothing(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = root / "site"
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    status, output = run(root, capsys, "program.yaml", "folder", ["notes.txt"], "build")
    assert status == 1
    assert "program.yaml: is a folder, not a file" in output
    assert [path.name for path in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
