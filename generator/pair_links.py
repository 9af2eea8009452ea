"""Each partnership's private links: a keyed token, the session-log and pulse links, revocation.

Input: the programme's secret (``generator.disclosure.read_secret``: ``$PLAYBOOK_SECRET`` or the
git-ignored ``.playbook-secret``), a cohort id, a pair id and the pair's token generation; the
revocation list of a cohort, ``content/cohorts/<cohort>/revoked-links.csv`` (columns
``pair_id,generation,revoked_on``); the site's address (``site_url`` in mkdocs.yml) when known.
Output: ``pair_token`` (HMAC-SHA256 under the secret with its own domain label, so a token is
never a published pseudonym), ``session_log_link`` and ``pulse_link`` (absolute when the site's
address is known, else site-relative), ``verify_pair_token`` (the (cohort, pair) a token opens,
or None for a wrong, modified or revoked token) and ``revoke`` (adds a row to the cohort's
revocation list, written atomically). Core module: imports no feature.

The token travels in the link's fragment (``#token=…``), which browsers never send to the site's
host; the page script copies it into the submission, and the collector checks it.
"""

from __future__ import annotations

import base64
import csv
import datetime
import hashlib
import hmac
import io
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.dates import strict_date
from generator.disclosure import SECRET_ENV, SECRET_FILE, read_secret
from generator.errors import ErrorList, PlaybookError, raise_if_any
from generator.load import CsvTable, date_advice, existing_inside, load_csv_file, parse_yaml, read_text
from generator.model import Program
from generator.project import Project
from generator.write import write_if_changed

TOKEN_LABEL = "playbook/pair-link/v1"
"""Domain separation: pseudonyms hash ``<cohort>/<pair>``; tokens hash this label first, so they never coincide."""
TOKEN_BYTES = 18
TOKEN_LENGTH = 24  # base64url of 18 bytes: 144 bits, no padding
REVOKED_FILE = "revoked-links.csv"
REVOKED_COLUMNS = ("pair_id", "generation", "revoked_on")
SESSION_LOG_PAGE = "log/"
PULSE_WHEN = "after-session"


def require_secret(project: Project) -> bytes:
    """The programme's secret, or a located error saying how to set one (links cannot be made without it)."""
    secret = read_secret(project.root)
    if secret is None:
        raise PlaybookError(
            SECRET_FILE,
            0,
            0,
            (),
            f"no secret to key the pairs' links; set {SECRET_ENV} or write a long random line to {SECRET_FILE} "
            "(git-ignored), such as the output of: python -c 'import secrets; print(secrets.token_urlsafe(32))'.",
        )
    return secret


def pair_token(secret: bytes, cohort_id: str, pair_id: str, generation: int = 0) -> str:
    """The pair's unguessable, URL-safe token: HMAC-SHA256 under the secret, labelled apart from pseudonyms."""
    message = "\x00".join((TOKEN_LABEL, cohort_id, pair_id, str(generation))).encode("utf-8")
    digest = hmac.new(secret, message, hashlib.sha256).digest()[:TOKEN_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


@dataclass(frozen=True)
class Revocations:
    """Revoked token generations by (cohort, pair): a pair's current token is the one after its last revoked."""

    revoked: Mapping[tuple[str, str], frozenset[int]] = field(default_factory=dict)

    def generation(self, cohort_id: str, pair_id: str) -> int:
        """The generation of the pair's valid token (0 until a token is revoked)."""
        return max(self.revoked.get((cohort_id, pair_id), frozenset({-1}))) + 1


def verify_pair_token(secret: bytes, token: str, cohort_id: str, pair_id: str, revocations: Revocations) -> tuple[str, str] | None:
    """(cohort, pair) when ``token`` is the pair's current token; None when it is wrong, modified or revoked."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        return None
    expected = pair_token(secret, cohort_id, pair_id, revocations.generation(cohort_id, pair_id))
    if hmac.compare_digest(token.encode("utf-8", "replace"), expected.encode("ascii")):
        return (cohort_id, pair_id)
    return None


def current_token(secret: bytes, cohort_id: str, pair_id: str, revocations: Revocations) -> str:
    """The pair's valid token."""
    return pair_token(secret, cohort_id, pair_id, revocations.generation(cohort_id, pair_id))


def revoked_path(project: Project, cohort_id: str) -> Path:
    return project.cohort_dir(cohort_id) / REVOKED_FILE


def _generation(table: CsvTable, line: int, text: str, errors: list[PlaybookError]) -> int | None:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        errors.append(table.error(line, f"'{value}' is not a generation; write a whole number such as 0.", "generation"))
        return None
    return int(value)


def _parse_revoked(table: CsvTable, cohort_id: str) -> dict[tuple[str, str], set[int]]:
    errors: list[PlaybookError] = []
    revoked: dict[tuple[str, str], set[int]] = {}
    for row in table.rows:
        values = row.values
        pair_id = values["pair_id"].strip()
        if not pair_id:
            errors.append(table.error(row.line, "'pair_id' is empty; name the pair whose link was revoked.", "pair_id"))
        revoked_on = values["revoked_on"].strip()
        if revoked_on and strict_date(revoked_on) is None:
            advice = date_advice(revoked_on, "2026-11-30")
            errors.append(table.error(row.line, f"'revoked_on' ('{revoked_on}') is not a date; {advice}.", "revoked_on"))
        generation = _generation(table, row.line, values["generation"], errors)
        if pair_id and generation is not None:
            revoked.setdefault((cohort_id, pair_id), set()).add(generation)
    raise_if_any(errors)
    return revoked


def load_revocations(project: Project, cohort_ids: Iterable[str]) -> Revocations:
    """Every cohort's revoked tokens; one ``ErrorList`` for every problem in the files."""
    errors: list[PlaybookError] = []
    revoked: dict[tuple[str, str], frozenset[int]] = {}
    for cohort_id in sorted(set(cohort_ids)):
        path = revoked_path(project, cohort_id)
        display = f"content/cohorts/{cohort_id}/{REVOKED_FILE}"
        try:
            if existing_inside(project.root, path, display):
                found = _parse_revoked(load_csv_file(path, display, REVOKED_COLUMNS), cohort_id)
                revoked.update({key: frozenset(value) for key, value in found.items()})
        except PlaybookError as error:
            errors.append(error)
        except ErrorList as many:
            errors.extend(many)
    raise_if_any(errors)
    return Revocations(revoked)


def revoke(project: Project, cohort_id: str, pair_id: str, today: datetime.date) -> int:
    """Revoke the pair's current token (a row added to the cohort's list, atomically); the new generation."""
    revocations = load_revocations(project, [cohort_id])
    generation = revocations.generation(cohort_id, pair_id)
    path = revoked_path(project, cohort_id)
    text = read_text(path, project.display(path)) if path.is_file() else ",".join(REVOKED_COLUMNS) + "\n"
    if not text.endswith("\n"):
        text += "\n"
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow((pair_id, generation, today.isoformat()))
    text += row.getvalue()
    write_if_changed(path, text.encode("utf-8"))
    return generation + 1


def site_url_of(project: Project) -> str | None:
    """The published site's address (``site_url`` in mkdocs.yml), when set."""
    if not project.mkdocs_file.is_file():
        return None
    try:
        data: Any = parse_yaml(read_text(project.mkdocs_file, "mkdocs.yml"), "mkdocs.yml", foreign_tags=True).data
    except (PlaybookError, ErrorList):
        return None
    url = data.get("site_url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def _page(site_url: str | None, page: str) -> str:
    """An absolute address under ``site_url``, else the site-relative path ``/page``."""
    if site_url:
        return urllib.parse.urljoin(site_url.rstrip("/") + "/", page)
    return "/" + page


def session_log_link(program: Program, cohort_id: str, pair_id: str, token: str, site_url: str | None = None) -> str:
    """The pair's session-log form; cohort, pair and token ride in the fragment (never sent to the site's host)."""
    del program  # the page's place does not depend on the programme today; kept for a stable signature
    fragment = urllib.parse.urlencode({"cohort": cohort_id, "pair": pair_id, "token": token})
    return f"{_page(site_url, SESSION_LOG_PAGE)}#{fragment}"


def pulse_survey(program: Program) -> tuple[str, bool] | None:
    """(id, anonymous) of the survey sent after each session, if the programme has one."""
    for survey in program.sections.get("surveys") or ():
        if getattr(survey, "when", "") == PULSE_WHEN:
            return str(survey.id), bool(getattr(survey, "anonymous", True))
    return None


def pulse_link(program: Program, cohort_id: str, pair_id: str, token: str, site_url: str | None = None) -> str:
    """The after-session survey, prefilled with the cohort (and the pair unless it is anonymous); the surveys index without one."""
    found = pulse_survey(program)
    if found is None:
        return _page(site_url, "surveys/")
    survey_id, anonymous = found
    query = {"cohort": cohort_id} if anonymous else {"cohort": cohort_id, "pair": pair_id}
    fragment = "" if anonymous else "#" + urllib.parse.urlencode({"token": token})
    return f"{_page(site_url, f'surveys/{survey_id}/')}?{urllib.parse.urlencode(query)}{fragment}"
