"""Nothing about matching reaches the published site: no applicant's name or email."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.engine


def test_no_participant_name_or_email_reaches_site(built_example):
    project = built_example("mkdocs")
    participants = (REPO / "content" / "cohorts" / "pilot" / "participants.csv").read_text(encoding="utf-8")
    people = list(csv.DictReader(io.StringIO(participants)))
    secrets = {row["name"] for row in people if row["name"]} | {row["email"] for row in people if row["email"]}
    assert len(secrets) > 40
    pages = [
        path
        for path in project.site_dir.rglob("*")
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".js", ".txt", ".ics", ".csv")
    ]
    assert any(path.name == "index.html" for path in pages)
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = sorted(secret for secret in secrets if secret in text)
        assert not leaked, f"{path.relative_to(project.site_dir)} shows {leaked}"
    assert not (project.site_dir / "reports").exists()
