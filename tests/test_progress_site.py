"""The example's progress pages as built: privacy, withheld notes, charts, calendars, private report."""

from __future__ import annotations

import csv
import datetime
import html
import re
import zoneinfo
from pathlib import Path

import icalendar
import pytest

from generator.cli import main
from tests.conftest import REPO

ROSTERS = sorted((REPO / "content" / "cohorts").glob("*/roster.csv"))


def roster_people() -> set[str]:
    found: set[str] = set()
    for path in ROSTERS:
        with path.open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                found.update(row[f"{side}_{field}"] for side in ("mentor", "mentee") for field in ("name", "email"))
    found.discard("")  # a group partnership's later rows leave one side empty
    return found


@pytest.fixture(scope="module")
def site(built_example) -> Path:
    return built_example("mkdocs").site_dir


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_no_roster_name_or_email_anywhere_in_site(site):
    people = roster_people()
    assert len(people) >= 80  # the example ships 40 pairs
    leaks = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            text = html.unescape(path.read_bytes().decode("utf-8", errors="ignore"))
            leaks += [f"{path.relative_to(site)}: {who}" for who in people if who in text]
    assert leaks == []


def test_small_groups_show_the_withheld_note(site):
    text = page(site, "progress/autumn-2026/index.html")
    # Fewer than 5 people work in Digital: issue 9 merges such groups into "Other" before counting,
    # so no row names them (a withheld count next to its label pointed at people).
    assert not re.search(r"<td>Digital</td>", text)
    other = re.search(r"<td>Other</td>\s*<td[^>]*>(\d+)</td>", text)
    assert other and int(other.group(1)) >= 5
    assert re.search(r"<td>Operations</td>\s*<td[^>]*>\d+</td>", text)


def test_cohort_page_shows_every_measure_with_charts(site):
    text = page(site, "progress/autumn-2026/index.html")
    for heading in (
        "Participation",
        "Sessions",
        "Pairs by health",
        "Milestones",
        "Surveys",
        "Satisfaction per question",
        "Net Promoter Score",
        "Goals",
        "Trends",
    ):
        assert f">{heading}<" in text
    assert "week 10 of 26" in text and "November 20, 2026" in text  # the as-of date, in the programme's locale
    charts = re.findall(r'<svg[^>]*role="img"[^>]*aria-label="([^"]+)"', text)
    assert {"Participants by level", "Pairs by health", "Sessions held per month", "Satisfaction per month"} <= set(charts)
    assert text.count('class="pb-sr-only"') == len(charts)  # every chart has its numbers as a table
    assert "<script" not in "".join(re.findall(r"<svg[^>]*pb-chart-svg.*?</svg>", text, flags=re.S))
    pilot = page(site, "progress/pilot/index.html")
    assert {"NPS: End of programme", "Skills before and after"} <= set(re.findall(r'<svg[^>]*aria-label="([^"]+)"', pilot))


def test_dashboard_and_goal_pages(site):
    dashboard = page(site, "progress/index.html")
    assert "Pilot cohort" in dashboard and "Autumn 2026 cohort" in dashboard
    assert "Session completion by cohort" in dashboard
    goal = page(site, "progress/goals/worth-recommending/index.html")
    assert "All cohorts" in goal and re.search(r"pb-status--(met|on-track|at-risk|not-met)", goal)


def test_free_text_answers_are_never_published(site):
    responses = (REPO / "content" / "cohorts" / "pilot" / "responses.csv").read_text(encoding="utf-8")
    assert "Seeing how decisions land on the shop floor." in responses
    for path in site.rglob("*.html"):
        assert "Seeing how decisions land" not in html.unescape(path.read_text(encoding="utf-8"))


def test_calendar_parses_back_with_events_and_timezone(site):
    assert 'href="../autumn-2026.ics"' in page(site, "progress/autumn-2026/index.html")
    calendar = icalendar.Calendar.from_ical((site / "progress" / "autumn-2026.ics").read_bytes())
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    sessions = [event for event in events if "session" in str(event["UID"])]
    milestones = [event for event in events if "milestone" in str(event["UID"])]
    assert len(sessions) == 12 and len(milestones) == 6
    assert len({str(event["UID"]) for event in events}) == len(events)
    first = sessions[0].decoded("DTSTART")
    assert first == datetime.datetime(2026, 9, 14, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    assert str(first.tzinfo) == "Europe/London"
    assert "Kickoff" in str(sessions[0]["SUMMARY"])
    assert sessions[1].decoded("DTSTART").date() == datetime.date(2026, 9, 28)
    assert milestones[0].decoded("DTSTART") == datetime.date(2026, 9, 25)


def test_private_report_names_stalled_pairs_outside_site(built_example, capsys):
    project = built_example("mkdocs")
    assert main(["report", "autumn-2026", "--project", str(project.root)]) == 0
    report = project.reports_dir / "autumn-2026.html"
    text = html.unescape(report.read_text(encoding="utf-8"))
    assert not report.is_relative_to(project.site_dir)
    with (REPO / "content" / "cohorts" / "autumn-2026" / "roster.csv").open(encoding="utf-8") as stream:
        people = {row["pair_id"]: row["mentor_name"] for row in csv.DictReader(stream)}
    attention = text.split("Behind or silent")[1].split("Every pair")[0]
    named = [pair_id for pair_id in people if pair_id in attention]
    assert named and all(people[pair_id] in attention for pair_id in named)
    assert "silent" in attention and "behind plan" in attention
    assert "<script" not in text and "http" not in text.split("<body>")[1]
    assert main(["report", "autumn", "--project", str(project.root)]) == 1
    assert "Did you mean 'autumn-2026'?" in capsys.readouterr().err
