"""A programme in a language Playbook has no catalogue for (found by a fresh-eyes sweep).

``language: zh`` built a site whose theme spoke Chinese and whose headings, labels and figure
words stayed English, without a word to the lead. ``check`` and ``build`` now say which
languages have no translation of Playbook's own texts, and where to read how to add one; the
build still succeeds (docs/i18n.md: such a language gets English text with its own dates and
numbers).

Input: the small fixture programme with ``program.language`` set to shipped and unshipped codes.
Output: ``playbook check`` (in-process) exit status and what it prints on standard error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.i18n import shipped_languages
from tests.conftest import FIXTURES, copy_project

SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
UNSHIPPED = ["zh", "ja", "it", "sv", "fi", "tr", "pt-BR", "uk", "ko", "he"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp("language") / "small")
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  language: en\n" in text
    config.write_text(text.replace("  language: en\n", ""), encoding="utf-8")  # program.language alone sets it
    return project.root


def check_in(root: Path, capsys: pytest.CaptureFixture[str], code: str) -> tuple[int, str]:
    text = (FIXTURES / "small" / "program.yaml").read_text(encoding="utf-8")
    assert "  language: en\n" in text
    (root / "program.yaml").write_text(text.replace("  language: en\n", f"  language: {code}\n"), encoding="utf-8")
    status = main(["check", "--project", str(root)])
    return status, capsys.readouterr().err


@SETTINGS
@given(code=st.sampled_from(UNSHIPPED))
def test_a_language_without_a_catalogue_is_named_in_a_note(root: Path, capsys: pytest.CaptureFixture[str], code: str) -> None:
    assert code not in shipped_languages()
    status, errors = check_in(root, capsys, code)
    assert status == 0
    assert f"no translation into {code} yet" in errors
    assert "docs/i18n.md" in errors


@SETTINGS
@given(code=st.sampled_from([*shipped_languages(), "en-GB", "fr-BE", "de-CH", "nl-BE", "es-MX"]))
def test_a_shipped_language_gets_no_note(root: Path, capsys: pytest.CaptureFixture[str], code: str) -> None:
    status, errors = check_in(root, capsys, code)
    assert status == 0, errors
    assert "Note:" not in errors
