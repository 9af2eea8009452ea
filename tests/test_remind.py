"""``playbook remind COHORT``: due messages as .eml files, delivered exactly once over STARTTLS.

Input: a copy of the example programme (as of 2026-11-20, with a secret for the pairs' links), a
real local SMTP server (aiosmtpd) that requires STARTTLS and a login, with a certificate made by
the ``openssl`` command for 127.0.0.1, trusted through SSL_CERT_FILE.
Output: assertions that the dry run writes messages that parse with ``email`` (policy default) and
whose calendars parse with ``icalendar``; that the lead's message names exactly the pairs the
private report marks behind plan or silent; that ``--send`` run twice delivers each message once;
and that a missing setting, a refused connection or a server without STARTTLS is a located error.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import PlaybookError
from generator.load import parse_yaml
from generator.loading import load_programme
from generator.progress.mail import smtp_settings
from generator.progress.model import Reminders
from generator.progress.report import NEEDS_ATTENTION, find_cohort_part, pair_progress_rows
from generator.project import Project

COHORT = "autumn-2026"
USER, PASSWORD = "mentoring@northwind.example", "correct horse battery staple"
AS_OF = "2026-11-20"


class Recorder:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[str] = []
        self.utf8 = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make the test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    request = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        [*request, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def login(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok)


def start_server(recorder: Recorder, port: int, tls: ssl.SSLContext | None, utf8: bool = False) -> Controller:
    options: dict[str, Any] = {"authenticator": login, "auth_required": True} if tls else {"auth_require_tls": False}
    options["enable_SMTPUTF8"] = utf8
    if tls:
        options |= {"tls_context": tls, "require_starttls": True}
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return controller


@pytest.fixture(params=[False, True], ids=["ascii", "smtputf8"])
def smtp_server(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[tuple[Recorder, int]]:
    """A real SMTP server requiring STARTTLS and a login; without, then with, internationalised mail (SMTPUTF8)."""
    cert, key = certificate
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    recorder, port = Recorder(), free_port()
    controller = start_server(recorder, port, tls, utf8=request.param)
    recorder.utf8 = request.param
    yield recorder, port
    controller.stop()


@pytest.fixture
def project(example_project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("PLAYBOOK_SECRET", "remind-test-secret-0123456789")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for key in ("HOST", "PORT", "USER", "PASSWORD", "FROM"):
        monkeypatch.delenv(f"PLAYBOOK_SMTP_{key}", raising=False)
    return example_project


def remind(project: Project, *extra: str) -> int:
    return main(["remind", COHORT, "--project", str(project.root), "--as-of", AS_OF, *extra])


def outbox(project: Project) -> dict[str, EmailMessage]:
    found = {}
    for path in sorted((project.reports_dir / "outbox").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        found[path.name] = message
    return found


def test_dry_run_writes_messages_that_parse(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert remind(project) == 0
    assert "Dry run" in capsys.readouterr().out
    messages = outbox(project)
    kinds = {name.split("-")[0] for name in messages}
    assert kinds == {"session", "event", "lead"}
    assert len({message["Message-ID"] for message in messages.values()}) == len(messages)
    for name, message in messages.items():
        assert message["From"] and message["To"] and message["Subject"] and message["Date"]
        assert not message.defects
        body = message.get_body(("plain",))
        assert body is not None and "Hello" in body.get_content()
        calendars = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
        assert len(calendars) == (0 if name.startswith("lead") else 1)
        for part in calendars:
            events = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
            assert len(events) == 1 and int(events[0]["sequence"]) == 0
    sessions = [message for name, message in messages.items() if name.startswith("session")]
    assert all("token=" in message.get_body(("plain",)).get_content() for message in sessions)  # type: ignore[union-attr]
    assert not (project.reports_dir / "outbox" / "sent.log").exists()
    first = {path.name: path.read_bytes() for path in (project.reports_dir / "outbox").glob("*.eml")}
    assert remind(project) == 0
    assert {path.name: path.read_bytes() for path in (project.reports_dir / "outbox").glob("*.eml")} == first


def test_the_lead_hears_about_exactly_the_pairs_behind_plan(project: Project) -> None:
    assert remind(project) == 0
    lead = next(message for name, message in outbox(project).items() if name.startswith("lead"))
    assert lead["To"].addresses[0].addr_spec == "cohort-lead@northwind.example"
    text = lead.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    loaded = load_programme(project, content=False)
    rows = pair_progress_rows(find_cohort_part(loaded, COHORT), datetime.date.fromisoformat(AS_OF))
    attention = {row.pair.id for row in rows if row.health in NEEDS_ATTENTION}
    named = {line.split(":")[0].lstrip("- ") for line in text.splitlines() if line.startswith("- ")}
    assert attention and named == attention


def test_surveys_due_are_announced_and_breaks_stay_quiet(project: Project) -> None:
    assert main(["remind", COHORT, "--project", str(project.root), "--as-of", "2026-12-16"]) == 0
    messages = outbox(project)
    surveys = [message for name, message in messages.items() if name.startswith("survey")]
    assert surveys and all("Midpoint check" in message["Subject"] for message in surveys)
    assert all("/surveys/midpoint/" in message.get_body(("plain",)).get_content() for message in surveys)  # type: ignore[union-attr]
    assert not [name for name in messages if name.startswith("session")]  # 2026-12-16 to 12-21: the holidays, no session


def test_a_pair_that_answered_is_not_reminded_again(project: Project) -> None:
    responses = project.cohort_dir(COHORT) / "responses.csv"
    header = responses.read_text(encoding="utf-8").splitlines()[0].split(",")
    loaded = load_programme(project, content=False)
    pair = find_cohort_part(loaded, COHORT).data.pairs[0]
    cells = dict.fromkeys(header, "") | {"response_id": "end-00001", "survey": "programme-end", "cohort": COHORT}
    cells |= {"role": "mentor", "pair": pair.id, "submitted_at": "2027-03-08T09:00:00Z", "programme-end.recommend": "9"}
    with responses.open("a", encoding="utf-8") as stream:
        stream.write(",".join(cells[column] for column in header) + "\n")
    assert main(["remind", COHORT, "--project", str(project.root), "--as-of", "2027-03-08"]) == 0
    surveys = [message for name, message in outbox(project).items() if name.startswith("survey")]
    reminded = {message["To"].addresses[0].addr_spec for message in surveys}
    assert pair.mentor.email not in reminded and pair.mentee.email in reminded


def test_send_delivers_each_message_exactly_once(
    project: Project, smtp_server: tuple[Recorder, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder, port = smtp_server
    monkeypatch.setenv("PLAYBOOK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PLAYBOOK_SMTP_PORT", str(port))
    monkeypatch.setenv("PLAYBOOK_SMTP_PASSWORD", PASSWORD)
    assert remind(project, "--send") == 0
    written = outbox(project)
    assert len(recorder.messages) == len(written) > 0
    assert remind(project, "--send") == 0
    received = [message["Message-ID"] for message in recorder.messages]
    assert sorted(received) == sorted(message["Message-ID"] for message in written.values())
    log = (project.reports_dir / "outbox" / "sent.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == len(written)
    assert all(message["Subject"] for message in recorder.messages)


def test_missing_server_setting_is_located(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    program = project.program_file
    program.write_text(program.read_text(encoding="utf-8").replace("  smtp_host: smtp.northwind.example\n", ""), encoding="utf-8")
    assert remind(project, "--send") == 1
    output = capsys.readouterr()
    assert "reminders.smtp_host: no SMTP server is set" in output.err + output.out
    assert "Traceback" not in output.err


def test_user_without_password_is_located(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert remind(project, "--send") == 1
    output = capsys.readouterr()
    assert "reminders.smtp_user: " in output.err + output.out and "PLAYBOOK_SMTP_PASSWORD" in output.err + output.out


def test_refused_connection_is_a_clear_error(project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PLAYBOOK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PLAYBOOK_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("PLAYBOOK_SMTP_PASSWORD", PASSWORD)
    assert remind(project, "--send") == 1
    output = capsys.readouterr()
    assert "cannot send through 127.0.0.1:" in output.err + output.out and "Traceback" not in output.err
    assert not (project.reports_dir / "outbox" / "sent.log").exists()


def test_server_without_starttls_gets_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder, port = Recorder(), free_port()
    controller = start_server(recorder, port, None)
    try:
        monkeypatch.setenv("PLAYBOOK_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PLAYBOOK_SMTP_PORT", str(port))
        monkeypatch.setenv("PLAYBOOK_SMTP_PASSWORD", PASSWORD)
        assert remind(project, "--send") == 1
    finally:
        controller.stop()
    output = capsys.readouterr()
    assert "does not offer STARTTLS" in output.err + output.out
    assert recorder.messages == []


DOCUMENT = parse_yaml("reminders:\n  smtp_port: 587\n", "program.yaml")


@settings(max_examples=80, deadline=None)
@given(
    port=st.text(max_size=8).filter(
        lambda text: text.strip() and not (text.strip().isascii() and text.strip().isdigit() and 1 <= int(text.strip()) <= 65535)
    )
)
def test_any_bad_port_in_the_environment_is_located(port: str) -> None:
    environ = {"PLAYBOOK_SMTP_HOST": "mail.example.org", "PLAYBOOK_SMTP_PORT": port, "PLAYBOOK_SMTP_FROM": "a@example.org"}
    with pytest.raises(PlaybookError) as caught:
        smtp_settings(DOCUMENT, Reminders(), environ)
    assert caught.value.key_path == ("reminders", "smtp_port") and caught.value.line == 2


def test_an_address_in_another_script_is_sent_as_utf8_or_refused_clearly(
    project: Project, smtp_server: tuple[Recorder, int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A roster address such as élena@nörthwind.example: its domain goes in ASCII (IDNA) form, its
    mailbox name as UTF-8 (RFC 6531) to a server that offers SMTPUTF8, and a server that does not is a clear error."""
    recorder, port = smtp_server
    roster = project.cohort_dir(COHORT) / "roster.csv"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace("elena.okafor@northwind.example", "élena.okafor@nörthwind.example"), encoding="utf-8"
    )
    assert remind(project) == 0, "a dry run writes every message"
    to_elena = [message for message in outbox(project).values() if "Elena Okafor" in str(message["To"])]
    assert to_elena, "Elena has reminders in the outbox"
    monkeypatch.setenv("PLAYBOOK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PLAYBOOK_SMTP_PORT", str(port))
    monkeypatch.setenv("PLAYBOOK_SMTP_PASSWORD", PASSWORD)
    code = remind(project, "--send")
    if recorder.utf8:
        assert code == 0
        assert "élena.okafor@xn--nrthwind-n4a.example" in recorder.recipients
    else:
        assert code == 1
        error = capsys.readouterr().err
        assert "SMTPUTF8" in error and "Traceback" not in error
