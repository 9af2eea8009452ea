"""Headers of CSV files written outside the project, read by ``generator.load.parse_csv``.

Input: generated headers (known columns, unknown ones, other separators).
Output: the located errors ``parse_csv`` raises: an unknown column once each at line 1 with the
closest known name; a file separated by semicolons or tabs once, instead of a "missing column" per column.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import ErrorList, PlaybookError, did_you_mean
from generator.load import parse_csv
from generator.progress.data import ROSTER_COLUMNS, ROSTER_KNOWN, SESSION_COLUMNS, SESSION_KNOWN

NAMES = st.text(st.characters(categories=("Ll", "Nd"), include_characters="_-. "), min_size=1, max_size=14).map(str.strip).filter(bool)
FILES = st.sampled_from([(ROSTER_COLUMNS, ROSTER_KNOWN), (SESSION_COLUMNS, SESSION_KNOWN)])


def errors_of(text: str, required: tuple[str, ...], known: tuple[str, ...]) -> list[str]:
    try:
        parse_csv(text, "f.csv", required, known=known)
    except ErrorList as caught:
        return [str(error) for error in caught]
    return []


@given(files=FILES, extra=st.lists(NAMES, max_size=3, unique=True), data=st.data())
def test_each_unknown_column_is_one_located_error_naming_the_closest(
    files: tuple[tuple[str, ...], tuple[str, ...]], extra: list[str], data: st.DataObject
) -> None:
    required, known = files
    optional = data.draw(st.lists(st.sampled_from(known[len(required) :]), unique=True)) if len(known) > len(required) else []
    unknown = [name for name in extra if name not in known and "," not in name]
    header = [*required, *optional, *unknown]
    text = ",".join(header) + "\n" + ",".join("x" for _ in header) + "\n"
    found = errors_of(text, required, known)
    assert sorted(found) == sorted(
        f"f.csv:1: unknown column '{name}'.{did_you_mean(name, known)} This file's columns are {', '.join(known)}; rename the column or remove it."
        for name in unknown
    )


@given(files=FILES, separator=st.sampled_from([";", "\t"]), count=st.integers(min_value=2, max_value=12), quoted=st.booleans())
def test_a_header_separated_otherwise_is_one_error(
    files: tuple[tuple[str, ...], tuple[str, ...]], separator: str, count: int, quoted: bool
) -> None:
    required, known = files
    quote = '"' if quoted else ""
    header = separator.join(f"{quote}{name}{quote}" for name in required[:count])
    found = errors_of(f"{header}\nsome{separator}cells\n", required, known)
    name = "semicolons" if separator == ";" else "tabs"
    assert found == [
        f'f.csv:1: the columns are separated by {name}, not commas; save the file as comma-separated values (in a spreadsheet: "CSV UTF-8").'
    ]


@given(cells=st.lists(NAMES.filter(lambda name: name not in SESSION_KNOWN and "," not in name), min_size=2, max_size=5))
def test_a_header_of_unknown_words_without_commas_is_not_taken_for_another_separator(cells: list[str]) -> None:
    """Only a header whose parts name expected columns is said to be separated otherwise."""
    found = errors_of(";".join(cells) + "\n", SESSION_COLUMNS, SESSION_KNOWN)
    assert not any("separated by" in message for message in found)
    assert any("missing column 'pair_id'" in message for message in found)


def test_a_comma_header_is_read_as_before() -> None:
    table = parse_csv("pair_id,date,minutes,agenda,status\np1,2026-01-13,45,,held\n", "f.csv", SESSION_COLUMNS, known=SESSION_KNOWN)
    assert table.header == SESSION_COLUMNS
    with pytest.raises(ErrorList):
        parse_csv("pair_id,date,minutes,agenda,status,note\n", "f.csv", SESSION_COLUMNS, known=SESSION_KNOWN)


@given(files=FILES, rows=st.integers(min_value=0, max_value=3))
def test_a_header_ending_with_a_comma_names_the_column_without_a_name(files: tuple[tuple[str, ...], tuple[str, ...]], rows: int) -> None:
    required, known = files
    text = ",".join(required) + ",\n" + "".join(",".join("x" for _ in required) + ",\n" for _ in range(rows))
    assert errors_of(text, required, known) == [
        f"f.csv:1: a column without a name. This file's columns are {', '.join(known)}; rename the column or remove it."
    ]


@given(files=FILES, header=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=60))
def test_any_header_line_gives_located_errors_or_a_table(files: tuple[tuple[str, ...], tuple[str, ...]], header: str) -> None:
    """Whatever a header line holds (quotes, separators, spaces, nothing), the answer is a table or located errors."""
    required, known = files
    try:
        table = parse_csv(header + "\n", "f.csv", required, known=known)
    except PlaybookError as error:
        assert error.file == "f.csv" and error.line == 1
    except ErrorList as caught:
        assert all(error.file == "f.csv" and error.line == 1 for error in caught)
    else:
        assert set(table.header) <= set(known) and set(required) <= set(table.header)
