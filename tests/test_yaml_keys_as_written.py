"""Mapping keys YAML reads as something other than their text: ``~:`` (nothing), ``yes:``, ``no:``,
``true:``, ``on:`` (yes/no values) and numbers written otherwise than they read back (``0x1F:``, ``1:30:``).

Such a key became the text ``None``, ``True`` or ``90``, which named no place in the file, so its
problem was reported at the top of the file or of the item holding it (``program.yaml:2:1: True:
unknown key 'True'``). Now each is refused at its own FILE:LINE:COL, saying to quote it; a key
that reads back as written (``3:``, ``2026-01-01:``) is kept and any problem with it points at its line.
mkdocs.yml's keys stay MkDocs' to read.
"""

from __future__ import annotations

import datetime
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.api import check
from generator.errors import PlaybookError
from generator.load import parse_yaml, split_front_matter
from generator.project import Project

QUOTE_IT = "not as text; put it in quotes ('{key}':) to keep it as written, or use a name such as 'title'."


def add_line(project: Project, after: str, line: str) -> int:
    """Insert ``line`` after the first line equal to ``after`` in program.yaml; the new line's number."""
    lines = project.program_file.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index(after + "\n") + 1
    lines.insert(index, line + "\n")
    project.program_file.write_text("".join(lines), encoding="utf-8")
    return index + 1


def only_error(project: Project) -> PlaybookError:
    errors = check(project.root).errors
    assert len(errors) == 1, [str(error) for error in errors]
    return errors[0]


@pytest.mark.parametrize(
    ("after", "line", "column", "key", "read_as"),
    [
        ("roles:", "true: 1", 1, "true", "true (a yes/no value)"),  # top level (written before roles:)
        ("  timezone: Europe/London", "  ~: x", 3, "~", "nothing (null)"),  # inside a section
        ("    name: Mentee", "    yes: 2", 5, "yes", "true (a yes/no value)"),  # inside a list item
        ("  - id: kickoff", "    Off: x", 5, "Off", "false (a yes/no value)"),
        ("    meeting_cadence: Every two weeks", "    null: a", 5, "null", "nothing (null)"),
        ("  - id: kickoff", "    0x1F: x", 5, "0x1F", "the number 31"),
        ("  - id: kickoff", "    1:30: x", 5, "1:30", "the number 90"),
        ("  - id: kickoff", "    1.50: x", 5, "1.50", "the number 1.5"),
    ],
)
def test_a_key_read_otherwise_is_refused_at_its_own_place(
    small_project: Project, after: str, line: str, column: int, key: str, read_as: str
) -> None:
    if after == "roles:":  # a top-level key goes before the section, not inside it
        after = "  contact: {name: Programme team, email: team@example.org}"
        line = line.strip()
    number = add_line(small_project, after, line)
    error = only_error(small_project)
    assert (error.file, error.line, error.column) == ("program.yaml", number, column)
    assert error.message == f"YAML reads the key '{key}' as {read_as}, " + QUOTE_IT.format(key=key)


def test_a_flow_mapping_key_and_the_language_code_no_are_located(small_project: Project) -> None:
    text = small_project.program_file.read_text(encoding="utf-8")
    number = text[: text.index("    title: Foundations\n")].count("\n") + 1
    small_project.program_file.write_text(
        text.replace("    title: Foundations\n", "    title: {en: Foundations, no: Grunnlag}\n"), encoding="utf-8"
    )
    error = only_error(small_project)
    assert (error.line, error.column) == (number, 30)
    assert "the key 'no' as false (a yes/no value)" in error.message and "('no':)" in error.message


def test_a_key_without_a_name_is_located(small_project: Project) -> None:
    number = add_line(small_project, "  - id: kickoff", "    ?")
    add_line(small_project, "    ?", "    : x")
    error = only_error(small_project)
    assert (error.line, error.column) == (number, 6)
    assert error.message.startswith("this key has no name; write the key's name")


def test_a_key_in_front_matter_is_located_in_the_content_file(small_project: Project) -> None:
    page = small_project.root / "content" / "basics.md"
    page.write_text("---\ndescription: Start here.\nyes: x\n---\n## Why we do this\n", encoding="utf-8")
    error = only_error(small_project)
    assert (error.file, error.line, error.column) == ("content/basics.md", 3, 1)
    assert "('yes':)" in error.message


@pytest.mark.parametrize(("line", "key"), [("    3: x", "3"), ("    2026-01-01: x", "2026-01-01"), ("    'yes': x", "yes")])
def test_a_key_kept_as_written_is_reported_at_its_line(small_project: Project, line: str, key: str) -> None:
    number = add_line(small_project, "  - id: kickoff", line)
    error = only_error(small_project)
    assert (error.line, error.column) == (number, 5)
    assert error.key_path == ("agendas", 0, key) and f"unknown key '{key}'" in error.message


def test_mkdocs_keys_are_left_to_mkdocs() -> None:
    document = parse_yaml("nav:\n  - Yes: index.md\n  - 2024: archive.md\n", "mkdocs.yml", foreign_tags=True)
    assert document.data == {"nav": [{"True": "index.md"}, {"2024": "archive.md"}]}


# The class: any scalar YAML 1.1 reads as nothing, yes/no, a number or a date, in any spelling.
BOOLS = st.sampled_from(
    [spelling for word in ("yes", "no", "true", "false", "on", "off") for spelling in (word, word.title(), word.upper())]
)
NULLS = st.sampled_from(["~", "null", "Null", "NULL"])
INTEGERS = st.integers(min_value=-(10**12), max_value=10**12)
WRITTEN_INTEGERS = st.one_of(
    INTEGERS.map(str),
    INTEGERS.map(lambda n: f"{'-' if n < 0 else ''}0x{abs(n):x}"),
    INTEGERS.map(lambda n: f"{'-' if n < 0 else ''}0{abs(n):o}"),
    INTEGERS.map(lambda n: f"+{abs(n)}"),
    INTEGERS.map(lambda n: f"{n:_}"),
    st.tuples(st.integers(1, 99), st.integers(0, 59)).map(lambda parts: f"{parts[0]}:{parts[1]:02}"),
)
FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda x: f"{x:.3f}"),
    st.floats(allow_nan=False, allow_infinity=False).map(repr).filter(lambda text: "." in text),
    st.sampled_from([".inf", "-.inf", ".NaN", "1.", "1.0e+3"]),
)
KEYS = st.one_of(BOOLS, NULLS, WRITTEN_INTEGERS, FLOATS, st.dates().map(datetime.date.isoformat))

# Where a key can sit: (document with {key} in it, the text before the key on its line).
PLACES = [
    ("title: x\n{key}: 1\n", ""),
    ("program:\n  name: x\n  {key}: 1\n", "  "),
    ("roles:\n  - id: x\n    {key}: 1\n", "    "),
    ("roles:\n  - {key}: 1\n    id: x\n", "  - "),
    ("roles:\n  - {{id: x, {key}: 1}}\n", "  - {id: x, "),
    ("program: {{name: x, more: {{a: 1, {key}: 1}}}}\n", "program: {name: x, more: {a: 1, "),
]


def read_as_written(key: str) -> bool:
    """What YAML itself reads the key as, compared with its text (the oracle: PyYAML's own loader)."""
    read = next(iter(yaml.safe_load(f"{key}: 1")))
    return isinstance(read, str) or (not isinstance(read, bool | type(None)) and str(read) == key)


@settings(max_examples=300, deadline=None)
@given(key=KEYS, place=st.sampled_from(PLACES), lines_before=st.integers(0, 3), front_matter=st.booleans(), end=st.sampled_from(["", "\n"]))
def test_any_key_is_kept_as_written_or_refused_at_its_place(
    key: str, place: tuple[str, str], lines_before: int, front_matter: bool, end: str
) -> None:
    template, before = place
    text = "# note\n" * lines_before + template.format(key=key)
    text = text[:-1] + end  # with or without a final line break: libyaml or the reference parser
    line = text.count("\n", 0, text.index(before + key + ":")) + 1 + (1 if front_matter else 0)
    column = len(before) + 1
    try:
        if front_matter:
            document, _, _ = split_front_matter(f"---\n{text}{'' if end else chr(10)}---\nBody\n", "page.md")
            assert document is not None
        else:
            document = parse_yaml(text, "f.yml")
    except PlaybookError as error:
        assert not read_as_written(key), str(error)
        assert (error.file, error.line, error.column) == ("page.md" if front_matter else "f.yml", line, column)
        assert re.search(r"not as text; put it in quotes \('" + re.escape(key) + r"':\)", error.message), error.message
        return
    assert read_as_written(key)
    found = [path for path in document.positions if path and path[-1] == key]
    assert len(found) == 1, document.positions
    assert document.where(found[0]) == (line, column)
