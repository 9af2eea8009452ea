"""Each partnership's private links: keyed tokens, revocation, the links and ``playbook links``."""

from __future__ import annotations

import csv
import datetime
import io
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.disclosure import pseudonym
from generator.errors import ErrorList, PlaybookError
from generator.loading import load_programme
from generator.pair_links import (
    TOKEN_LENGTH,
    Revocations,
    load_revocations,
    pair_token,
    pulse_link,
    revoke,
    revoked_path,
    session_log_link,
    site_url_of,
    verify_pair_token,
)
from generator.project import Project
from tests.conftest import REPO, copy_project

SECRET = b"a long programme secret for the tests"
URL_SAFE = set(string.ascii_letters + string.digits + "-_")
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(REPO, tmp_path / "programme", ("program.yaml", "mkdocs.yml", "content"))


@settings(max_examples=200, deadline=None)
@given(ids, ids, st.integers(0, 50))
def test_token_is_url_safe_keyed_and_never_a_pseudonym(cohort: str, pair: str, generation: int) -> None:
    token = pair_token(SECRET, cohort, pair, generation)
    assert len(token) == TOKEN_LENGTH and set(token) <= URL_SAFE
    assert token == pair_token(SECRET, cohort, pair, generation)
    assert token != pair_token(SECRET + b"!", cohort, pair, generation)
    assert token != pair_token(SECRET, cohort, pair, generation + 1)
    for length in range(4, 33):
        label = pseudonym(SECRET, cohort, pair, length)
        assert label not in token and token not in label


@settings(max_examples=200, deadline=None)
@given(ids, ids, st.integers(0, TOKEN_LENGTH - 1), st.sampled_from(sorted(URL_SAFE)))
def test_a_modified_token_is_refused(cohort: str, pair: str, position: int, character: str) -> None:
    token = pair_token(SECRET, cohort, pair)
    changed = token[:position] + character + token[position + 1 :]
    expected = (cohort, pair) if changed == token else None
    assert verify_pair_token(SECRET, changed, cohort, pair, Revocations()) == expected


@settings(max_examples=100, deadline=None)
@given(ids, ids, ids, st.text(max_size=40))
def test_another_pairs_token_or_any_text_is_refused(cohort: str, pair: str, other: str, text: str) -> None:
    if other != pair:
        assert verify_pair_token(SECRET, pair_token(SECRET, cohort, other), cohort, pair, Revocations()) is None
    if text != pair_token(SECRET, cohort, pair):
        assert verify_pair_token(SECRET, text, cohort, pair, Revocations()) is None


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 6))
def test_revoked_generations_are_refused_and_the_next_one_opens(revoked: int) -> None:
    revocations = Revocations({("c", "p"): frozenset(range(revoked))})
    assert revocations.generation("c", "p") == revoked
    for generation in range(revoked):
        assert verify_pair_token(SECRET, pair_token(SECRET, "c", "p", generation), "c", "p", revocations) is None
    assert verify_pair_token(SECRET, pair_token(SECRET, "c", "p", revoked), "c", "p", revocations) == ("c", "p")


def test_revoke_writes_the_list_and_a_bad_list_is_located(project: Project) -> None:
    assert revoke(project, "pilot", "pilot-02", datetime.date(2026, 2, 1)) == 1
    assert revoke(project, "pilot", "pilot-02", datetime.date(2026, 2, 2)) == 2
    assert load_revocations(project, ["pilot"]).generation("pilot", "pilot-02") == 2
    path = revoked_path(project, "pilot")
    path.write_text(path.read_text(encoding="utf-8") + "pilot-03,two,2026-02-03\n,1,someday\n", encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        load_revocations(project, ["pilot"])
    found = [str(error) for error in caught.value]
    assert "content/cohorts/pilot/revoked-links.csv:4: generation: 'two' is not a generation" in found[0]
    assert any(line.startswith("content/cohorts/pilot/revoked-links.csv:5: pair_id:") for line in found)
    assert any(line.startswith("content/cohorts/pilot/revoked-links.csv:5: revoked_on:") for line in found)


def test_links_are_relative_without_site_url_and_absolute_with_it(project: Project) -> None:
    program = load_programme(project, content=False, data=False).program
    token = pair_token(SECRET, "pilot", "pilot-01")
    assert site_url_of(project) is None
    assert session_log_link(program, "pilot", "pilot-01", token) == f"/log/#cohort=pilot&pair=pilot-01&token={token}"
    assert pulse_link(program, "pilot", "pilot-01", token) == "/surveys/session-pulse/?cohort=pilot"  # anonymous: no pair
    with project.mkdocs_file.open("a", encoding="utf-8") as config:
        config.write("site_url: https://mentoring.example.org/programme/\n")
    url = site_url_of(project)
    assert url == "https://mentoring.example.org/programme/"
    link = session_log_link(program, "pilot", "pilot-01", token, url)
    assert link.startswith("https://mentoring.example.org/programme/log/#cohort=pilot&pair=pilot-01&token=")


def test_links_command_writes_private_links_and_revokes(
    project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    assert main(["links", "pilot", "--project", str(project.root)]) == 1
    assert ".playbook-secret: no secret to key the pairs' links" in capsys.readouterr().err
    assert not (project.reports_dir / "pilot" / "links.csv").exists()
    monkeypatch.setenv("PLAYBOOK_SECRET", SECRET.decode())
    assert main(["links", "pilot", "--project", str(project.root)]) == 0
    path = project.reports_dir / "pilot" / "links.csv"
    before = {row["pair_id"]: row for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))}
    assert before["pilot-01"]["session_log"].endswith("token=" + pair_token(SECRET, "pilot", "pilot-01"))
    assert main(["links", "pilot", "--revoke", "pilot-01", "--project", str(project.root)]) == 0
    after = {row["pair_id"]: row for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))}
    assert after["pilot-01"]["session_log"].endswith("token=" + pair_token(SECRET, "pilot", "pilot-01", 1))
    assert after["pilot-02"] == before["pilot-02"]
    assert main(["links", "pilot", "--revoke", "nobody", "--project", str(project.root)]) == 1
    assert "no pair 'nobody' in this roster" in capsys.readouterr().err


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=12), st.text(max_size=8), st.text(max_size=12))
def test_any_revocation_row_loads_or_gives_located_errors(
    tmp_path_factory: pytest.TempPathFactory, pair: str, generation: str, day: str
) -> None:
    project = Project.at(tmp_path_factory.mktemp("revoked"))
    path = revoked_path(project, "pilot")
    path.parent.mkdir(parents=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([("pair_id", "generation", "revoked_on"), (pair, generation, day)])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        revocations = load_revocations(project, ["pilot"])
    except ErrorList as caught:
        assert all(error.file == "content/cohorts/pilot/revoked-links.csv" and error.line >= 1 for error in caught)
        return
    except PlaybookError as error:
        assert error.file == "content/cohorts/pilot/revoked-links.csv"
        return
    if any(cell.strip() for cell in (pair, generation, day)):  # a blank row is skipped like in every CSV
        assert revocations.generation("pilot", pair.strip()) == int(generation.strip()) + 1
