"""iCalendar (.ics) files: a cohort's calendar for the site, and the pieces of each pair's calendar.

Input: the ``Program``, a ``Cohort`` (its planned sessions, events and milestones), the build's
as-of moment (DTSTAMP, so the bytes are reproducible), the site's address when known (links to
agenda pages), and a ``CalendarHistory`` (each UID's last SEQUENCE and content digest).
Output: ``cohort_calendar`` (the bytes of ``progress/<cohort>.ics``: sessions at the cohort's
time with their agenda, whole-cohort events, all-day milestones), and the builders
``session_event``, ``cohort_event`` and ``calendar_bytes`` that ``pack`` and ``remind`` use for
the pairs' calendars. Written with the ``icalendar`` library, RFC 5545: each event's content
lines once (``SealedEvent``), each VTIMEZONE once per process, the calendar's bytes joined from them
(the same bytes as ``icalendar.Calendar.to_ical``).

UIDs: ``<kind>-<key>-<cohort>-<programme identity>@playbook.invalid``; the identity is a hash of
the organisation and programme name, so two programmes never share a UID, and the same event has
the same UID in the cohort calendar and in every pair's calendar.

SEQUENCE: each event's content (everything but DTSTAMP and SEQUENCE) is hashed. The history,
kept privately in ``reports/.calendar-sequence.json`` (``{uid: [sequence, digest]}``), gives the
recorded SEQUENCE while the digest is unchanged and the recorded one plus one after a change, so
a re-sent invitation replaces the old one. ``playbook pack`` and ``playbook remind`` record the
history (they send calendars to people); the site build reads it and never writes it, so the
same inputs always give the same bytes. A UID never recorded has SEQUENCE 0.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import zoneinfo
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import icalendar
from icalendar.parser import Contentline

from generator.errors import PlaybookError
from generator.i18n import gettext as _
from generator.model import Program
from generator.progress.events import PlannedSession, page_address, planned_sessions, programme_identity
from generator.progress.model import Cohort, Event
from generator.write import write_if_changed

PRODUCT_ID = "-//Playbook//Mentoring programme calendar//EN"
DEFAULT_SESSION_MINUTES = 45
HISTORY_FILE = ".calendar-sequence.json"
FOLD_AFTER = 74  # bytes of a content line that icalendar never folds


@dataclass
class CalendarHistory:
    """Each UID's last SEQUENCE and content digest; ``sequence`` gives (and records) the SEQUENCE of a version."""

    recorded: dict[str, tuple[int, str]] = field(default_factory=dict)

    def sequence(self, uid: str, digest: str) -> int:
        """The recorded SEQUENCE if ``digest`` is the recorded content, else one more (recorded in memory)."""
        number, known = self.recorded.get(uid, (-1, ""))
        if known == digest:
            return number
        self.recorded[uid] = (number + 1, digest)
        return number + 1

    @classmethod
    def load(cls, reports_dir: Path) -> CalendarHistory:
        """The history in ``reports/.calendar-sequence.json`` (empty when there is none); a broken file is a located error."""
        path = reports_dir / HISTORY_FILE
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls({str(uid): (int(number), str(digest)) for uid, (number, digest) in data.items()})
        except (ValueError, TypeError, AttributeError, OSError) as error:
            raise PlaybookError(
                f"reports/{HISTORY_FILE}", 0, 0, (), f"cannot be read ({error}); delete it to start the calendar history again."
            ) from None

    def save(self, reports_dir: Path) -> None:
        """Write the history atomically (sorted, so the same history gives the same bytes)."""
        data = {uid: list(self.recorded[uid]) for uid in sorted(self.recorded)}
        write_if_changed(reports_dir / HISTORY_FILE, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


@dataclass(frozen=True)
class EncodedProperty:
    """One property as ``icalendar.Event.add`` stores it (``value``, under ``name``) and its folded content ``lines``.

    Shared by every event of a ``CalendarContext`` that has the same property: never changed.
    """

    name: str
    value: Any
    lines: tuple[bytes, ...]
    tzids: frozenset[str]
    """The TZID parameters of its values (``icalendar.Calendar.get_used_tzids`` looks for the same)."""


def encode_property(name: str, value: Any) -> EncodedProperty:
    """``value`` added to an event by icalendar (``Event.add``), with the lines its ``to_ical`` writes for it."""
    scratch = icalendar.Event()
    scratch.add(name, value)
    ((key, stored),) = scratch.items()
    values = _listed(stored)
    lines = tuple(_folded(scratch.content_line(key, item)) for item in values)
    return EncodedProperty(key, stored, lines, frozenset(item.params.get("TZID") for item in values if hasattr(item, "params")) - {None})


def _listed(value: Any) -> list[Any]:
    """A property's values: icalendar stores a property given more than once as a list."""
    return value if isinstance(value, list) else [value]


def _value_key(value: Any) -> Hashable | None:
    """What fully decides how icalendar writes ``value``, for values whose equality says so; None for any other value.

    A datetime's key holds its wall time, fold and time zone object (a ``ZoneInfo``, UTC or none),
    since aware datetimes at the same instant in two zones are equal but are written differently;
    one with another ``tzinfo`` (a fixed offset: equal to UTC or to another of the same offset
    whatever its name) is not kept.
    """
    kind = type(value)
    if kind in (str, int, datetime.date):
        return (kind, value)
    if kind is list and all(type(item) is str for item in value):
        return (kind, tuple(value))
    if kind is datetime.datetime and _named_zone(value.tzinfo):
        return (kind, value.replace(tzinfo=None), value.fold, value.tzinfo)
    return None


def _named_zone(zone: datetime.tzinfo | None) -> bool:
    """No zone, UTC itself or a ``ZoneInfo``: among these, a zone equals only itself (a fixed offset would equal UTC)."""
    return zone is None or zone is datetime.UTC or type(zone) is zoneinfo.ZoneInfo


@dataclass(frozen=True)
class CalendarContext:
    """What every event of one run shares: the programme, DTSTAMP, the site's address and the history.

    ``encoded`` keeps each property value encoded once (``encode_property``): the events of a run
    share their DTSTAMP, SEQUENCE, times and titles, so most content lines are written once.
    """

    program: Program
    stamp: datetime.datetime
    site_url: str | None = None
    history: CalendarHistory = field(default_factory=CalendarHistory)
    encoded: dict[Hashable, EncodedProperty] = field(default_factory=dict, compare=False, repr=False)

    def uid(self, cohort: Cohort, kind: str, key: str) -> str:
        return f"{kind}-{key}-{cohort.id}-{programme_identity(self.program)}@playbook.invalid"

    def encode(self, name: str, value: Any) -> EncodedProperty:
        """``encode_property(name, value)``, made once per distinct name and value in this context."""
        key = _value_key(value)
        if key is None:
            return encode_property(name, value)
        found = self.encoded.get((name, key))
        if found is None:
            found = self.encoded[name, key] = encode_property(name, value)
        return found

    def finish(self, uid: str, properties: Sequence[tuple[str, Any]]) -> SealedEvent:
        """A VEVENT with its UID, DTSTAMP and the SEQUENCE its content earns, then ``properties`` in order.

        The same event as adding each property with ``Event.add``, and ``ical`` the bytes of its
        ``to_ical``: each property is encoded once per context (``encode``), the lines kept in
        icalendar's order. The content is every line but DTSTAMP and SEQUENCE, and only the
        SEQUENCE is encoded again when the content earns another number than 0.
        """
        given = [("uid", uid), ("dtstamp", self.stamp), ("sequence", 0), *properties]
        encoded = _merged(self.encode(name, value) for name, value in given)
        event = SealedEvent()
        for item in encoded.values():
            event[item.name] = item.value
        order, (begin, end) = event.sorted_keys(), _frame_lines()
        content = [line for name in order if name not in ("DTSTAMP", "SEQUENCE") for line in encoded[name].lines]
        sequence = self.history.sequence(uid, hashlib.sha256(_joined([begin, *content, end])).hexdigest())
        if sequence:
            encoded["SEQUENCE"] = self.encode("sequence", sequence)
            event["SEQUENCE"] = encoded["SEQUENCE"].value
        event.ical = _joined([begin, *(line for name in order for line in encoded[name].lines), end])
        event.tzids = frozenset().union(*(item.tzids for item in encoded.values()))
        return event


def _merged(properties: Iterable[EncodedProperty]) -> dict[str, EncodedProperty]:
    """The properties by name; one given twice holds both values and lines in order, as ``Event.add`` stores it."""
    found: dict[str, EncodedProperty] = {}
    for item in properties:
        earlier = found.get(item.name)
        found[item.name] = (
            item
            if earlier is None
            else EncodedProperty(
                item.name, [*_listed(earlier.value), *_listed(item.value)], earlier.lines + item.lines, earlier.tzids | item.tzids
            )
        )
    return found


class SealedEvent(icalendar.Event):
    """A finished VEVENT that keeps its iCalendar bytes (``ical``), made once by ``CalendarContext.finish``.

    Not to be changed afterwards: ``calendar_bytes`` writes ``ical`` as it is, and its property
    values are shared with other events of the same context.
    """

    ical: bytes = b""
    tzids: frozenset[str] = frozenset()
    """The TZIDs its properties use."""


@functools.cache
def _frame_lines() -> tuple[bytes, bytes]:
    """The BEGIN:VEVENT and END:VEVENT lines, as an event's ``to_ical`` writes them."""
    (_begin, begin), (_end, end) = _content_lines(SealedEvent())
    return begin, end


def _content_lines(component: icalendar.cal.component.Component) -> list[tuple[str, bytes]]:
    """The component's folded content lines with their property names, BEGIN to END, exactly as its ``to_ical`` writes them."""
    return [
        (name, _frame_line(name, value) if isinstance(value, bytes) else _folded(component.content_line(name, value)))
        for name, value in component.property_items()
    ]


@functools.cache
def _frame_line(name: str, value: bytes) -> bytes:
    """A BEGIN or END line (``property_items`` gives their value as bytes), written once per process."""
    return _folded(icalendar.Event().content_line(name, value))


def _folded(line: Contentline) -> bytes:
    """``line.to_ical()``: RFC 5545 folds a line only past 74 bytes, so a shorter one is just encoded."""
    encoded = line.encode("utf-8")
    return encoded if len(encoded) <= FOLD_AFTER else line.to_ical()  # type: ignore[no-untyped-call]  # to_ical is unannotated


def _joined(lines: Iterable[bytes]) -> bytes:
    """Content lines as iCalendar text, each ended by CRLF."""
    return b"".join(line + b"\r\n" for line in lines)


@dataclass(frozen=True)
class Slot:
    """When a series of sessions happens: the time of day and the time zone."""

    time: datetime.time
    timezone: str


def _moment(day: datetime.date, time: datetime.time, timezone: str) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(timezone))


def session_minutes(program: Program, session: PlannedSession) -> int:
    """A session's length: its agenda's, else the programme's session length, else 45 minutes."""
    if session.agenda:
        return session.agenda.duration_minutes
    return program.expectations.session_minutes or DEFAULT_SESSION_MINUTES


def session_title(program: Program, cohort: Cohort, session: PlannedSession) -> str:
    """``<programme>: Session 3 of 12 (Regular session)``."""
    title = _("{programme}: session {number} of {total}").format(
        programme=program.info.name, number=session.number, total=cohort.planned_sessions
    )
    return f"{title} ({session.agenda.title})" if session.agenda else title


def session_event(
    context: CalendarContext, cohort: Cohort, session: PlannedSession, slot: Slot, uid: str, notes: Iterable[str] = ()
) -> SealedEvent:
    """A planned session at ``slot``: its agenda in the title, a link to the agenda page, and ``notes`` (such as form links)."""
    start = _moment(session.day, slot.time, slot.timezone)
    lines = [_("{cohort}, week {week}.").format(cohort=cohort.name, week=session.week)]
    properties: list[tuple[str, Any]] = [
        ("dtstart", start),
        ("dtend", start + datetime.timedelta(minutes=session_minutes(context.program, session))),
        ("summary", session_title(context.program, cohort, session)),
    ]
    if session.agenda:
        address = page_address(context.site_url, f"agendas/{session.agenda.id}.md")
        lines.append(_("Agenda: {title} {address}").format(title=session.agenda.title, address=address))
        if context.site_url:
            properties.append(("url", address))
    properties.append(("description", "\n".join([*lines, *notes])))
    return context.finish(uid, properties)


def host_name(program: Program, host: str | None) -> str:
    """An event's host as people read it: a role's name for a role id, else the text as written."""
    return next((role.name for role in program.roles if role.id == host), host or "")


def _event_lines(context: CalendarContext, event: Event) -> list[str]:
    lines = [event.description] if event.description else []
    if event.host:
        lines.append(_("Host: {host}").format(host=host_name(context.program, event.host)))
    if event.agenda:
        address = page_address(context.site_url, f"agendas/{event.agenda}.md")
        lines.append(_("Agenda: {title} {address}").format(title=context.program.agenda(event.agenda).title, address=address))
    if event.module:
        address = page_address(context.site_url, f"training/{event.module}.md")
        lines.append(_("Training module: {title} {address}").format(title=context.program.module(event.module).title, address=address))
    if event.link:
        lines.append(_("Join: {link}").format(link=event.link))
    return lines


def cohort_event(context: CalendarContext, cohort: Cohort, event: Event) -> SealedEvent:
    """A whole-cohort event in the programme's time zone, with where, who hosts and what it follows."""
    start = _moment(event.date, event.clock, context.program.info.timezone)
    properties: list[tuple[str, Any]] = [
        ("dtstart", start),
        ("dtend", start + datetime.timedelta(minutes=event.duration)),
        ("summary", f"{cohort.name}: {event.title}"),
        ("categories", [event.kind]),
        ("location", event.place or event.link),
        ("description", "\n".join(_event_lines(context, event))),
    ]
    if event.link:
        properties.append(("url", event.link))
    return context.finish(context.uid(cohort, "event", event.id), properties)


def milestone_event(context: CalendarContext, cohort: Cohort, milestone_id: str, title: str, day: datetime.date) -> SealedEvent:
    properties: list[tuple[str, Any]] = [
        ("dtstart", day),
        ("dtend", day + datetime.timedelta(days=1)),
        ("summary", f"{cohort.name}: {title}"),
        ("transp", "TRANSPARENT"),
    ]
    return context.finish(context.uid(cohort, "milestone", milestone_id), properties)


def calendar_bytes(name: str, timezone: str, events: Iterable[icalendar.Event]) -> bytes:
    """A VCALENDAR of ``events`` with the VTIMEZONE of every zone they use (same input, same bytes).

    The bytes are those of the ``icalendar.Calendar`` holding the VTIMEZONEs, then the events; each
    VTIMEZONE is written once per process and each ``SealedEvent`` once.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    frame = [line for _name, line in _content_lines(calendar)]  # BEGIN, the calendar's properties, END
    every = list(events)
    sealed = [event for event in every if isinstance(event, SealedEvent)]
    calendar.subcomponents = [event for event in every if not isinstance(event, SealedEvent)]
    tzids = calendar.get_missing_tzids().union(*(event.tzids for event in sealed)) - {"UTC"}  # a SealedEvent knows its TZIDs
    zones = [zone for tzid in sorted(tzids) if (zone := _timezone_bytes(tzid)) is not None]
    body = [event.ical if isinstance(event, SealedEvent) else event.to_ical() for event in every]
    return _joined(frame[:-1]) + b"".join(zones) + b"".join(body) + _joined(frame[-1:])


def cohort_calendar(context: CalendarContext, cohort: Cohort) -> bytes:
    """The cohort's calendar: planned sessions at the cohort's time with their agenda, its events and milestones."""
    program = context.program
    slot = Slot(datetime.time.fromisoformat(cohort.session_time), program.info.timezone)
    sessions = [
        session_event(context, cohort, session, slot, context.uid(cohort, "session", f"{session.number:03d}"))
        for session in planned_sessions(program, cohort)
    ]
    events = [cohort_event(context, cohort, event) for event in cohort.events_for()]
    milestones = [milestone_event(context, cohort, item.id, item.title, item.due) for item in cohort.milestones]
    return calendar_bytes(f"{program.info.name}: {cohort.name}", program.info.timezone, [*sessions, *events, *milestones])


@functools.cache
def _timezone_bytes(tzid: str) -> bytes | None:
    """The VTIMEZONE of ``tzid`` (its rules from 1970 to 2038) as iCalendar bytes, made once per process; None if unknown."""
    try:
        return icalendar.Timezone.from_tzid(tzid).to_ical()  # type: ignore[no-any-return]  # to_ical is unannotated
    except ValueError:
        return None
