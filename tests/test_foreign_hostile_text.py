"""Hostile text in program.yaml never reaches the site as HTML (found by a fresh-eyes sweep).

A role named ``Mentor <script>…</script>`` put a live script into the navigation of every page,
through the title of the role's handbook PDF; and the Outcomes tab stayed English on a German site.

Input: the small fixture programme with hostile names (and German, for the tab).
Output: assertions on the staged pages and the engine config (``generator.pipeline.generate``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.i18n import gettext, language
from generator.pipeline import generate
from generator.project import Project
from tests.conftest import FIXTURES, copy_project, in_language

HOSTILE = "Mentor <script>alert(1)</script> <img src=x onerror=alert(2)>"


def hostile_project(tmp_path: Path) -> Project:
    project = copy_project(FIXTURES / "small", tmp_path / "small")
    text = project.program_file.read_text(encoding="utf-8")
    text = text.replace("    name: Mentor\n", f'    name: "{HOSTILE}"\n', 1)
    text = text.replace("{id: pilot, name: Pilot cohort,", f'{{id: pilot, name: "Pilot {HOSTILE}",', 1)
    project.program_file.write_text(text, encoding="utf-8")
    return project


def test_hostile_role_and_cohort_names_stay_text_in_pages_and_navigation(tmp_path: Path) -> None:
    project = hostile_project(tmp_path)
    _, rendered, _, _ = generate(project)
    assert HOSTILE.split(" ")[0] in rendered.config
    staged = {name: data.decode("utf-8") for name, data in rendered.files.items() if name.endswith(".md")}
    for name, text in [("engine config", rendered.config), *staged.items()]:
        assert "<script" not in text, name
        assert "<img" not in text, name


def small_with_outcomes(target: Path, code: str) -> Project:
    project = copy_project(FIXTURES / "small", target)
    with project.program_file.open("a", encoding="utf-8") as program:
        program.write("outcomes: {windows_months: [6]}\n")
    return in_language(project, code)


def tabs(config: str) -> list[str]:
    return [
        line[2:].split(":")[0] for line in config.splitlines() if line.startswith("- ") and ":" in line and "/" not in line.split(":")[0]
    ]


@pytest.mark.parametrize("code", ["de", "ar"])
def test_every_navigation_tab_is_in_the_programme_language(tmp_path: Path, code: str) -> None:
    english = tabs(generate(small_with_outcomes(tmp_path / "en", "en"))[1].config)
    translated = tabs(generate(small_with_outcomes(tmp_path / code, code))[1].config)
    assert "Outcomes" in english
    with language(code):
        assert translated == [gettext(tab) for tab in english]
