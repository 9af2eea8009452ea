"""The collector refuses every malformed request with a 4xx, a JSON reason and one log line (issue 10).

Also: unknown pairs refused against the roster, the no-Origin policy, a bounded rate limiter, a
full disk answered with 503 and recovered from, slow clients timed out, and option values with
< > & and quotes round-tripping through form, collector, export and ingest.
"""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from generator.cli import main
from generator.project import Project
from generator.surveys import store as store_module
from generator.surveys.collector import RateLimiter, Settings, create_app
from generator.surveys.limits import timed_protocol
from tests.conftest import REPO, copy_project
from tests.postgres import database_fixture, postgres_server_fixture, rows  # noqa: F401 (fixtures)

SITE = "http://127.0.0.1:8000"
JSON = {"Content-Type": "application/json"}
ODD_OPTIONS = ["<1 year", "1-3 years", "A & B", "\"quoted\" and 'single'", ">3 <b>years</b>"]
TENURE = f"""
  - id: tenure
    title: Tenure
    anonymous: false
    questions:
      - {{id: years, type: single, required: true, text: "How long have you worked here", options: {json.dumps(ODD_OPTIONS)}}}
      - {{id: count, type: number, text: "How many tools"}}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    copied = copy_project(REPO, tmp_path_factory.mktemp("hardening"), ("program.yaml", "mkdocs.yml", "content", "themes"))
    text = copied.program_file.read_text(encoding="utf-8")
    copied.program_file.write_text(text.replace("\nsurveys:\n", "\nsurveys:" + TENURE, 1), encoding="utf-8")
    return copied


def pulse(response_id: object = "r-1", **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "response_id": response_id,
        "survey": "session-pulse",
        "cohort": "autumn-2026",
        "role": "mentee",
        "pair": "",
        "answers": {"useful": 4, "felt-safe": "yes"},
    }
    return {**body, **changes}


def tenure(response_id: str, years: str, pair: str = "autumn-2026-01") -> dict[str, object]:
    return pulse(response_id, survey="tenure", pair=pair, answers={"years": years})


@pytest.fixture
def client(project: Project, database: Path | str) -> Iterator[TestClient]:
    settings = Settings(database, (SITE,), 65536, 100_000)
    with TestClient(create_app(project, settings), headers={"Origin": SITE}, raise_server_exceptions=False) as test_client:
        yield test_client


def stored(client: TestClient) -> list[tuple[str, str]]:
    store = client.app.state.store  # type: ignore[attr-defined]
    return [(response_id, answers) for response_id, _, answers in rows(getattr(store, "url", store.path))]


def raw(body: str) -> bytes:
    return body.encode("utf-8", "surrogatepass")


MALFORMED = [
    ("huge integer", raw(json.dumps(pulse()).replace('"useful": 4', '"useful": ' + "9" * 5000)), 400, "more than 30 digits"),
    ("huge integer as text", raw(json.dumps(pulse(answers={"useful": "9" * 5000, "felt-safe": "yes"}))), 422, "the number is too large"),
    ("overflowing float", raw(json.dumps(pulse()).replace('"useful": 4', '"useful": 1e999')), 400, "the number 1e999 is too large"),
    ("NaN", raw(json.dumps(pulse()).replace('"useful": 4', '"useful": NaN')), 400, "NaN"),
    ("deep JSON", b'{"answers": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400, "nested more than"),
    (
        "lone surrogate in an answer",
        raw(json.dumps(pulse(answers={"useful": 4, "felt-safe": "yes", "concern": "\ud800"}))),
        400,
        "surrogate",
    ),
    ("lone surrogate in a key", raw(json.dumps(pulse(answers={"\udc00": 1}))), 400, "surrogate"),
    ("lone surrogate in the id", raw(json.dumps(pulse(response_id="r\ud800"))), 400, "surrogate"),
    ("survey as a list", raw(json.dumps(pulse(survey=["session-pulse"]))), 422, "must be text"),
    ("response id as an object", raw(json.dumps(pulse(response_id={"a": 1}))), 422, "must be text"),
    ("key twice", b'{"survey": "session-pulse", "survey": "midpoint"}', 400, "appear twice"),
    ("unicode digits", raw(json.dumps(pulse(answers={"useful": "\u0664", "felt-safe": "yes"}))), 422, "digits 0 to 9"),
    ("unknown pair", raw(json.dumps(tenure("r-2", "<1 year", pair="no-such-pair"))), 422, "unknown pair 'no-such-pair'"),
    ("pair of another cohort", raw(json.dumps({**tenure("r-3", "<1 year"), "cohort": "pilot"})), 422, "unknown pair"),
    ("not UTF-8", '{"survey": "é"}'.encode("latin-1"), 400, "not UTF-8"),
]


@pytest.mark.parametrize(("body", "status", "reason"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_malformed_requests_get_a_4xx_reason_and_one_log_line(
    client: TestClient, caplog: pytest.LogCaptureFixture, body: bytes, status: int, reason: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="playbook.collect"):
        reply = client.post("/api/responses", content=body, headers=JSON)
    assert reply.status_code == status, reply.text
    assert reason in reply.json()["error"]
    assert len([record for record in caplog.records if record.name == "playbook.collect"]) == 1
    assert stored(client) == []


@pytest.mark.parametrize(
    "form", [b"survey=session-pulse&response_id=%ED%A0%80", b"survey=\xff", b"&".join(b"a%d=1" % n for n in range(2000))]
)
def test_malformed_form_posts_are_refused(client: TestClient, form: bytes) -> None:
    reply = client.post("/api/responses", content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert 400 <= reply.status_code < 500
    assert stored(client) == []


@pytest.mark.parametrize("option", ODD_OPTIONS)
def test_options_with_markup_characters_are_accepted(client: TestClient, option: str) -> None:
    reply = client.post("/api/responses", json=tenure("t-1", option))
    assert reply.status_code == 201, reply.text
    assert json.loads(stored(client)[0][1])["years"] == option


def test_requests_without_origin_are_accepted_and_bad_origins_refused(client: TestClient) -> None:
    """Policy (docs/security.md): no Origin header means a non-browser client (curl, a script); the
    collector holds no cookies or sessions, so there is nothing to forge, and every check still runs.
    A browser always sends Origin on a cross-site POST, so a foreign or "null" origin is refused."""
    without = client.post("/api/responses", json=pulse("no-origin"), headers={"Origin": ""} | {})
    assert without.status_code == 403  # an empty Origin is not "no Origin"
    del client.headers["Origin"]
    assert client.post("/api/responses", json=pulse("no-origin")).status_code == 201
    for origin in ("null", "https://evil.example", SITE + "/"):
        assert client.post("/api/responses", json=pulse(f"o-{origin}"), headers={"Origin": origin}).status_code == 403


def test_rate_limiter_memory_is_bounded() -> None:
    limiter = RateLimiter(per_minute=5, max_clients=100)
    for number in range(10_000):
        assert limiter.allow(f"10.0.{number // 256}.{number % 256}", now=float(number) / 1000)
    assert len(limiter.seen) <= 100
    assert all(limiter.allow("10.9.9.9", 20.0) for _ in range(5))
    assert not limiter.allow("10.9.9.9", 20.0)


def test_full_disk_gives_503_and_the_collector_recovers(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    if hasattr(store, "url"):
        import psycopg

        def no_space() -> object:
            raise psycopg.OperationalError("could not extend file: No space left on device")

        monkeypatch.setattr(store, "_connect", no_space)
    else:

        class FullDisk:
            def execute(self, *args: object) -> object:
                raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(store, "_connection", FullDisk())
    reply = client.post("/api/responses", json=pulse("full"))
    assert reply.status_code == 503
    assert "disk is full" in reply.json()["error"]
    monkeypatch.undo()
    assert client.post("/api/responses", json=pulse("full")).status_code == 201
    assert [row[0] for row in stored(client)] == ["full"]


def test_bad_time_zone_or_config_is_refused_at_start(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = copy_project(project.root, tmp_path / "broken", ("program.yaml", "content"))
    text = broken.program_file.read_text(encoding="utf-8")
    broken.program_file.write_text(text.replace("timezone: Europe/London", "timezone: Europe/Londn", 1), encoding="utf-8")
    assert main(["collect", "--project", str(broken.root), "--port", "1"]) == 1
    assert "Did you mean 'Europe/London'?" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def slow_server(project: Project, tmp_path: Path) -> Iterator[int]:
    settings = Settings(tmp_path / "slow.sqlite", (SITE,), 65536, 1000, header_seconds=0.5, body_seconds=0.5)
    port = free_port()
    config = uvicorn.Config(create_app(project, settings), port=port, log_level="error", http=timed_protocol(settings.header_seconds))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(10)


def test_slow_headers_are_cut_off(slow_server: int) -> None:
    with socket.create_connection(("127.0.0.1", slow_server), timeout=5) as connection:
        connection.sendall(b"POST /api/responses HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert connection.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 3


def test_slow_body_gets_408(slow_server: int) -> None:
    with socket.create_connection(("127.0.0.1", slow_server), timeout=5) as connection:
        connection.sendall(b"POST /api/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        reply = b""
        while b"seconds" not in reply and (chunk := connection.recv(4096)):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 408")
    assert b"longer than 0.5 seconds" in reply


def test_export_refuses_to_truncate_on_failure(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "export.sqlite"
    settings = Settings(database, (SITE,), 65536, 1000)
    with TestClient(create_app(project, settings), headers={"Origin": SITE}) as test_client:
        assert test_client.post("/api/responses", json=pulse("e-1")).status_code == 201
    out = tmp_path / "export.csv"
    out.write_text("precious\n", encoding="utf-8")

    def failing_write(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fdopen", failing_write)
    status = main(["collect", "export", "--project", str(project.root), "--db", str(database), "--out", str(out)])
    assert status == 1
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".tmp-")] == []


def test_odd_options_round_trip_through_form_collector_export_and_ingest(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.pipeline import build

    work = copy_project(project.root, tmp_path / "trip", ("program.yaml", "mkdocs.yml", "content", "themes"))
    build(work)
    page = (work.site_dir / "surveys" / "tenure" / "index.html").read_text(encoding="utf-8")
    import html
    import re

    values = [html.unescape(value) for value in re.findall(r'name="tenure\.years" value="([^"]*)"', page)]
    assert values == ODD_OPTIONS
    database = tmp_path / "trip.sqlite"
    settings = Settings(database, (SITE,), 65536, 1000)
    with TestClient(create_app(work, settings), headers={"Origin": SITE}) as test_client:
        for number, value in enumerate(values):
            form = {"survey": "tenure", "cohort": "autumn-2026", "role": "mentor", "pair": "autumn-2026-01", "tenure.years": value}
            reply = test_client.post("/api/responses", data={**form, "response_id": f"trip-{number}"})
            assert reply.status_code == 201, reply.text
    out = tmp_path / "trip.csv"
    assert main(["collect", "export", "--project", str(work.root), "--db", str(database), "--out", str(out)]) == 0
    assert main(["ingest", "--project", str(work.root), str(out)]) == 0, capsys.readouterr().err
    ingested = (work.cohort_dir("autumn-2026") / "responses.csv").read_text(encoding="utf-8")
    for value in ODD_OPTIONS:
        assert value.replace('"', '""') in ingested
    assert main(["check", "--project", str(work.root)]) == 0


def test_spreadsheet_export_neutralises_formulas_and_canonical_keeps_them(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "formula.sqlite"
    settings = Settings(database, (SITE,), 65536, 1000)
    formula = '=HYPERLINK("http://evil.example","x")'
    with TestClient(create_app(project, settings), headers={"Origin": SITE}) as test_client:
        body = pulse("f-1", answers={"useful": 4, "felt-safe": "no", "concern": formula})
        assert test_client.post("/api/responses", json=body).status_code == 201
    capsys.readouterr()
    assert main(["collect", "export", "--project", str(project.root), "--db", str(database)]) == 0
    canonical = capsys.readouterr().out
    assert '"=HYPERLINK(' in canonical
    assert main(["collect", "export", "--spreadsheet", "--project", str(project.root), "--db", str(database)]) == 0
    safe = capsys.readouterr().out
    assert "\"'=HYPERLINK(" in safe
    assert "=HYPERLINK" not in safe.replace("'=HYPERLINK", "")


def test_spreadsheet_safe_follows_owasp() -> None:
    from generator.surveys.canonical import spreadsheet_safe

    for cell in ("=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1"):
        assert spreadsheet_safe(cell) == "'" + cell
    for cell in ("-3", "+1.5", "plain", "", "a=b", "2026-01-12T09:00:00Z"):
        assert spreadsheet_safe(cell) == cell


def test_store_reports_unavailable_with_a_reason() -> None:
    error = store_module._unavailable(sqlite3.OperationalError("database or disk is full"))
    assert "disk is full" in str(error)


def test_acknowledged_submissions_survive_kill_9(project: Project, database: Path | str) -> None:
    import os
    import signal
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    port = free_port()
    command = [sys.executable, "-m", "generator", "collect", "--project", str(project.root), "--db", str(database)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--origin", SITE, "--rate-limit", "1000000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    acknowledged: list[str] = []
    stop = threading.Event()

    def submit(worker: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Origin": SITE}, timeout=5) as http:
            for number in range(10_000):
                if stop.is_set():
                    return
                try:
                    reply = http.post("/api/responses", json=pulse(f"k{worker}-{number}"))
                except httpx.HTTPError:
                    if stop.is_set():
                        return
                    time.sleep(0.05)
                    continue
                if reply.status_code == 201:
                    acknowledged.append(f"k{worker}-{number}")

    try:
        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(submit, worker) for worker in range(8)]
            deadline = time.monotonic() + 30
            while len(acknowledged) < 200 and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(server.pid, signal.SIGKILL)
            server.wait(10)
            stop.set()
            for future in futures:
                future.result()
    finally:
        if server.poll() is None:
            server.kill()
    assert len(acknowledged) >= 200
    kept = {row[0] for row in rows(database)}
    assert set(acknowledged) <= kept


def test_bad_origin_option_is_refused_at_start(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["collect", "--project", str(project.root), "--origin", "mentoring.example.org/path", "--port", "1"]) == 1
    assert "is not a site origin" in capsys.readouterr().err


def test_text_answers_may_hold_brackets(client: TestClient) -> None:
    body = pulse("brackets", answers={"useful": 4, "felt-safe": "no", "concern": "[" * 30 + "{" * 30})
    assert client.post("/api/responses", json=body).status_code == 201


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("/proc/no-such-folder/answers.sqlite", "cannot open the database (No such file or directory)"),
        ("postgresql://someone:secret@127.0.0.1:1/answers", "postgresql://someone:***@127.0.0.1:1/answers: cannot open the database"),
    ],
)
def test_unusable_database_is_refused_at_start(project: Project, capsys: pytest.CaptureFixture[str], db: str, message: str) -> None:
    assert main(["collect", "--project", str(project.root), "--db", db, "--port", "1"]) == 1
    error = capsys.readouterr().err
    assert message in error
    assert "secret" not in error


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (root only; skipped where mounting is not allowed)."""
    import subprocess

    folder = tmp_path / "tiny"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_really_full_disk_gives_503_and_recovers(project: Project, tiny_disk: Path) -> None:
    settings = Settings(tiny_disk / "answers.sqlite", (SITE,), 65536, 1_000_000)
    with TestClient(create_app(project, settings), headers={"Origin": SITE}, raise_server_exceptions=False) as test_client:
        assert test_client.post("/api/responses", json=pulse("before")).status_code == 201
        filler = tiny_disk / "filler"
        with filler.open("wb", buffering=0) as stream:
            try:
                while True:
                    stream.write(b"x" * 4096)
            except OSError:
                pass
        statuses = [
            test_client.post(
                "/api/responses", json=pulse(f"full-{n}", answers={"useful": 4, "felt-safe": "no", "concern": "y" * 900})
            ).status_code
            for n in range(50)
        ]
        assert 503 in statuses
        assert 500 not in statuses
        refused = test_client.post(
            "/api/responses", json=pulse("while-full", answers={"useful": 4, "felt-safe": "no", "concern": "z" * 900})
        )
        assert refused.status_code == 503
        assert "disk is full" in refused.json()["error"]
        filler.unlink()
        assert test_client.post("/api/responses", json=pulse("after")).status_code == 201
        ids = {response.response_id for response in test_client.app.state.store.responses()}  # type: ignore[attr-defined]
    assert {"before", "after"} <= ids
    assert "while-full" not in ids


def test_postgresql_connection_dropped_is_reopened(project: Project, postgres_server: str) -> None:
    import psycopg

    from tests.postgres import fresh_database

    url = fresh_database(postgres_server)
    with TestClient(create_app(project, Settings(url, (SITE,), 65536, 1000)), headers={"Origin": SITE}) as test_client:
        assert test_client.post("/api/responses", json=pulse("first")).status_code == 201
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        assert test_client.post("/api/responses", json=pulse("second")).status_code == 201
    assert [row[0] for row in rows(url)] == ["first", "second"]
