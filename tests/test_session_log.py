"""The session log: a pair's entry through the collector (token checked, never stored), ``ingest``
into sessions.csv (idempotent, conflicts located, the private note kept out of content/ and site/),
and in a real browser at phone width: open the pair's link, log a session, ingest, build, counted."""

from __future__ import annotations

import csv
import datetime
import functools
import http.server
import io
import json
import re
import sqlite3
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from generator.cli import main
from generator.errors import ErrorList, PlaybookError
from generator.loading import as_of_date, build_epoch, load_programme
from generator.pair_links import pair_token, revoke, session_log_link
from generator.pipeline import build
from generator.progress.aggregate import aggregate_progress
from generator.progress.model import cohort_tables
from generator.project import Project
from generator.surveys.collector import Settings, create_app
from generator.surveys.ingest import ingest as run_ingest
from generator.surveys.session_log import check_entry
from tests.conftest import EXAMPLE_PARTS, REPO, _QuietHandler, copy_project
from tests.test_surveys_browser import Collector, free_port

SECRET = "a secret for the session log tests"
SITE = "http://127.0.0.1:8000"
COHORT, PAIR = "autumn-2026", "autumn-2026-31"
NOTE = "Private: we talked about the reorganisation"


def entry(response_id: str = "s-1", token: str | None = None, **answers: object) -> dict[str, Any]:
    given_answers = answers or {"date": "2026-11-17", "minutes": 40, "agenda": "regular-session", "status": "held", "note": NOTE}
    return {
        "response_id": response_id,
        "survey": "session-log",
        "cohort": COHORT,
        "role": "",
        "pair": PAIR,
        "token": pair_token(SECRET.encode(), COHORT, PAIR) if token is None else token,
        "answers": given_answers,
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("PLAYBOOK_SECRET", SECRET)
    return copy_project(REPO, tmp_path / "programme", ("program.yaml", "mkdocs.yml", "content"))


@pytest.fixture
def client(project: Project, tmp_path: Path) -> Iterator[TestClient]:
    settings_ = Settings(tmp_path / "collector.sqlite", (SITE,), 65536, 100_000)
    with TestClient(create_app(project, settings_), headers={"Origin": SITE}) as test_client:
        yield test_client


def sessions_text(project: Project) -> str:
    return (project.cohort_dir(COHORT) / "sessions.csv").read_text(encoding="utf-8")


def test_an_entry_is_checked_like_a_survey_answer(project: Project) -> None:
    program = load_programme(project, content=False, data=False).program
    fields = {**entry(), "submitted_at": "2026-11-18T08:00:00Z"}
    response, problems = check_entry(program, fields, fields["answers"])
    assert problems == [] and response is not None
    assert response.answers["minutes"] == 40 and response.answers["note"] == NOTE
    bad = {"date": "2027-09-01", "minutes": 2000, "agenda": "nope", "status": "held", "milestone": "baseline"}
    _, problems = check_entry(program, fields, bad)
    assert {problem.field for problem in problems} == {"date", "minutes", "agenda", "milestone"}
    _, problems = check_entry(program, fields, {"date": "2026-11-17", "status": "held"})
    assert [problem.field for problem in problems] == ["minutes"]  # a held session needs its minutes
    cancelled, problems = check_entry(program, fields, {"date": "2026-11-17", "status": "cancelled", "minutes": 30, "milestone": "kickoff"})
    assert problems == [] and cancelled is not None
    assert cancelled.answers["minutes"] is None and cancelled.answers["milestone"] is None  # hidden unless held
    _, problems = check_entry(program, fields, {"date": "2026-11-17", "status": "done"})
    assert [problem.field for problem in problems] == ["status"]
    _, problems = check_entry(program, {**fields, "cohort": "autumn", "pair": ""}, fields["answers"])
    assert {problem.field for problem in problems} == {"cohort", "pair"}


def test_the_collector_stores_an_entry_without_its_token(client: TestClient, tmp_path: Path) -> None:
    answer = client.post("/api/responses", json=entry())
    assert answer.status_code == 201, answer.text
    assert client.post("/api/responses", json=entry()).status_code == 200  # a retry is a duplicate
    raw = (tmp_path / "collector.sqlite").read_bytes() + b"".join(
        path.read_bytes() for path in tmp_path.glob("collector.sqlite-*") if path.is_file()
    )
    assert entry()["token"].encode() not in raw
    with sqlite3.connect(tmp_path / "collector.sqlite") as connection:
        rows = connection.execute("SELECT survey, cohort, pair, answers FROM responses").fetchall()
    assert [(survey, cohort, pair) for survey, cohort, pair, _ in rows] == [("session-log", COHORT, PAIR)]
    assert json.loads(rows[0][3])["note"] == NOTE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_a_wrong_token_is_refused_with_a_reason_never_a_500(client: TestClient, token: str) -> None:
    good = pair_token(SECRET.encode(), COHORT, PAIR)
    answer = client.post("/api/responses", json=entry("s-wrong", token=token))
    if token == good:
        assert answer.status_code in (200, 201)
        return
    assert answer.status_code == 403, answer.text
    assert "this link is not valid" in answer.json()["error"]


def test_modified_other_pair_and_revoked_tokens_are_refused(client: TestClient, project: Project) -> None:
    good = pair_token(SECRET.encode(), COHORT, PAIR)
    modified = good[:-1] + ("A" if good[-1] != "A" else "B")
    other = pair_token(SECRET.encode(), COHORT, "autumn-2026-01")
    for token in (modified, other, ""):
        assert client.post("/api/responses", json=entry("s-x", token=token)).status_code == 403
    revoke(project, COHORT, PAIR, datetime.date(2026, 11, 20))
    assert client.post("/api/responses", json=entry("s-x", token=good)).status_code == 403
    renewed = pair_token(SECRET.encode(), COHORT, PAIR, 1)
    assert client.post("/api/responses", json=entry("s-x", token=renewed)).status_code == 201


def test_without_a_secret_the_collector_refuses_with_503(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAYBOOK_SECRET")
    with TestClient(create_app(project, Settings(tmp_path / "c.sqlite", (SITE,), 65536, 1000)), headers={"Origin": SITE}) as client:
        answer = client.post("/api/responses", json=entry())
    assert answer.status_code == 503 and "PLAYBOOK_SECRET" in answer.json()["error"]


def download(tmp_path: Path, name: str, *entries: dict[str, Any]) -> Path:
    path = tmp_path / name
    records = [{"format": "playbook-response/1", "submitted_at": "2026-11-18T08:00:00Z", **item} for item in entries]
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")
    return path


def ingest(project: Project, *files: Path) -> int:
    return main(["ingest", "--project", str(project.root), *(str(file) for file in files)])


def test_ingest_merges_once_and_keeps_the_note_private(project: Project, tmp_path: Path) -> None:
    before = sessions_text(project)
    file = download(tmp_path, "log.json", entry())
    assert ingest(project, file) == 0
    after = sessions_text(project)
    assert after.startswith(before.rstrip("\n").split("\n")[0])  # the header, then the old rows as they were
    assert after.endswith(f"{PAIR},2026-11-17,40,regular-session,held\n") and NOTE not in after
    notes = (project.reports_dir / COHORT / "session-notes.csv").read_text(encoding="utf-8")
    assert NOTE in notes
    assert ingest(project, file) == 0  # idempotent: nothing changes
    assert sessions_text(project) == after
    assert (project.reports_dir / COHORT / "session-notes.csv").read_text(encoding="utf-8") == notes
    data = cohort_tables(load_programme(project).data)[COHORT]
    assert sum(1 for session in data.sessions if session.pair_id == PAIR and session.status == "held") == 5


def test_a_conflict_is_located_in_both_files_and_nothing_is_written(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sessions_text(project)
    first = download(tmp_path, "first.json", entry("s-1", date="2026-11-10", minutes=30, status="held"))
    assert ingest(project, first) == 1  # sessions.csv has 55 minutes for that day
    line = next(number for number, text in enumerate(before.splitlines(), start=1) if text.startswith(f"{PAIR},2026-11-10"))
    err = capsys.readouterr().err
    assert f"first.json:2: date: pair '{PAIR}' on 2026-11-10 is logged differently at content/cohorts/{COHORT}/sessions.csv:{line}" in err
    two = download(
        tmp_path,
        "two.json",
        entry("s-2", date="2026-11-17", minutes=40, status="held"),
        entry("s-3", date="2026-11-17", status="cancelled"),
    )
    assert ingest(project, two) == 1
    assert "is logged differently at" in capsys.readouterr().err
    assert sessions_text(project) == before
    assert not (project.reports_dir / COHORT / "session-notes.csv").exists()


def test_a_bad_token_in_a_file_and_a_date_outside_the_pair_are_located(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sessions_text(project)
    file = download(tmp_path, "bad.json", entry("s-1", token="x" * 24), entry("s-2", date="2026-09-01", status="cancelled"))
    assert ingest(project, file) == 1
    err = capsys.readouterr().err
    assert "bad.json:2: token: this link is not valid" in err
    assert "bad.json:" in err and "2026-09-01 is outside the cohort" in err
    assert sessions_text(project) == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.fixed_dictionaries(
        {
            "date": st.one_of(st.just("2026-11-12"), st.text(max_size=12)),
            "minutes": st.one_of(st.integers(-5, 2000), st.text(max_size=5)),
            "status": st.sampled_from(["held", "cancelled", "no-show", "", "done"]),
            "agenda": st.sampled_from(["", "none", "kickoff", "regular-session", "unknown"]),
        }
    )
)
def test_any_entry_is_merged_or_refused_with_a_location(project: Project, tmp_path: Path, answers: dict[str, object]) -> None:
    before = sessions_text(project)
    file = download(tmp_path, "any.json", entry("s-any", **answers))
    try:
        run_ingest(project, load_programme(project, content=False, data=False).program, [file])
    except ErrorList as caught:
        assert all(error.file.endswith("any.json") and error.line == 2 for error in caught), [str(e) for e in caught]
        assert sessions_text(project) == before
        return
    load_programme(project)  # what ingest wrote, build accepts
    (project.cohort_dir(COHORT) / "sessions.csv").write_text(before, encoding="utf-8")


def test_collector_export_round_trip(client: TestClient, project: Project, tmp_path: Path) -> None:
    assert client.post("/api/responses", json=entry()).status_code == 201
    export = tmp_path / "export.csv"
    database = str(tmp_path / "collector.sqlite")
    assert main(["collect", "export", "--project", str(project.root), "--db", database, "--out", str(export)]) == 0
    header = next(csv.reader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert "session-log.note" in header and "token" not in header
    assert ingest(project, export) == 0
    assert sessions_text(project).endswith(f"{PAIR},2026-11-17,40,regular-session,held\n")
    assert "session-log" not in (project.cohort_dir(COHORT) / "responses.csv").read_text(encoding="utf-8")


# --- in a real browser ------------------------------------------------------------------------


def held_counts(project: Project) -> tuple[int, int]:
    html = (project.site_dir / "progress" / COHORT / "index.html").read_text(encoding="utf-8")
    found = [
        int(re.search(rf"{label}</td>\s*<td[^>]*>(\d+)</td>", html).group(1))  # type: ignore[union-attr]
        for label in ("Sessions held toward the plan", "Sessions held beyond the plan")
    ]
    return found[0], found[1]


@pytest.mark.browser
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_pair_logs_a_session_in_the_browser_and_the_next_build_counts_it(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    monkeypatch.setenv("PLAYBOOK_SECRET", SECRET)
    project = copy_project(REPO, tmp_path / "site", EXAMPLE_PARTS)
    port = free_port()
    program = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(program.replace("url: http://127.0.0.1:8765", f"url: http://127.0.0.1:{port}"), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(project.site_dir)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with project.mkdocs_file.open("a", encoding="utf-8") as config:
        config.write(f"site_url: {base}\n")
    build(project, engine)
    counted = held_counts(project)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    collector = Collector(project, port, tmp_path / "collector.sqlite")
    collector.origins = (base.rstrip("/"),)
    collector.start()
    try:
        program_model = load_programme(project, content=False, data=False).program
        link = session_log_link(program_model, COHORT, PAIR, pair_token(SECRET.encode(), COHORT, PAIR), base)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(link)
        page.wait_for_selector(".pb-survey__pair:not([hidden])")
        assert PAIR in page.locator(".pb-survey__pair").inner_text()
        assert page.locator(".pb-survey__nolink").is_hidden()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.fill('input[name="session-log.date"]', "2026-11-17")
        page.locator('input[name="session-log.status"][value="held"]').check()
        page.fill('input[name="session-log.minutes"]', "40")
        page.locator('input[name="session-log.agenda"][value="regular-session"]').check()
        page.locator('input[name="session-log.milestone"][value="none"]').check()
        page.fill('textarea[name="session-log.note"]', NOTE)
        page.locator("button[type=submit]").click()
        page.wait_for_function("() => document.querySelector('.pb-survey__status').textContent.includes('your session is logged')")
        context.close()
        rows = collector.rows()
        assert [(row["survey"], row["pair"]) for row in rows] == [("session-log", PAIR)]
        assert "token" not in rows[0]["answers"]
    finally:
        collector.stop()
        server.shutdown()
        server.server_close()
    export = tmp_path / "export.csv"
    database = str(tmp_path / "collector.sqlite")
    assert main(["collect", "export", "--project", str(project.root), "--db", database, "--out", str(export)]) == 0
    assert ingest(project, export) == 0
    build(project, engine)
    held, beyond = held_counts(project)
    assert held + beyond == counted[0] + counted[1] + 1
    site_text = b"".join(path.read_bytes() for path in project.site_dir.rglob("*") if path.is_file())
    assert NOTE.encode() not in site_text
    assert NOTE in (project.reports_dir / COHORT / "session-notes.csv").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_form_without_its_link_says_so_and_axe_finds_nothing_serious(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_folder: Any
) -> None:
    monkeypatch.setenv("PLAYBOOK_SECRET", SECRET)
    project = copy_project(REPO, tmp_path / "plain", EXAMPLE_PARTS)
    build(project)
    base = serve_folder(project.site_dir)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "log/")
    page.wait_for_selector(".pb-survey__nolink:not([hidden])")
    assert page.locator("button[type=submit]").is_disabled()
    page.goto(base + "log/#cohort=autumn-2026&pair=autumn-2026-31&token=" + pair_token(SECRET.encode(), COHORT, PAIR))
    page.wait_for_selector(".pb-survey__pair:not([hidden])")
    page.add_script_tag(path=str(REPO / "node_modules" / "axe-core" / "axe.min.js"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [item["id"] for item in result["violations"] if item["impact"] in ("serious", "critical")] == []
    context.close()


# --- milestones marked done -------------------------------------------------------------------


def milestone_figure(project: Project, milestone_id: str) -> Any:
    loaded = load_programme(project)
    figures = aggregate_progress(loaded.program, cohort_tables(loaded.data), as_of_date(loaded.program, build_epoch(project)))
    cohort = next(item for item in figures.cohorts if item.cohort.id == COHORT)
    return next(item for item in cohort.milestones if item.milestone.id == milestone_id)


def test_milestones_marked_by_hand_and_by_a_logged_session_count(project: Project, tmp_path: Path) -> None:
    marks = project.cohort_dir(COHORT) / "milestones.csv"
    marks.unlink(missing_ok=True)
    unmarked = milestone_figure(project, "kickoff").reached
    marks.write_text("pair_id,milestone,date\nautumn-2026-12,kickoff,2026-09-30\nautumn-2026-16,kickoff,2026-09-30\n", encoding="utf-8")
    marked = milestone_figure(project, "kickoff").reached
    assert marked.value > unmarked.value  # two more pairs reached it
    file = download(tmp_path, "log.json", entry(date="2026-11-17", minutes=40, status="held", milestone="kickoff", agenda="none"))
    assert ingest(project, file) == 0
    text = sessions_text(project)
    assert text.splitlines()[0] == "pair_id,date,minutes,agenda,status,milestone"
    assert text.splitlines()[1].endswith(",")  # the old rows gain an empty milestone cell
    assert text.endswith(f"{PAIR},2026-11-17,40,,held,kickoff\n")
    data = cohort_tables(load_programme(project).data)[COHORT]
    reached = {(item.pair_id, item.milestone) for item in data.milestones_done}
    assert {("autumn-2026-12", "kickoff"), ("autumn-2026-16", "kickoff"), (PAIR, "kickoff")} <= reached


def test_milestone_mistakes_are_located(project: Project) -> None:
    marks = project.cohort_dir(COHORT) / "milestones.csv"
    marks.write_text(
        "pair_id,milestone,date\nautumn-2026-99,kickoff,2026-09-30\nautumn-2026-12,kickof,2026-09-30\nautumn-2026-12,,someday\nautumn-2026-12,baseline,2026-10-01\n"
    )
    log = project.cohort_dir(COHORT) / "sessions.csv"
    lines = log.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",milestone", *(line + "," for line in lines[1:])]
    cancelled = next(index for index, line in enumerate(rows) if ",cancelled," in line)
    rows[cancelled] = rows[cancelled][:-1] + ",kickoff"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        load_programme(project)
    found = [str(error) for error in caught.value]
    assert any(line.startswith(f"content/cohorts/{COHORT}/milestones.csv:2: pair_id: unknown pair 'autumn-2026-99'") for line in found)
    assert any(
        line.startswith(f"content/cohorts/{COHORT}/milestones.csv:3: milestone: unknown milestone 'kickof'. Did you mean 'kickoff'?")
        for line in found
    )
    assert any(line.startswith(f"content/cohorts/{COHORT}/milestones.csv:4: milestone: 'milestone' is empty") for line in found)
    assert any(line.startswith(f"content/cohorts/{COHORT}/milestones.csv:4: date: 'someday' is not a date") for line in found)
    survey_linked = f"content/cohorts/{COHORT}/milestones.csv:5: milestone: milestone 'baseline' is reached by answering survey"
    assert any(line.startswith(survey_linked) for line in found)
    assert any(
        line.startswith(f"content/cohorts/{COHORT}/sessions.csv:{cancelled + 1}: milestone: a cancelled session reaches no milestone")
        for line in found
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=15), st.text(max_size=12))
def test_any_milestone_cells_load_or_give_located_errors(project: Project, milestone: str, day: str) -> None:
    marks = project.cohort_dir(COHORT) / "milestones.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([("pair_id", "milestone", "date"), ("autumn-2026-12", milestone, day)])
    marks.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        data = cohort_tables(load_programme(project).data)[COHORT]
    except ErrorList as caught:
        assert all(error.file.endswith("milestones.csv") for error in caught), [str(error) for error in caught]
        return
    except Exception as unexpected:  # a CSV the loader cannot read is a located PlaybookError, never a crash
        assert isinstance(unexpected, PlaybookError) and unexpected.file.endswith("milestones.csv")
        return
    assert ("autumn-2026-12", milestone.strip()) in {(item.pair_id, item.milestone) for item in data.milestones_done}


def test_the_session_log_id_is_reserved(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    text = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(text.replace("  - id: session-pulse\n", "  - id: session-log\n", 1), encoding="utf-8")
    assert main(["check", "--project", str(project.root)]) == 1
    line = project.program_file.read_text(encoding="utf-8").splitlines().index("  - id: session-log") + 1
    err = capsys.readouterr().err
    assert f"program.yaml:{line}:5: surveys[1].id: 'session-log' is the built-in session log's id" in err
