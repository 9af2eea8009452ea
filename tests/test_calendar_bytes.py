"""Calendars written line by line once are the bytes icalendar writes for the whole calendar.

Input: events made by ``CalendarContext.finish`` (arbitrary text, times and zones) and the
example programme's cohort calendars.
Output: assertions that each ``SealedEvent``'s bytes, its SEQUENCE and ``calendar_bytes`` equal
what the plain icalendar way gives: hash a draft event, build the event again with DTSTAMP and
SEQUENCE, put it in an ``icalendar.Calendar`` with its VTIMEZONEs and call ``to_ical``.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import zoneinfo
from collections.abc import Sequence
from typing import Any

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from generator.progress.calendar import (
    PRODUCT_ID,
    CalendarContext,
    CalendarHistory,
    Slot,
    _folded,
    calendar_bytes,
    cohort_event,
    milestone_event,
    session_event,
)
from generator.progress.events import planned_sessions
from generator.progress.model import cohorts_of
from tests.test_events import example_program

STAMP = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")


def reference_event(context: CalendarContext, uid: str, properties: Sequence[tuple[str, Any]]) -> icalendar.Event:
    """The event as icalendar builds it from scratch: the content hashed, then the whole event."""
    draft = icalendar.Event()
    draft.add("uid", uid)
    for name, value in properties:
        draft.add(name, value)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", context.stamp)
    event.add("sequence", context.history.sequence(uid, hashlib.sha256(draft.to_ical()).hexdigest()))
    for name, value in properties:
        event.add(name, value)
    return event


def reference_calendar(name: str, timezone: str, events: Sequence[icalendar.Event]) -> bytes:
    calendar = icalendar.Calendar()
    for key, value in (("prodid", PRODUCT_ID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH")):
        calendar.add(key, value)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    for event in events:
        calendar.add_component(event)
    zones = [timezone_of(tzid) for tzid in sorted(calendar.get_missing_tzids())]
    calendar.subcomponents[0:0] = [zone for zone in zones if zone is not None]
    return calendar.to_ical()  # type: ignore[no-any-return]


@functools.cache
def timezone_of(tzid: str) -> icalendar.Timezone | None:
    """The VTIMEZONE of a zone; None for a TZID that names no zone (a fixed offset's name), which gets none."""
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:
        return None


def contexts(recorded: dict[str, tuple[int, str]]) -> tuple[CalendarContext, CalendarContext]:
    """Two contexts over equal but separate histories."""
    program = example_program()
    return CalendarContext(program, STAMP, None, CalendarHistory(dict(recorded))), CalendarContext(
        program, STAMP, None, CalendarHistory(dict(recorded))
    )


TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from(["\n", ",", ";", "\\", ":", "é", "漢", "😀"]), max_size=200
)


@settings(max_examples=80, deadline=None)
@given(
    summary=TEXT,
    description=TEXT,
    zone=st.sampled_from(ZONES),
    start=st.datetimes(min_value=datetime.datetime(1971, 1, 1), max_value=datetime.datetime(2037, 1, 1)),
    minutes=st.integers(1, 600),
    all_day=st.booleans(),
    url=st.booleans(),
    recorded=st.sampled_from([{}, {"uid-1@x": (0, "other")}, {"uid-1@x": (4, "")}]),
)
def test_sealed_events_and_calendars_are_the_bytes_icalendar_writes(
    summary: str,
    description: str,
    zone: str,
    start: datetime.datetime,
    minutes: int,
    all_day: bool,
    url: bool,
    recorded: dict[str, tuple[int, str]],
) -> None:
    begin: datetime.date | datetime.datetime = start.date() if all_day else start.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    end = begin + (datetime.timedelta(days=1) if all_day else datetime.timedelta(minutes=minutes))
    properties: list[tuple[str, Any]] = [("dtstart", begin), ("dtend", end), ("summary", summary), ("description", description)]
    if url:
        properties += [("url", "https://example.org/a?b=c,d"), ("categories", ["meetup"]), ("transp", "TRANSPARENT")]
    fast, slow = contexts(recorded)
    sealed = fast.finish("uid-1@x", properties)
    expected = reference_event(slow, "uid-1@x", properties)
    assert sealed.ical == expected.to_ical() == sealed.to_ical()
    assert fast.history == slow.history
    name = " ".join(summary.splitlines())  # icalendar cannot write a calendar name with a line break
    assert calendar_bytes(name, zone, [sealed, sealed]) == reference_calendar(name, zone, [expected, expected])


def test_cohort_calendars_of_the_example_are_the_bytes_icalendar_writes() -> None:
    context = contexts({})[0]
    program = context.program
    for cohort in cohorts_of(program):
        slot = Slot(datetime.time.fromisoformat(cohort.session_time), program.info.timezone)
        sessions = [
            session_event(
                context, cohort, session, slot, context.uid(cohort, "session", str(session.number)), ["Log it: https://x.invalid/"]
            )
            for session in planned_sessions(program, cohort)
        ]
        events = [cohort_event(context, cohort, event) for event in cohort.events_for()]
        milestones = [milestone_event(context, cohort, item.id, item.title, item.due) for item in cohort.milestones]
        every = [*sessions, *events, *milestones]
        assert every and all(event.ical == event.to_ical() for event in every)
        assert calendar_bytes(cohort.name, program.info.timezone, every) == reference_calendar(cohort.name, program.info.timezone, every)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["a", "é", "漢", "😀", "\\", "^", ",", " "]), min_size=1, max_size=90))
def test_a_line_is_folded_as_icalendar_folds_it(value: str) -> None:
    line = Contentline(f"DESCRIPTION:{value}")  # type: ignore[no-untyped-call]  # icalendar leaves it unannotated
    assert _folded(line) == line.to_ical()  # type: ignore[no-untyped-call]


LONDON, NEW_YORK = zoneinfo.ZoneInfo("Europe/London"), zoneinfo.ZoneInfo("America/New_York")
AMBIGUOUS = datetime.datetime(2026, 10, 25, 1, 30)  # in London, a wall time that happens twice (fold 0 and 1)
NOON = datetime.datetime(2026, 6, 1, 12, 0)  # 11:00 UTC: noon in London, 07:00 in New York, 12:00 at UTC+1
REPEATED_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "dtstart": st.sampled_from(
        [
            AMBIGUOUS.replace(tzinfo=LONDON),
            AMBIGUOUS.replace(tzinfo=LONDON, fold=1),
            NOON,
            NOON.replace(tzinfo=LONDON),
            NOON.replace(hour=11, tzinfo=datetime.UTC),
            NOON.replace(hour=11, tzinfo=datetime.timezone(datetime.timedelta(0), "Zero")),  # equal to UTC, written apart
            NOON.replace(hour=7, tzinfo=NEW_YORK),
            NOON.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=1), "Somewhere")),
            NOON.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=1), "Elsewhere")),
            NOON.date(),
        ]
    ),
    "summary": st.sampled_from(["Kick-off", "Kick-off, again", "1", "", "x" * 80]),
    "priority": st.sampled_from([0, 1, True, "1"]),
    "categories": st.sampled_from([["meetup"], ["meetup", "talk"], ["talk"]]),
    "location": st.sampled_from(["Room 1", "Room 1 ", None]),
    "x-count": st.sampled_from([1, 1.0, "1", True]),
}
REPEATED_EVENTS = st.lists(
    st.lists(
        st.tuples(st.sampled_from(sorted(REPEATED_VALUES)), st.just(None)).flatmap(
            lambda pair: st.tuples(st.just(pair[0]), REPEATED_VALUES[pair[0]])
        ),
        max_size=6,
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(events=REPEATED_EVENTS, uids=st.lists(st.sampled_from(["a@x", "b@x"]), min_size=8, max_size=8))
def test_events_sharing_values_in_one_context_are_the_bytes_icalendar_writes(events: list[list[tuple[str, Any]]], uids: list[str]) -> None:
    """One context encodes each value once: events that repeat, nearly repeat or add twice a property stay exact.

    (UID, DTSTAMP and SEQUENCE are the context's own, never among the given properties.)
    """
    fast, slow = contexts({})
    every: list[tuple[icalendar.Event, icalendar.Event]] = []
    for uid, properties in zip(uids, events, strict=False):
        sealed = fast.finish(uid, properties)
        expected = reference_event(slow, uid, properties)
        assert sealed.ical == expected.to_ical() == sealed.to_ical()
        assert sealed == expected
        every.append((sealed, expected))
    assert fast.history == slow.history
    mixed = [sealed if number % 2 else expected for number, (sealed, expected) in enumerate(every)]  # sealed and plain events
    assert calendar_bytes("C", "UTC", mixed) == reference_calendar("C", "UTC", [expected for _sealed, expected in every])
