"""A session written twice in sessions.csv (a paste repeated by hand) is refused, not counted twice.

Input: generated session logs of a two-pair roster, with one row repeated further down (its
cells maybe padded with spaces, as a spreadsheet may), or with rows differing in one value.
Output: ``parse_sessions``'s located errors: the repeat names the line it repeats; rows that
differ in any value are all kept.
"""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from generator.errors import ErrorList
from generator.load import parse_csv
from generator.progress.data import ROSTER_COLUMNS, SESSION_COLUMNS, SESSION_KNOWN, Pair, parse_roster, parse_sessions
from generator.progress.model import Cohort

COHORT = Cohort("pilot", "Pilot", datetime.date(2026, 1, 12), datetime.date(2026, 6, 30))
ROSTER = (
    ",".join(ROSTER_COLUMNS) + "\np1,A,a@x.org,1,D,B,b@x.org,2,E,2026-01-12,,active\np2,C,c@x.org,1,D,F,f@x.org,2,E,2026-01-12,,active\n"
)
HEADER = ",".join(SESSION_COLUMNS)
ROWS = st.tuples(
    st.sampled_from(["p1", "p2"]),
    st.dates(datetime.date(2026, 1, 12), datetime.date(2026, 6, 30)).map(datetime.date.isoformat),
    st.sampled_from(["", "30", "45"]),
    st.sampled_from(["", "kickoff"]),
    st.sampled_from(["held", "cancelled", "no-show"]),
)


def pairs() -> tuple[Pair, ...]:
    return parse_roster(parse_csv(ROSTER, "roster.csv", ROSTER_COLUMNS), COHORT)


def read(rows: list[str]) -> tuple[list[str], int]:
    """The messages ``parse_sessions`` gives for a log of ``rows`` and how many sessions it keeps."""
    table = parse_csv("\n".join([HEADER, *rows]) + "\n", "sessions.csv", SESSION_COLUMNS, known=SESSION_KNOWN)
    try:
        return [], len(parse_sessions(table, COHORT, pairs(), {"kickoff"}))
    except ErrorList as caught:
        return [str(error) for error in caught], 0


@given(
    rows=st.lists(ROWS, min_size=1, max_size=8, unique=True),
    data=st.data(),
    padded=st.booleans(),
)
def test_a_repeated_session_names_the_line_it_repeats(rows: list[tuple[str, ...]], data: st.DataObject, padded: bool) -> None:
    first = data.draw(st.integers(0, len(rows) - 1))
    at = data.draw(st.integers(first + 1, len(rows)))
    repeat = tuple(f" {cell} " if padded and cell else cell for cell in rows[first])
    lines = [",".join(row) for row in rows]
    lines.insert(at, ",".join(repeat))
    messages, _ = read(lines)
    expected = f"sessions.csv:{at + 2}: this row repeats line {first + 2} (same pair, date, minutes, agenda, status and milestone); delete one of them."
    assert messages == [expected]


@given(rows=st.lists(ROWS, min_size=1, max_size=8, unique=True))
def test_sessions_that_differ_in_any_value_are_all_kept(rows: list[tuple[str, ...]]) -> None:
    messages, kept = read([",".join(row) for row in rows])
    distinct = {(pair, day, minutes or "0", agenda, status) for pair, day, minutes, agenda, status in rows}
    assert messages == []
    assert kept == len(distinct)


@given(row=ROWS)
def test_a_repeat_is_reported_with_the_other_problems_of_the_file(row: tuple[str, ...]) -> None:
    line = ",".join(row)
    messages, _ = read([line, "p9,2026-02-02,45,,held", line])
    assert any(message.startswith("sessions.csv:3: pair_id: unknown pair 'p9'") for message in messages)
    assert any(message.startswith("sessions.csv:4: this row repeats line 2") for message in messages)


def test_the_same_day_with_another_status_is_not_a_repeat() -> None:
    assert read(["p1,2026-02-02,45,,held", "p1,2026-02-02,45,,cancelled"]) == ([], 2)
    assert read(["p1,2026-02-02,45,,held", "p1,2026-02-02,045,,held"])[0] == [
        "sessions.csv:3: this row repeats line 2 (same pair, date, minutes, agenda, status and milestone); delete one of them."
    ]
