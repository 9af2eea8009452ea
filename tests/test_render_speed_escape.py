"""A renderer escapes each distinct string once, and gives what ``textsafe.finalize`` gives.

Input: arbitrary values (text with Markdown and HTML characters, ``Markup``, numbers, None) in any
order and repetition, and a template that prints them.
Output: assertions that ``templating.finalize_once`` and a rendered template equal the plain
``finalize`` of each value, repeats and trusted ``Markup`` included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.templating import Renderer, finalize_once
from generator.textsafe import finalize
from tests.test_events import example_program

TEXTS = st.text(st.sampled_from(["a", " ", "\n", "<", "&", "|", "*", "1", ".", "-", ":", "é", "#"]), max_size=12)
VALUES = st.one_of(TEXTS, TEXTS.map(Markup), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())


@settings(max_examples=200, deadline=None)
@given(st.lists(VALUES, max_size=30).flatmap(lambda values: st.permutations(values + values)))
def test_escaping_each_string_once_gives_what_finalize_gives(values: list[object]) -> None:
    once = finalize_once()
    for value in values:
        result = once(value)
        assert result == finalize(value) and type(result) is type(finalize(value))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(TEXTS, TEXTS.map(Markup)), min_size=1, max_size=10))
def test_a_template_prints_repeated_values_escaped_as_finalize_does(tmp_path_factory: pytest.TempPathFactory, values: list[str]) -> None:
    folder = tmp_path_factory.mktemp("theme")
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "templates" / "values.md.j2").write_text("{% for value in values %}[{{ value }}]{% endfor %}", encoding="utf-8")
    text = Renderer([folder], example_program()).render("values.md.j2", values=values * 2)
    assert text == "".join(f"[{finalize(value)}]" for value in values * 2).rstrip() + "\n"


def test_a_new_renderer_reads_an_edited_template(tmp_path: Path) -> None:
    """A renderer keeps the templates it read (one run); the next run's renderer reads the edited file."""
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.md.j2"
    page.write_text("Hello {{ name }}", encoding="utf-8")
    assert Renderer([tmp_path], example_program()).render("page.md.j2", name="Ada") == "Hello Ada\n"
    page.write_text("Goodbye {{ name }}", encoding="utf-8")
    assert Renderer([tmp_path], example_program()).render("page.md.j2", name="Ada") == "Goodbye Ada\n"
