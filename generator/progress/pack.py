"""Each pair's private pack: its own calendar and a one-page start sheet, for ``playbook pack COHORT``.

Input: a loaded programme (``generator.loading.Loaded``: the cohort, its roster, the programme's
secret for the pairs' links, the site's address), a cohort id and the as-of date.
Output: ``reports/<cohort>/<pair>/calendar.ics`` (the pair's planned sessions at its agreed day
and time in its time zone, from the roster's slot columns or else the cohort's time and the
programme's zone; each session links its agenda page and the pair's prefilled session-log and
pulse forms; the cohort's events for the pair's roles; the milestones) and
``reports/<cohort>/<pair>/start.html`` (names allowed: private). Every file is written
atomically; nothing goes to ``site/``. The calendar SEQUENCE history is recorded
(``reports/.calendar-sequence.json``).

A pair's sessions start on the first day on or after its start that falls on its meeting day
(the cohort's start weekday when the roster sets none) and follow the cohort's cadence, skipping
breaks (``Cohort.session_slots``), up to the pair's end.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import icalendar

from generator.errors import PlaybookError, raise_if_any
from generator.i18n import gettext as _
from generator.i18n import language
from generator.loading import Loaded, as_of_date, build_epoch
from generator.model import Program
from generator.pair_links import current_token, load_revocations, pulse_link, require_secret, session_log_link, site_url_of
from generator.progress.calendar import (
    CalendarContext,
    CalendarHistory,
    Slot,
    calendar_bytes,
    cohort_event,
    milestone_event,
    session_event,
    session_minutes,
)
from generator.progress.data import WEEKDAYS, CohortData, Pair
from generator.progress.events import PlannedSession, page_address, planned_sessions
from generator.progress.measures import ACTIVE
from generator.progress.model import Cohort, Event, cohort_tables, find_cohort
from generator.templating import Renderer, theme_folders
from generator.write import write_if_changed

CALENDAR_FILE = "calendar.ics"
START_SHEET = "start.html"
FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def pair_slot(program: Program, cohort: Cohort, pair: Pair) -> Slot:
    """The pair's agreed time and time zone, else the cohort's time in the programme's zone."""
    return Slot(pair.meeting_time or datetime.time.fromisoformat(cohort.session_time), pair.timezone or program.info.timezone)


def first_meeting_day(cohort: Cohort, pair: Pair) -> datetime.date:
    """The first day on or after the pair's start that falls on its meeting day (the cohort's start weekday by default)."""
    weekday = WEEKDAYS.index(pair.meeting_day) if pair.meeting_day in WEEKDAYS else cohort.start.weekday()
    first = max(pair.start, cohort.start)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7)


def pair_sessions(program: Program, cohort: Cohort, pair: Pair) -> tuple[PlannedSession, ...]:
    """The pair's planned sessions on its own days, breaks skipped, up to its end."""
    last = pair.end or cohort.end
    return tuple(session for session in planned_sessions(program, cohort, first_meeting_day(cohort, pair)) if session.day <= last)


def pair_roles(pair: Pair) -> set[str]:
    return {role for role, _person in pair.members}


def pair_events(cohort: Cohort, pair: Pair) -> tuple[Event, ...]:
    """The cohort's events for anyone in the pair, in time order."""
    roles = pair_roles(pair)
    return tuple(event for event in cohort.events_for() if any(event.is_for(role) for role in roles))


@dataclass(frozen=True)
class PairLinks:
    """The pair's prefilled forms: the session log and the after-session pulse survey (if the programme has one)."""

    session_log: str
    pulse: str | None


def pair_links(loaded: Loaded, cohort: Cohort, pairs: tuple[Pair, ...]) -> dict[str, PairLinks]:
    """Each pair's links, keyed with the programme's secret (a located error when there is none)."""
    secret = require_secret(loaded.project)
    revocations = load_revocations(loaded.project, [cohort.id])
    site_url = site_url_of(loaded.project)
    found = {}
    for pair in pairs:
        token = current_token(secret, cohort.id, pair.id, revocations)
        found[pair.id] = PairLinks(
            session_log_link(loaded.program, cohort.id, pair.id, token, site_url),
            pulse_link(loaded.program, cohort.id, pair.id, token, site_url),
        )
    return found


def link_notes(links: PairLinks) -> list[str]:
    """The lines every session of the pair carries: where to log it and where to answer the pulse survey."""
    notes = [_("After the session, log it here: {link}").format(link=links.session_log)]
    if links.pulse:
        notes.append(_("And answer the two-minute pulse survey: {link}").format(link=links.pulse))
    return notes


def pair_session_uid(context: CalendarContext, cohort: Cohort, pair: Pair, session: PlannedSession) -> str:
    return context.uid(cohort, f"pair-{pair.id}-session", f"{session.number:03d}")


def pair_session_event(context: CalendarContext, cohort: Cohort, pair: Pair, session: PlannedSession, links: PairLinks) -> icalendar.Event:
    """One of the pair's sessions at its agreed slot, with its agenda and form links."""
    slot = pair_slot(context.program, cohort, pair)
    return session_event(context, cohort, session, slot, pair_session_uid(context, cohort, pair, session), link_notes(links))


def pair_calendar(context: CalendarContext, cohort: Cohort, pair: Pair, links: PairLinks) -> bytes:
    """The pair's calendar: its sessions, the cohort's events for its roles, and the milestones."""
    program = context.program
    sessions = [pair_session_event(context, cohort, pair, session, links) for session in pair_sessions(program, cohort, pair)]
    events = [cohort_event(context, cohort, event) for event in pair_events(cohort, pair)]
    milestones = [milestone_event(context, cohort, item.id, item.title, item.due) for item in cohort.milestones]
    name = _("{programme}: {cohort}, pair {pair}").format(programme=program.info.name, cohort=cohort.name, pair=pair.id)
    return calendar_bytes(name, pair_slot(program, cohort, pair).timezone, [*sessions, *events, *milestones])


def start_sheet(renderer: Renderer, context: CalendarContext, cohort: Cohort, pair: Pair, links: PairLinks) -> str:
    """The pair's one-page start sheet (HTML): who, when, the sessions with their agendas, the events and the links."""
    program = context.program
    sessions = [
        (session, page_address(context.site_url, f"agendas/{session.agenda.id}.md") if session.agenda else None)
        for session in pair_sessions(program, cohort, pair)
    ]
    return renderer.render(
        "pair-start.html.j2",
        cohort=cohort,
        pair=pair,
        slot=pair_slot(program, cohort, pair),
        weekday=first_meeting_day(cohort, pair),
        sessions=sessions,
        minutes={session.number: session_minutes(program, session) for session, _address in sessions},
        events=pair_events(cohort, pair),
        links=links,
        calendar=CALENDAR_FILE,
    )


def active_pairs(loaded: Loaded, cohort: Cohort) -> tuple[Pair, ...]:
    """The cohort's pairs that are still meeting; a pair id that cannot name a folder is a located error."""
    data = cohort_tables(loaded.data).get(cohort.id, CohortData())
    pairs = tuple(pair for pair in data.pairs if pair.status == ACTIVE)
    roster = f"content/cohorts/{cohort.id}/roster.csv"
    message = "pair id '{}' cannot name the pack's folder; use letters, digits, '.', '_' and '-' (not starting with '.')."
    raise_if_any([PlaybookError(roster, 0, 0, (), message.format(pair.id)) for pair in pairs if not FOLDER_NAME.fullmatch(pair.id)])
    return pairs


def calendar_context(loaded: Loaded, history: CalendarHistory) -> CalendarContext:
    """The context of the calendars one command writes: DTSTAMP from the as-of date, reproducibly."""
    day = as_of_date(loaded.program, build_epoch(loaded.project))
    stamp = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return CalendarContext(loaded.program, stamp, site_url_of(loaded.project), history)


def write_packs(loaded: Loaded, cohort_id: str) -> list[Path]:
    """Write every active pair's pack under ``reports/<cohort>/``; returns the folders written."""
    cohort = find_cohort(loaded.program, cohort_id)
    pairs = active_pairs(loaded, cohort)
    links = pair_links(loaded, cohort, pairs)
    history = CalendarHistory.load(loaded.project.reports_dir)
    context = calendar_context(loaded, history)
    renderer = Renderer(theme_folders(loaded.project.root, loaded.program.info.theme), loaded.program)
    files: dict[Path, bytes] = {}
    with language(loaded.program.info.language):  # calendars and sheets in the programme's language
        for pair in pairs:  # everything is made before anything is written: a template mistake leaves no half-written pack
            folder = loaded.project.reports_dir / cohort.id / pair.id
            files[folder / CALENDAR_FILE] = pair_calendar(context, cohort, pair, links[pair.id])
            files[folder / START_SHEET] = start_sheet(renderer, context, cohort, pair, links[pair.id]).encode("utf-8")
    for path, content in files.items():
        write_if_changed(path, content)
    history.save(loaded.project.reports_dir)
    return sorted({path.parent for path in files})
