"""One iCalendar (.ics) file per cohort: its milestones and planned sessions.

Input: the ``Program`` (timezone, agendas, session length), a ``Cohort`` and the build's
as-of moment (for DTSTAMP, so the file is reproducible).
Output: the bytes of ``progress/<cohort>.ics``, written with the ``icalendar`` library:
timed session events in the programme's timezone (with its VTIMEZONE) and all-day
milestone events, each with a stable UID so re-importing updates instead of duplicating.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo

import icalendar

from generator.model import Agenda, Program
from generator.progress.model import Cohort

PRODUCT_ID = "-//Playbook//Mentoring programme calendar//EN"
DEFAULT_SESSION_MINUTES = 45


def _uid(cohort: Cohort, kind: str, key: str) -> str:
    return f"{cohort.id}-{kind}-{key}@playbook.invalid"


def _agenda_for(program: Program, cohort: Cohort, week: int) -> Agenda | None:
    """The agenda whose programme week falls in this session's cadence period, if any."""
    weeks = range(week, week + cohort.meeting_every_weeks)
    return next((agenda for agenda in program.agendas if agenda.week in weeks), None)


def _session_event(program: Program, cohort: Cohort, number: int, day: datetime.date, stamp: datetime.datetime) -> icalendar.Event:
    hour, minute = (int(part) for part in cohort.session_time.split(":"))
    zone = zoneinfo.ZoneInfo(program.info.timezone)
    start = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    week = (day - cohort.start).days // 7 + 1
    agenda = _agenda_for(program, cohort, week)
    minutes = agenda.duration_minutes if agenda else program.expectations.session_minutes or DEFAULT_SESSION_MINUTES
    event = icalendar.Event()
    event.add("uid", _uid(cohort, "session", f"{number:03d}"))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=minutes))
    title = f"{program.info.name}: session {number} of {cohort.planned_sessions}"
    event.add("summary", f"{title} ({agenda.title})" if agenda else title)
    event.add("description", f"{cohort.name}, week {week}. Agree the exact time with your partner and move this event to suit you both.")
    return event


def _milestone_event(cohort: Cohort, milestone_id: str, title: str, day: datetime.date, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", _uid(cohort, "milestone", milestone_id))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", f"{cohort.name}: {title}")
    event.add("transp", "TRANSPARENT")
    return event


def cohort_calendar(program: Program, cohort: Cohort, stamp: datetime.datetime) -> bytes:
    """The cohort's calendar as .ics bytes (same input, same bytes)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{program.info.name}: {cohort.name}")
    calendar.add("x-wr-timezone", program.info.timezone)
    for number, day in enumerate(cohort.planned_dates(), start=1):
        calendar.add_component(_session_event(program, cohort, number, day, stamp))
    for milestone in cohort.milestones:
        calendar.add_component(_milestone_event(cohort, milestone.id, milestone.title, milestone.due, stamp))
    calendar.subcomponents[0:0] = _timezones(calendar.get_missing_tzids())
    return calendar.to_ical()  # type: ignore[no-any-return]  # icalendar leaves Component.to_ical unannotated


def _timezones(tzids: set[str]) -> list[icalendar.Timezone]:
    """What ``add_missing_timezones`` adds, each VTIMEZONE made once per process."""
    return [zone for tzid in sorted(tzids) if (zone := _timezone(tzid)) is not None]


@functools.cache
def _timezone(tzid: str) -> icalendar.Timezone | None:
    """The VTIMEZONE of ``tzid`` (its rules from 1970 to 2038), or None if unknown."""
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:
        return None
