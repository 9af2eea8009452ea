"""A CSV file without quotes is kept as its lines and split when read (issue 15: big programmes load fast).

Each fast path against the plain reference, on arbitrary input:

- ``parse_csv`` keeping records as text (``CsvTable.of_texts``) against the CSV reader's records
  (``CsvTable.of_records``): same header, lines, cells by column, by key and by span, and the same
  located errors;
- survey answers and session logs read from such a table against the same rows read by the CSV
  reader: same responses and sessions, or the same errors in the same order;
- ``made_alike`` against calling the class once per row, and remembered submission times against
  reading each anew.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ErrorList, PlaybookError
from generator.load import CellProblem, CsvTable, _usable_records, load_csv_file, made_alike, parse_csv, span_cells
from generator.loading import load_programme
from generator.model import Program
from generator.progress.data import SESSION_COLUMNS, MilestoneDone, Pair, Person, Session, _reached_when_held, parse_sessions
from generator.progress.model import Cohort, Milestone
from generator.project import Project
from generator.surveys.canonical import CANONICAL_FIXED, Response, _submitted, parse_responses
from tests.conftest import REPO

BOUNDED = settings(max_examples=400, deadline=None)


def reader_table(text: str) -> CsvTable:
    """The table the CSV reader gives for ``text``, row by row (the reference for ``CsvTable.of_texts``)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = tuple(cell.strip() for cell in next(reader))
    records, lines, start = [], [], 2
    for record in reader:
        records.append(record)
        lines.append(start)
        start = reader.line_num + 1
    errors: list[PlaybookError] = []
    kept, kept_lines = _usable_records(records, lines, len(header), "f.csv", errors)
    if errors:
        raise ErrorList(errors)
    return CsvTable.of_records("f.csv", header, kept, kept_lines)


def outcome(read: Any) -> tuple[str, Any]:
    """What ``read()`` gives, or the errors it raises as users see them, in order."""
    try:
        return ("ok", read())
    except ErrorList as many:
        return ("error", [str(error) for error in many])
    except PlaybookError as error:
        return ("error", [str(error)])


def table_view(table: CsvTable, names: tuple[str, ...]) -> tuple[Any, ...]:
    """Everything a reader of ``table`` sees: header, lines, each column, keys and the span of ``names``."""
    spans = [span_cells(span) for span in table.span(names)] if names else []
    columns = {name: table.column(name) for name in table.header}
    return (table.header, table.lines, columns, table.keys(table.header), spans, len(table))


CELLS = ["", " ", "a", "b", "é", "x y", "\t", "1", "\x00", "\u2003", "\u2028", ",", "\n", "\n\n", ";"]


@BOUNDED
@given(
    st.integers(min_value=1, max_value=5),
    st.lists(st.lists(st.sampled_from(CELLS), min_size=1, max_size=6).map("".join), max_size=40),
    st.sampled_from(["", "\n"]),
    st.none() | st.lists(st.integers(min_value=0, max_value=5), max_size=3),
    st.booleans(),
)
def test_text_tables_read_as_the_csv_reader(width: int, cells: list[str], end: str, apart: list[int] | None, read_rows_first: bool) -> None:
    header = [f"c{index}" for index in range(width)]
    rows = [",".join(cells[start : start + width]) for start in range(0, len(cells), width)]
    text = "\n".join([",".join(header), *rows]) + end
    read_apart = None if apart is None else [header[index] for index in apart if index < width]
    expected = outcome(lambda: reader_table(text))
    found = outcome(lambda: parse_csv(text, "f.csv", (), read_apart))
    if expected[0] == "error" or found[0] == "error":
        assert found == expected
        return
    table = found[1]
    if read_rows_first:  # the rows made first: the columns then come from them, not from the texts
        assert [row.cells for row in table.rows] == [row.cells for row in expected[1].rows]
    for names in {tuple(header[index:]) for index in range(width)} | {tuple(read_apart or ())}:
        assert table_view(table, names) == table_view(expected[1], names)
    assert [row.cells for row in table.rows] == [row.cells for row in expected[1].rows]


def test_a_plain_file_is_kept_as_text_and_split_once() -> None:
    table = parse_csv("id,a,b,c\n1,x,y,z\n2,x,,z\n", "f.csv", (), ("id", "a"))
    assert table.span(("b", "c")) == ("y,z", ",z")
    assert [span_cells(span) for span in table.span(("b", "c"))] == [("y", "z"), ("", "z")]
    assert table.column("a") == ("x", "x") and table.column("c") == ("z", "z")
    assert table.span(("a", "b")) == [("x", "y"), ("x", "")]  # not the columns kept together: cells


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a,b\n1,2\n\n3,4\n", (2, 4)),  # an empty line
        ("a,b\n1,2\n,\n3,4\n", (2, 4)),  # a line of commas
        ("a,b\n1,2\n \t, \n3,4", (2, 4)),  # spaces only, no line break at the end
        ("a,b\r\n1,2\r\n3,4\r\n", (2, 3)),  # Windows line breaks: the CSV reader
        ('a,b\n1,"2\n2"\n3,4\n', (2, 4)),  # a quoted line break: the CSV reader
        ("a,b\n 1,2\n", (2,)),  # a leading space: kept, by the CSV reader
    ],
)
def test_blank_rows_and_other_line_breaks_take_the_csv_reader(text: str, lines: tuple[int, ...]) -> None:
    table = parse_csv(text, "f.csv", (), ("a",))
    assert table.lines == lines
    assert table_view(table, ("b",)) == table_view(reader_table(text), ("b",))


@pytest.mark.parametrize("size", [csv.field_size_limit(), csv.field_size_limit() + 1])
def test_a_cell_at_and_over_the_size_limit_as_the_csv_reader(size: int) -> None:
    text = "a,b\n1," + "x" * size + "\n"
    expected = outcome(lambda: parse_csv(text.replace("1,", '"1",'), "f.csv"))  # quoted: always the CSV reader
    found = outcome(lambda: parse_csv(text, "f.csv", (), ("a",)))
    if expected[0] == "ok":
        assert found[0] == "ok" and found[1].column("b") == expected[1].column("b")
    else:
        assert found == expected


@pytest.fixture(scope="module")
def example() -> tuple[Program, str]:
    program = load_programme(Project.at(REPO), content=False, data=False).program
    return program, (REPO / "content/cohorts/autumn-2026/responses.csv").read_text(encoding="utf-8")


ANSWER_CELLS = st.sampled_from(
    ["", " ", "1", "3", "6", "yes", "no", "maybe", "kickoff", "x|y", "2026-02-30", "autumn-2026", "pilot", "mentor", "mentee",
     "session-pulse", "midpoint", "nope", "2026-10-01T09:30:00Z", "autumn-2026-01", "a,b", "r-1", "\t"]
)  # fmt: skip


def responses_text(text: str, edits: list[tuple[int, int, str]], order: list[int]) -> str:
    """The responses file with cells replaced (a cell holding a comma widens its row) and columns in another order."""
    header, *rows = [line.split(",") for line in text.splitlines()]
    for row, column, cell in edits:
        rows[row % len(rows)][column % len(header)] = cell
    columns = list(dict.fromkeys([index % len(header) for index in order] + list(range(len(header)))))
    return "".join(",".join(line[index] if index < len(line) else "" for index in columns) + "\n" for line in [header, *rows])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=60), ANSWER_CELLS), max_size=8),
    st.lists(st.integers(min_value=0, max_value=60), max_size=3),
)
def test_answers_from_text_as_from_the_csv_reader(example: tuple[Program, str], edits: list[Any], order: list[int]) -> None:
    program, original = example
    text = responses_text(original, edits, order)
    expected = outcome(lambda: parse_responses(reader_table(text), program, "autumn-2026"))
    found = outcome(lambda: parse_responses(parse_csv(text, "f.csv", (), CANONICAL_FIXED), program, "autumn-2026"))
    assert found == expected


def test_the_example_answers_are_read_from_text() -> None:
    table = load_csv_file(REPO / "content/cohorts/autumn-2026/responses.csv", "responses.csv", (), CANONICAL_FIXED)
    answer_columns = table.header[len(CANONICAL_FIXED) :]
    assert all(isinstance(span, str) for span in table.span(answer_columns))  # the fast path is the one taken


def person(name: str) -> Person:
    return Person(name, f"{name}@example.org", "lead", "sales")


COHORT = Cohort(id="c", name="C", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))
SESSION_CELLS = st.tuples(
    st.sampled_from(["p0", "p1", "p9", " p0", ""]),
    st.sampled_from(["2026-01-05", "2026-02-30", "2025-12-31", "2026-03-01 ", ""]),
    st.sampled_from(["30", "45", "", "x", "2000"]),
    st.sampled_from(["", "kickoff", "nope"]),
    st.sampled_from(["held", "cancelled", "gone", ""]),
)


@BOUNDED
@given(st.lists(SESSION_CELLS, max_size=15), st.sampled_from(["", "\n"]))
def test_sessions_from_text_as_from_the_csv_reader(rows: list[tuple[str, ...]], end: str) -> None:
    pairs = tuple(Pair(f"p{n}", person("a"), person("b"), COHORT.start, None, "active") for n in range(2))
    text = "\n".join([",".join(SESSION_COLUMNS), *(",".join(row) for row in rows)]) + end
    expected = outcome(lambda: parse_sessions(reader_table(text), COHORT, pairs, {"kickoff"}))
    found = outcome(lambda: parse_sessions(parse_csv(text, "f.csv", SESSION_COLUMNS), COHORT, pairs, {"kickoff"}))
    assert found == expected


TEXT = st.text(max_size=6)
DAY = st.dates()
MOMENT = st.datetimes(timezones=st.just(datetime.UTC))


@dataclasses.dataclass(frozen=True)
class Checked:
    """A dataclass that does more than store its fields: made by calling it."""

    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


@dataclasses.dataclass(frozen=True, slots=True)
class Slotted:
    value: int


@dataclasses.dataclass(frozen=True)
class Defaulted:
    value: int
    extra: str = "x"


@BOUNDED
@given(
    st.lists(st.tuples(TEXT, DAY, st.integers(), TEXT, TEXT, TEXT), max_size=6),
    st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, MOMENT, st.dictionaries(TEXT, st.none() | st.integers())), max_size=6),
    st.lists(st.tuples(TEXT, TEXT, DAY), max_size=6),
    st.lists(st.integers(), max_size=6),
)
def test_made_alike_as_made_one_by_one(sessions: list[Any], responses: list[Any], marks: list[Any], values: list[int]) -> None:
    for cls, rows in ((Session, sessions), (Response, responses), (MilestoneDone, marks)):
        columns = list(zip(*rows, strict=True)) or [()] * len(dataclasses.fields(cls))
        made, called = made_alike(cls, *columns), tuple(map(cls, *columns))
        assert made == called and list(map(fields_of, made)) == list(map(fields_of, called))
        assert all(type(one) is cls for one in made) and repr(made) == repr(called)
        assert [made_or_refused(lambda one=one: hash(one)) for one in made] == [
            made_or_refused(lambda one=one: hash(one)) for one in called
        ]
    for plain in (Slotted, Defaulted):
        assert made_alike(plain, values) == tuple(map(plain, values))
    assert made_or_refused(lambda: made_alike(Checked, values)) == made_or_refused(lambda: tuple(map(Checked, values)))


def fields_of(made: Any) -> tuple[Any, ...]:
    """Every field's value, the very objects stored."""
    return tuple(id(getattr(made, item.name)) for item in dataclasses.fields(made))


def made_or_refused(make: Any) -> Any:
    try:
        return make()
    except (ValueError, TypeError) as error:
        return str(error)


def test_a_dataclass_that_checks_its_fields_is_called() -> None:
    with pytest.raises(ValueError, match="negative"):
        made_alike(Checked, [1, -1])
    with pytest.raises(ValueError, match="equal length"):
        made_alike(MilestoneDone, ["p"], ["m"], [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        made_alike(Session, ["p"], [datetime.date(2026, 1, 1)], [1], [""], ["held"], [""])[0].minutes = 2  # type: ignore[misc]


TIME_CELLS = st.sampled_from(
    ["2026-10-01T09:30:00Z", "2026-10-01 09:30", "2026-13-01T09:30:00Z", "2026-10-01T09:30:00+02:00", " ", "", "x"]
)


@BOUNDED
@given(st.lists(TIME_CELLS | st.text(max_size=25), max_size=12))
def test_submission_times_read_once_as_every_time(cells: list[str]) -> None:
    """``_submitted`` remembers what it read: cell after cell, repeated or not, it gives what reading the cell anew gives."""
    for cell in cells + cells:
        assert made_or_refused(lambda cell=cell: submitted_problem(_submitted, cell)) == made_or_refused(
            lambda cell=cell: submitted_problem(_submitted.__wrapped__, cell)
        )


def submitted_problem(read: Any, cell: str) -> Any:
    try:
        return read(cell)
    except CellProblem as problem:
        return problem.problems


@BOUNDED
@given(st.sampled_from(["held", "cancelled", "no-show", ""]) | st.text(max_size=8) | st.none(), st.sampled_from(["", None]))
def test_a_session_naming_no_milestone_is_never_refused_for_its_status(status: str | None, milestone: str | None) -> None:
    """Why ``parse_sessions`` checks statuses against milestones only when a session names one."""
    _reached_when_held((status, milestone))  # raises CellProblem when it refuses


MILESTONE_ROWS = st.tuples(
    st.sampled_from(["p0", "p1"]), st.sampled_from(["2026-01-05", "2026-02-10"]), st.sampled_from(["30", ""]), st.just(""),
    st.sampled_from(["held", "cancelled", "no-show"]), st.sampled_from(["", "", "kickoff", "closing", "other"]),
)  # fmt: skip


@BOUNDED
@given(st.lists(MILESTONE_ROWS, max_size=12))
def test_sessions_naming_milestones_from_text_as_from_the_csv_reader(rows: list[tuple[str, ...]]) -> None:
    cohort = Cohort(
        id="c", name="C", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31),
        milestones=(Milestone("kickoff", "Kick-off", datetime.date(2026, 1, 10)), Milestone("closing", "Closing", datetime.date(2026, 3, 20), survey="end")),
    )  # fmt: skip
    pairs = tuple(Pair(f"p{n}", person("a"), person("b"), cohort.start, None, "active") for n in range(2))
    text = "\n".join([",".join((*SESSION_COLUMNS, "milestone")), *(",".join(row) for row in rows)]) + "\n"
    expected = outcome(lambda: parse_sessions(reader_table(text), cohort, pairs, set()))
    assert outcome(lambda: parse_sessions(parse_csv(text, "f.csv", SESSION_COLUMNS), cohort, pairs, set())) == expected
    not_held = [
        f"f.csv:{line}: milestone: a {status} session reaches no milestone; leave 'milestone' empty or set the status to held."
        for line, (*_, status, milestone) in enumerate(rows, start=2)
        if milestone == "kickoff" and status != "held"
    ]
    assert set(not_held) <= set(expected[1] if expected[0] == "error" else ())
