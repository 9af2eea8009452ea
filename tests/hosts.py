"""Hypothesis strategies for ``--host`` values, shared by the tests of the preview and the collector.

Output: ``BAD_NAMES`` (host names no resolver accepts: blanks, an empty label, a label over 63
characters, a NUL) and ``ADDRESSES`` (any IPv4 address as text, most of them not this computer's).
"""

from __future__ import annotations

from hypothesis import strategies as st

LABEL = st.text(alphabet="abcxyz019-", min_size=1, max_size=10)
BAD_NAMES = st.one_of(
    st.text(alphabet=" \t\n\r\x0b\x0c", max_size=4),  # nothing but blanks
    st.lists(LABEL, min_size=1, max_size=3).map(lambda labels: ".".join([*labels[:1], "", *labels[1:]])),  # an empty label
    st.builds(lambda label, tail: label * (64 // len(label) + 1) + tail, LABEL, st.sampled_from(("", ".org"))),  # a label over 63
    st.builds(lambda head, tail: f"{head}\x00{tail}", LABEL, LABEL),  # a NUL, which no C library call takes
)
ADDRESSES = st.ip_addresses(v=4).map(str)
