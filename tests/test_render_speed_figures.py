"""A figure's text, formatted once per language and value, is what formatting it afresh gives.

Input: arbitrary figures (every kind, whole and fractional values, 0.0 and -0.0, intervals) read
in several languages, in any order and repeated.
Output: assertions that ``Figure.text`` equals ``figure_text`` (the plain formatting) every time.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.i18n import language
from generator.progress.aggregate import CHANGE, COUNT, MEAN, NPS_SCORE, PERCENT, POINTS, Figure, figure_text

NUMBERS = st.one_of(
    st.none(),
    st.sampled_from([0.0, -0.0, 1.0, 0.5, -0.005, 0.125, 1234.5, 0.999]),
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False),
)
INTERVALS = st.one_of(st.none(), st.tuples(st.sampled_from([0.0, -0.0, -0.02, 0.1]), st.sampled_from([0.0, 0.14, 0.3])))
FIGURES = st.builds(
    lambda kind, value, interval: Figure(value, 10, kind, interval=interval),
    st.sampled_from([PERCENT, MEAN, NPS_SCORE, CHANGE, COUNT, POINTS]),
    NUMBERS,
    INTERVALS,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["en", "de", "fr", "ar"]), FIGURES), max_size=12))
def test_a_figure_reads_as_formatting_it_afresh(read: list[tuple[str, Figure]]) -> None:
    for code, figure in read + read[::-1]:
        with language(code):
            assert figure.text == figure_text(figure.kind, figure.value, figure.interval)


def test_equal_numbers_written_apart_keep_their_own_text() -> None:
    """0.0 and -0.0 are equal but read "+0" and "-0" as points: the one remembered never stands for the other."""
    with language("en"):
        for value, interval in [(0.0, (0.0, 0.1)), (-0.0, (-0.0, 0.1)), (0.0, (0.0, 0.1))]:
            assert Figure(value, 10, POINTS, interval=interval).text == figure_text(POINTS, value, interval)
        assert Figure(-0.0, 10, POINTS).text != Figure(0.0, 10, POINTS).text
