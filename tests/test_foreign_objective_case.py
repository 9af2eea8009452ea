"""A module's objectives are the author's own words: the learning path prints them as written.

The learning-path template lowercased the first letter of each module's first objective
("You will: explain …"), which broke names and acronyms ("iPhone", "SQL", "Éric's team") and
could turn one character into two ("İ").

Input: the small fixture programme with generated objectives (any letters, either case first).
Output: the staged learning-path pages (``generator.pipeline.generate``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.pipeline import generate
from generator.project import Project
from tests.conftest import FIXTURES, copy_project

OBJECTIVE = "[Explain reverse mentoring, Plan a first meeting]"
WORDS = st.lists(st.text(st.characters(categories=("Lu", "Ll", "Lt")), min_size=1, max_size=8), min_size=1, max_size=4).map(" ".join)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("objectives") / "small")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(objective=WORDS)
def test_the_first_objective_is_printed_as_written(project: Project, objective: str) -> None:
    original = project.program_file.read_text(encoding="utf-8")
    assert OBJECTIVE in original
    project.program_file.write_text(
        original.replace(OBJECTIVE, f"[{json.dumps(objective, ensure_ascii=False)}, Plan a first meeting]"), encoding="utf-8"
    )
    try:
        generate(project)
    finally:
        project.program_file.write_text(original, encoding="utf-8")
    for role in ("mentor", "mentee"):
        page = (project.staged_docs_dir / "training" / f"path-{role}.md").read_text(encoding="utf-8")
        assert f"**You will:** {objective}\n" in page


def test_a_capital_and_an_acronym_are_kept(project: Project) -> None:
    generate(project)
    page = Path(project.staged_docs_dir / "training" / "path-mentor.md").read_text(encoding="utf-8")
    assert "**You will:** Explain reverse mentoring\n" in page
    assert "**You will:** Run a session alone\n" in page
