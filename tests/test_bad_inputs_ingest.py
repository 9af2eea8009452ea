"""``playbook ingest`` refuses what the collector refuses, as FILE:LINE errors, and writes nothing (issue 10)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import Project
from generator.surveys.ingest import Record, stable_id
from tests.conftest import REPO, copy_project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    copied = copy_project(REPO, tmp_path / "programme", ("program.yaml", "content"))
    for name in ("responses.csv",):
        (copied.cohort_dir("autumn-2026") / name).unlink(missing_ok=True)
    shutil.rmtree(copied.cohort_dir("pilot"), ignore_errors=True)
    return copied


def item(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "response_id": "i-1",
        "survey": "session-pulse",
        "cohort": "autumn-2026",
        "role": "mentee",
        "pair": "",
        "submitted_at": "2026-10-01T09:30:00Z",
        "answers": {"useful": 4, "felt-safe": "yes"},
    }
    return {**base, **changes}


def dumped(items: object) -> str:
    return json.dumps(items, indent=1)


def pulse_with(text: str) -> str:
    return dumped([item()]).replace('"useful": 4', f'"useful": {text}')


BAD_FILES = [
    ("huge integer", pulse_with("9" * 5000), "more than 30 digits"),
    ("NaN", pulse_with("NaN"), "NaN is not a number"),
    ("Infinity", pulse_with("-Infinity"), "-Infinity is not a number"),
    ("deep nesting", '[{"answers": ' + "[" * 3000 + "]" * 3000 + "}]", "nested more than"),
    ("lone surrogate", dumped([item(answers={"useful": 4, "felt-safe": "yes", "concern": "\ud800"})]), "lone surrogate"),
    ("key twice", '[{"survey": "session-pulse", "survey": "midpoint"}]', "appear twice"),
    ("not JSON", "[{", "not valid JSON"),
    ("unicode digits", dumped([item(answers={"useful": "\u0664", "felt-safe": "yes"})]), "digits 0 to 9"),
    ("impossible time", dumped([item(submitted_at="2026-02-30T09:00:00Z")]), "not a real date and time"),
    (
        "unknown pair",
        dumped([item(survey="skills-baseline", pair="no-such-pair", answers={})]),
        "unknown pair 'no-such-pair' in cohort 'autumn-2026'",
    ),
]


@pytest.mark.parametrize(("text", "message"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_bad_import_files_are_located_and_nothing_is_written(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    source = tmp_path / "answers.json"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))
    assert main(["ingest", "--project", str(project.root), str(source)]) == 1
    output = capsys.readouterr().err
    assert message in output
    assert "answers.json:" in output
    assert "Traceback" not in output
    assert not (project.cohort_dir("autumn-2026") / "responses.csv").exists()


def test_text_with_brackets_is_not_mistaken_for_nesting(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "answers.json"
    source.write_text(dumped([item(answers={"useful": 4, "felt-safe": "no", "concern": "[" * 40 + '"{' * 20})]), encoding="utf-8")
    assert main(["ingest", "--project", str(project.root), str(source)]) == 0, capsys.readouterr().err


def test_stable_id_with_a_list_of_numbers() -> None:
    record = Record("a.json", 2, {"survey": "intake", "cohort": "autumn-2026"}, {"availability": [1, 2.5, "mon-am"]})
    assert stable_id(record).startswith("imp-")
    assert stable_id(record) == stable_id(record)


def test_responses_csv_link_out_of_the_project_is_refused(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("response_id,survey\n", encoding="utf-8")
    (project.cohort_dir("autumn-2026") / "responses.csv").symlink_to(outside)
    source = tmp_path / "answers.json"
    source.write_text(dumped([item()]), encoding="utf-8")
    assert main(["ingest", "--project", str(project.root), str(source)]) == 1
    assert "content/cohorts/autumn-2026/responses.csv: is a link to a file outside the project folder" in capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == "response_id,survey\n"
