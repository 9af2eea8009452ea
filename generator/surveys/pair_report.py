"""The private list of each partnership's links, for the cohort lead to send (``playbook links``).

Input: the ``Project`` (its secret, the cohort's revocation list, mkdocs.yml ``site_url``), the
``Program``, a cohort id and its partnerships.
Output: CSV text: pair id, the people's names and emails, the session-log link and the
after-session survey link, one row per partnership. Private: written under reports/ only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from generator.model import Program
from generator.pair_links import current_token, load_revocations, pulse_link, require_secret, session_log_link, site_url_of
from generator.progress.data import Pair
from generator.project import Project
from generator.surveys.answers import csv_cell
from generator.surveys.canonical import spreadsheet_safe

LINK_COLUMNS = ("pair_id", "names", "emails", "session_log", "pulse_survey")


def links_csv(project: Project, program: Program, cohort_id: str, pairs: Sequence[Pair]) -> str:
    """Every partnership's current links as CSV (raises a located error without a secret)."""
    secret = require_secret(project)
    revocations = load_revocations(project, [cohort_id])
    site_url = site_url_of(project)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LINK_COLUMNS)
    for pair in sorted(pairs, key=lambda item: item.id):
        token = current_token(secret, cohort_id, pair.id, revocations)
        names = "; ".join(person.name for person in pair.people)
        emails = "; ".join(person.email for person in pair.people)
        log = session_log_link(program, cohort_id, pair.id, token, site_url)
        pulse = pulse_link(program, cohort_id, pair.id, token, site_url)
        writer.writerow((pair.id, spreadsheet_safe(csv_cell(names)), spreadsheet_safe(csv_cell(emails)), log, pulse))
    return buffer.getvalue()
