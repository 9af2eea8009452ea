"""Settings of a user's mkdocs.yml that the engine cannot use (``use_directory_urls: maybe``,
``site_url: [1]``): MkDocs stopped with its own unlocated lines under a coloured notice about
MkDocs 2, and Zensical with a Python traceback. Now each is an error at its mkdocs.yml line, in
words (MkDocs' schema is the reference for mkdocs.yml, whichever engine builds), and site/ is
left as it was.

Input: the small fixture, built once, then its mkdocs.yml given a setting of the wrong kind.
Output: ``playbook build`` and ``playbook check`` messages, and ``engine.site_setting_errors`` for many
generated settings.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.engine import site_setting_errors
from generator.pipeline import build
from generator.project import Project
from tests.conftest import FIXTURES, REPO

WRONG = [
    ("use_directory_urls: maybe", "use_directory_urls", "Expected type: true or false but received: text"),
    ("site_url: [1]", "site_url", "Expected a string, got a list"),
    ("copyright: {a: 1}", "copyright", "Expected type: text but received: a mapping"),
    ("extra_templates: 5", "extra_templates", "Expected type: a list but received: a whole number"),
]
NUMBERS = st.integers(-(10**6), 10**6)  # a number too large for any setting is refused before the engine runs
TEXT_SETTINGS = ["copyright", "site_author", "repo_url", "edit_uri", "site_url"]  # not set in the fixture


def site_files(project: Project) -> dict[str, bytes]:
    return {
        path.relative_to(project.site_dir).as_posix(): path.read_bytes() for path in sorted(project.site_dir.rglob("*")) if path.is_file()
    }


@pytest.mark.parametrize(
    ("engine", "line", "key", "reason"),
    [*(("mkdocs", *case) for case in WRONG), ("zensical", *WRONG[-1])],  # Zensical reads the others leniently and builds
)
def test_a_setting_the_engine_cannot_use_is_located(small_project: Project, engine: str, line: str, key: str, reason: str) -> None:
    build(small_project)
    before = site_files(small_project)
    text = small_project.mkdocs_file.read_text(encoding="utf-8").rstrip("\n") + "\n"
    small_project.mkdocs_file.write_text(text + line + "\n", encoding="utf-8")
    number = len(text.splitlines()) + 1
    command = [sys.executable, "-m", "generator", "build", "--project", str(small_project.root), "--engine", engine]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 1
    assert f"mkdocs.yml:{number}:1: {key}: the {engine} engine cannot use this setting: {reason}." in result.stderr
    assert "\x1b[" not in result.stderr and "Traceback" not in result.stderr
    assert site_files(small_project) == before


def test_the_engines_own_lines_are_kept_when_no_setting_is_to_blame(small_project: Project) -> None:
    build(small_project)
    (small_project.root / "themes" / "default" / "overrides").mkdir(parents=True, exist_ok=True)
    text = small_project.mkdocs_file.read_text(encoding="utf-8")
    small_project.mkdocs_file.write_text(text + "hooks:\n  - no_such_hook_file.py\n", encoding="utf-8")
    command = [sys.executable, "-m", "generator", "build", "--project", str(small_project.root)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 1
    assert "no_such_hook_file.py" in result.stderr


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from(TEXT_SETTINGS),
    value=st.one_of(NUMBERS, st.lists(NUMBERS, min_size=1, max_size=3), st.dictionaries(st.sampled_from("abc"), NUMBERS, min_size=1)),
    blank_lines=st.integers(0, 3),
)
def test_any_text_setting_given_another_kind_is_located(small_project: Project, key: str, value: object, blank_lines: int) -> None:
    if not small_project.engine_config.exists():
        build(small_project)
    original = (FIXTURES / "small" / "mkdocs.yml").read_text(encoding="utf-8")
    text = original.rstrip("\n") + "\n" + "\n" * blank_lines
    small_project.mkdocs_file.write_text(f"{text}{key}: {json.dumps(value)}\n", encoding="utf-8")
    errors = site_setting_errors(small_project, "mkdocs")
    assert [(error.file, error.line, error.key_path) for error in errors] == [("mkdocs.yml", len(text.splitlines()) + 1, (key,))]
    assert "<class" not in errors[0].message


@pytest.mark.parametrize(("line", "key", "reason"), WRONG)
def test_check_refuses_what_the_build_would_on_a_programme_never_built(small_project: Project, line: str, key: str, reason: str) -> None:
    """``playbook check`` writes no engine config; it asks MkDocs' schema about the config the build would write."""
    text = small_project.mkdocs_file.read_text(encoding="utf-8").rstrip("\n") + "\n"
    small_project.mkdocs_file.write_text(text + line + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "generator", "check", "--project", str(small_project.root)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 1
    assert f"mkdocs.yml:{len(text.splitlines()) + 1}:1: {key}: the engine cannot use this setting: {reason}." in result.stderr
    assert not (small_project.root / ".playbook").exists() and not small_project.site_dir.exists(), "check writes nothing"
