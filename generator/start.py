"""Start pages: one page per role that says what to do now.

Input: a ``Bundle`` (the ``Program``, its figures, whose progress part carries the build's as-of
date), the ``Renderer`` and the build's ``References``.
Output: a "Start here" ``Section`` with ``start/<role>.md`` for each role: what to do this week
(for a role that answers no survey, the cohort lead, also the monthly check-in with every
participant while a cohort runs), the next session and its agenda (as the cohort calendar plans them:
breaks skipped, the agenda plan first), the role's training as a checklist (ticked in the browser by
playbook.js), and the surveys due. Every item is a link; labels are names, never ids.
"""

from __future__ import annotations

import calendar
import datetime
import posixpath
from dataclasses import dataclass
from typing import Any

from generator.crossref import References
from generator.i18n import format_date, ngettext
from generator.i18n import format_duration as duration
from generator.i18n import gettext as _
from generator.model import Program, Role, learning_path
from generator.pages import Bundle, Page, Section
from generator.templating import Renderer

AFTER_SESSION = "after-session"


@dataclass(frozen=True)
class Link:
    """One item of a start page: words, the page they link to, and an optional note."""

    label: str
    href: str
    note: str = ""


@dataclass(frozen=True)
class Session:
    """A planned session of a cohort: its number, date and agenda id."""

    number: int
    date: datetime.date
    agenda: str | None


def as_of(bundle: Bundle) -> datetime.date:
    """The build's as-of date: the progress figures' date, program.as_of, or today."""
    found = getattr(bundle.figures.get("progress"), "as_of", None)
    if isinstance(found, datetime.date):
        return found
    written = bundle.program.info.as_of
    return datetime.date.fromisoformat(str(written)) if written else datetime.date.today()


def current_cohort(program: Program, today: datetime.date) -> Any | None:
    """The cohort running on ``today``, else the next to start, else the last to end."""
    cohorts = sorted(program.sections.get("cohorts") or (), key=lambda cohort: cohort.start)
    running = [cohort for cohort in cohorts if cohort.start <= today <= cohort.end]
    upcoming = [cohort for cohort in cohorts if cohort.start > today]
    return (running or upcoming or cohorts[-1:] or [None])[0]


def sessions(program: Program, cohort: Any) -> list[Session]:
    """The cohort's planned sessions, from the cohort's own planner (``planned_dates``: breaks skipped), with their agendas."""
    return [Session(number, day, session_agenda(program, cohort, day)) for number, day in enumerate(cohort.planned_dates(), start=1)]


def session_agenda(program: Program, cohort: Any, day: datetime.date) -> str | None:
    """The agenda id of a session on ``day``: the cohort's own rule (``Cohort.agenda_for``), which the calendar uses too."""
    found: str | None = cohort.agenda_for(day, program.agendas)
    return found


class StartPage:
    """The links on one role's start page, relative to ``start/<role>.md``."""

    def __init__(self, bundle: Bundle, refs: References, role: Role) -> None:
        self.program = bundle.program
        self.refs = refs
        self.role = role
        self.today = as_of(bundle)
        self.cohort = current_cohort(self.program, self.today)
        self.page = f"start/{role.id}.md"

    def link(self, kind: str, key: str, note: str = "") -> Link:
        """A link to a programme item by kind and id (titled from program.yaml)."""
        target = self.refs.targets[kind]
        return Link(target.titles[key], _relative(target.page(key), self.page), note)

    def next_session(self) -> Session | None:
        upcoming = [item for item in sessions(self.program, self.cohort) if item.date >= self.today] if self.cohort else []
        return upcoming[0] if upcoming else None

    def this_week(self) -> list[Link]:
        """Milestones due in the next seven days and a session this week; before the start, the first steps."""
        if self.cohort is None:
            return []
        week_end = self.today + datetime.timedelta(days=6)
        items = [self._milestone(milestone) for milestone in self.cohort.milestones if self.today <= milestone.due <= week_end]
        session = self.next_session()
        if session and session.date <= week_end and session.agenda:
            note = _("session %(number)s, %(day)s") % {"number": session.number, "day": _day(session.date)}
            items.append(self.link("agenda", session.agenda, note))
        check_in = self.check_in()
        if check_in:
            items.append(check_in)
        if self.today < self.cohort.start or not items:
            items += self.first_steps()
        return items

    @property
    def answers_surveys(self) -> bool:
        """Whether this role answers surveys; a role that answers none (the cohort lead) sends them."""
        return any(self.role.id in survey.audience for survey in self.program.sections.get("surveys") or ())

    def check_in(self) -> Link | None:
        """For the role that leads the cohort, while it runs: the monthly check-in with every participant.

        Check-ins fall monthly from the cohort's start; the link goes to the cohort page, which shows
        the pairs that have gone silent or fallen behind.
        """
        if self.cohort is None or self.answers_surveys or not self.cohort.start <= self.today <= self.cohort.end:
            return None
        due = next_monthly(self.cohort.start, self.today)
        if due > self.cohort.end:
            return None
        target = self.link("cohort", self.cohort.id)
        label = _("Monthly check-in with every participant of the %(cohort)s") % {"cohort": target.label}
        return Link(label, target.href, _("by %(day)s") % {"day": _day(due)})

    def _milestone(self, milestone: Any) -> Link:
        kind, key = ("survey", milestone.survey) if milestone.survey else ("agenda", milestone.agenda)
        if key is None:
            kind, key = "cohort", str(getattr(self.cohort, "id", ""))
        return self.link(kind, key, _("%(title)s, due %(day)s") % {"title": milestone.title, "day": _day(milestone.due)})

    def first_steps(self) -> list[Link]:
        """The role's training path and guidelines: always useful, always links."""
        path = learning_path(self.program, self.role.id)
        count = ngettext("%(num)d module", "%(num)d modules", len(path)) % {"num": len(path)}
        items = [self.link("path", self.role.id, f"{count}, {duration(_minutes(path))}")] if path else []
        pages = [page.id for page in self.program.guideline_pages]
        return items + [self.link("guideline", key) for key in pages[:2]]

    def training(self) -> list[Link]:
        return [self.link("module", module.id, duration(module.duration_minutes)) for module in learning_path(self.program, self.role.id)]

    def surveys_due(self) -> list[Link]:
        """Surveys this role answers (or, for a role outside every audience, sends), due from today."""
        surveys = {survey.id: survey for survey in self.program.sections.get("surveys") or ()}
        wanted = {key for key, survey in surveys.items() if self.role.id in survey.audience} or set(surveys)
        items = [
            self.link("survey", milestone.survey, _("due %(day)s") % {"day": _day(milestone.due)})
            for milestone in (self.cohort.milestones if self.cohort else ())
            if milestone.survey in wanted and milestone.due >= self.today
        ]
        after = [key for key in sorted(wanted) if surveys[key].when == AFTER_SESSION]
        return items + [self.link("survey", key, _("after every session")) for key in after]


def next_monthly(start: datetime.date, today: datetime.date) -> datetime.date:
    """The first day on or after ``today`` that is one or more whole months after ``start``.

    A month without the start's day of the month uses its last day (31 January, 28 February…).
    """
    months = max(1, (today.year - start.year) * 12 + today.month - start.month)
    while (day := months_after(start, months)) < today:
        months += 1
    return day


def months_after(start: datetime.date, months: int) -> datetime.date:
    years, month = divmod(start.month - 1 + months, 12)
    year = start.year + years
    return datetime.date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _minutes(modules: tuple[Any, ...]) -> int:
    return sum(module.duration_minutes for module in modules)


def _day(day: datetime.date) -> str:
    """A day with its weekday, in the active language (``Wednesday, November 25, 2026``)."""
    return format_date(day, "full")


def start_page(bundle: Bundle, renderer: Renderer, refs: References, role: Role) -> Page:
    """``start/<role>.md`` for one role."""
    start = StartPage(bundle, refs, role)
    session = start.next_session()
    text = renderer.render(
        "start.md.j2",
        role=role,
        today=_day(start.today),
        cohort=start.link("cohort", start.cohort.id) if start.cohort else None,
        this_week=start.this_week(),
        session=session,
        session_day=_day(session.date) if session else "",
        session_agenda=start.link("agenda", session.agenda) if session and session.agenda else None,
        session_time=start.cohort.session_time if start.cohort else "",
        training=start.training(),
        path=start.link("path", role.id) if start.training() else None,
        surveys=start.surveys_due(),
        answers=start.answers_surveys,
    )
    return Page(start.page, text)


def start_section(bundle: Bundle, renderer: Renderer, refs: References) -> Section | None:
    """The "Start here" section: one page per role."""
    roles = bundle.program.roles
    if not roles:
        return None
    return Section(_("Start here"), tuple(start_page(bundle, renderer, refs, role) for role in roles))
