"""A value of the wrong form is explained in words, never with a regular expression.

Input: the JSON Schema of program.yaml (every declared pattern) and copies of the example with one
value of the wrong form.
Output: assertions that each pattern has its explanation and that `playbook check` prints it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.declare import _PATTERN_HINTS
from generator.schema import program_schema
from tests.conftest import REPO, copy_project


def patterns(node: Any) -> Iterator[str]:
    """Every ``pattern`` anywhere in a JSON Schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from patterns(item)


def test_every_declared_pattern_is_explained_in_words() -> None:
    found = set(patterns(program_schema()))
    assert len(found) >= 10
    assert found <= set(_PATTERN_HINTS), sorted(found - set(_PATTERN_HINTS))


@pytest.mark.parametrize(
    ("original", "broken", "expected"),
    [
        ("  language: en\n", "  language: english\n", "'english' is not a language code; write a two-letter code"),
        ("    session_time: ", "    session_time: 18h30 #", "'18h30' is not a time; write it as HH:MM"),
    ],
)
def test_check_explains_a_value_of_the_wrong_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], original: str, broken: str, expected: str
) -> None:
    project = copy_project(REPO, tmp_path / "example")
    text = project.program_file.read_text(encoding="utf-8")
    assert original in text
    project.program_file.write_text(text.replace(original, broken, 1), encoding="utf-8")
    assert main(["check", "--project", str(project.root)]) == 1
    output = capsys.readouterr()
    message = output.out + output.err
    assert expected in message
    assert "^" not in message and "[a-z" not in message  # no regular expression reaches the user
