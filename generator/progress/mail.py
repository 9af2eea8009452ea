"""Reminder messages: rendered from the theme's mail templates, written as .eml files, sent once over SMTP.

Input: ``Outgoing`` messages (recipient, template, context, an optional .ics attachment, a stable
key), the theme folders, the SMTP settings (environment ``PLAYBOOK_SMTP_HOST``/``PORT``/``USER``/
``PASSWORD``/``FROM``, else program.yaml's ``reminders``; the password only from the environment).
Output: RFC 5322 messages (``email.message.EmailMessage``, policy default) written to
``reports/outbox/`` atomically; ``send_messages`` delivers them over SMTP with STARTTLS (never in
clear) and appends each delivered Message-ID to ``reports/outbox/sent.log``, so a message is
delivered once however often the command runs. Every problem (a missing setting, a refused
connection, a server without STARTTLS, a rejected login, a broken template) is a located
``PlaybookError``; no traceback.

Templates: ``themes/<theme>/templates/mail/<name>.txt.j2``, plain text (no Markdown escaping),
translatable with ``{% trans %}`` and ``_()``. The first line is ``Subject: …``, then a blank
line, then the body.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
import hashlib
import os
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import jinja2

from generator import i18n
from generator.errors import PlaybookError
from generator.load import Document
from generator.model import Program
from generator.progress.model import Reminders
from generator.templating import theme_folders
from generator.write import write_if_changed

OUTBOX = "outbox"
SENT_LOG = "sent.log"
SMTP_TIMEOUT_SECONDS = 30
ENVIRONMENT_KEYS = ("PLAYBOOK_SMTP_HOST", "PLAYBOOK_SMTP_PORT", "PLAYBOOK_SMTP_USER", "PLAYBOOK_SMTP_PASSWORD", "PLAYBOOK_SMTP_FROM")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Outgoing:
    """One message to write and send: who to, which template with what, an optional calendar, and its stable key."""

    key: str
    to_name: str
    to_email: str
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    calendar: bytes | None = None

    @property
    def message_id(self) -> str:
        return f"<{hashlib.sha256(self.key.encode('utf-8')).hexdigest()[:32]}@playbook.invalid>"

    @property
    def file_name(self) -> str:
        kind = self.key.split("/", 1)[0]
        return f"{kind}-{hashlib.sha256(self.key.encode('utf-8')).hexdigest()[:16]}.eml"


class MailTemplates:
    """The theme's plain-text mail templates (programme theme first), with the gettext layer and date filters."""

    def __init__(self, project_root: Path, program: Program) -> None:
        folders = theme_folders(project_root, program.info.theme)
        self.environment = jinja2.Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder / "templates") for folder in folders]),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
            extensions=["jinja2.ext.i18n"],
        )
        self.environment.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
            i18n.gettext, i18n.ngettext, newstyle=True
        )
        roles = {role.id: role.name for role in program.roles}
        self.environment.filters.update(date=i18n.format_date, duration=i18n.format_duration, role_name=lambda key: roles.get(key, key))
        self.environment.globals.update(program=program)
        self.language = program.info.language

    def render(self, name: str, context: Mapping[str, Any]) -> tuple[str, str]:
        """(subject, body) of template ``mail/<name>.txt.j2``; a template mistake is a located error."""
        display = f"themes/…/templates/mail/{name}.txt.j2"
        try:
            with i18n.language(self.language):  # the programme's language, whatever command renders the message
                text = self.environment.get_template(f"mail/{name}.txt.j2").render(**context)
        except jinja2.TemplateSyntaxError as error:
            raise PlaybookError(display, error.lineno, 0, (), f"template syntax error: {error.message}.") from None
        except jinja2.TemplateError as error:
            raise PlaybookError(display, 0, 0, (), f"template error: {error.message or error}; check the names it uses.") from None
        head, _blank, body = text.partition("\n\n")
        if not head.startswith("Subject:"):
            raise PlaybookError(display, 1, 1, (), "the first line must be 'Subject: …', followed by a blank line and the body.")
        return _SPACES.sub(" ", head.removeprefix("Subject:")).strip(), body.rstrip() + "\n"


def recipient(name: str, address: str) -> str:
    """The ``To`` value: ``"Name" <address>``, or the bare address when the name would not come back whole.

    Python's header folding drops the quotes of a long display name, so a name with a comma or an
    address in it (``Okafor, Elena …`` from a roster) would reach the recipient as several addresses.
    The header is written as it will be sent and read back; only a name that survives is kept.
    A domain in another script is written in its ASCII (IDNA) form; a mailbox name in another
    script (``josé@…``) stays as it is, and its message is written and sent as UTF-8 (RFC 6531).
    """
    address = _sendable(address)
    shown = _SPACES.sub(" ", name).strip()
    local, _, domain = address.rpartition("@")
    named = email.utils.formataddr((shown, address)) if address.isascii() else str(Address(shown, local, domain))
    probe = EmailMessage(policy=email.policy.default)
    probe["To"] = named
    written = probe.as_bytes(policy=sending_policy(probe)).decode("utf-8")  # as a UTF-8 mail reader reads it
    try:
        sent = email.message_from_string(written, policy=email.policy.default)["To"]
        kept = [(item.display_name, item.addr_spec) for item in getattr(sent, "addresses", ())] == [(shown, address)]
    except (AttributeError, IndexError, ValueError):  # Python's header parser stops on some raw UTF-8 names (".¡")
        kept = False
    return named if kept else address


def _sendable(address: str) -> str:
    """``address`` with its domain in ASCII (IDNA) form, as mail servers route it (``exämple.org`` → ``xn--exmple-cua.org``)."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address


def sending_policy(message: EmailMessage) -> email.policy.EmailPolicy[EmailMessage]:
    """How ``message`` is written as bytes: SMTP's, or UTF-8 headers (SMTPUTF8) when an address (not a name) holds letters beyond ASCII."""
    addresses = [item.addr_spec for header in ("From", "To") for item in getattr(message.get(header), "addresses", ())]
    return email.policy.SMTP if all(address.isascii() for address in addresses) else email.policy.SMTPUTF8


def compose(templates: MailTemplates, outgoing: Outgoing, sender: str, when: datetime.datetime) -> EmailMessage:
    """The RFC 5322 message of ``outgoing`` (with its .ics attached), dated ``when`` (reproducible)."""
    subject, body = templates.render(outgoing.template, outgoing.context)
    message = EmailMessage(policy=email.policy.default)
    message["From"] = sender
    message["To"] = recipient(outgoing.to_name, outgoing.to_email)
    message["Subject"] = subject
    message["Date"] = email.utils.format_datetime(when)
    message["Message-ID"] = outgoing.message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    if outgoing.calendar is not None:
        message.add_attachment(outgoing.calendar, maintype="text", subtype="calendar", filename="invite.ics", params={"method": "PUBLISH"})
        message.set_boundary(f"playbook-{outgoing.message_id.strip('<>').split('@')[0]}")  # not random: same input, same bytes
    return message


def outbox_dir(reports_dir: Path) -> Path:
    return reports_dir / OUTBOX


def write_outbox(reports_dir: Path, messages: Sequence[tuple[Outgoing, EmailMessage]]) -> list[Path]:
    """Write each message as ``reports/outbox/<kind>-<hash>.eml`` (atomically); returns the paths."""
    paths = []
    for outgoing, message in messages:
        path = outbox_dir(reports_dir) / outgoing.file_name
        write_if_changed(path, message.as_bytes(policy=sending_policy(message)))
        paths.append(path)
    return paths


@dataclass(frozen=True)
class SmtpSettings:
    """Where and as whom to send."""

    host: str
    port: int
    user: str | None
    password: str | None
    sender: str


def _setting(environ: Mapping[str, str], key: str, configured: object) -> str | None:
    value = environ.get(key, "").strip()
    return value or (str(configured) if configured not in (None, "") else None)


def _port(document: Document, environ: Mapping[str, str], reminders: Reminders) -> int:
    text = environ.get("PLAYBOOK_SMTP_PORT", "").strip()
    if not text:
        return reminders.smtp_port
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise document.error(("reminders", "smtp_port"), f"PLAYBOOK_SMTP_PORT is '{text}'; set it to a port number such as 587.")
    return int(text)


def sender_of(document: Document, reminders: Reminders, environ: Mapping[str, str]) -> str:
    """The From address: PLAYBOOK_SMTP_FROM, else reminders.sender; a located error when neither is set."""
    sender = _setting(environ, "PLAYBOOK_SMTP_FROM", reminders.sender)
    if sender is None:
        raise document.error(("reminders", "sender"), "no sender address is set; set reminders.sender or PLAYBOOK_SMTP_FROM.")
    return sender


def smtp_settings(document: Document, reminders: Reminders, environ: Mapping[str, str]) -> SmtpSettings:
    """The SMTP settings from the environment, else program.yaml; a missing one is a located error."""
    host = _setting(environ, "PLAYBOOK_SMTP_HOST", reminders.smtp_host)
    sender = sender_of(document, reminders, environ)
    user = _setting(environ, "PLAYBOOK_SMTP_USER", reminders.smtp_user)
    password = environ.get("PLAYBOOK_SMTP_PASSWORD") or None
    if host is None:
        raise document.error(("reminders", "smtp_host"), "no SMTP server is set; set PLAYBOOK_SMTP_HOST or reminders.smtp_host.")
    if user and not password:
        message = f"the SMTP user is '{user}' but PLAYBOOK_SMTP_PASSWORD is not set; export it (it is never read from program.yaml)."
        raise document.error(("reminders", "smtp_user"), message)
    return SmtpSettings(host, _port(document, environ, reminders), user, password, sender)


def sent_ids(reports_dir: Path) -> set[str]:
    """The Message-IDs already delivered (first field of each line of ``reports/outbox/sent.log``)."""
    path = outbox_dir(reports_dir) / SENT_LOG
    if not path.is_file():
        return set()
    return {line.split("\t", 1)[0] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def _record_sent(reports_dir: Path, message: EmailMessage, when: datetime.datetime) -> None:
    """Append one delivery to the sent log, flushed to disk before the next message goes."""
    path = outbox_dir(reports_dir) / SENT_LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(f"{message['Message-ID']}\t{when.isoformat()}\t{message['To']}\n")
        log.flush()
        os.fsync(log.fileno())


def _refused(settings: SmtpSettings, reason: str) -> PlaybookError:
    return PlaybookError(
        "program.yaml",
        0,
        0,
        ("reminders", "smtp_host"),
        f"cannot send through {settings.host}:{settings.port}: {reason}. Check the server, the port and the credentials; nothing more was sent.",
    )


def _open(settings: SmtpSettings) -> smtplib.SMTP:
    """A connection upgraded with STARTTLS (the server's certificate verified) and logged in when a user is set."""
    connection = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        connection.ehlo()
        if not connection.has_extn("starttls"):
            raise _refused(settings, "the server does not offer STARTTLS, and reminders are never sent in clear")
        connection.starttls(context=ssl.create_default_context())
        connection.ehlo()
        if settings.user and settings.password:
            connection.login(settings.user, settings.password)
    except BaseException:
        connection.close()
        raise
    return connection


def send_messages(settings: SmtpSettings, messages: Sequence[EmailMessage], reports_dir: Path, now: datetime.datetime) -> tuple[int, int]:
    """Deliver each message not yet in the sent log; returns (delivered, already sent before)."""
    done = sent_ids(reports_dir)
    pending = [message for message in messages if message["Message-ID"] not in done]
    skipped = len(messages) - len(pending)
    if not pending:
        return 0, skipped
    try:
        connection = _open(settings)
        with connection:
            for message in pending:
                connection.send_message(message)
                _record_sent(reports_dir, message, now)
    except PlaybookError:
        raise
    except (OSError, smtplib.SMTPException) as error:
        raise _refused(settings, str(error) or type(error).__name__) from None
    return len(pending), skipped
