"""The theme a user's mkdocs.yml names, in every form MkDocs accepts, and misspelt.

``theme: material`` (MkDocs' short form) and a mkdocs.yml without ``theme`` both stopped the
engine with an unlocated "No theme name set": the build's config adds the theme's language and
direction, and the engines do not merge that with a short form or with nothing. A misspelt theme
name stopped the engine with an unlocated message. Now the first two build (the short form's
theme, else Material, which Playbook's pages are made for) and the last is an error at its
mkdocs.yml line with the closest installed theme.

Input: the small fixture with its mkdocs.yml's theme rewritten.
Output: built sites, and ``playbook build`` / ``site_config_errors`` messages.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.load import parse_yaml
from generator.pipeline import build
from generator.project import Project
from generator.site_config import site_config_errors
from tests.conftest import REPO

THEMES = sorted({entry.name for entry in importlib.metadata.entry_points(group="mkdocs.themes")})


def with_theme(project: Project, theme_lines: str) -> None:
    """Replace the theme section of the project's mkdocs.yml with ``theme_lines`` (nothing: no theme)."""
    text = project.mkdocs_file.read_text(encoding="utf-8")
    without = re.sub(r"(?ms)^theme:.*?(?=^\S|\Z)", "", text)
    project.mkdocs_file.write_text(theme_lines + without, encoding="utf-8")


def playbook_build(project: Project, engine: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", "build", "--project", str(project.root), "--engine", engine]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("theme_lines", ["theme: material\n", ""], ids=["short form", "no theme"])
def test_the_short_form_and_no_theme_build_with_material(small_project: Project, engine: str, theme_lines: str) -> None:
    with_theme(small_project, theme_lines)
    result = playbook_build(small_project, engine)
    assert result.returncode == 0, result.stdout + result.stderr
    home = (small_project.site_dir / "index.html").read_text(encoding="utf-8")
    assert "md-header" in home, "the pages are drawn by the Material theme"
    assert 'lang="en"' in home


def test_a_misspelt_theme_is_located_and_nothing_changes(small_project: Project) -> None:
    build(small_project)
    before = {path: path.read_bytes() for path in sorted(small_project.site_dir.rglob("*")) if path.is_file()}
    with_theme(small_project, "theme:\n  name: materiall\n")
    result = playbook_build(small_project, "mkdocs")
    assert result.returncode == 1
    assert "mkdocs.yml:2:3: theme.name: no installed package provides the theme 'materiall'. Did you mean 'material'?" in result.stderr
    assert "engine failed" not in result.stderr
    after = {path: path.read_bytes() for path in sorted(small_project.site_dir.rglob("*")) if path.is_file()}
    assert after == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("theme:\n  name: null\n", "mkdocs.yml:2:3: theme.name: no theme is named"),
        ("theme:\n  font: false\n", "mkdocs.yml:1:1: theme: no theme is named"),
        ("theme:\n  name: [material]\n", "mkdocs.yml:2:3: theme.name: a theme's name is text"),
    ],
)
def test_a_theme_without_a_name_is_located(text: str, expected: str) -> None:
    (message,) = [str(error) for error in site_config_errors(parse_yaml(text, "mkdocs.yml", foreign_tags=True))]
    assert message.startswith(expected)


def test_a_theme_of_its_own_folder_needs_no_name() -> None:
    document = parse_yaml("theme:\n  name: null\n  custom_dir: my-theme\n", "mkdocs.yml", foreign_tags=True)
    assert site_config_errors(document) == []


@settings(max_examples=40, deadline=None)
@given(name=st.from_regex(r"[a-z][a-z0-9_-]{0,20}", fullmatch=True), short=st.booleans())
def test_any_theme_not_installed_is_located(name: str, short: bool) -> None:
    assume(name not in THEMES)
    text = f"theme: {name}\n" if short else f"theme:\n  name: {name}\n"
    errors = site_config_errors(parse_yaml(text, "mkdocs.yml", foreign_tags=True))
    assert [str(error) for error in errors] == [
        f"mkdocs.yml:{1 if short else 2}:{1 if short else 3}: {'theme' if short else 'theme.name'}: " + errors[0].message
    ]
    assert f"the theme '{name}'" in errors[0].message and "Installed themes: " in errors[0].message


@given(name=st.sampled_from(THEMES), short=st.booleans())
def test_every_installed_theme_passes(name: str, short: bool) -> None:
    text = f"theme: {name}\n" if short else f"theme:\n  name: {name}\n"
    assert site_config_errors(parse_yaml(text, "mkdocs.yml", foreign_tags=True)) == []


def test_the_staged_config_names_the_short_forms_theme(small_project: Project, tmp_path: Path) -> None:
    with_theme(small_project, "theme: readthedocs\n")
    build(small_project)
    staged = small_project.engine_config.read_text(encoding="utf-8")
    assert "theme:\n  name: readthedocs\n  language: en\n" in staged


OVERRIDE = '{% extends "base.html" %}\n{% block announce %}<span id="our-own-override">Announcement</span>{% endblock %}\n'
HOOK = "def on_post_page(output, page, config):\n    return output.replace('</body>', '<!-- our-own-hook --></body>')\n"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_theme_overrides_in_the_projects_folder_are_used(small_project: Project, engine: str) -> None:
    """``theme.custom_dir`` is relative to mkdocs.yml's folder, as MkDocs documents, not to the build's own config."""
    (small_project.root / "overrides").mkdir()
    (small_project.root / "overrides" / "main.html").write_text(OVERRIDE, encoding="utf-8")
    text = small_project.mkdocs_file.read_text(encoding="utf-8")
    small_project.mkdocs_file.write_text(
        text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), encoding="utf-8"
    )
    result = playbook_build(small_project, engine)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'id="our-own-override"' in (small_project.site_dir / "index.html").read_text(encoding="utf-8")


def test_hooks_in_the_projects_folder_are_run(small_project: Project) -> None:
    (small_project.root / "hooks").mkdir()
    (small_project.root / "hooks" / "mark.py").write_text(HOOK, encoding="utf-8")
    text = small_project.mkdocs_file.read_text(encoding="utf-8")
    small_project.mkdocs_file.write_text(text + "hooks:\n  - hooks/mark.py\n", encoding="utf-8")
    result = playbook_build(small_project, "mkdocs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<!-- our-own-hook -->" in (small_project.site_dir / "index.html").read_text(encoding="utf-8")
