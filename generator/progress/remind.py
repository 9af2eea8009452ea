"""``playbook remind COHORT``: work out each person's due messages, write them to the outbox, and send them once.

Input: a loaded programme (the cohort, its roster and session log, the pairs' links, the
``reminders`` settings), an as-of date (``--as-of``, else program.as_of or the build date) and
the environment (SMTP settings, password only from there).
Output: ``Outgoing`` messages due in the window from the as-of date to ``reminders.days_ahead``
days later: to each person in an active pair, an upcoming session (its agenda, its links and the
session's .ics), a whole-cohort event for their role (with its .ics), a survey due for their role;
to the cohort lead (``lead_email``, private), the pairs behind plan or silent, by the same
measures as the progress pages and the private report (``report.pair_progress_rows``). They are
written as .eml files to ``reports/outbox/``; with ``send`` they are delivered over SMTP once each
(``mail.send_messages``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from generator.loading import Loaded, as_of_date, build_epoch
from generator.progress import measures
from generator.progress.calendar import CalendarContext, CalendarHistory, calendar_bytes, cohort_event, host_name
from generator.progress.data import Pair
from generator.progress.events import page_address
from generator.progress.mail import MailTemplates, Outgoing, compose, send_messages, sender_of, smtp_settings, write_outbox
from generator.progress.model import Cohort, Event, find_cohort, reminders_of
from generator.progress.pack import (
    PairLinks,
    active_pairs,
    calendar_context,
    pair_events,
    pair_links,
    pair_session_event,
    pair_sessions,
    pair_slot,
)
from generator.progress.report import NEEDS_ATTENTION, find_cohort_part, pair_progress_rows
from generator.surveys.answers import find_survey


@dataclass(frozen=True)
class Window:
    """The days a reminder looks ahead: from the as-of date to ``days_ahead`` days later."""

    first: datetime.date
    last: datetime.date

    def holds(self, day: datetime.date) -> bool:
        return self.first <= day <= self.last


def _people(pair: Pair) -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """(role, name, email, the others' names) for everyone in the pair."""
    for role, person in pair.members:
        yield role, person.name, person.email, tuple(other.name for _role, other in pair.members if other.email != person.email)


def session_messages(context: CalendarContext, cohort: Cohort, pair: Pair, links: PairLinks, window: Window) -> list[Outgoing]:
    """Each person's reminder of the pair's sessions in the window, with the session's .ics."""
    found = []
    slot = pair_slot(context.program, cohort, pair)
    for session in (item for item in pair_sessions(context.program, cohort, pair) if window.holds(item.day)):
        event = pair_session_event(context, cohort, pair, session, links)
        invite = calendar_bytes(context.program.info.name, slot.timezone, [event])
        agenda = page_address(context.site_url, f"agendas/{session.agenda.id}.md") if session.agenda else None
        for role, name, address, partners in _people(pair):
            values = {"name": name, "role": role, "partners": partners, "cohort": cohort, "session": session, "slot": slot}
            values |= {"agenda_address": agenda, "links": links, "total": cohort.planned_sessions}
            key = f"session/{cohort.id}/{pair.id}/{session.number:03d}/{session.day}/{address.lower()}"
            found.append(Outgoing(key, name, address, "session", values, invite))
    return found


def _event_addresses(context: CalendarContext, event: Event) -> dict[str, str | None]:
    return {
        "agenda": page_address(context.site_url, f"agendas/{event.agenda}.md") if event.agenda else None,
        "module": page_address(context.site_url, f"training/{event.module}.md") if event.module else None,
    }


def event_messages(context: CalendarContext, cohort: Cohort, pairs: tuple[Pair, ...], window: Window) -> list[Outgoing]:
    """Each invited person's reminder of a whole-cohort event in the window, with the event's .ics."""
    found = []
    for pair in pairs:
        for event in (item for item in pair_events(cohort, pair) if window.holds(item.date)):
            invite = calendar_bytes(context.program.info.name, context.program.info.timezone, [cohort_event(context, cohort, event)])
            host = host_name(context.program, event.host)
            for role, name, address, _partners in _people(pair):
                if event.is_for(role):
                    values = {"name": name, "cohort": cohort, "event": event, "host": host, "addresses": _event_addresses(context, event)}
                    key = f"event/{cohort.id}/{event.id}/{event.date}T{event.time}/{address.lower()}"
                    found.append(Outgoing(key, name, address, "event", values, invite))
    return found


def answered(loaded: Loaded, cohort: Cohort) -> set[tuple[str, str, str]]:
    """(survey, pair, role) of every answer that names its pair: those people are not reminded again."""
    responses = find_cohort_part(loaded, cohort.id).data.responses
    return {(response.survey, response.pair, response.role) for response in responses if response.pair}


def survey_messages(
    context: CalendarContext, cohort: Cohort, pairs: tuple[Pair, ...], window: Window, done: set[tuple[str, str, str]]
) -> list[Outgoing]:
    """Each person's reminder of a survey milestone due in the window, when the survey is for their role and not yet answered."""
    found = []
    for milestone in (item for item in cohort.milestones if item.survey and window.holds(item.due)):
        survey = find_survey(context.program, milestone.survey)
        if survey is None:
            continue
        address_of = page_address(context.site_url, f"surveys/{survey.id}.md")
        for pair in pairs:
            for role, name, address, _partners in _people(pair):
                if role in survey.audience and (survey.id, pair.id, role) not in done:
                    values = {"name": name, "cohort": cohort, "survey": survey, "milestone": milestone, "address": address_of}
                    key = f"survey/{cohort.id}/{milestone.id}/{milestone.due}/{address.lower()}"
                    found.append(Outgoing(key, name, address, "survey", values))
    return found


def lead_messages(loaded: Loaded, cohort: Cohort, as_of: datetime.date) -> list[Outgoing]:
    """The cohort lead's list of pairs behind plan or silent (none when every pair is on track or no lead_email is set)."""
    if not cohort.lead_email:
        return []
    rows = [row for row in pair_progress_rows(find_cohort_part(loaded, cohort.id), as_of) if row.health in NEEDS_ATTENTION]
    if not rows:
        return []
    values = {"name": cohort.lead or cohort.lead_email, "cohort": cohort, "rows": rows, "as_of": as_of, "silent": measures.SILENT}
    key = f"lead/{cohort.id}/{as_of}/{cohort.lead_email.lower()}"
    return [Outgoing(key, cohort.lead or "", cohort.lead_email, "lead", values)]


def due_messages(loaded: Loaded, cohort_id: str, as_of: datetime.date, history: CalendarHistory) -> list[Outgoing]:
    """Every message due on ``as_of`` for the cohort, in a stable order."""
    cohort = find_cohort(loaded.program, cohort_id)
    pairs = active_pairs(loaded, cohort)
    links = pair_links(loaded, cohort, pairs)
    context = calendar_context(loaded, history)
    window = Window(as_of, as_of + datetime.timedelta(days=reminders_of(loaded.program).days_ahead))
    found = [message for pair in pairs for message in session_messages(context, cohort, pair, links[pair.id], window)]
    found += event_messages(context, cohort, pairs, window)
    found += survey_messages(context, cohort, pairs, window, answered(loaded, cohort))
    found += lead_messages(loaded, cohort, as_of)
    return sorted(found, key=lambda message: message.key)


@dataclass(frozen=True)
class RemindResult:
    """What one run did: the .eml files written, and with ``send`` the messages delivered and those sent before."""

    written: list[Path]
    delivered: int = 0
    already_sent: int = 0


def remind(loaded: Loaded, cohort_id: str, as_of: datetime.date | None, send: bool, environ: Mapping[str, str]) -> RemindResult:
    """Write the cohort's due messages to ``reports/outbox/``; with ``send``, deliver those not sent before."""
    day = as_of or as_of_date(loaded.program, build_epoch(loaded.project))
    reminders = reminders_of(loaded.program)
    settings = smtp_settings(loaded.document, reminders, environ) if send else None
    sender = settings.sender if settings else sender_of(loaded.document, reminders, environ)
    history = CalendarHistory.load(loaded.project.reports_dir)
    outgoing = due_messages(loaded, cohort_id, day, history)
    templates = MailTemplates(loaded.project.root, loaded.program)
    stamp = datetime.datetime(day.year, day.month, day.day, 8, 0, tzinfo=datetime.UTC)
    messages: list[tuple[Outgoing, EmailMessage]] = [(item, compose(templates, item, sender, stamp)) for item in outgoing]
    written = write_outbox(loaded.project.reports_dir, messages)
    history.save(loaded.project.reports_dir)
    if settings is None:
        return RemindResult(written)
    sent_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    delivered, skipped = send_messages(settings, [message for _item, message in messages], loaded.project.reports_dir, sent_at)
    return RemindResult(written, delivered, skipped)
