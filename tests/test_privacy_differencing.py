"""Differencing: change the data of a withheld group, rebuild, and nothing published changes.

Input: the example programme plus a third cohort, "tiny", of two pairs (4 people, below the
threshold of 5), built with both engines; then one of tiny's sessions changes status and one of
its answers changes, and the site is built again.
Output: assertions that every published file (HTML text and attributes, SVG, search index,
sitemap, calendars) is byte for byte the same, and that tiny's page says its figures are withheld.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.pipeline import build
from generator.project import Project
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project
from tests.htmltext import html_pages, parse_html

TINY = """  - id: tiny
    name: Tiny cohort
    start: 2026-09-14
    end: 2027-03-12
    planned_sessions: 12
"""
ROSTER = """pair_id,mentor_name,mentor_email,mentor_level,mentor_department,mentee_name,mentee_email,mentee_level,mentee_department,start,end,status
tiny-01,Ada Quill,ada.quill@northwind.example,Graduate,Legal,Ben Stroud,ben.stroud@northwind.example,Executive,Legal,2026-09-14,,active
tiny-02,Cy Vale,cy.vale@northwind.example,Associate,Legal,Dee Marsh,dee.marsh@northwind.example,Director,Legal,2026-09-14,,active
"""
SESSIONS = """pair_id,date,minutes,agenda,status
tiny-01,2026-09-15,45,kickoff,held
tiny-02,2026-09-16,45,kickoff,held
tiny-01,2026-10-01,45,,held
"""


def responses(useful: int) -> str:
    header = (REPO / "content" / "cohorts" / "pilot" / "responses.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = header.split(",")
    rows = []
    for number, (role, value) in enumerate((("mentor", useful), ("mentee", 4), ("mentee", 5), ("mentor", 3), ("mentee", 4), ("mentor", 5))):
        cells = dict.fromkeys(columns, "")
        cells.update({"response_id": f"tiny-{number:05d}", "survey": "session-pulse", "cohort": "tiny", "role": role})
        cells.update(
            {"submitted_at": f"2026-10-0{number + 1}T10:00:00Z", "session-pulse.useful": str(value), "session-pulse.agenda": "kickoff"}
        )
        cells.update({"session-pulse.felt-safe": "yes", "session-pulse.energy": "3"})
        rows.append(",".join(cells[column] for column in columns))
    return "\n".join([header, *rows]) + "\n"


def with_tiny_cohort(root: Path) -> Project:
    project = copy_project(REPO, root, EXAMPLE_PARTS)
    program = project.root / "program.yaml"
    text = program.read_text(encoding="utf-8")
    cohorts_end = re.search(r"^cohorts:\n(?:[ #\n].*\n|\n)*", text, re.MULTILINE)
    assert cohorts_end is not None, "the example's program.yaml has a cohorts section"
    program.write_text(text[: cohorts_end.end()].rstrip("\n") + "\n" + TINY + "\n" + text[cohorts_end.end() :], encoding="utf-8")
    folder = project.root / "content" / "cohorts" / "tiny"
    folder.mkdir()
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (folder / "sessions.csv").write_text(SESSIONS, encoding="utf-8")
    (folder / "responses.csv").write_text(responses(5), encoding="utf-8")
    return project


def published(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_changing_a_withheld_cohort_changes_nothing_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    project = with_tiny_cohort(tmp_path / "tiny")
    build(project, engine)
    before = published(project.site_dir)
    folder = project.root / "content" / "cohorts" / "tiny"
    (folder / "sessions.csv").write_text(SESSIONS.replace("2026-10-01,45,,held", "2026-10-01,45,,no-show"), encoding="utf-8")
    (folder / "responses.csv").write_text(responses(1), encoding="utf-8")
    build(project, engine)
    after = published(project.site_dir)
    assert sorted(after) == sorted(before)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == []
    assert any(name.endswith(".ics") for name in before) and any("search" in name for name in before)
    tiny = next(path for path in html_pages(project.site_dir) if "progress/tiny" in path.as_posix())
    text = parse_html(tiny).article
    assert "fewer than 5 participants" in text and "September 14, 2026" in text
    assert "Legal" not in text and "Sessions held" not in text
    dashboard = parse_html(project.site_dir / "progress" / "index.html").article
    assert "Tiny cohort has fewer than 5 participants" in dashboard and "left out of every figure for all cohorts" in dashboard


GOAL = """  - id: on-track
    title: Pairs feel on track at midpoint
    measure: {metric: satisfaction, survey: midpoint, question: on-track}
    target: 3.5

"""


def with_few_midpoint_answers(root: Path, first: int) -> Project:
    """The example with a goal on the midpoint check, which autumn-2026 has answered only 3 times (< 5)."""
    project = copy_project(REPO, root, EXAMPLE_PARTS)
    program = project.root / "program.yaml"
    program.write_text(
        program.read_text(encoding="utf-8").replace("  - id: useful-sessions\n", GOAL + "  - id: useful-sessions\n", 1), encoding="utf-8"
    )
    path = project.root / "content" / "cohorts" / "autumn-2026" / "responses.csv"
    columns = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    rows = []
    for number, value in enumerate((first, 4, 5)):
        cells = dict.fromkeys(columns, "")
        cells.update({"response_id": f"autumn-2026-9{number:04d}", "survey": "midpoint", "cohort": "autumn-2026", "role": "mentor"})
        cells.update({"submitted_at": f"2026-11-1{number}T10:00:00Z", "midpoint.on-track": str(value)})
        rows.append(",".join(cells[column] for column in columns))
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    return project


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_changing_a_withheld_answer_changes_nothing_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    # autumn-2026's mean for the goal is withheld (3 answers); the pilot's is published, so the
    # "All cohorts" mean on the dashboard and the goal page would give it away by subtraction:
    # it is withheld as well, and changing one of autumn's answers changes no published byte.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    sites = []
    for first in (4, 1):
        project = with_few_midpoint_answers(tmp_path / f"answer-{first}", first)
        build(project, engine)
        sites.append(published(project.site_dir))
    assert sorted(sites[0]) == sorted(sites[1])
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []
    goal = parse_html(project.site_dir / "progress" / "goals" / "on-track" / "index.html").article
    assert "Pilot cohort" in goal and goal.count("withheld: fewer than 5 people") == 1  # autumn
    assert goal.count("withheld: it would reveal a withheld figure") == 1  # all cohorts


def test_the_audit_stops_a_build_that_would_leak(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Switch off the complementary suppression: the auditor finds autumn's withheld sum of answers
    # exactly (all cohorts' sum minus the pilot's), and the build stops before writing anything.
    import generator.progress.aggregate as progress_aggregate
    from generator.errors import ErrorList
    from generator.pipeline import generate

    monkeypatch.setattr(progress_aggregate, "complement", lambda total, cohorts: total)
    project = with_few_midpoint_answers(tmp_path / "leaky", 4)
    with pytest.raises(ErrorList) as raised:
        generate(project)
    message = str(raised.value)
    assert "goal:on-track:autumn-2026" in message and "between 13 and 13" in message and "min_group_size" in message
    assert not (project.root / ".playbook").exists()


def test_a_secret_gives_keyed_rows_and_identical_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    sites = []
    for name in ("one", "two"):
        project = copy_project(REPO, tmp_path / name, EXAMPLE_PARTS)
        (project.root / ".playbook-secret").write_text("correct horse battery staple\n", encoding="utf-8")
        build(project)
        sites.append(published(project.site_dir))
    assert sites[0] == sites[1]  # same secret, byte-identical
    assert not any(b"correct horse" in data for data in sites[0].values())
    assert not any(name.endswith("playbook-secret") for name in sites[0])
    page = parse_html(project.site_dir / "progress" / "autumn-2026" / "index.html").article
    assert "Every pair (31)" in page and "keyed pseudonymous labels" in page
    monkeypatch.setenv("PLAYBOOK_SECRET", "another secret")
    build(project)
    assert published(project.site_dir)["progress/autumn-2026/index.html"] != sites[0]["progress/autumn-2026/index.html"]


FIXTURE = Path(__file__).resolve().parent / "fixtures" / "privacy"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_fixture_withheld_groups_can_change_without_a_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    # tests/fixtures/privacy: "tiny" has 4 people (< 5); "big" has 6 people, but only 3 anonymous
    # pulse answers and 3 mentees' skill answers, so its satisfaction and skill change are withheld,
    # and so are both goals for all cohorts. Change each withheld group's data: nothing published moves.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    project = copy_project(FIXTURE, tmp_path / "privacy")
    build(project, engine)
    before = published(project.site_dir)
    cohorts = project.root / "content" / "cohorts"
    edit(cohorts / "tiny" / "sessions.csv", "tiny-1,2026-03-10,45,,held", "tiny-1,2026-03-10,45,,cancelled")
    edit(cohorts / "tiny" / "responses.csv", ",pulse,tiny,mentor,,2026-02-10T09:00:00Z,,5,", ",pulse,tiny,mentor,,2026-02-10T09:00:00Z,,1,")
    edit(cohorts / "big" / "responses.csv", ",pulse,big,mentor,,2026-02-10T09:00:00Z,,4,", ",pulse,big,mentor,,2026-02-10T09:00:00Z,,1,")
    edit(
        cohorts / "big" / "responses.csv",
        ",end,big,mentee,big-1,2026-04-20T09:00:00Z,,,4",
        ",end,big,mentee,big-1,2026-04-20T09:00:00Z,,,5",
    )
    build(project, engine)
    after = published(project.site_dir)
    assert sorted(after) == sorted(before)
    assert [name for name in before if before[name] != after[name]] == []
    useful = parse_html(project.site_dir / "progress" / "goals" / "useful" / "index.html").article
    # big, tiny (the whole cohort), and all cohorts (only big's 3 answers are in it: below 5 itself)
    assert useful.count("withheld: fewer than 5 people") == 3
    meeting = parse_html(project.site_dir / "progress" / "goals" / "meeting" / "index.html").article
    assert "Tiny cohort is left out" in meeting
    # By hand: big's 3 completed pairs owe the whole plan, 3 × 6 = 18 sessions, and held 3 × 5 = 15:
    # 15 / 18 = 83%, for big and for all cohorts (tiny is left out).
    assert meeting.count("83%") == 2
