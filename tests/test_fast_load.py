"""The fast paths of loading give what the reference paths give (issue 15: big programmes load fast).

- YAML: libyaml's events composed in Python (``_FastLoader``) against the pure-Python parser
  (``_PositionLoader``): same data and places whenever libyaml reads a document, and
  ``parse_yaml`` always answers as the reference does (same message, same place).
- CSV: the columnar ``parse_csv`` against the row-by-row reader it replaced: same records, lines
  and errors, for any text.
- Checks done for a whole column at once (response ids, sessions within their pair) against the
  same checks made one cell at a time.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from itertools import starmap
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ErrorList, PlaybookError
from generator.load import (
    _COMPOSERS,
    CsvTable,
    TableCheck,
    _parse_with,
    _PositionLoader,
    has_surrogate,
    libyaml_reads_alike,
    load_csv_file,
    parse_csv,
    parse_yaml,
)
from generator.loading import load_programme
from generator.model import Program
from generator.progress.data import SESSION_COLUMNS, Pair, Person, Session, _all_within_pairs, _within_pair, parse_sessions
from generator.progress.model import Cohort
from generator.project import Project
from generator.surveys.canonical import _RECENT_RULES, _response_id, _response_ids, parse_responses
from tests.conftest import REPO

BOUNDED = settings(max_examples=300, deadline=None)
SESSION_ORDER = attrgetter("date", "pair_id", "status", "agenda", "minutes", "milestone")  # as parse_sessions sorted before

Outcome = tuple[str, Any, Any]


def yaml_outcome(composer: type, text: str, foreign_tags: bool = False) -> Outcome:
    """What reading ``text`` with ``composer`` gives: the data and places, or the error as users see it."""
    try:
        document = _parse_with(composer, text, "f.yml", 0, foreign_tags)
    except PlaybookError as error:
        return ("error", str(error), error.key_path)
    except ValueError as error:  # libyaml cannot take a lone surrogate; parse_yaml falls back on it
        return ("refused", type(error).__name__, None)
    return ("ok", json.dumps(document.data, sort_keys=True, default=repr), sorted(document.positions.items(), key=repr))


def reference(text: str, foreign_tags: bool = False) -> Outcome:
    return yaml_outcome(_PositionLoader, text, foreign_tags)


def fast(text: str, foreign_tags: bool = False) -> Outcome:
    """Reading ``text`` with libyaml (with the reference itself where PyYAML was built without it)."""
    return yaml_outcome(_COMPOSERS[0], text, foreign_tags)


def public(text: str, foreign_tags: bool = False) -> Outcome:
    """``parse_yaml`` itself (fast path, then reference on any problem)."""
    try:
        document = parse_yaml(text, "f.yml", 0, foreign_tags)
    except PlaybookError as error:
        return ("error", str(error), error.key_path)
    return ("ok", json.dumps(document.data, sort_keys=True, default=repr), sorted(document.positions.items(), key=repr))


def assert_same_as_reference(text: str, foreign_tags: bool = False) -> None:
    expected = reference(text, foreign_tags)
    found = fast(text, foreign_tags)
    if found[0] == "ok" and libyaml_reads_alike(text):  # parse_yaml takes libyaml's reading only then
        assert found == expected, text
    assert public(text, foreign_tags) == expected, text


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**17), max_value=10**17)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.dates().map(datetime.date.isoformat),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@BOUNDED
@given(values, st.sampled_from([None, True, False]), st.integers(min_value=2, max_value=6), st.integers(min_value=20, max_value=120))
def test_dumped_documents_read_the_same(data: Any, flow: bool | None, indent: int, width: int) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent, width=width, allow_unicode=True, sort_keys=False)
    assert_same_as_reference(text)


YAML_PIECES = [
    "a", "b", "key", "é", "😀", "1", "2026-02-30", "2026-01-12", "99999999999999999999", " ", "  ", "\t", "\n", "\r\n",
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "#", "&x ", "*x", "!tag ", "!!str ", "!ENV ", "|", ">", "'", '"',
    "\\", "\\ud800", "%", "@", "`", "?", "<<: ", "---", "...", "~", "\x85", "\u2028", "\ufeff", "\x07",
    "\n  ", "\n- ", "a: ", "- a\n", "k: v\n", "\n    ", "%YAML 1.1\n", "%TAG ! tag:x.org,2000:\n", "\r", "\\x41", "\\u00e9",
    "\\\n", "''", " #c\n", "? ", "!!python/name:x ", "0x1F", "1_000", ".inf", "yes", "null",
    "=", "<<: *x\n", "&x a\n", "{a: 1, b: [2, 3]}", "|-\n  t\n", ">+\n  t\n\n", "\"a\\\"b\"", "'it''s'",
]  # fmt: skip


@BOUNDED
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=40).map("".join), st.sampled_from(["", "\n"]), st.booleans())
def test_any_text_reads_the_same_or_falls_back(text: str, end: str, foreign_tags: bool) -> None:
    assert_same_as_reference(text + end, foreign_tags)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 200_000,
        "{" * 100_000,
        "- " * 100_000 + "x",
        "".join("  " * level + "k:\n" for level in range(200)),
        "a: &a [1, 2]\nb: *a\nc: {<<: {x: 1}, y: 2}\n",
        "a: 1\na: 2\n",
        "a: \ud800\n",
        'a: "\\ud800"\n',
        "a:\n\tb: 1\n",
        "x: [a, b\n",
    ],
)
def test_nesting_bombs_and_mistakes_give_the_reference_answer(text: str) -> None:
    assert_same_as_reference(text)


def test_deep_nesting_is_a_located_error_never_a_crash() -> None:
    with pytest.raises(PlaybookError, match="nested more than 64 levels") as caught:
        parse_yaml("[" * 200_000, "f.yml")
    assert (caught.value.line, caught.value.column) == (1, 65)


def reference_csv(text: str, required: tuple[str, ...] = ()) -> tuple[str, Any]:
    """The row-by-row reader ``parse_csv`` replaced: (header, [(line, cells)]) or the sorted errors.

    As ``parse_csv`` now does first: a header line without a comma that splits into two or more
    named cells at semicolons or tabs, one of them required, is one error about the separator.
    """
    first = text.split("\n", 1)[0]
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        cells = {cell.strip().strip('"\ufeff').strip() for cell in first.split(separator)} - {""}
        if "," not in first and len(cells) > 1 and cells & set(required):
            advice = 'save the file as comma-separated values (in a spreadsheet: "CSV UTF-8").'
            return ("error", [f"f.csv:1: the columns are separated by {name}, not commas; {advice}"])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header_row = next(reader, None)
    except csv.Error as exc:
        return ("error", [f"f.csv:1: malformed CSV header: {exc}."])
    if not header_row or not any(cell.strip() for cell in header_row):
        return ("error", ["f.csv:1: CSV file is empty; it needs a header row."])
    header = tuple(cell.strip() for cell in header_row)
    errors = [f"f.csv:1: missing column '{name}' in the header row." for name in required if name not in header]
    errors += [f"f.csv:1: column '{name}' appears twice in the header row." for name in sorted({n for n in header if header.count(n) > 1})]
    rows, start = [], reader.line_num + 1
    try:
        for record in reader:
            if any(map(str.strip, record)):
                if len(record) != len(header):
                    errors.append(
                        f"f.csv:{start}: row has {len(record)} values but the header has {len(header)} columns; "
                        "check for a missing or extra comma."
                    )
                else:
                    rows.append((start, tuple(record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        errors.append(f"f.csv:{start}: malformed CSV: {exc}; check the quotes on this row.")
    return ("error", sorted(set(errors))) if errors else ("ok", (header, rows))


def columnar_csv(text: str, required: tuple[str, ...] = ()) -> tuple[str, Any]:
    try:
        table = parse_csv(text, "f.csv", required)
    except PlaybookError as error:
        return ("error", [str(error)])
    except ErrorList as many:
        return ("error", sorted({str(error) for error in many}))
    rows = [(row.line, row.cells) for row in table.rows]
    assert list(table.lines) == [line for line, _ in rows]
    columns = table.columns()
    assert [tuple(columns[name][index] for name in table.header) for index in range(len(table))] == [cells for _, cells in rows]
    assert all(table.column(name) == columns[name] for name in table.header)
    assert table.keys(table.header) == [cells for _, cells in rows]
    return ("ok", (table.header, rows))


CSV_PIECES = ["a", "b", "é", " ", "\t", ",", ",,", '"', '""', "\n", "\r\n", "\r", "x" * 5, "\x00", "\u2028"]


@BOUNDED
@given(
    st.sampled_from(["a,b,c\n", "a,b\r\n", "id\n", "a,a,b\n", " \n", ""]),
    st.lists(st.sampled_from(CSV_PIECES), max_size=60).map("".join),
    st.sampled_from([(), ("a",), ("z",)]),
)
def test_columnar_csv_reads_as_the_row_reader(header: str, body: str, required: tuple[str, ...]) -> None:
    text = header + body
    assert columnar_csv(text, required) == reference_csv(text, required)


def test_a_cell_over_the_size_limit_is_located_without_quotes() -> None:
    text = "a,b\n1,2\n3," + "x" * (csv.field_size_limit() + 1) + "\n"
    assert columnar_csv(text) == reference_csv(text)
    assert columnar_csv(text)[1] == [
        f"f.csv:3: malformed CSV: field larger than field limit ({csv.field_size_limit()}); check the quotes on this row."
    ]


def test_rows_make_the_same_table_as_records() -> None:
    table = parse_csv('a,b\n1,"x\ny"\n\n3,4\n', "f.csv")
    again = CsvTable(table.file, table.header, table.rows)
    assert (
        (again.lines, again.columns(), again.rows)
        == (table.lines, table.columns(), table.rows)
        == ((2, 5), {"a": ("1", "3"), "b": ("x\ny", "4")}, again.rows)
    )


ID_PIECES = ["r1", "A-b_c.d:e", "x" * 79, "x" * 81, " ", "\t", "\n", "é", "", "-r", "ok9"]


@BOUNDED
@given(st.lists(st.lists(st.sampled_from(ID_PIECES), max_size=3).map("".join), max_size=12))
def test_response_ids_checked_in_one_go_as_cell_by_cell(cells: list[str]) -> None:
    table = CsvTable.of_records("r.csv", ("response_id",), [[cell] for cell in cells], range(2, 2 + len(cells)))
    fast_errors: list[PlaybookError] = []
    slow_errors: list[PlaybookError] = []
    found = _response_ids(TableCheck(table, fast_errors), tuple(cells))
    expected = TableCheck(table, slow_errors).check(tuple(cells), _response_id)
    assert (found, fast_errors) == (expected, slow_errors)


def person(name: str) -> Person:
    return Person(name, f"{name}@example.org", "lead", "sales")


COHORT = Cohort(id="c", name="C", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))
DAYS = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 3, 31))


@BOUNDED
@given(
    st.lists(st.tuples(DAYS, st.none() | DAYS), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(min_value=0, max_value=3), st.none() | DAYS), max_size=12),
)
def test_sessions_within_pairs_in_one_go_as_row_by_row(spans: list[tuple[datetime.date, datetime.date | None]], rows: list[Any]) -> None:
    pairs = {f"p{n}": Pair(f"p{n}", person("a"), person("b"), start, end, "active") for n, (start, end) in enumerate(spans)}
    pair_ids = [f"p{n % len(spans)}" if n is not None else None for n, _ in rows]
    dates = [when for _, when in rows]
    one_by_one = True
    for key in zip(pair_ids, dates, strict=True):
        try:
            _within_pair(pairs, COHORT, key)
        except ValueError:
            one_by_one = False
    assert _all_within_pairs(pairs, COHORT, pair_ids, dates) == (one_by_one and None not in dates)


SESSION_ROWS = st.tuples(
    st.sampled_from(["p0", "p1"]), DAYS.map(datetime.date.isoformat), st.sampled_from(["30", "45", ""]),
    st.sampled_from(["", "kickoff"]), st.sampled_from(["held", "cancelled"]),
)  # fmt: skip


@BOUNDED
@given(st.lists(SESSION_ROWS, max_size=15, unique=True))  # a repeated session is refused (tests/test_foreign_repeated_sessions.py)
def test_sessions_come_sorted_by_every_field(rows: list[tuple[str, ...]]) -> None:
    pairs = tuple(Pair(f"p{n}", person("a"), person("b"), COHORT.start, None, "active") for n in range(2))
    table = CsvTable.of_records("s.csv", SESSION_COLUMNS, [list(row) for row in rows], range(2, 2 + len(rows)))
    sessions = parse_sessions(table, COHORT, pairs, {"kickoff"})
    expected = sorted(
        starmap(Session, ((p, datetime.date.fromisoformat(d), int(m or 0), a, s) for p, d, m, a, s in rows)), key=SESSION_ORDER
    )
    assert list(sessions) == expected


REPO_YAML = sorted(
    path for pattern in ("**/*.yml", "**/*.yaml") for path in REPO.glob(pattern) if not {".venv", "node_modules", ".git"} & set(path.parts)
)


@pytest.mark.parametrize("path", REPO_YAML, ids=lambda path: path.relative_to(REPO).as_posix())
def test_the_repository_yaml_files_read_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert_same_as_reference(text, foreign_tags=path.name == "mkdocs.yml")


@BOUNDED
@given(st.text(alphabet=st.characters(min_codepoint=0xD700, max_codepoint=0xE100, exclude_categories=()) | st.characters(), max_size=20))
def test_surrogates_found_as_character_by_character(text: str) -> None:
    assert has_surrogate(text) == any("\ud800" <= character <= "\udfff" for character in text)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml reads everything with the reference parser")
def test_the_example_programme_is_read_by_libyaml() -> None:
    text = (REPO / "program.yaml").read_text(encoding="utf-8")
    assert libyaml_reads_alike(text)
    assert _COMPOSERS[0] is not _PositionLoader
    assert fast(text) == reference(text)
    assert fast(text)[0] == "ok"


@pytest.fixture(scope="module")
def example() -> tuple[Program, CsvTable]:
    program = load_programme(Project.at(REPO), content=False, data=False).program
    table = load_csv_file(REPO / "content/cohorts/autumn-2026/responses.csv", "responses.csv")
    return program, table


def responses_outcome(table: CsvTable, program: Program) -> tuple[str, Any]:
    try:
        return ("ok", parse_responses(table, program, "autumn-2026"))
    except ErrorList as many:
        return ("error", [str(error) for error in many])


ANSWER_CELLS = st.sampled_from(["", " ", "1", "3", "6", "yes", "no", "maybe", "kickoff", "Agree", "x|y", "2026-02-30"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=40), st.integers(min_value=6, max_value=60), ANSWER_CELLS), max_size=8))
def test_answers_checked_once_for_all_cohorts_as_per_file(example: tuple[Program, CsvTable], edits: list[tuple[int, int, str]]) -> None:
    program, original = example
    records = [list(row.cells) for row in original.rows]
    for row, column, cell in edits:
        records[row % len(records)][column % len(original.header)] = cell
    table = CsvTable.of_records(original.file, original.header, records, original.lines)
    _RECENT_RULES.clear()
    cold = responses_outcome(table, program)  # rules made for this file alone, as before
    responses_outcome(original, program)
    assert responses_outcome(table, program) == cold  # rules warmed by another file of the programme


YAML_TAGS = ("int", "float", "bool", "null", "str", "map", "seq", "set", "omap", "pairs", "binary", "timestamp", "merge", "value")


@settings(max_examples=200, deadline=None)
@given(
    tag=st.sampled_from(YAML_TAGS),
    value=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12) | st.sampled_from(["", "[1]", "{a: 1}", "x y"]),
)
def test_a_tagged_value_is_read_or_refused_where_it_stands(tag: str, value: str) -> None:
    text = f"key: 1\nother: !!{tag} {json.dumps(value)}\n"
    try:
        parse_yaml(text, "program.yaml")
    except PlaybookError as error:
        assert error.file == "program.yaml" and error.line >= 1


@pytest.mark.parametrize("value", ["!!int x", "!!float x", "!!bool x", "!!map x", "!!int"])
def test_a_value_its_tag_cannot_read_is_a_located_error(value: str) -> None:
    with pytest.raises(PlaybookError, match="does not fit its tag") as raised:
        parse_yaml(f"name: Ada\nweeks: {value}\n", "program.yaml")
    assert (raised.value.line, raised.value.column) == (2, 8)
