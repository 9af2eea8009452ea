"""``playbook collect``: a small web service that accepts survey submissions and stores them.

Input: HTTP POSTs to ``/api/responses`` (JSON from the page script, or a plain
form post when JavaScript is off) and the programme's current survey definitions.
Output: rows in SQLite (``ResponseStore``) and a JSON (or HTML) answer: 201 stored,
200 duplicate, 4xx with a reason. Built on Starlette and served by uvicorn.

Guards: origin allow-list (CORS), body size limit, honeypot field, per-client rate
limit, every answer checked against the survey (types, ranges, choices, required,
unknown fields), and the client's response id makes retries idempotent.
"""

from __future__ import annotations

import asyncio
import collections
import datetime
import logging
import os
import re
import socket
import sqlite3
import sys
import time
import urllib.parse
import uuid
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from generator.disclosure import read_secret
from generator.errors import ErrorList, PlaybookError
from generator.loading import load_programme
from generator.model import Program
from generator.options import cannot_serve, listening_addresses
from generator.project import Project
from generator.surveys import canonical, safejson
from generator.surveys.answers import Problem, find_survey
from generator.surveys.canonical import build_response
from generator.surveys.limits import timed_protocol
from generator.surveys.model import SESSION_LOG_ID, Collector, surveys_of
from generator.surveys.rosters import RosterPairs
from generator.surveys.session_log import TokenGate, check_entry
from generator.surveys.store import Store, StoreUnavailable, is_database_url, open_store, redact, utc_now
from generator.textsafe import escape_text

SUBMIT_PATH = "/api/responses"
HONEYPOT = "website"
ENVELOPE = ("response_id", "survey", "cohort", "role", "pair", "token", HONEYPOT)
IGNORED_FORM_FIELDS = ("form-name",)
ORIGIN = re.compile(r"https?://[^\s/]+")
log = logging.getLogger("playbook.collect")
DEFAULT_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")


class Refused(Exception):
    """A submission refused with an HTTP status and a reason for the sender."""

    def __init__(self, status: int, reason: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.fields = fields or {}


@dataclass(frozen=True)
class Settings:
    """How the collector runs (from program.yaml ``collector:`` and the command line)."""

    database: Path | str  # an SQLite file, or a postgresql:// URL
    origins: tuple[str, ...]
    max_body_bytes: int
    rate_limit_per_minute: int
    header_seconds: float = 10.0
    body_seconds: float = 30.0


def settings_for(project: Project, collector: Collector | None, database: str | None = None, origins: tuple[str, ...] = ()) -> Settings:
    """Settings from program.yaml, overridden by command-line values."""
    config = collector or Collector()
    allowed = origins or ((config.site_origin,) if config.site_origin else DEFAULT_ORIGINS)
    for origin in allowed:
        if not ORIGIN.fullmatch(origin):
            raise PlaybookError(
                "--origin", 0, 0, (), f"'{origin}' is not a site origin; write it as https://mentoring.example.org (no path)."
            )
    where: Path | str = (
        database if database and is_database_url(database) else (Path(database) if database else project.root / config.database).resolve()
    )
    return Settings(where, tuple(allowed), config.max_body_kb * 1024, config.rate_limit_per_minute)


@dataclass
class ProgramSource:
    """The current programme, re-read when program.yaml changes (the last good one is kept)."""

    project: Project
    program: Program
    stamp: float = 0.0

    def current(self) -> Program:
        try:
            stamp = self.project.program_file.stat().st_mtime
        except OSError:
            return self.program
        if stamp != self.stamp:
            self.stamp = stamp
            try:
                self.program = load_programme(self.project, content=False, data=False).program
            except (PlaybookError, ErrorList) as problem:
                print(f"program.yaml has problems; still using the previous surveys:\n{problem}", file=sys.stderr)
        return self.program


@dataclass
class RateLimiter:
    """At most ``per_minute`` requests per client address in any 60-second window.

    Memory is bounded: at most ``max_clients`` addresses are tracked; when full, addresses idle
    for a minute are dropped, then the oldest-seen ones (a flood of new addresses cannot grow it).
    """

    per_minute: int
    max_clients: int = 10_000
    seen: dict[str, collections.deque[float]] = field(default_factory=dict)

    def allow(self, client: str, now: float) -> bool:
        if client not in self.seen and len(self.seen) >= self.max_clients:
            self._make_room(now)
        window = self.seen.setdefault(client, collections.deque())
        while window and now - window[0] >= 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True

    def _make_room(self, now: float) -> None:
        for client in [client for client, window in self.seen.items() if not window or now - window[-1] >= 60]:
            del self.seen[client]
        while len(self.seen) >= self.max_clients:
            del self.seen[next(iter(self.seen))]


async def read_body(request: Request, limit: int, seconds: float = 30.0) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes, 408 after ``seconds``."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise Refused(413, f"the submission is larger than {limit // 1024} KB")
    body = bytearray()
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise Refused(413, f"the submission is larger than {limit // 1024} KB")
    except TimeoutError:
        raise Refused(408, f"the submission took longer than {seconds:g} seconds to arrive; send it again") from None
    return bytes(body)


def _decode(body: bytes) -> Any:
    try:
        return safejson.loads(body.decode("utf-8-sig"))  # a byte order mark (some clients add one) is not part of the JSON
    except UnicodeDecodeError as error:
        raise Refused(400, f"the body is not UTF-8 text ({error})") from None
    except safejson.UnsafeJson as unsafe:
        raise Refused(400, f"the body is refused: {unsafe.reason}") from None


def parse_json(body: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """Envelope fields and answers from the page script's JSON."""
    data = _decode(body)
    if not isinstance(data, dict):
        raise Refused(400, "the body must be a JSON object")
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raise Refused(400, "'answers' must be a JSON object of question id to answer")
    unknown = sorted(set(data) - set(ENVELOPE) - {"answers"})
    if unknown:
        raise Refused(422, f"unknown field(s): {', '.join(unknown)}", {name: "not part of a response" for name in unknown})
    fields = {key: data.get(key) for key in ENVELOPE}
    wrong = {key: "must be text" for key, value in fields.items() if value is not None and not isinstance(value, str)}
    if wrong:
        raise Refused(422, f"{', '.join(wrong)}: must be text", wrong)
    return fields, answers


def parse_form(body: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """Envelope fields and answers from a plain HTML form post (JavaScript off)."""
    try:
        pairs = urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=500)
    except (UnicodeDecodeError, ValueError) as error:
        raise Refused(400, f"the form data could not be read ({error})") from None
    try:
        safejson.check_value([item for pair in pairs for item in pair])
    except safejson.UnsafeJson as unsafe:
        raise Refused(400, f"the form data is refused: {unsafe.reason}") from None
    fields: dict[str, Any] = {}
    answers: dict[str, list[str]] = {}
    for name, value in pairs:
        if name in ENVELOPE:
            fields[name] = value
        elif name not in IGNORED_FORM_FIELDS:
            answers.setdefault(name, []).append(value)
    prefix = f"{fields.get('survey', '')}."
    return fields, {name.removeprefix(prefix): values if len(values) > 1 else values[0] for name, values in answers.items()}


def _schedule_problem(program: Program, survey_id: str, moment: datetime.datetime) -> str:
    survey = find_survey(program, survey_id)
    if survey is None:
        return ""
    today = moment.astimezone(zoneinfo.ZoneInfo(program.info.timezone)).date().isoformat()
    if survey.opens and today < survey.opens:
        return f"survey '{survey.id}' opens on {survey.opens}"
    if survey.closes and today > survey.closes:
        return f"survey '{survey.id}' closed on {survey.closes}"
    return ""


def _refusal(problems: list[Problem]) -> Refused:
    fields = {problem.field: problem.message for problem in problems}
    if "survey" in fields and len(fields) == 1:
        return Refused(404, fields["survey"], fields)
    summary = "; ".join(f"{problem.field}: {problem.message}" for problem in problems)
    return Refused(422, summary, fields)


class CollectorApp:
    """The request handling, kept apart from Starlette's wiring so it stays small."""

    def __init__(self, source: ProgramSource, store: Store, settings: Settings) -> None:
        self.source = source
        self.store = store
        self.settings = settings
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        self.pairs = RosterPairs(source.project)
        self.tokens = TokenGate(source.project, read_secret(source.project.root))

    def check_request(self, request: Request) -> None:
        origin = request.headers.get("origin")
        if origin is not None and origin not in self.settings.origins:
            raise Refused(403, f"submissions from {origin} are not accepted; this collector serves {', '.join(self.settings.origins)}")
        if not self.limiter.allow(_client(request), time.monotonic()):
            raise Refused(429, "too many submissions from this address; wait a minute and try again")

    async def submission(self, request: Request) -> tuple[dict[str, Any], dict[str, Any], bool]:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request, self.settings.max_body_bytes, self.settings.body_seconds)
        if kind == "application/json":
            return (*parse_json(body), False)
        if kind == "application/x-www-form-urlencoded":
            return (*parse_form(body), True)
        raise Refused(415, "send the answers as application/json (or a plain HTML form post)")

    def store_submission(self, fields: dict[str, Any], answers: Mapping[str, Any]) -> tuple[int, dict[str, str]]:
        program = self.source.current()
        if fields.get(HONEYPOT):
            return 200, {"status": "accepted"}
        fields = {**fields, "response_id": fields.get("response_id") or uuid.uuid4().hex, "submitted_at": utc_now()}
        if fields.get("survey") == SESSION_LOG_ID:
            return self.store_entry(program, fields, answers)
        response, problems = build_response(program, fields, answers)
        if response is None:
            raise _refusal(problems)
        if unknown_pair := self.pairs.problem(fields, "use the pair code from the link your cohort lead sent, or leave it empty"):
            raise Refused(422, f"pair: {unknown_pair}", {"pair": unknown_pair})
        closed = _schedule_problem(program, response.survey, response.submitted_at)
        if closed:
            raise Refused(403, closed)
        return self.add(response)

    def store_entry(self, program: Program, fields: dict[str, Any], answers: Mapping[str, Any]) -> tuple[int, dict[str, str]]:
        """A session-log entry: its pair's token checked, then stored without the token."""
        cohort, pair, token = (str(fields.get(key) or "").strip() for key in ("cohort", "pair", "token"))
        if refused := self.tokens.problem(cohort, pair, token):
            raise Refused(*refused)
        response, problems = check_entry(program, fields, answers, program.info.timezone)
        if response is None:
            raise _refusal(problems)
        if unknown_pair := self.pairs.problem(fields, "ask your cohort lead for your pair's current link"):
            raise Refused(422, f"pair: {unknown_pair}", {"pair": unknown_pair})
        return self.add(response)

    def add(self, response: canonical.Response) -> tuple[int, dict[str, str]]:
        try:
            added = self.store.add(response)
        except StoreUnavailable as unavailable:
            raise Refused(503, str(unavailable)) from None
        if not added:
            return 200, {"status": "duplicate", "response_id": response.response_id}
        return 201, {"status": "stored", "response_id": response.response_id}

    async def submit(self, request: Request) -> Response:
        from_form = False
        try:
            self.check_request(request)
            fields, answers, from_form = await self.submission(request)
            status, body = self.store_submission(fields, answers)
        except Refused as refused:
            log.warning("%s %s %s: %s", refused.status, _client(request), SUBMIT_PATH, refused.reason)
            return _answer(refused.status, {"error": refused.reason, "fields": refused.fields}, from_form)
        except Exception as unexpected:  # a bug: still one log line and a JSON reason, never a traceback page
            log.error("500 %s %s: %s: %s", _client(request), SUBMIT_PATH, type(unexpected).__name__, unexpected)
            return _answer(500, {"error": "the collector failed to handle this submission; it was not stored", "fields": {}}, from_form)
        return _answer(status, body, from_form)

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "surveys": [survey.id for survey in surveys_of(self.source.current())]})


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _answer(status: int, body: dict[str, Any], as_html: bool) -> Response:
    if not as_html:
        return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
    if status < 300:
        text = "<h1>Thank you</h1><p>Your answers were received. You can close this page.</p>"
    else:
        items = "".join(f"<li>{escape_text(message)}</li>" for message in (body.get("fields") or {"": body["error"]}).values())
        text = f"<h1>Your answers were not sent</h1><ul>{items}</ul><p>Go back: what you typed is still in the form.</p>"
    page = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Survey</title></head><body><main>{text}</main></body></html>'
    return HTMLResponse(page, status_code=status)


def _open_store(settings: Settings) -> Store:
    """The store ``--db`` names, or a ``PlaybookError`` saying why it cannot be used (checked at start)."""
    shown = redact(str(settings.database))
    try:
        return open_store(settings.database)
    except (OSError, sqlite3.Error) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PlaybookError(
            shown, 0, 0, (), f"cannot open the database ({reason}); pass --db with a file in a folder you can write to."
        ) from None
    except StoreUnavailable as unavailable:
        raise PlaybookError(
            shown, 0, 0, (), f"cannot open the database ({unavailable.detail}); check the --db URL and that the server runs."
        ) from None


def create_app(project: Project, settings: Settings, program: Program | None = None) -> Starlette:
    """The collector's ASGI application (uvicorn serves it; tests call it directly)."""
    source = ProgramSource(project, program or load_programme(project, content=False, data=False).program)
    source.stamp = project.program_file.stat().st_mtime if project.program_file.exists() else 0.0
    handler = CollectorApp(source, _open_store(settings), settings)
    cors = Middleware(
        CORSMiddleware,
        allow_origins=list(settings.origins),
        allow_methods=["POST"],
        allow_headers=["Content-Type", "Accept"],
        max_age=600,
    )
    routes = [Route(SUBMIT_PATH, handler.submit, methods=["POST"]), Route("/api/health", handler.health, methods=["GET"])]
    app = Starlette(routes=routes, middleware=[cors])
    app.state.store = handler.store
    return app


def listening_sockets(host: str, port: int) -> list[socket.socket]:
    """Sockets bound to every address ``host`` names, on ``port`` (what uvicorn would bind for it), or a
    ``PlaybookError`` naming ``HOST:PORT`` and why nothing can listen there (see ``cannot_serve``)."""
    found = listening_addresses(host, port)
    bound: list[socket.socket] = []
    try:
        for family, kind, protocol, address in found:
            bound.append(socket.socket(family, kind, protocol))
            _bind(bound[-1], address)
    except OSError as error:
        for listener in bound:
            listener.close()
        raise cannot_serve(host, port, error.strerror or str(error)) from None
    return bound


def _bind(listener: socket.socket, address: Any) -> None:
    """Bind as asyncio's ``create_server`` does: reusable at once on POSIX, IPv6 on IPv6 only."""
    if os.name == "posix":
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if listener.family == socket.AF_INET6:
        listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    listener.bind(address)


def serve_collector(project: Project, settings: Settings, host: str, port: int) -> int:
    """Run the collector until Ctrl+C; a ``--host``/``--port`` it cannot listen on is a ``PlaybookError``."""
    import uvicorn

    app = create_app(project, settings)
    try:
        sockets = listening_sockets(host, port)
    except PlaybookError:
        app.state.store.close()
        raise
    shown = f"[{host}]" if ":" in host else host
    print(
        f"Collecting survey answers at http://{shown}:{port}{SUBMIT_PATH}\n"
        f"Storing them in {redact(str(settings.database))}\n"
        f"Accepting submissions from {', '.join(settings.origins)}. Press Ctrl+C to stop."
    )
    logging.basicConfig(format="%(asctime)s %(name)s %(levelname)s %(message)s", level=logging.INFO)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        http=timed_protocol(settings.header_seconds),
        timeout_keep_alive=5,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=sockets)
    except KeyboardInterrupt:
        pass
    finally:
        for listener in sockets:
            listener.close()
    return 0 if server.started else 1
