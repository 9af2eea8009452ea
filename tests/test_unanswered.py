"""Who counts toward a figure's threshold: a question left empty is no answer, and each cohort's people are its own.

Input: the cohort of ``test_progress_measures`` (four pairs, threshold 3) with survey responses
in the loader's shape, where every question of a survey is present and an empty one is None.
Output: assertions that the rating mean, the satisfaction goal and the skill change count only
the people who answered, and are withheld below the threshold (a mean of one person's rating
was published before, because the people who skipped the question were counted).
"""

from __future__ import annotations

import dataclasses
import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.progress.aggregate import ProgressFigures, aggregate_progress
from generator.progress.data import CohortData
from tests.test_progress_measures import PROGRAM, cohort_one, response

AS_OF = datetime.date(2026, 2, 16)
MINIMUM = PROGRAM.info.privacy.min_group_size


def with_pulse_answers(answers: list[int | None]) -> CohortData:
    """The cohort with its pulse responses replaced by one per answer (None: left empty)."""
    data = cohort_one()
    others = [item for item in data.responses if item.survey != "pulse"]
    pulses = [response(100 + number, "pulse", datetime.date(2026, 1, 7), useful=value) for number, value in enumerate(answers)]
    return dataclasses.replace(data, responses=tuple(others + pulses))


def useful_rating(figures: ProgressFigures) -> tuple[float | None, int, bool]:
    rating = next(item for item in figures.cohorts[0].ratings if item.question.id == "useful")
    return rating.mean.value, rating.mean.people, rating.mean.withheld


def test_one_rating_among_empty_answers_is_withheld() -> None:
    figures = aggregate_progress(PROGRAM, {"c1": with_pulse_answers([None, None, None, 5])}, AS_OF)
    value, people, withheld = useful_rating(figures)
    assert (value, people, withheld) == (None, 1, True)
    goal = next(item for item in figures.goals if item.goal.id == "useful")
    assert goal.value.value is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(min_value=1, max_value=5)), min_size=1, max_size=12))
def test_a_rating_counts_only_the_people_who_answered(answers: list[int | None]) -> None:
    value, people, withheld = useful_rating(aggregate_progress(PROGRAM, {"c1": with_pulse_answers(answers)}, AS_OF))
    given_answers = [item for item in answers if item is not None]
    invited = 8  # four started pairs, mentor and mentee: anonymous answers stand for at most the invited people
    assert people == min(len(given_answers), invited)
    if 0 < people < MINIMUM:
        assert withheld and value is None
    elif people >= MINIMUM:
        assert not withheld and value == sum(given_answers) / len(given_answers)


def test_a_skill_left_empty_after_counts_nobody() -> None:
    data = cohort_one()
    kept = [item for item in data.responses if item.survey != "end"]
    ends = [response(200 + number, "end", datetime.date(2026, 2, 12), recommend=9, tools=None, note=None) for number in range(5)]
    ends.append(response(300, "end", datetime.date(2026, 2, 12), recommend=9, tools=4, note=None))
    figures = aggregate_progress(PROGRAM, {"c1": dataclasses.replace(data, responses=tuple(kept + ends))}, AS_OF)
    skill = next(item for item in figures.cohorts[0].skills if item.skill == "tools" and item.role == "mentee")
    assert skill.after.people == 1 and skill.after.withheld and skill.after.value is None
    assert skill.change.withheld and skill.change.value is None


def test_people_of_two_cohorts_with_the_same_pair_ids_are_counted_apart() -> None:
    from generator.progress.aggregate import counted_people, linked_people

    first = [
        dataclasses.replace(response(1, "pulse", AS_OF, useful=4), pair="p01"),
        dataclasses.replace(response(2, "pulse", AS_OF, useful=5), pair="p02"),
    ]
    second = [dataclasses.replace(item, cohort="c2", response_id=f"{item.response_id}-c2") for item in first]
    assert counted_people(4, [linked_people(first), linked_people(second)], 40) == 4  # four people, not two
    assert counted_people(2, [linked_people(first)], 40) == 2
