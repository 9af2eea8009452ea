"""The response collector: every refusal stores nothing, retries are idempotent, load keeps every row."""

from __future__ import annotations

import concurrent.futures
import json
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

with warnings.catch_warnings():  # Starlette's test client prefers httpx2; httpx works the same here.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from generator.loading import load_programme
from generator.project import Project
from generator.surveys.collector import Settings, create_app
from tests.conftest import REPO, copy_project
from tests.postgres import database_fixture, postgres_server_fixture, rows  # noqa: F401 (fixtures)

SITE = "http://127.0.0.1:8000"


def pulse(response_id: str = "r-1", **answers: object) -> dict[str, object]:
    return {
        "response_id": response_id,
        "survey": "session-pulse",
        "cohort": "autumn-2026",
        "role": "mentee",
        "pair": "",
        "answers": answers or {"useful": 4, "felt-safe": "yes"},
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(REPO, tmp_path_factory.mktemp("collector"), ("program.yaml", "content"))


def make_client(project: Project, database: Path | str, rate: int = 1000, max_body_bytes: int = 4096) -> TestClient:
    settings = Settings(database, (SITE,), max_body_bytes, rate)
    return TestClient(create_app(project, settings), headers={"Origin": SITE})


@pytest.fixture
def client(project: Project, database: Path | str) -> Iterator[TestClient]:
    with make_client(project, database) as test_client:
        yield test_client


def database_of(client: TestClient) -> Path | str:
    store = client.app.state.store  # type: ignore[attr-defined]
    return getattr(store, "url", store.path)  # type: ignore[no-any-return]


def test_valid_submission_is_stored_with_typed_answers(client: TestClient) -> None:
    reply = client.post("/api/responses", json=pulse(useful="5", **{"felt-safe": "no", "concern": "Ran out of time"}))
    assert reply.status_code == 201, reply.text
    assert reply.json() == {"status": "stored", "response_id": "r-1"}
    [(response_id, survey, answers)] = rows(database_of(client))
    assert (response_id, survey) == ("r-1", "session-pulse")
    assert json.loads(answers) == {"useful": 5, "felt-safe": False, "concern": "Ran out of time", "agenda": None, "energy": None}


def test_replayed_response_id_stores_nothing_new(client: TestClient) -> None:
    assert client.post("/api/responses", json=pulse()).status_code == 201
    again = client.post("/api/responses", json=pulse(useful=1, **{"felt-safe": "no"}))
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert len(rows(database_of(client))) == 1


@pytest.mark.parametrize(
    ("body", "headers", "status", "reason"),
    [
        (b"{not json", {"Content-Type": "application/json"}, 400, "not valid JSON"),
        (b"[1, 2]", {"Content-Type": "application/json"}, 400, "JSON object"),
        (b"survey=x", {"Content-Type": "text/plain"}, 415, "application/json"),
        (
            json.dumps({**pulse(), "survey": "sesion-pulse"}).encode(),
            {"Content-Type": "application/json"},
            404,
            "Did you mean 'session-pulse'",
        ),
        (
            json.dumps(pulse(useful=6, **{"felt-safe": "yes"})).encode(),
            {"Content-Type": "application/json"},
            422,
            "outside the scale 1 to 5",
        ),
        (
            json.dumps(pulse(useful=4, **{"felt-safe": "yes", "mood": 3})).encode(),
            {"Content-Type": "application/json"},
            422,
            "'mood' is not a question",
        ),
        (
            json.dumps(pulse(useful=4, **{"felt-safe": "yes", "agenda": "party"})).encode(),
            {"Content-Type": "application/json"},
            422,
            "not one of the choices",
        ),
        (json.dumps(pulse(useful=4)).encode(), {"Content-Type": "application/json"}, 422, "needs an answer"),
        (json.dumps({**pulse(), "pair": "pilot-01"}).encode(), {"Content-Type": "application/json"}, 422, "anonymous"),
        (json.dumps({**pulse(), "cohort": "spring"}).encode(), {"Content-Type": "application/json"}, 422, "unknown cohort"),
        (json.dumps({**pulse(), "role": "cohort-lead"}).encode(), {"Content-Type": "application/json"}, 422, "does not answer"),
        (json.dumps({**pulse(), "extra": 1}).encode(), {"Content-Type": "application/json"}, 422, "unknown field"),
        (json.dumps(pulse()).encode(), {"Content-Type": "application/json", "Origin": "https://evil.example"}, 403, "not accepted"),
        (
            json.dumps({**pulse(), "answers": {"useful": 4, "felt-safe": "yes", "concern": "x" * 5000}}).encode(),
            {"Content-Type": "application/json"},
            413,
            "larger than",
        ),
    ],
)
def test_refusals_store_nothing(client: TestClient, body: bytes, headers: dict[str, str], status: int, reason: str) -> None:
    reply = client.post("/api/responses", content=body, headers=headers)
    assert reply.status_code == status, reply.text
    assert reason in reply.json()["error"]
    assert rows(database_of(client)) == []


def test_field_errors_name_the_question(client: TestClient) -> None:
    reply = client.post("/api/responses", json=pulse(useful=9, **{"felt-safe": "maybe"}))
    assert set(reply.json()["fields"]) == {"useful", "felt-safe"}


def test_honeypot_is_accepted_but_not_stored(client: TestClient) -> None:
    reply = client.post("/api/responses", json={**pulse(), "website": "http://spam.example"})
    assert reply.status_code == 200
    assert rows(database_of(client)) == []


def test_cors_preflight_allows_only_the_site(client: TestClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = client.options("/api/responses", headers={**preflight, "Origin": SITE})
    assert allowed.headers["access-control-allow-origin"] == SITE
    refused = client.options("/api/responses", headers={**preflight, "Origin": "https://evil.example"})
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


def test_rate_limit_per_client(project: Project, database: Path | str) -> None:
    with make_client(project, database, rate=3) as limited:
        statuses = [limited.post("/api/responses", json=pulse(f"r-{n}")).status_code for n in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    assert len(rows(database)) == 3


def test_plain_form_post_without_javascript(client: TestClient) -> None:
    form = "survey=intake&cohort=autumn-2026&role=mentor&intake.name=Ana+L%C3%B3pez&intake.email=ana%40northwind.example"
    form += "&intake.role=mentor&intake.level=early-career&intake.department=Sales&intake.timezone=Europe%2FLondon"
    form += "&intake.languages=en&intake.languages=pt&intake.meeting_preferences=video&intake.availability=mon-am"
    form += "&intake.availability=fri-pm&intake.capacity=2&website="
    reply = client.post("/api/responses", content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 201, reply.text
    assert "Thank you" in reply.text
    [(_, survey, answers)] = rows(database_of(client))
    stored = json.loads(answers)
    assert (survey, stored["name"], stored["languages"], stored["capacity"]) == ("intake", "Ana López", ["en", "pt"], 2)


def test_plain_form_post_errors_come_back_as_html(client: TestClient) -> None:
    reply = client.post(
        "/api/responses",
        content="survey=intake&cohort=autumn-2026&role=mentor",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert reply.status_code == 422
    assert reply.headers["content-type"].startswith("text/html")
    assert "needs an answer" in reply.text


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_load_2000_submissions_from_20_clients(project: Project, database: Path | str) -> None:
    settings = Settings(database, (SITE,), 65536, 1_000_000)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(project, settings, load_programme(project, content=False, data=False).program), port=port, log_level="error"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)

    def client_run(client_number: int) -> list[int]:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Origin": SITE}) as http:
            return [http.post("/api/responses", json=pulse(f"c{client_number}-{n}")).status_code for n in range(100)]

    try:
        with concurrent.futures.ThreadPoolExecutor(20) as pool:
            statuses = [status for result in pool.map(client_run, range(20)) for status in result]
    finally:
        server.should_exit = True
        thread.join(10)
    assert statuses.count(201) == 2000
    assert len(rows(database)) == 2000
