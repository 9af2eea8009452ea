"""A goal's page names its measure in the programme's language (found by a sweep: "session completion"
stayed English on a German site)."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import gettext, in_sentence, language, playbook_messages, shipped_languages
from generator.load import parse_yaml
from generator.pipeline import generate
from generator.progress.model import Metric
from generator.scaffold import scaffold
from generator.schema import parse_program
from generator.templating import Renderer, builtin_themes
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project, in_language

METRICS = typing.get_args(Metric)
LANGUAGES = [code for code in shipped_languages() if code != "en"]


def _name(renderer: Renderer, metric: str) -> str:
    template = renderer.environment.from_string('{% from "progress-macros.md.j2" import metric_name %}{{ metric_name(metric) }}')
    return template.render(metric=metric)


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> Renderer:
    root = scaffold(str(tmp_path_factory.mktemp("metric-names") / "programme"))
    program, errors = parse_program(parse_yaml((root / "program.yaml").read_text(encoding="utf-8"), "program.yaml"))
    assert program is not None and not errors
    return Renderer([builtin_themes() / "default"], program, "de")


def test_session_completion_is_german_on_a_german_goal_page(renderer: Renderer) -> None:
    with language("de"):
        assert _name(renderer, "session_completion") == gettext("Session completion") != "Session completion"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(METRICS), st.sampled_from(LANGUAGES))
def test_every_metric_has_a_catalogue_name_in_every_language(renderer: Renderer, metric: str, code: str) -> None:
    with language("en"):
        english = _name(renderer, metric)
    assert english in playbook_messages()
    with language(code):
        assert _name(renderer, metric) == gettext(english) != ""


@pytest.mark.parametrize("code", ["de", "fr", "ar"])
def test_an_outcome_goal_names_its_role_in_the_language_not_by_id(tmp_path: Path, code: str) -> None:
    project = in_language(copy_project(REPO, tmp_path / "example", EXAMPLE_PARTS), code)
    generate(project)
    page = (project.root / ".playbook" / "build" / "docs" / "progress" / "goals" / "mentees-stay.md").read_text(encoding="utf-8")
    measure = next(line for line in page.splitlines() if line.startswith("- **"))
    assert "mentee," not in measure and "Still employed" not in measure
    with language(code):
        assert in_sentence(gettext("Mentee")) in measure
