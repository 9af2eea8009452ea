"""A text written as a YAML block (``|`` or ``>``) is one line wherever it lands, and a text of
spaces only is refused (found by a sweep: a two-line programme name stopped the build with a
traceback from the calendar)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import parse_yaml
from generator.schema import parse_program
from generator.textsafe import escape_text

HEAD = "program:\n  organisation: O\n  summary: S\n"


def _name(block: str) -> tuple[str | None, list[str]]:
    program, errors = parse_program(parse_yaml(HEAD + block, "program.yaml"))
    return (program.info.name if program else None), [str(error) for error in errors]


def test_a_literal_block_name_becomes_one_line() -> None:
    assert _name("  name: |\n    Peer mentoring\n    at Lyon\n") == ("Peer mentoring at Lyon", [])


def test_a_name_of_spaces_is_empty() -> None:
    assert _name("  name: '   '\n") == (None, ["program.yaml:4:3: program.name: must not be empty."])


def test_a_no_break_space_is_kept_in_the_model_and_on_the_page() -> None:
    name, _ = _name("  name: 'Qu’attendez-vous\u00a0?'\n")
    assert name == "Qu’attendez-vous\u00a0?"
    assert "\u00a0" in escape_text(name)


WORDS = st.lists(st.text(alphabet="abcdéfghij\u00a0ب", min_size=1, max_size=8), min_size=1, max_size=5)
BREAKS = st.sampled_from(["\n", "\r\n", "\u2028", "\n\n", " \n  "])


@settings(max_examples=100, deadline=None)
@given(WORDS, BREAKS)
def test_every_text_with_line_breaks_is_one_line_with_single_spaces(words: list[str], line_break: str) -> None:
    text = line_break.join(words)
    value = '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\u2028", "\\L") + '"'
    program, errors = parse_program(parse_yaml(HEAD + f"  name: {value}\n", "program.yaml"))
    if not text.strip(" \n\r\u2028"):
        assert program is None
        return
    assert program is not None, errors
    name = program.info.name
    assert not any(mark in name for mark in "\n\r\u2028") and name == name.strip(" ")
    assert "  " not in name.replace("\u00a0", "x")
