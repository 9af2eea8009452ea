"""Group partnerships: the roster format, the agreed slot, people counted once, and match → check."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import ErrorList
from generator.load import parse_csv
from generator.progress.aggregate import aggregate_progress
from generator.progress.data import ROSTER_COLUMNS, SLOT_COLUMNS, CohortData, Pair, Session, parse_roster
from generator.progress.model import Cohort
from generator.project import Project
from tests.conftest import REPO
from tests.test_privacy import AS_OF, program

COHORT = Cohort("pilot", "Pilot", datetime.date(2026, 1, 5), datetime.date(2026, 6, 30))
HEADER = ",".join((*ROSTER_COLUMNS, *SLOT_COLUMNS))


def person(tag: str) -> str:
    return f"{tag.title()},{tag}@ex.org,L{len(tag)},Sales"


def row(pair_id: str, mentor: str = "", mentee: str = "", shared: str = "2026-01-05,,active", slot: str = ",,") -> str:
    mentor_cells = person(mentor) if mentor else ",,,"
    mentee_cells = person(mentee) if mentee else ",,,"
    return f"{pair_id},{mentor_cells},{mentee_cells},{shared},{slot}"


def parse(*lines: str) -> tuple[Pair, ...]:
    return parse_roster(parse_csv("\n".join([HEADER, *lines]) + "\n", "roster.csv", ROSTER_COLUMNS), COHORT)


def located(*lines: str) -> list[str]:
    with pytest.raises(ErrorList) as caught:
        parse(*lines)
    return [str(error) for error in caught.value]


def test_a_group_is_several_rows_sharing_a_pair_id() -> None:
    pairs = parse(
        row("g1", "ann", "bob", slot="Tue,14:30,Europe/Paris"),
        row("g1", "", "cyd", shared=",,"),
        row("g1", "ann", "dee", shared="2026-01-05,,"),  # the mentor written again is the same person
        row("p2", "eve", "fay"),
    )
    group, pair = pairs
    assert [p.name for p in group.mentors] == ["Ann"] and [p.name for p in group.mentees] == ["Bob", "Cyd", "Dee"]
    assert len(group.people) == 4 and group.is_group and not pair.is_group
    assert (group.meeting_day, group.meeting_time, group.timezone) == ("tue", datetime.time(14, 30), "Europe/Paris")
    assert (pair.meeting_day, pair.meeting_time, pair.timezone) == (None, None, None)
    assert group.start == COHORT.start and group.status == "active"


def test_old_two_person_rosters_stay_valid() -> None:
    text = ",".join(ROSTER_COLUMNS) + "\n" + "p1,Ann,ann@ex.org,L1,Sales,Bob,bob@ex.org,L2,Sales,2026-01-05,,active\n"
    (pair,) = parse_roster(parse_csv(text, "roster.csv", ROSTER_COLUMNS), COHORT)
    assert pair.people == (pair.mentor, pair.mentee) and pair.meeting_day is None


def test_group_mistakes_are_located() -> None:
    found = located(
        row("g1", "ann", "bob"),
        row("g1", "", "", shared=",,"),  # adds nobody
        row("g1", "", "cyd", shared="2026-02-01,,"),  # a different start
        row("g1", "bob", "", shared=",,"),  # bob is already a mentee here
        row("p2", "eve", ""),  # first row without a mentee
        row("g1", "", "dee", shared=",,"),  # not next to the group's rows
        row("p3", "gil", "hal", slot="someday,25:00,Mars/Base"),
        row("p4", "ann", "ivy"),  # ann is already in an active partnership
    )
    expected = [
        "roster.csv:3: mentor_name: this row adds nobody to its group partnership",
        "roster.csv:4: start: '2026-02-01' differs from line 2 of the same partnership",
        "roster.csv:5: mentor_email: bob@ex.org is both mentor and mentee of this partnership",
        "roster.csv:6: mentee_name: the first row of a partnership needs its mentee",
        "roster.csv:7: pair_id: pair id 'g1' is used twice (first on line 2)",
        "roster.csv:8: meeting_day: 'someday' is not a day of the week",
        "roster.csv:8: meeting_time: '25:00' is not a time of day",
        "roster.csv:8: timezone: 'Mars/Base' is not a known time zone",
        "roster.csv:9: mentor_email: ann@ex.org is already in an active pair on line 2",
    ]
    for start in expected:
        assert any(message.startswith(start) for message in found), (start, found)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12), st.text(max_size=8), st.text(max_size=20))
def test_any_slot_cells_load_or_give_located_errors(day: str, time: str, zone: str) -> None:
    cells = [cell.replace(",", " ").replace('"', " ").replace("\n", " ").replace("\r", " ") for cell in (day, time, zone)]
    try:
        (pair,) = parse(row("p1", "ann", "bob", slot=",".join(cells)))
    except ErrorList as caught:
        assert all(str(error).startswith("roster.csv:2: ") for error in caught)
        assert {error.key_path[0] for error in caught} <= set(SLOT_COLUMNS)
        return
    assert pair.meeting_day in (None, "mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert (pair.meeting_time is None) == (not cells[1].strip())


def group_data(mentees: int) -> CohortData:
    lines = [row("g1", "ann", "m0", shared="2026-01-05,,active"), *(row("g1", "", f"m{n}", shared=",,") for n in range(1, mentees))]
    pairs = parse_roster(
        parse_csv("\n".join([HEADER, *lines]) + "\n", "roster.csv", ROSTER_COLUMNS),
        Cohort("a", "A", datetime.date(2026, 1, 5), datetime.date(2026, 3, 29)),
    )
    return CohortData(pairs, (Session("g1", datetime.date(2026, 1, 6), 45, "", "held"),))


@pytest.mark.parametrize(("mentees", "published"), [(3, False), (4, True)])
def test_privacy_counts_the_people_of_a_group(mentees: int, published: bool) -> None:
    # One partnership: a mentor and 3 mentees are 4 people (below 5); with 4 mentees, 5 people.
    figures = aggregate_progress(program(5), {"a": group_data(mentees)}, AS_OF)
    cohort = figures.cohorts[0]
    assert cohort.published is published
    assert cohort.participants == (mentees + 1 if published else 0)
    if published:
        assert cohort.pairs["active"] == 1 and cohort.held == 1
        expected = {item.survey.id: item.expected for item in cohort.surveys}
        assert expected["pulse"] == mentees + 1  # one held session: an answer from each of its people
        assert expected["mpulse"] == mentees  # a survey for mentees only
        assert expected["start"] == mentees + 1  # one answer per person, not per partnership


@pytest.fixture
def matched_example(tmp_path: Path) -> Project:
    """The example without the pilot's roster, sessions, answers and training record, ready to be matched again."""
    target = tmp_path / "example"
    target.mkdir()
    for name in ("program.yaml", "mkdocs.yml"):
        shutil.copy2(REPO / name, target / name)
    ignored = shutil.ignore_patterns("roster.csv", "sessions.csv", "responses.csv", "milestones.csv", "revoked-links.csv", "training.csv")
    shutil.copytree(REPO / "content", target / "content", ignore=ignored)
    for name in ("roster.csv", "sessions.csv", "responses.csv", "milestones.csv"):
        if (REPO / "content" / "cohorts" / "autumn-2026" / name).is_file():
            shutil.copy2(REPO / "content" / "cohorts" / "autumn-2026" / name, target / "content" / "cohorts" / "autumn-2026" / name)
    return Project.at(target)


@pytest.mark.parametrize("capacity", ["2", "3"])
def test_match_with_capacity_above_one_writes_groups_that_check_accepts(matched_example: Project, capacity: str) -> None:
    path = matched_example.content_dir / "cohorts" / "pilot" / "participants.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    mentors = [item for item in rows if item["role"] == "mentor"]
    for item in mentors:
        item["capacity"] = capacity
    for item in mentors[len(mentors) // 2 :]:
        item["role"] = "none"  # half the mentors: the others must take several mentees
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert main(["match", "pilot", "--as-of", "2026-01-05", "--project", str(matched_example.root)]) == 0
    roster_rows = list(csv.DictReader(io.StringIO((path.parent / "roster.csv").read_text(encoding="utf-8"))))
    ids = [item["pair_id"] for item in roster_rows]
    assert max(ids.count(pair_id) for pair_id in ids) > 1  # at least one group
    assert max(ids.count(pair_id) for pair_id in ids) <= int(capacity) ** 2
    assert main(["check", "--project", str(matched_example.root)]) == 0


def test_matching_again_keeps_started_groups_as_they_are(matched_example: Project) -> None:
    """A roster with a group whose later rows leave ``start`` empty is read back by ``match``."""
    roster = matched_example.content_dir / "cohorts" / "pilot" / "roster.csv"
    lead = row("pilot-01", "ann", "bob", shared="2026-01-12,,active")
    first = "\n".join([HEADER, lead, row("pilot-01", mentee="cat", shared=",,"), ""])
    roster.write_text(first, encoding="utf-8")
    assert main(["check", "--project", str(matched_example.root)]) == 0
    assert main(["match", "pilot", "--as-of", "2026-01-13", "--project", str(matched_example.root)]) == 0
    kept = [item for item in csv.DictReader(io.StringIO(roster.read_text(encoding="utf-8"))) if item["pair_id"] == "pilot-01"]
    assert [item["mentee_email"] for item in kept] == ["bob@ex.org", "cat@ex.org"]
    assert main(["check", "--project", str(matched_example.root)]) == 0
