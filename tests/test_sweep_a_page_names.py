"""An id whose page would replace one the build writes (a module 'index', a module 'path-mentor',
a cohort 'goals') is refused at its line (found by a sweep: the page was silently overwritten)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.scaffold import scaffold
from tests.test_sweep_a_inline_refs import line_of, validation_errors

COHORT = "\ncohorts:\n  - {id: spring, name: Spring, start: 2026-03-02, end: 2026-08-28, lead: The team}\n"


def test_a_module_named_index_would_replace_the_training_overview(tmp_path: Path) -> None:
    root = scaffold(str(tmp_path / "programme"))
    text = (root / "program.yaml").read_text(encoding="utf-8").replace("id: mentor-foundations", "id: index")
    (error,) = validation_errors(root, text)
    assert error.startswith(f"program.yaml:{line_of(text, '- id: index')}:")
    assert "training[0].id: the training module id 'index' would take the place of training/index.md" in error


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(
        [
            ("id: mentor-foundations", "id: index"),
            ("id: mentor-foundations", "id: path-mentor"),
            ("id: mentor-foundations", "id: path-mentee"),
            ("id: how-it-works", "id: index"),
            ("id: first-session", "id: index"),
            ("id: spring", "id: index"),
            ("id: spring", "id: goals"),
        ]
    )
)
def test_every_reserved_page_name_is_one_located_error(tmp_path_factory: pytest.TempPathFactory, change: tuple[str, str]) -> None:
    folder = tmp_path_factory.getbasetemp() / "page-names"
    root = folder if folder.exists() else scaffold(str(folder))
    text = ((root / "program.yaml").read_text(encoding="utf-8") + COHORT).replace(*change)
    (error,) = validation_errors(root, text)
    assert "would take the place of" in error and "choose another id" in error
    assert error.startswith(f"program.yaml:{line_of(text, change[1])}:")


def test_ids_that_only_look_alike_are_accepted(tmp_path: Path) -> None:
    root = scaffold(str(tmp_path / "programme"))
    text = (root / "program.yaml").read_text(encoding="utf-8").replace("id: mentor-foundations", "id: path-finder") + COHORT
    assert validation_errors(root, text.replace("id: spring", "id: index-2026")) == []
