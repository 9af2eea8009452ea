"""Whole-cohort events, breaks and recurring agendas: validation, the session planner and the cohort calendar.

Input: the repository's example program.yaml, edited in memory; random cohorts and breaks (hypothesis).
Output: assertions that the example's events, break and agenda plan load; that each mistake is a
located error naming its key path; that the planner never puts a session in a break and keeps the
plan's length; and that the cohort calendar has sessions at the cohort's time with their agenda,
UIDs unique across programmes, SEQUENCE rising after a change, and reproducible bytes.
"""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import parse_yaml
from generator.model import Program
from generator.progress.calendar import CalendarContext, CalendarHistory, cohort_calendar
from generator.progress.events import planned_sessions, programme_identity
from generator.progress.model import Break, Cohort, find_cohort
from generator.validate import validate_program
from tests.conftest import REPO

D = datetime.date
EXAMPLE = (REPO / "program.yaml").read_text(encoding="utf-8")
STAMP = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
AUTUMN_EVENTS = "    events:\n"


def validate(text: str) -> tuple[Program | None, list[str]]:
    program, errors = validate_program(parse_yaml(text, "program.yaml"), REPO)
    return program, [str(error) for error in errors]


def example_program() -> Program:
    program, errors = validate(EXAMPLE)
    assert errors == [] and program is not None
    return program


def with_events(*lines: str) -> str:
    """The example with ``lines`` as the first events of the autumn cohort."""
    assert EXAMPLE.count(AUTUMN_EVENTS) == 1
    return EXAMPLE.replace(AUTUMN_EVENTS, AUTUMN_EVENTS + "".join(f"      - {line}\n" for line in lines))


def test_the_example_has_events_a_break_and_a_recurring_agenda() -> None:
    autumn = find_cohort(example_program(), "autumn-2026")
    assert {event.kind for event in autumn.events} == {"launch", "cohort-call", "workshop", "graduation"}
    assert autumn.breaks and autumn.agenda_plan
    assert autumn.lead_email


def test_planner_skips_the_break_and_every_session_knows_its_agenda() -> None:
    program = example_program()
    autumn = find_cohort(program, "autumn-2026")
    sessions = planned_sessions(program, autumn)
    assert len(sessions) == autumn.planned_sessions == 12
    assert not any(autumn.in_break(session.day) for session in sessions)
    assert D(2026, 12, 21) not in [session.day for session in sessions]  # the slot in the holidays...
    assert D(2027, 1, 4) in [session.day for session in sessions]  # ...moves to the next free one
    assert all(session.agenda is not None for session in sessions)
    regular = [session.week for session in sessions if session.agenda and session.agenda.id == "regular-session"]
    assert regular and all(3 <= week <= 11 or 15 <= week <= 23 for week in regular)
    assert sessions[0].agenda.id == "kickoff" and sessions[-1].agenda.id == "closing"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 60, place: Room, agenda: nope}',
            r"cohorts\[1\]\.events\[0\]\.agenda: unknown agenda id 'nope'",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 60, place: Room, module: nope}',
            r"cohorts\[1\]\.events\[0\]\.module: unknown training module id 'nope'",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 60, place: R, agenda: kickoff, module: mentor-foundations}',
            r"cohorts\[1\]\.events\[0\]: an event follows either an agenda or a training module",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 60}',
            r"cohorts\[1\]\.events\[0\]: an event needs a place or a link",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2027-06-01, time: "10:00", duration: 60, place: Room}',
            r"cohorts\[1\]\.events\[0\]\.date: 2027-06-01 is outside the cohort",
        ),
        (
            '{id: launch, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 60, place: Room}',
            r"cohorts\[1\]\.events\[1\]\.id: duplicate event id 'launch'",
        ),
        (
            '{id: x, kind: party, title: W, date: 2026-10-01, time: "10:00", duration: 60, place: Room}',
            r"cohorts\[1\]\.events\[0\]\.kind: ",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "25:00", duration: 60, place: Room}',
            r"cohorts\[1\]\.events\[0\]\.time: ",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 0, place: Room}',
            r"cohorts\[1\]\.events\[0\]\.duration: ",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 60, link: "ftp://x"}',
            r"cohorts\[1\]\.events\[0\]\.link: ",
        ),
        (
            '{id: x, kind: workshop, title: W, date: 2026-10-01, time: "10:00", duration: 60, place: R, audience: [boss]}',
            r"cohorts\[1\]\.events\[0\]\.audience\[0\]: unknown role id 'boss'",
        ),
    ],
)
def test_event_mistakes_are_located(event: str, expected: str) -> None:
    program, errors = validate(with_events(event))
    assert program is None
    assert any(re.match(rf"program\.yaml:\d+:\d+: {expected}", error) for error in errors), errors


BREAKS = "    breaks:\n"
LAST_PLAN = "      - {agenda: closing, from_week: 25}\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            BREAKS,
            BREAKS + "      - {start: 2026-12-19, end: 2026-12-01}\n",
            r"cohorts\[1\]\.breaks\[0\]\.end: end 2026-12-01 is before start",
        ),
        (
            LAST_PLAN,
            LAST_PLAN + "      - {agenda: nope, from_week: 26}\n",
            r"cohorts\[1\]\.agenda_plan\[5\]\.agenda: unknown agenda id 'nope'",
        ),
        (
            LAST_PLAN,
            LAST_PLAN + "      - {agenda: closing, from_week: 9, to_week: 4}\n",
            r"cohorts\[1\]\.agenda_plan\[5\]\.to_week: to_week 4 is before",
        ),
        (
            LAST_PLAN,
            LAST_PLAN + "      - {agenda: closing, from_week: 4, to_week: 6}\n",
            r"cohorts\[1\]\.agenda_plan\[5\]\.from_week: weeks 4 to 6 overlap",
        ),
        (LAST_PLAN, LAST_PLAN + "      - {agenda: closing, from_week: 0}\n", r"cohorts\[1\]\.agenda_plan\[5\]\.from_week: 0 is too small"),
        ("lead_email: cohort-lead@northwind.example", "lead_email: not-an-address", r"cohorts\[1\]\.lead_email: "),
    ],
)
def test_break_plan_and_lead_mistakes_are_located(old: str, new: str, expected: str) -> None:
    assert EXAMPLE.count(old) == 1
    program, errors = validate(EXAMPLE.replace(old, new))
    assert program is None
    assert any(re.match(rf"program\.yaml:\d+:\d+: {expected}", error) for error in errors), errors


def test_a_plan_longer_than_the_free_slots_is_refused() -> None:
    text = EXAMPLE.replace(
        "    breaks:\n      - {start: 2026-12-19, end: 2027-01-03", "    breaks:\n      - {start: 2026-12-01, end: 2027-01-31", 1
    )
    program, errors = validate(text)
    assert program is None
    assert any("planned_sessions is 12 but only" in error and "cohorts[1]" in error for error in errors), errors


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    time=st.text(st.characters(exclude_categories=("Cs",)), max_size=8).filter(
        lambda text: not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", text)
    )
)
def test_any_malformed_event_time_is_a_located_error(time: str) -> None:
    quoted = time.replace("\\", "\\\\").replace('"', '\\"')
    quoted = "".join(char if char.isprintable() else f"\\U{ord(char):08x}" for char in quoted)
    program, errors = validate(
        with_events(f'{{id: x, kind: workshop, title: W, date: 2026-10-01, time: "{quoted}", duration: 60, place: R}}')
    )
    assert program is None
    assert any(re.match(r"program\.yaml:\d+:\d+: cohorts\[1\]\.events\[0\]\.time: ", error) for error in errors), errors


@settings(max_examples=25, deadline=None)
@given(
    start=st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    end_offset=st.integers(-30, 400),
)
def test_any_break_ending_before_it_starts_is_located(start: datetime.date, end_offset: int) -> None:
    end = start + datetime.timedelta(days=end_offset)
    text = EXAMPLE.replace("    breaks:\n", f"    breaks:\n      - {{start: {start}, end: {end}}}\n", 1)
    _program, errors = validate(text)
    located = [error for error in errors if "cohorts[1].breaks[0].end: end" in error]
    assert bool(located) == (end < start), errors


@st.composite
def cohorts_with_breaks(draw: st.DrawFn) -> Cohort:
    start = draw(st.dates(D(2024, 1, 1), D(2030, 1, 1)))
    end = start + datetime.timedelta(days=draw(st.integers(0, 400)))
    breaks = []
    for _ in range(draw(st.integers(0, 4))):
        first = start + datetime.timedelta(days=draw(st.integers(-20, 400)))
        breaks.append(Break(first, first + datetime.timedelta(days=draw(st.integers(0, 40)))))
    return Cohort("c", "C", start, end, meeting_every_weeks=draw(st.integers(1, 4)), breaks=tuple(breaks))


@settings(max_examples=200, deadline=None)
@given(cohort=cohorts_with_breaks(), late=st.integers(0, 60))
def test_the_planner_never_puts_a_session_on_a_break_day(cohort: Cohort, late: int) -> None:
    first = cohort.start + datetime.timedelta(days=late)
    days = cohort.session_slots(first)
    assert all(not cohort.in_break(day) for day in days)
    assert all(first <= day <= cohort.end for day in days)
    assert all((day - first).days % cohort.cadence_days == 0 for day in days)
    assert list(days) == sorted(set(days)) and len(days) <= cohort.planned_sessions
    assert cohort.planned_between(first, cohort.end) == len(days)
    if not cohort.breaks:  # without breaks, the count is the plain cadence count (the progress measures' rule)
        assert cohort.planned_between(first, cohort.end) == min(
            cohort.planned_sessions, max(0, (cohort.end - first).days // cohort.cadence_days + 1)
        )


def calendar(
    program: Program, cohort_id: str = "autumn-2026", history: CalendarHistory | None = None, site: str | None = None
) -> icalendar.Calendar:
    context = CalendarContext(program, STAMP, site, history or CalendarHistory())
    return icalendar.Calendar.from_ical(cohort_calendar(context, find_cohort(program, cohort_id)))


def test_cohort_calendar_sessions_have_the_cohort_time_the_agenda_and_a_link() -> None:
    program = example_program()
    found = calendar(program, site="https://mentoring.example.org/")
    sessions = [event for event in found.walk("VEVENT") if str(event["uid"]).startswith("session-")]
    assert len(sessions) == 12
    for event in sessions:
        start = event.decoded("dtstart")
        assert (start.hour, start.minute) == (10, 0) and str(start.tzinfo) == "Europe/London"
        assert "(" in str(event["summary"]) and str(event["url"]).startswith("https://mentoring.example.org/agendas/")
    kinds = {str(event["uid"]).split("-")[0] for event in found.walk("VEVENT")}
    assert kinds == {"session", "event", "milestone"}
    launch = next(event for event in found.walk("VEVENT") if str(event["uid"]).startswith("event-launch-"))
    assert launch.decoded("dtstart").hour == 14 and str(launch["location"]) == "Head office, Training room 2"


def test_uids_are_unique_across_programmes_and_stable_within_one() -> None:
    first = example_program()
    other, errors = validate(EXAMPLE.replace("name: Northwind Reverse Mentoring", "name: Southwind Mentoring", 1))
    assert other is not None, errors
    uids = [str(event["uid"]) for event in calendar(first).walk("VEVENT")]
    again = [str(event["uid"]) for event in calendar(first).walk("VEVENT")]
    theirs = [str(event["uid"]) for event in calendar(other).walk("VEVENT")]
    assert len(set(uids)) == len(uids) and uids == again
    assert not set(uids) & set(theirs)


def test_sequence_rises_when_an_event_changes_and_only_then(tmp_path) -> None:  # type: ignore[no-untyped-def]
    history = CalendarHistory()
    before = {str(event["uid"]): int(event["sequence"]) for event in calendar(example_program(), history=history).walk("VEVENT")}
    history.save(tmp_path)
    reloaded = CalendarHistory.load(tmp_path)
    unchanged = {str(event["uid"]): int(event["sequence"]) for event in calendar(example_program(), history=reloaded).walk("VEVENT")}
    assert unchanged == before and set(before.values()) == {0}
    moved, errors = validate(EXAMPLE.replace('date: 2026-10-21, time: "12:30"', 'date: 2026-10-22, time: "13:00"', 1))
    assert moved is not None, errors
    after = {str(event["uid"]): int(event["sequence"]) for event in calendar(moved, history=reloaded).walk("VEVENT")}
    changed = {uid for uid in after if after[uid] != before[uid]}
    assert len(changed) == 1 and after[changed.pop()] == 1


def test_cohort_calendar_bytes_are_reproducible() -> None:
    program = example_program()
    context = CalendarContext(program, STAMP)
    cohort = find_cohort(program, "autumn-2026")
    assert cohort_calendar(context, cohort) == cohort_calendar(CalendarContext(program, STAMP), cohort)


@settings(max_examples=25, deadline=None)
@given(day=st.text(max_size=12).filter(lambda text: not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)) | st.integers(-5, 5))
def test_any_malformed_event_date_is_a_located_error(day: str | int) -> None:
    written = str(day) if isinstance(day, int) else '"' + "".join(char if char.isalnum() or char in " -:/." else "?" for char in day) + '"'
    program, errors = validate(with_events(f'{{id: x, kind: workshop, title: W, date: {written}, time: "10:00", duration: 60, place: R}}'))
    assert program is None
    assert any(re.match(r"program\.yaml:\d+:\d+: cohorts\[1\]\.events\[0\]\.date: ", error) for error in errors), errors


@settings(max_examples=25, deadline=None)
@given(first=st.integers(-3, 530), last=st.integers(-3, 530))
def test_any_agenda_plan_range_is_accepted_or_located(first: int, last: int) -> None:
    plan = f"      - {{agenda: closing, from_week: {first}, to_week: {last}}}\n"
    program, errors = validate(EXAMPLE.replace("    agenda_plan:\n", "    agenda_plan:\n" + plan, 1))
    covered = {1, *range(3, 12), 13, *range(15, 24), 25}  # the example's own plan: weeks 2, 12, 14 and 24 are free
    overlaps = any(week in covered for week in range(first, last + 1))
    valid = 1 <= first <= 520 and 1 <= last <= 520 and first <= last and not overlaps
    assert (program is not None) == valid, errors
    assert all(re.match(r"program\.yaml:\d+:\d+: cohorts\[1\]\.agenda_plan\[\d\]", error) for error in errors), errors


def test_events_breaks_and_plan_are_on_the_cohort_page_and_the_lead_email_is_never_published(example_project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from generator.pipeline import generate

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    launch = f"event-launch-autumn-2026-{programme_identity(example_program())}@playbook.invalid"
    CalendarHistory({launch: (3, "the digest of an older version")}).save(example_project.reports_dir)
    generate(example_project)
    published = icalendar.Calendar.from_ical((example_project.staged_docs_dir / "progress" / "autumn-2026.ics").read_bytes())
    sequences = {str(event["uid"]): int(event["sequence"]) for event in published.walk("VEVENT")}
    assert sequences[launch] == 4 and sum(sequences.values()) == 4  # the build reads the private history
    page = (example_project.staged_docs_dir / "progress" / "autumn-2026.md").read_text(encoding="utf-8")
    for text in ("Cohort launch", "Closing celebration", "End-of-year holidays", "weeks 3 to 11", "../agendas/regular-session.md"):
        assert text in page
    staged = [path for path in example_project.staged_docs_dir.rglob("*") if path.is_file()]
    assert any(path.suffix == ".ics" for path in staged)
    assert not [path for path in staged if b"cohort-lead@northwind.example" in path.read_bytes()]


@given(address=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_an_href_never_leaves_its_attribute_or_table_cell(address: str) -> None:
    from generator.textsafe import escape_href

    escaped = str(escape_href("https://example.org/" + address))
    assert not set("\"<>|`'") & set(escaped) and not any(character.isspace() for character in escaped)
    assert escaped.startswith("https://example.org/")
