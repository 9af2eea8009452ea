"""Survey forms in a real browser: every question type, show_if, errors, drafts, the collector
round trip with a failure and a retry, the form without JavaScript, and axe-core."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from generator.pipeline import build
from generator.project import Project
from generator.surveys.collector import Settings, create_app
from tests.conftest import EXAMPLE_PARTS, REPO, _QuietHandler, copy_project

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SURVEYS = ("skills-baseline", "session-pulse", "midpoint", "programme-end", "intake")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Collector:
    """``playbook collect``'s app under uvicorn in a thread, which a test can stop and restart."""

    def __init__(self, project: Project, port: int, database: Path) -> None:
        self.project, self.port, self.database = project, port, database
        self.origins: tuple[str, ...] = ()
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        app = create_app(self.project, Settings(self.database, self.origins, 65536, 1000))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        self.store = app.state.store

    def stop(self) -> None:
        if self.server and self.thread:
            self.server.should_exit = True
            self.thread.join(10)
            self.store.close()
            self.server = None

    def rows(self) -> list[dict[str, Any]]:
        with sqlite3.connect(self.database) as connection:
            found = connection.execute("SELECT response_id, survey, cohort, role, pair, answers FROM responses ORDER BY rowid").fetchall()
        keys = ("response_id", "survey", "cohort", "role", "pair")
        return [{**dict(zip(keys, row[:5], strict=True)), "answers": json.loads(row[5])} for row in found]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, int, str]]:
    """The example built once and served; its forms point at a collector on a free port.

    ``site_url`` is set to where it is served, so Material's instant navigation is on.
    """
    project = copy_project(REPO, tmp_path_factory.mktemp("survey-site"), EXAMPLE_PARTS)
    port = free_port()
    program = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(program.replace("url: http://127.0.0.1:8765", f"url: http://127.0.0.1:{port}"), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(project.site_dir)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with project.mkdocs_file.open("a", encoding="utf-8") as config:
        config.write(f"site_url: {url}\n")
    build(project)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield project, port, url
    server.shutdown()
    server.server_close()


@pytest.fixture
def collector(site: tuple[Project, int, str], tmp_path: Path) -> Iterator[Collector]:
    running = Collector(site[0], site[1], tmp_path / "responses.sqlite")
    yield running
    running.stop()


@pytest.fixture
def base(site: tuple[Project, int, str], collector: Collector) -> str:
    collector.origins = (site[2].rstrip("/"),)
    collector.start()
    return site[2]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


def choose(page: Any, survey: str, question: str, value: str) -> None:
    page.locator(f'input[name="{survey}.{question}"][value="{value}"]').check()


def submit_and_wait(page: Any, text: str) -> None:
    page.locator("button[type=submit]").click()
    page.wait_for_function("text => document.querySelector('.pb-survey__status').textContent.includes(text)", arg=text)


def test_pulse_show_if_errors_draft_submit_failure_and_retry(page: Any, base: str, collector: Collector) -> None:
    page.goto(base + "surveys/session-pulse/?cohort=autumn-2026&role=mentor&pair=pilot-01")
    assert page.locator("#pb-field-cohort").input_value() == "autumn-2026"
    assert page.locator("#pb-field-role").input_value() == "mentor"
    assert page.locator("input[name=pair]").count() == 0  # anonymous: no pair field at all
    concern = page.locator("#pb-q-concern")
    assert concern.is_hidden()

    page.locator("button[type=submit]").click()
    error = page.locator("#pb-q-useful-error")
    assert error.is_visible() and "needs an answer" in error.inner_text()
    assert page.locator('input[name="session-pulse.useful"]').first.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "session-pulse.useful"

    choose(page, "session-pulse", "felt-safe", "no")
    assert concern.is_visible()
    choose(page, "session-pulse", "felt-safe", "yes")
    assert concern.is_hidden()
    choose(page, "session-pulse", "felt-safe", "no")
    page.locator("#pb-q-concern-input").fill("We ran out of time.")
    page.locator('input[name="session-pulse.useful"][value="1"]').focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # keyboard only: arrows move the choice to 4
    choose(page, "session-pulse", "agenda", "kickoff")
    assert not error.is_visible()
    assert "3 of 5 questions answered" not in page.locator(".pb-survey__progress-text").inner_text()
    assert page.locator(".pb-survey__progress-text").inner_text() == "4 of 5 questions answered"

    page.reload()
    assert page.locator('input[name="session-pulse.useful"][value="4"]').is_checked()
    assert page.locator("#pb-q-concern-input").input_value() == "We ran out of time."
    assert "restored" in page.locator(".pb-survey__status").inner_text()

    submit_and_wait(page, "See you after the next session")
    [stored] = collector.rows()
    assert (stored["survey"], stored["cohort"], stored["role"], stored["pair"]) == ("session-pulse", "autumn-2026", "mentor", "")
    assert stored["answers"] == {"useful": 4, "agenda": "kickoff", "felt-safe": False, "concern": "We ran out of time.", "energy": None}

    choose(page, "session-pulse", "useful", "2")
    choose(page, "session-pulse", "felt-safe", "yes")
    collector.stop()
    page.locator("button[type=submit]").click()
    failure = page.locator(".pb-survey__failure")
    failure.wait_for(state="visible")
    assert "not sent" in failure.inner_text()
    assert page.locator('input[name="session-pulse.useful"][value="2"]').is_checked()
    collector.start()
    page.locator(".pb-survey__retry").click()
    page.wait_for_function("document.querySelector('.pb-survey__status').textContent.includes('See you')")
    assert failure.is_hidden()
    rows = collector.rows()
    assert len(rows) == 2
    assert rows[1]["answers"]["useful"] == 2
    assert rows[0]["response_id"] != rows[1]["response_id"]


def test_every_question_type_reaches_the_collector(page: Any, base: str, collector: Collector) -> None:
    page.goto(base + "surveys/midpoint/?cohort=pilot&role=mentee")
    choose(page, "midpoint", "on-track", "5")
    page.locator("#pb-q-sessions-held-input").fill("6")
    for value in ("time", "topics", "trust", "cancellations"):
        choose(page, "midpoint", "obstacles", value)
    page.locator("button[type=submit]").click()
    assert "at most 3" in page.locator("#pb-q-obstacles-error").inner_text()
    page.locator('input[name="midpoint.obstacles"][value="trust"]').uncheck()
    page.locator("#pb-q-next-session-input").fill("2026-12-08")
    page.locator("#pb-q-change-input").fill("Shorter sessions, ½ as long — ça va?")
    submit_and_wait(page, "Thank you")

    page.goto(base + "surveys/programme-end/?cohort=pilot&role=mentee&pair=pilot-04")
    assert page.locator("#pb-field-pair").input_value() == "pilot-04"
    choose(page, "programme-end", "recommend", "9")
    choose(page, "programme-end", "continue", "yes")
    choose(page, "programme-end", "ai-tools", "4")
    submit_and_wait(page, "Thank you for taking part")

    page.goto(base + "surveys/intake/?cohort=autumn-2026")
    skills = page.locator("#pb-q-skills_offered")
    assert skills.is_hidden()
    page.locator("#pb-field-role").select_option("mentor")
    page.locator("#pb-q-name-input").fill("Zoë <b>Ångström</b>")
    page.locator("#pb-q-email-input").fill("zoe@northwind.example")
    choose(page, "intake", "role", "mentor")
    assert skills.is_visible()
    choose(page, "intake", "skills_offered", "ai-tools")
    choose(page, "intake", "level", "early-career")
    page.locator("#pb-q-department-input").fill("Sales")
    choose(page, "intake", "timezone", "Europe/Lisbon")
    choose(page, "intake", "languages", "pt")
    choose(page, "intake", "meeting_preferences", "video")
    choose(page, "intake", "availability", "mon-am")
    page.locator("#pb-q-capacity-input").fill("2")
    page.locator("button[type=submit]").click()
    assert "at least 2" in page.locator("#pb-q-availability-error").inner_text()
    choose(page, "intake", "availability", "thu-pm")
    submit_and_wait(page, "Thank you for applying")

    stored = {row["survey"]: row for row in collector.rows()}
    assert stored["midpoint"]["answers"] == {
        "on-track": 5,
        "sessions-held": 6,
        "obstacles": ["time", "cancellations", "topics"],
        "next-session": "2026-12-08",
        "change": "Shorter sessions, ½ as long — ça va?",
    }
    assert stored["programme-end"]["pair"] == "pilot-04"
    assert {key: stored["programme-end"]["answers"][key] for key in ("recommend", "continue", "ai-tools")} == {
        "recommend": 9,
        "continue": True,
        "ai-tools": 4,
    }
    intake = stored["intake"]["answers"]
    assert (intake["name"], intake["skills_offered"], intake["availability"], intake["capacity"]) == (
        "Zoë <b>Ångström</b>",
        ["ai-tools"],
        ["mon-am", "thu-pm"],
        2,
    )


def test_form_works_without_javascript(browser: Any, base: str, collector: Collector) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "surveys/session-pulse/")
    page.locator("button[type=submit]").click()
    assert page.url.startswith(base)  # the browser's own validation stopped the empty form
    page.locator("#pb-field-cohort").select_option("pilot")
    page.locator("#pb-field-role").select_option("mentee")
    choose(page, "session-pulse", "useful", "5")
    choose(page, "session-pulse", "felt-safe", "yes")
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert "Thank you" in page.content()
    context.close()
    [stored] = collector.rows()
    assert stored["answers"]["useful"] == 5


def test_axe_finds_no_serious_violation_on_survey_pages(page: Any, base: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing; install it with: npm install --no-save axe-core@4.14.1 (in the repository root)")
    found = {}
    for path in ("surveys/", *(f"surveys/{survey}/" for survey in SURVEYS)):
        page.goto(base + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{item['id']}: {item['help']}" for item in result["violations"] if item["impact"] in ("serious", "critical")]
        found[path] = serious
    assert found == {path: [] for path in found}


def test_page_script_runs_on_zensical_and_under_instant_navigation(
    page: Any, built_example: Callable[[str], Project], serve_folder: Callable[[Path], str], base: str
) -> None:
    zensical = serve_folder(built_example("zensical").site_dir)
    page.goto(zensical + "surveys/session-pulse/")
    assert page.locator("#pb-q-concern").is_hidden()
    choose(page, "session-pulse", "felt-safe", "no")
    assert page.locator("#pb-q-concern").is_visible()

    page.goto(base + "surveys/")  # Material: follow a link with instant navigation, no full reload
    page.evaluate("window.pbMarker = 1")
    page.locator("article a[href*='session-pulse']").first.click()
    page.wait_for_selector("form[data-pb-ready=true]")
    assert page.evaluate("window.pbMarker") == 1
    assert page.locator(".pb-survey__progress").is_visible()


def test_phone_width_and_paper_form(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + "surveys/intake/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator('input[name="intake.availability"][value="mon-am"]').locator("xpath=..").bounding_box()
    assert box is not None and box["height"] >= 44  # touch-sized choices
    page.emulate_media(media="print")
    assert page.locator("#pb-q-skills_offered").is_visible()  # conditional questions are printed too
    assert page.locator("button[type=submit]").is_hidden()
    context.close()
