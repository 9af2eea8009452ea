"""A broken ``[[kind:id]]`` in a program.yaml text is reported at its FILE:LINE:COL (found by a sweep of foreign programmes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import parse_yaml
from generator.scaffold import scaffold
from generator.validate import validate_program


def validation_errors(root: Path, text: str) -> list[str]:
    """Every problem ``validate_program`` finds in ``text`` (a program.yaml of the programme at ``root``), as printed."""
    _, errors = validate_program(parse_yaml(text, "program.yaml"), root)
    return [str(error) for error in errors]


def line_of(text: str, needle: str) -> int:
    """The number of the first line of ``text`` holding ``needle``."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_broken_reference_in_an_agenda_preparation_is_located(tmp_path: Path) -> None:
    root = scaffold(str(tmp_path / "programme"))
    text = (root / "program.yaml").read_text(encoding="utf-8").replace("[Read each other's goals]", "['[[module:nope]] first']")
    (error,) = validation_errors(root, text)
    assert error.startswith(f"program.yaml:{line_of(text, 'module:nope')}:")
    assert "agendas[0].preparation[0]: [[module:nope]]: no module 'nope'; known: mentor-foundations." in error


def test_working_references_and_a_cohort_fact_pass(tmp_path: Path) -> None:
    root = scaffold(str(tmp_path / "programme"))
    text = (
        (root / "program.yaml")
        .read_text(encoding="utf-8")
        .replace("[Book the next session]", "['[[module:mentor-foundations]] [[fact:contact]]']")
    )
    assert validation_errors(root, text) == []


KINDS = st.sampled_from(["module", "agenda", "role", "path", "hours", "fact", "guideline", "minutes"])
IDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", max_size=20).map(lambda value: "zz" + value)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["[Read each other's goals]", "[Book the next session]", "[Read the guidelines, Write down one goal"]), KINDS, IDS)
def test_every_unknown_reference_in_a_text_is_one_located_error(
    tmp_path_factory: pytest.TempPathFactory, where: str, kind: str, key: str
) -> None:
    folder = tmp_path_factory.getbasetemp() / "inline-refs"
    root = folder if folder.exists() else scaffold(str(folder))
    text = (root / "program.yaml").read_text(encoding="utf-8").replace(where, f"['[[{kind}:{key}]]', " + where[1:], 1)
    if not where.endswith("]"):
        text = text.replace(
            f"['[[{kind}:{key}]]', Read the guidelines, Write down one goal", f"[Read the guidelines, '[[{kind}:{key}]]'", 1
        )
    (error,) = validation_errors(root, text)
    assert error.startswith(f"program.yaml:{line_of(text, f'[[{kind}:{key}]]')}:")
    assert f"[[{kind}:{key}]]: no " in error
