"""The progress aggregate's shortcuts give what the plain definitions give.

The aggregate remembers per cohort (``Part.remember``) the responses to each survey, each
question's answers and the people they come from, and counts people over several cohorts from
each cohort's own set. These tests check each shortcut against the plain definition on arbitrary
data, and that what is remembered for one as-of date never leaks into another.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict

from hypothesis import given
from hypothesis import strategies as st

from generator.progress import measures
from generator.progress.aggregate import (
    Part,
    aggregate_progress,
    counted_people,
    linked_people,
    numbers,
    numeric_answers,
    question_numbers,
    respondents,
)
from generator.progress.data import CohortData, Session
from generator.progress.model import Cohort
from generator.surveys.canonical import Response
from tests.test_progress_measures import COHORT, PROGRAM, cohort_one

D = datetime.date
MOMENT = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)

envelopes = st.tuples(st.sampled_from(["", "p1", "p2", "p3"]), st.sampled_from(["mentor", "mentee"]))
cohorts = st.lists(st.lists(envelopes, max_size=6), max_size=4)
answers = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=3),
    st.tuples(st.text(max_size=2)),
)


def reply(pair: str, role: str, **given_answers: object) -> Response:
    return Response("r", "pulse", "c1", role, pair, MOMENT, dict(given_answers))


@given(cohorts, st.integers(0, 20))
def test_people_counted_per_cohort_are_the_people_of_all_answers(groups: list[list[tuple[str, str]]], invited: int) -> None:
    """Counting from each cohort's ``linked_people`` gives ``respondents`` of every answer together."""
    replies = [[reply(pair, role) for pair, role in group] for group in groups]
    together = [item for group in replies for item in group]
    expected = respondents(together, invited)
    assert counted_people(len(together), [linked_people(group) for group in replies], invited) == expected


@given(st.lists(answers, max_size=12))
def test_numeric_answers_are_the_numbers(values: list[object]) -> None:
    """Numbers are ints and floats (not yes/no), as floats, in order; the rest are None and left out of ``numbers``."""
    replies = [reply("p1", "mentee", useful=value) for value in values] + [reply("p1", "mentee")]
    expected = [float(value) for value in values if isinstance(value, int | float) and not isinstance(value, bool)]
    assert numbers(replies, "useful") == expected
    assert [value for value in numeric_answers(replies, "useful") if value is not None] == expected
    assert numeric_answers(replies, "useful")[-1] is None


days = st.dates(D(2025, 11, 1), D(2026, 4, 30))


@given(st.lists(days, max_size=20))
def test_by_month_keeps_each_month_in_order(chosen: list[datetime.date]) -> None:
    expected: dict[str, list[int]] = defaultdict(list)
    for index, day in enumerate(chosen):
        expected[measures.month_key(day)].append(index)
    assert measures.by_month(range(len(chosen)), chosen) == expected


@given(st.lists(st.tuples(days, st.sampled_from(["held", "cancelled"])), max_size=20), days)
def test_sessions_per_month_counts_held_sessions(chosen: list[tuple[datetime.date, str]], as_of: datetime.date) -> None:
    sessions = [Session("a", day, 45, "", status) for day, status in chosen]
    counts = Counter(measures.month_key(day) for day, status in chosen if status == "held" and day <= as_of)
    months = measures.months_between(COHORT.start, min(as_of, COHORT.end))
    assert measures.sessions_per_month(sessions, COHORT, as_of) == [(month, counts[month]) for month in months]


def test_months_between_and_month_starts_agree() -> None:
    assert measures.months_between(D(2025, 11, 20), D(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert measures.month_starts(D(2025, 11, 20), D(2026, 2, 1)) == [D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]
    assert measures.months_between(D(2026, 2, 1), D(2026, 1, 31)) == []


def test_what_a_cohort_remembers_for_one_date_is_not_used_for_another() -> None:
    """Asked first for an early date, then a later one, a cohort gives what a fresh one gives for the later date."""
    survey = next(item for item in PROGRAM.sections["surveys"] if item.id == "pulse")
    early, late = D(2026, 1, 10), D(2026, 2, 16)
    part = Part(COHORT, cohort_one())
    first = question_numbers([part], survey, "useful", early)
    assert first == question_numbers([Part(COHORT, cohort_one())], survey, "useful", early)
    assert question_numbers([part], survey, "useful", late) == question_numbers([Part(COHORT, cohort_one())], survey, "useful", late)
    assert first != question_numbers([part], survey, "useful", late)


def test_two_cohorts_with_the_same_pair_ids_count_their_people_apart_per_cohort() -> None:
    """Each cohort's figures are its own; the programme's goal sums both cohorts (identical data: the same mean)."""
    one = cohort_one()
    other = Cohort("c2", "Cohort two", COHORT.start, COHORT.end, planned_sessions=6, silent_after_days=21, behind_after_missed=2)
    program = dataclasses.replace(PROGRAM, sections={**PROGRAM.sections, "cohorts": (COHORT, other)})
    figures = aggregate_progress(program, {"c1": one, "c2": one}, D(2026, 2, 16))
    first, second = (cohort.goals for cohort in figures.cohorts)
    assert [goal.value for goal in first] == [goal.value for goal in second]
    useful = next(goal for goal in figures.goals if goal.goal.id == "useful")
    assert useful.value.value == next(goal for goal in first if goal.goal.id == "useful").value.value


def test_an_empty_cohort_has_no_answers() -> None:
    survey = next(item for item in PROGRAM.sections["surveys"] if item.id == "pulse")
    assert question_numbers([Part(COHORT, CohortData())], survey, "useful", D(2026, 2, 16)) == ([], 0)
