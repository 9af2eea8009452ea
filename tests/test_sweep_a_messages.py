"""Values YAML reads as something other than text get a message that says how to write them as
text: in content front matter and in program.yaml (``language: no`` is Norwegian, not false).
Found by a sweep of foreign programmes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ErrorList
from generator.inputs import read_content_file
from generator.load import parse_yaml
from generator.project import Project
from generator.scaffold import scaffold
from generator.schema import parse_program


def _front_matter_error(root: Path, written: str) -> str:
    page = root / "content" / "home.md"
    page.write_text(f"---\ntitle: {written}\n---\n## Body\n", encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        read_content_file(Project(root), "content/home.md")
    (error,) = [str(error) for error in caught.value]
    return error


def test_a_numeric_title_says_to_use_quotes(tmp_path: Path) -> None:
    error = _front_matter_error(scaffold(str(tmp_path / "p")), "2026")
    assert error == "content/home.md:2:1: title: expected text, got the number 2026; to give it as text, put it in quotes."


NOT_TEXT = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["yes", "no", "on", "off", "true", "false", "~", "null", "", "[a, b]", "{a: b}", "1.5"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NOT_TEXT)
def test_every_value_that_is_not_text_gets_a_located_fix(tmp_path_factory: pytest.TempPathFactory, written: str) -> None:
    folder = tmp_path_factory.getbasetemp() / "front-matter"
    root = folder if folder.exists() else scaffold(str(folder))
    error = _front_matter_error(root, written)
    assert error.startswith("content/home.md:2:1: title: expected ")
    assert "quotes" in error or "remove the line" in error


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "false"])
def test_a_language_read_as_true_or_false_says_to_quote_it(word: str) -> None:
    text = f"program:\n  name: N\n  organisation: O\n  summary: S\n  language: {word}\n"
    _, errors = parse_program(parse_yaml(text, "program.yaml"))
    (error,) = [str(error) for error in errors if "language" in str(error)]
    assert error.startswith("program.yaml:5:3: program.language: expected text, got true/false")
    assert 'put it in quotes, such as "no"' in error


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 59))
def test_a_small_number_for_an_id_says_to_quote_it(number: int) -> None:
    text = f"program:\n  name: N\n  organisation: O\n  summary: S\n  theme: {number}\n"
    _, errors = parse_program(parse_yaml(text, "program.yaml"))
    (error,) = [str(error) for error in errors if "theme" in str(error)]
    assert f'To give it as text, put it in quotes: "{number}".' in error


QUOTED = st.one_of(
    st.tuples(st.just("show_names"), st.sampled_from(["true", "false", "yes", "no", "on", "off", "True", "NO"])),
    st.tuples(st.just("min_group_size"), st.integers(0, 10**6).map(str)),
)


@settings(max_examples=40, deadline=None)
@given(setting=QUOTED, quote=st.sampled_from(['"', "'"]))
def test_true_false_or_a_number_in_quotes_says_to_remove_them(setting: tuple[str, str], quote: str) -> None:
    """The reverse mistake: YAML reads a quoted value as text, where the setting needs true/false or a number."""
    key, value = setting
    text = f"program:\n  name: N\n  organisation: O\n  summary: S\n  privacy:\n    {key}: {quote}{value}{quote}\n"
    _, errors = parse_program(parse_yaml(text, "program.yaml"))
    (error,) = [str(error) for error in errors]
    assert error.startswith(f"program.yaml:6:5: program.privacy.{key}: expected ")
    assert error.endswith(f"Remove the quotes around {value}: YAML reads a quoted value as text.")


@pytest.mark.parametrize("written", ['"maybe"', '"12 people"'])
def test_other_text_where_true_false_or_a_number_goes_gets_no_quote_advice(written: str) -> None:
    for key in ("show_names", "min_group_size"):
        text = f"program:\n  name: N\n  organisation: O\n  summary: S\n  privacy:\n    {key}: {written}\n"
        _, errors = parse_program(parse_yaml(text, "program.yaml"))
        (error,) = [str(error) for error in errors]
        assert "quotes" not in error and "expected " in error
