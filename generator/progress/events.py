"""Whole-cohort events, breaks and the agenda plan: their checks, and each planned session with its agenda.

Input: program.yaml's raw ``Document`` and ``RefIndex`` (for the located cross-reference checks),
or the typed ``Program`` with a ``Cohort`` (and a pair's first day) for the planner.
Output: ``check_cohort_plans`` (located ``PlaybookError`` values: unknown agenda, module or role
ids, an event outside its cohort or with neither place nor link, a break ending before it
starts, overlapping agenda ranges) and ``planned_sessions`` (``PlannedSession``: number, day,
cohort week and agenda, breaks skipped), ``programme_identity`` (the hash that makes calendar
UIDs unique across programmes) and ``page_address`` (a site page's address).

The planner's rule for breaks: sessions fall one cadence apart from the first day; a slot that
falls inside a break is skipped and the session takes the next free slot, so the plan keeps its
length while the cohort's dates allow (``Cohort.session_slots``). A session's agenda is the one
the cohort's ``agenda_plan`` gives its week; without a plan for that week, the agenda whose
programme ``week`` falls in the session's cadence period.
"""

from __future__ import annotations

import datetime
import hashlib
import urllib.parse
from dataclasses import dataclass
from typing import Any

from generator.errors import KeyPath, PlaybookError
from generator.load import Document
from generator.model import Agenda, Program
from generator.progress.model import EVERYONE, Cohort
from generator.refs import RefIndex, entries


@dataclass(frozen=True)
class PlannedSession:
    """One planned session: its number in the plan, its day, its cohort week and its agenda (if any)."""

    number: int
    day: datetime.date
    week: int
    agenda: Agenda | None


def session_agenda(program: Program, cohort: Cohort, day: datetime.date) -> Agenda | None:
    """The agenda of a session on ``day`` (``Cohort.agenda_for``: the agenda plan's, else that of the programme week)."""
    found = cohort.agenda_for(day, program.agendas)
    return program.agenda(found) if found is not None else None


def planned_sessions(program: Program, cohort: Cohort, first: datetime.date | None = None) -> tuple[PlannedSession, ...]:
    """The planned sessions from ``first`` (default the cohort's start), breaks skipped, each with its agenda."""
    days = cohort.session_slots(first or cohort.start)
    return tuple(
        PlannedSession(number, day, cohort.week_of(day), session_agenda(program, cohort, day)) for number, day in enumerate(days, start=1)
    )


def programme_identity(program: Program) -> str:
    """A short hash of the organisation and programme name: calendar UIDs carry it, so two programmes never share one."""
    text = f"{program.info.organisation}\x00{program.info.name}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def page_address(site_url: str | None, page: str) -> str:
    """The address of a site page (``agendas/kickoff.md`` → ``<site_url>/agendas/kickoff/``); site-relative without ``site_url``."""
    folder = page.removesuffix(".md").removesuffix("index").rstrip("/")
    path = f"{folder}/" if folder else ""
    return urllib.parse.urljoin(site_url.rstrip("/") + "/", path) if site_url else f"/{path}"


def _reference(document: Document, index: RefIndex, path: KeyPath, kind: str, value: Any) -> list[PlaybookError]:
    if isinstance(value, str) and not index.has(kind, value):
        return [index.unknown(document, path, kind, value)]
    return []


def _inside(start: Any, end: Any, day: Any) -> bool:
    """Whether the text date ``day`` lies in [start, end] (true when any of them is not a date text)."""
    texts = all(isinstance(value, str) for value in (start, end, day))
    return not texts or start <= day <= end


def _event_errors(document: Document, index: RefIndex, path: KeyPath, event: dict[str, Any], cohort: dict[str, Any]) -> list[PlaybookError]:
    errors = _reference(document, index, (*path, "agenda"), "agenda", event.get("agenda"))
    errors += _reference(document, index, (*path, "module"), "training module", event.get("module"))
    audience = event.get("audience")
    for number, role in enumerate(audience if isinstance(audience, list) else []):
        if role != EVERYONE:
            errors += _reference(document, index, (*path, "audience", number), "role", role)
    if "agenda" in event and "module" in event:
        errors.append(document.error(path, "an event follows either an agenda or a training module, not both; keep one."))
    if "place" not in event and "link" not in event:
        errors.append(document.error(path, "an event needs a place or a link (or both), so people know where to go; add place: or link:."))
    start, end, day = cohort.get("start"), cohort.get("end"), event.get("date")
    if not _inside(start, end, day):
        errors.append(document.error((*path, "date"), f"{day} is outside the cohort ({start} to {end}); move the event inside."))
    return errors


def _break_errors(document: Document, path: KeyPath, pause: dict[str, Any]) -> list[PlaybookError]:
    start, end = pause.get("start"), pause.get("end")
    if isinstance(start, str) and isinstance(end, str) and end < start:
        return [document.error((*path, "end"), f"end {end} is before start {start}; swap them or fix the date.")]
    return []


def _weeks(plan: dict[str, Any]) -> tuple[int, int] | None:
    """(from_week, to_week) when both are whole numbers (the declaration words any other value)."""
    first, last = plan.get("from_week"), plan.get("to_week", plan.get("from_week"))
    if isinstance(first, int) and isinstance(last, int) and not isinstance(first, bool) and not isinstance(last, bool):
        return first, last
    return None


def _plan_errors(document: Document, index: RefIndex, cohort_path: KeyPath, cohort: dict[str, Any]) -> list[PlaybookError]:
    errors: list[PlaybookError] = []
    taken: list[tuple[int, int, int]] = []
    for path, plan in entries(cohort, "agenda_plan"):
        located = (*cohort_path, *path)
        errors += _reference(document, index, (*located, "agenda"), "agenda", plan.get("agenda"))
        weeks = _weeks(plan)
        if weeks is None:
            continue
        first, last = weeks
        if last < first:
            errors.append(document.error((*located, "to_week"), f"to_week {last} is before from_week {first}; swap them."))
            continue
        clash = next((number for number, low, high in taken if low <= last and first <= high), None)
        if clash is not None:
            message = f"weeks {first} to {last} overlap agenda_plan item {clash + 1}; each week may have one agenda."
            errors.append(document.error((*located, "from_week"), message))
        taken.append((int(path[-1]), first, last))
    return errors


def check_cohort_plans(document: Document, index: RefIndex) -> list[PlaybookError]:
    """Located problems in every cohort's events, breaks and agenda plan that the declarations cannot see."""
    errors: list[PlaybookError] = []
    for cohort_path, cohort in entries(document.data, "cohorts"):
        seen: set[str] = set()
        for path, event in entries(cohort, "events"):
            located = (*cohort_path, *path)
            ident = event.get("id")
            if isinstance(ident, str) and ident in seen:
                errors.append(document.error((*located, "id"), f"duplicate event id '{ident}' in this cohort; ids must be unique."))
            seen.add(str(ident))
            errors += _event_errors(document, index, located, event, cohort)
        for path, pause in entries(cohort, "breaks"):
            errors += _break_errors(document, (*cohort_path, *path), pause)
        errors += _plan_errors(document, index, cohort_path, cohort)
    return errors
