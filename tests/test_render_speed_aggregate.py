"""The aggregate's one-pass shortcuts are what the plain definitions give.

Input: arbitrary responses of a cohort (answers of every type, left empty or missing, anonymous
or linked to pairs, submitted before and after the as-of date), and arbitrary session logs.
Output: assertions that ``answers_to`` gives the responses that answer (``answered``), each as a
number as ``as_number`` reads it, and the people behind them (``linked_people``); and that each
pair's progress, held sessions and sessions per month, worked out from the held sessions grouped
once, are those worked out from the whole log.
"""

from __future__ import annotations

import datetime
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.progress import measures
from generator.progress.aggregate import Part, answered, answers_to, as_number, held_by, held_per_pair, linked_people, started_progress
from generator.progress.data import CohortData, Session
from generator.surveys.canonical import Response
from tests.test_aggregate_memo import answers
from tests.test_progress_measures import COHORT, pair

AS_OF = datetime.date(2026, 2, 16)
ANSWERS = answers  # every kind of value a response may hold, as the memo tests use
RESPONSES = st.lists(
    st.builds(
        lambda number, pair, role, days, useful, asked: Response(
            f"r{number}",
            "pulse",
            COHORT.id,
            role,
            pair,
            datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC) + datetime.timedelta(days=days),
            {"useful": useful} if asked else {},
        ),
        st.integers(0, 99),
        st.sampled_from(["", "p1", "p2"]),
        st.sampled_from(["mentor", "mentee"]),
        st.integers(0, 30),
        ANSWERS,
        st.booleans(),
    ),
    max_size=15,
)


@settings(max_examples=200, deadline=None)
@given(RESPONSES)
def test_answers_to_is_the_plain_definition(responses: list[Response]) -> None:
    part = Part(COHORT, CohortData(responses=tuple(responses)))
    found = answers_to(part, "pulse", "useful", AS_OF)
    submitted = [response for response in responses if response.submitted_at.date() <= AS_OF]
    expected = [response for response in submitted if response.answers.get("useful") is not None]  # the plain definition
    assert answered(submitted, "useful") == expected
    assert found.responses == expected
    assert found.numeric == [as_number(response.answers["useful"]) for response in expected]  # as_number: the plain reading
    assert found.linked == linked_people(expected)


SESSIONS = st.lists(
    st.builds(
        Session,
        st.sampled_from(["a", "b", "c", "gone"]),
        st.dates(COHORT.start - datetime.timedelta(days=10), COHORT.end + datetime.timedelta(days=10)),
        st.just(45),
        st.just(""),
        st.sampled_from(["held", "cancelled", "no-show"]),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(SESSIONS, st.dates(COHORT.start - datetime.timedelta(days=5), COHORT.end + datetime.timedelta(days=20)))
def test_progress_from_held_sessions_is_progress_from_the_whole_log(sessions: list[Session], as_of: datetime.date) -> None:
    pairs = (pair("a"), pair("b", start=COHORT.start + datetime.timedelta(days=20)), pair("c", status="completed"))
    part = Part(COHORT, CohortData(pairs=pairs, sessions=tuple(sessions)))
    started = [item for item in pairs if item.start <= as_of]
    whole = [measures.pair_progress(item, [s for s in sessions if s.pair_id == item.id], COHORT, as_of) for item in started]
    assert list(started_progress(part, as_of)) == whole
    assert held_per_pair(part, as_of) == Counter(session.pair_id for session in measures.held_sessions(sessions, as_of))
    assert measures.sessions_per_month(held_by(part, as_of), COHORT, as_of) == measures.sessions_per_month(sessions, COHORT, as_of)
