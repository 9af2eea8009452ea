"""Direction controls in a programme's texts (found by a fresh-eyes sweep).

A right-to-left override (U+202E) in a cohort name or a title was published as written, so it
reversed the rest of the line it landed in: the text after it on the page read backwards. Texts
in right-to-left languages, and marks such as U+200F, are fine and stay as written; only a
control the text leaves open is closed at its end.

Input: texts mixing letters, right-to-left words and the embedding, override and isolate
controls of the Unicode bidirectional algorithm; the small fixture programme with such a name.
Output: assertions that each escaped text closes what it opens (as the algorithm pairs them),
keeps every character it was given, and that the rendered cohort page does so too.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.loading import build_epoch, load_programme
from generator.pipeline import render_project
from generator.textsafe import escape_text
from tests.conftest import FIXTURES, copy_project

OPENERS = {"\u202a": "embedding", "\u202b": "embedding", "\u202d": "embedding", "\u202e": "embedding"}
OPENERS |= {"\u2066": "isolate", "\u2067": "isolate", "\u2068": "isolate"}
CONTROLS = [*OPENERS, "\u202c", "\u2069"]
TEXTS = st.text(st.sampled_from(["a", "b", " ", "\u05d0", "\u0627", "\u200f", "1", *CONTROLS]), max_size=16)


def still_open(text: str) -> list[str]:
    """What ``text`` leaves open, innermost last, paired as the Unicode bidirectional algorithm (UAX #9, rules X1–X8) pairs them."""
    opened: list[str] = []
    for character in text:
        if character in OPENERS:
            opened.append(OPENERS[character])
        elif character == "\u202c" and opened and opened[-1] == "embedding":
            opened.pop()
        elif character == "\u2069" and "isolate" in opened:
            while opened.pop() != "isolate":
                pass
    return opened


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_an_escaped_text_closes_every_direction_control_it_opens(text: str) -> None:
    escaped, left_open = escape_text(text), still_open(text)
    assert still_open(escaped) == []
    kept, added = escaped[: len(escaped) - len(left_open)], escaped[len(escaped) - len(left_open) :]
    assert [c for c in kept if c in CONTROLS] == [c for c in text if c in CONTROLS]  # every control kept, in its place
    assert added == "".join("\u202c" if kind == "embedding" else "\u2069" for kind in reversed(left_open))


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
def test_text_after_an_escaped_text_reads_in_the_page_direction(first: str, second: str) -> None:
    assert still_open(escape_text(first) + " | ") == []
    assert still_open(escape_text(first) + escape_text(second)) == []


def test_a_cohort_name_with_an_override_is_closed_on_its_page(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "small", tmp_path / "small")
    text = project.program_file.read_text(encoding="utf-8")
    assert "name: Pilot cohort" in text
    project.program_file.write_text(text.replace("name: Pilot cohort", 'name: "Pilot \u202ecohort"'), encoding="utf-8")
    rendered = render_project(load_programme(project), build_epoch(project))
    page = rendered.files["progress/pilot.md"].decode("utf-8")
    assert page.startswith("# Pilot \u202ecohort\u202c\n")
    assert still_open(page) == []
