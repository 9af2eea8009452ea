"""Very large numbers in answers (found by a fresh-eyes sweep of ``playbook ingest``).

A number answer of 1e16 or of twenty digits was refused as "not a whole number; write it with
the digits 0 to 9", which it is written with: the message sent people looking for a typo. Every
answer beyond 10^15 in size, whichever way it arrives (a JSON integer or float, digits in a CSV
cell), is now refused because it is too large; numbers within range are read as before.

Input: numbers of any size and sign, as ints, floats and text, for number questions (whole and
decimal) and scale questions.
Output: assertions on ``coerce_answer``'s value or the message of its ``AnswerError``.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.declare import MAX_NUMBER
from generator.surveys.answers import AnswerError, coerce_answer
from generator.surveys.model import Question

WHOLE = Question(id="team", type="number", text="Team size")
DECIMAL = Question(id="hours", type="number", text="Hours", integer=False)
SCALE = Question(id="useful", type="likert", text="Useful")
HUGE_INTS = st.integers(min_value=MAX_NUMBER + 1, max_value=10**400) | st.integers(min_value=-(10**400), max_value=-MAX_NUMBER - 1)
HUGE_FLOATS = st.floats(min_value=MAX_NUMBER * 1.5, allow_infinity=False) | st.floats(max_value=-MAX_NUMBER * 1.5, allow_infinity=False)


def message(question: Question, raw: object) -> str:
    with pytest.raises(AnswerError) as refused:
        coerce_answer(question, raw)
    return str(refused.value)


@settings(max_examples=100, deadline=None)
@given(HUGE_INTS | HUGE_FLOATS | HUGE_INTS.map(str), st.sampled_from([WHOLE, DECIMAL, SCALE]))
def test_a_number_beyond_the_limit_is_refused_as_too_large(raw: object, question: Question) -> None:
    assert "too large" in message(question, raw)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-MAX_NUMBER, max_value=MAX_NUMBER))
def test_a_number_within_the_limit_is_read(number: int) -> None:
    assert coerce_answer(WHOLE, number) == number
    assert coerce_answer(WHOLE, str(number)) == number
    assert coerce_answer(DECIMAL, str(number)) == float(number)


@pytest.mark.parametrize("text", ["1e999", "99999999999999999999.5", "-12345678901234567"])
def test_digits_too_many_to_read_say_so(text: str) -> None:
    assert "too large" in message(DECIMAL, text)


@pytest.mark.parametrize("text", ["abc", "1,5", "٣", "2.5"])
def test_what_is_not_a_whole_number_is_still_called_so(text: str) -> None:
    assert "is not a whole number" in message(WHOLE, text)
