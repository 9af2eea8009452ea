"""Start pages plan the next session with the cohort's own planner: breaks skipped, the agenda plan followed.

Input: the repository's example program.yaml, edited in memory (its as-of date, its agenda plan).
Output: assertions on the rendered ``start/<role>.md`` and on the start page's session list, which
must equal the cohort calendar's (``progress.events.planned_sessions``).
"""

from __future__ import annotations

import datetime

import pytest

from generator.crossref import References
from generator.i18n import format_date
from generator.load import parse_yaml
from generator.model import Program
from generator.pages import Bundle
from generator.progress.events import planned_sessions
from generator.progress.model import cohorts_of
from generator.start import sessions, start_page
from generator.templating import Renderer, theme_folders
from generator.validate import validate_program
from tests.conftest import REPO

EXAMPLE = (REPO / "program.yaml").read_text(encoding="utf-8")
AS_OF = "  as_of: 2026-11-20"
AUTUMN_REGULAR = "{agenda: regular-session, from_week: 3, to_week: 11}"


def program_from(text: str) -> Program:
    program, errors = validate_program(parse_yaml(text, "program.yaml"), REPO)
    assert errors == [] and program is not None
    return program


def mentee_page(text: str) -> str:
    program = program_from(text)
    bundle = Bundle(program, {})
    page = start_page(bundle, Renderer(theme_folders(REPO, "default"), program), References(program), program.role("mentee"))
    return str(page.content)


def section(page: str, title: str) -> str:
    return page.split(f"## {title}")[1].split("## ")[0]


def test_the_next_session_skips_the_break() -> None:
    assert EXAMPLE.count(AS_OF) == 1
    page = mentee_page(EXAMPLE.replace(AS_OF, "  as_of: 2026-12-18"))  # the slot of 21 December falls in the holidays
    after_break = format_date(datetime.date(2027, 1, 4), "full")
    assert f"Session 8, {after_break} at 10:00: follow the [Regular session]" in section(page, "Next session")
    assert "Session 7" not in page and "session 7" not in page and "December 21" not in page
    assert "Regular session" not in section(page, "This week")  # the next session is not this week any more


def test_the_next_session_follows_the_agenda_plan() -> None:
    assert EXAMPLE.count(AUTUMN_REGULAR) == 1
    page = mentee_page(EXAMPLE.replace(AUTUMN_REGULAR, "{agenda: closing, from_week: 3, to_week: 11}"))
    expected = "Session 6, Monday, November 23, 2026 at 10:00: follow the [Closing session](../agendas/closing.md) agenda."
    assert expected in section(page, "Next session")
    assert "[Closing session](../agendas/closing.md): session 6" in section(page, "This week")


@pytest.mark.parametrize("index", [0, 1], ids=["pilot, no agenda plan", "autumn, break and agenda plan"])
def test_start_pages_plan_the_sessions_the_cohort_calendar_plans(index: int) -> None:
    program = program_from(EXAMPLE)
    cohort = cohorts_of(program)[index]
    calendar = [(item.number, item.day, item.agenda.id if item.agenda else None) for item in planned_sessions(program, cohort)]
    assert [(item.number, item.date, item.agenda) for item in sessions(program, cohort)] == calendar
    assert len(calendar) == cohort.planned_sessions
