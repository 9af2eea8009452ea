"""A time zone is told known without walking the whole database, with the same answer and message as before.

Input: arbitrary names: every name this machine knows, the same names bent (case, prefixes, folders,
paths) and arbitrary text.
Output: assertions that ``is_known_time_zone`` answers as membership in
``zoneinfo.available_timezones()`` does, and that ``time_zone_problem`` words every name as the
reference (the full list, then ``ZoneInfo``) does.
"""

from __future__ import annotations

import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import declare
from generator.declare import is_known_time_zone, shown, time_zone_problem
from generator.errors import did_you_mean

AVAILABLE = frozenset(zoneinfo.available_timezones())
KNOWN = sorted(AVAILABLE)


def reference_problem(name: str) -> str | None:
    """``time_zone_problem`` as it was: membership in the whole list first, then ``ZoneInfo``."""
    if name in AVAILABLE:
        try:
            zoneinfo.ZoneInfo(name)
            return None
        except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
            pass
    hint = did_you_mean(name, KNOWN)
    return f"'{shown(name)}' is not a known time zone.{hint} Use an IANA name such as Europe/London or America/New_York."


def bent(name: str) -> st.SearchStrategy[str]:
    """Names near a known one: other case, special folders, paths, halves."""
    return st.sampled_from(
        [
            name,
            name.lower(),
            name.upper(),
            f"right/{name}",
            f"posix/{name}",
            f"/{name}",
            f"{name}/",
            f"./{name}",
            f"../zoneinfo/{name}",
            name.replace("/", "//"),
            name.split("/")[0],
            name + "\0",
        ]
    )


NAMES = st.one_of(
    st.sampled_from(KNOWN),
    st.sampled_from(KNOWN).flatmap(bent),
    st.sampled_from(["posixrules", "right", "posix", "localtime", "Factory", "zone.tab", "tzdata.zi", "", "UTC", "utc", "Etc"]),
    st.text(max_size=30),
)


def test_there_are_time_zones_to_compare() -> None:
    assert {"Europe/London", "America/New_York", "UTC"} <= AVAILABLE


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_known_is_membership_in_the_whole_list(name: str) -> None:
    assert is_known_time_zone(name) == (name in AVAILABLE)


@settings(max_examples=200, deadline=None)
@given(NAMES)
def test_problems_are_worded_as_before(name: str) -> None:
    assert time_zone_problem(name) == reference_problem(name)


def test_without_the_tzdata_package_the_whole_list_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(declare, "_tzdata_zones", frozenset)
    for name in ("Europe/London", "posixrules", "right/Europe/London", "europe/london", "Nowhere/Atlantis"):
        assert is_known_time_zone(name) == (name in AVAILABLE)
