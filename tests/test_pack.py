"""``playbook pack COHORT``: each pair's private calendar and start sheet under reports/, never site/.

Input: a copy of the example programme (with a secret for the pairs' links), its roster given an
agreed slot for one pair, and edits to one cohort event.
Output: assertions that every active pair gets a calendar that parses with ``icalendar`` (its
sessions at its own day, time and time zone, breaks skipped, each linking its agenda and its
prefilled forms; the cohort events for its roles) and a start sheet naming its people; that a
second run with the same input writes the same bytes; that SEQUENCE rises only for the changed
event; and that an unknown cohort or a missing secret is a located error that writes nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import main
from generator.loading import load_programme
from generator.progress.model import find_cohort
from generator.progress.pack import FOLDER_NAME, active_pairs, pair_sessions
from generator.project import Project

SECRET = "pack-test-secret-0123456789"
COHORT = "autumn-2026"


@pytest.fixture
def project(example_project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("PLAYBOOK_SECRET", SECRET)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return example_project


def pack(project: Project, cohort: str = COHORT) -> int:
    return main(["pack", cohort, "--project", str(project.root)])


def read_calendar(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def give_slot(project: Project, pair_id: str, day: str, time: str, zone: str) -> None:
    """Add the agreed-slot columns to the roster, filled for ``pair_id`` only."""
    roster = project.cohort_dir(COHORT) / "roster.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",meeting_day,meeting_time,timezone"]
    rows += [line + (f",{day},{time},{zone}" if line.startswith(pair_id + ",") else ",,,") for line in lines[1:]]
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_every_active_pair_gets_a_calendar_and_a_start_sheet(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert pack(project) == 0
    loaded = load_programme(project, content=False)
    cohort = find_cohort(loaded.program, COHORT)
    pairs = active_pairs(loaded, cohort)
    folders = sorted(path.name for path in (project.reports_dir / COHORT).iterdir())
    assert folders == sorted(pair.id for pair in pairs) and len(folders) > 20
    assert not (project.root / "site").exists()
    pair = pairs[0]
    found = read_calendar(project.reports_dir / COHORT / pair.id / "calendar.ics")
    sessions = [event for event in found.walk("VEVENT") if "-session-" in str(event["uid"])]
    assert len(sessions) == len(pair_sessions(loaded.program, cohort, pair))
    for event in sessions:
        description = str(event["description"])
        assert "Agenda: " in description and f"pair={pair.id}" in description and "token=" in description
        assert "/surveys/session-pulse/" in description
        assert not cohort.in_break(event.decoded("dtstart").date())
    titles = {str(event["summary"]) for event in found.walk("VEVENT")}
    assert any("Cohort launch" in title for title in titles) and any("Closing celebration" in title for title in titles)
    sheet = (project.reports_dir / COHORT / pair.id / "start.html").read_text(encoding="utf-8")
    assert pair.mentor.name in sheet and pair.mentee.name in sheet and "calendar.ics" in sheet
    assert "reports/autumn-2026/" in capsys.readouterr().out


def test_a_pairs_agreed_slot_sets_day_time_and_time_zone(project: Project) -> None:
    loaded = load_programme(project, content=False)
    pair_id = active_pairs(loaded, find_cohort(loaded.program, COHORT))[0].id
    give_slot(project, pair_id, "wed", "18:30", "America/New_York")
    assert pack(project) == 0
    found = read_calendar(project.reports_dir / COHORT / pair_id / "calendar.ics")
    starts = [event.decoded("dtstart") for event in found.walk("VEVENT") if "-session-" in str(event["uid"])]
    assert starts and all(start.weekday() == 2 and (start.hour, start.minute) == (18, 30) for start in starts)
    assert {str(start.tzinfo) for start in starts} == {"America/New_York"}
    assert all(not (datetime.date(2026, 12, 19) <= start.date() <= datetime.date(2027, 1, 3)) for start in starts)
    assert (
        "VTIMEZONE" in str(found.to_ical()) and "America/New_York" in (project.reports_dir / COHORT / pair_id / "calendar.ics").read_text()
    )


def test_events_follow_the_audience(project: Project) -> None:
    assert pack(project) == 0
    folder = next((project.reports_dir / COHORT).iterdir())
    titles = [str(event["summary"]) for event in read_calendar(folder / "calendar.ics").walk("VEVENT")]
    assert any("Skill-up workshop" in title for title in titles)  # mentors are invited, and every pair has one
    program = project.program_file
    program.write_text(
        program.read_text(encoding="utf-8").replace("module: teaching-digital-tools, audience: [mentor]", "audience: [cohort-lead]")
    )
    assert pack(project) == 0
    titles = [str(event["summary"]) for event in read_calendar(folder / "calendar.ics").walk("VEVENT")]
    assert not any("Skill-up workshop" in title for title in titles)


def test_same_input_same_bytes_and_sequence_rises_only_for_the_changed_event(project: Project) -> None:
    assert pack(project) == 0
    folder = next((project.reports_dir / COHORT).iterdir())
    first = (folder / "calendar.ics").read_bytes()
    assert pack(project) == 0
    assert (folder / "calendar.ics").read_bytes() == first
    program = project.program_file
    program.write_text(program.read_text(encoding="utf-8").replace('date: 2026-10-21, time: "12:30"', 'date: 2026-10-21, time: "13:30"'))
    assert pack(project) == 0
    before = {str(event["uid"]): int(event["sequence"]) for event in icalendar.Calendar.from_ical(first).walk("VEVENT")}
    after = {str(event["uid"]): int(event["sequence"]) for event in read_calendar(folder / "calendar.ics").walk("VEVENT")}
    assert before.keys() == after.keys()
    assert [uid for uid in after if after[uid] != before[uid]] == [uid for uid in after if uid.startswith("event-call-october-")]
    assert max(after.values()) == 1


def test_unknown_cohort_is_located_and_writes_nothing(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert pack(project, "autumn-2062") == 1
    output = capsys.readouterr()
    assert "no cohort 'autumn-2062'" in output.err + output.out and "autumn-2026" in output.err + output.out
    assert "Traceback" not in output.err
    assert not project.reports_dir.exists() or not any(project.reports_dir.iterdir())


def test_without_a_secret_pack_says_how_to_set_one(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PLAYBOOK_SECRET")
    assert pack(project) == 1
    output = capsys.readouterr()
    assert "PLAYBOOK_SECRET" in output.err + output.out and "Traceback" not in output.err
    assert not (project.reports_dir / COHORT).exists()


def test_a_pair_id_that_cannot_name_a_folder_is_refused(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    roster = project.cohort_dir(COHORT) / "roster.csv"
    header = roster.read_text(encoding="utf-8").splitlines()[0].split(",")
    cells = dict.fromkeys(header, "") | {"pair_id": "..", "start": "2026-09-14", "status": "active"}
    for side, name in (("mentor", "Ada Quill"), ("mentee", "Ben Stroud")):
        email = name.lower().replace(" ", ".") + "@northwind.example"
        cells |= {f"{side}_name": name, f"{side}_email": email, f"{side}_level": "Graduate", f"{side}_department": "Legal"}
    with roster.open("a", encoding="utf-8") as stream:
        stream.write(",".join(cells[column] for column in header) + "\n")
    assert pack(project) == 1
    output = capsys.readouterr()
    assert (
        "content/cohorts/autumn-2026/roster.csv" in output.err + output.out and "cannot name the pack's folder" in output.err + output.out
    )
    assert not project.reports_dir.exists() or not any(project.reports_dir.rglob("*.ics"))


@given(name=st.text(max_size=30))
def test_any_accepted_pair_id_stays_one_folder_inside_the_cohorts_reports(name: str) -> None:
    base = Path("/reports/cohort")
    if FOLDER_NAME.fullmatch(name):
        folder = base / name
        assert folder.parent == base and name not in (".", "..") and "/" not in name and "\\" not in name
