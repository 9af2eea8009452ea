"""``playbook ingest``: exports and spreadsheets into each cohort's canonical responses.csv."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import ErrorList, PlaybookError
from generator.load import CsvTable, load_csv_file, parse_csv
from generator.loading import load_programme
from generator.model import Program
from generator.project import Project
from generator.surveys.answers import AnswerError, coerce_answer
from generator.surveys.canonical import CANONICAL_FIXED, Response, build_response, canonical_columns, parse_responses
from generator.surveys.model import Question
from generator.surveys.store import ResponseStore
from tests.conftest import REPO, copy_project

HEADER = "response_id,survey,cohort,role,pair,submitted_at,session-pulse.useful,session-pulse.felt-safe,session-pulse.concern"
GOOD_ROW = "p-1,session-pulse,autumn-2026,mentor,,2026-10-01T09:30:00Z,4,no,Too short"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    copied = copy_project(REPO, tmp_path / "programme", ("program.yaml", "content"))
    shutil.rmtree(copied.content_dir / "cohorts", ignore_errors=True)
    return copied


def responses_file(project: Project, cohort: str = "autumn-2026") -> Path:
    return project.content_dir / "cohorts" / cohort / "responses.csv"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def ingest(project: Project, *files: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["ingest", "--project", str(project.root), *extra, *(str(file) for file in files)])


def read_back(project: Project, cohort: str = "autumn-2026") -> dict[str, dict[str, object]]:
    program = load_programme(project, content=False, data=False).program
    path = responses_file(project, cohort)
    return {item.response_id: item.answers for item in parse_responses(load_csv_file(path, path.name), program, cohort)}


def test_canonical_file_imports_and_a_second_import_adds_nothing(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path / "export.csv", f"{HEADER}\n{GOOD_ROW}\n")
    assert ingest(project, source) == 0
    assert "1 added, 0 skipped as duplicates, 0 refused." in capsys.readouterr().out
    first = responses_file(project).read_bytes()
    assert first.decode().splitlines()[0] == ",".join(canonical_columns(load_programme(project, content=False, data=False).program))
    assert read_back(project)["p-1"]["felt-safe"] is False
    assert ingest(project, source) == 0
    assert "0 added, 1 skipped as duplicates, 0 refused." in capsys.readouterr().out
    assert responses_file(project).read_bytes() == first


def test_bom_crlf_quoted_newlines_and_unicode(project: Project, tmp_path: Path) -> None:
    # A flat sheet cannot hold two 'role' columns (who answers, and the intake question), so the
    # questions use their canonical names <survey>.<question>, as the site's forms do.
    header = "survey,cohort,role,pair,Timestamp,intake.name,intake.email,intake.role,intake.level,intake.department,intake.timezone,"
    header += "intake.languages,intake.meeting_preferences,intake.availability,intake.capacity,intake.manager_email"
    record = [
        "intake",
        "autumn-2026",
        "mentee",
        "",
        "2026-09-01 10:15:00",
        "Zoë Ångström-Ōtsuka",
        "zoe@northwind.example",
        "Mentee (senior leader)",
        "director",
        'Finance, "Group"\nreporting',
        "Europe/London",
        "en|pl",
        "video, in-person",
        "mon-am|tue-pm",
        "1",
        "",
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header.split(","), record])
    source = write(tmp_path / "sheet.csv", buffer.getvalue(), "utf-8-sig")
    assert ingest(project, source) == 0
    [(response_id, answers)] = read_back(project).items()
    assert response_id.startswith("imp-")
    assert answers["name"] == "Zoë Ångström-Ōtsuka"
    assert answers["department"] == 'Finance, "Group"\nreporting'
    assert answers["role"] == "mentee"
    assert answers["languages"] == ("en", "pl")
    assert answers["meeting_preferences"] == ("video", "in-person")
    text = responses_file(project).read_text(encoding="utf-8")
    assert "2026-09-01T09:15:00Z" in text  # Europe/London summer time, stored in UTC
    assert "\r\n" not in text
    assert ingest(project, source) == 0
    assert len(read_back(project)) == 1


def test_offline_download_and_netlify_json(project: Project, tmp_path: Path) -> None:
    download = {
        "format": "playbook-response/1",
        "response_id": "0b6f7c1e-2f7a-4c55-9d3e-1d1c2b3a4f50",
        "survey": "midpoint",
        "cohort": "autumn-2026",
        "role": "mentor",
        "pair": "",
        "submitted_at": "2026-12-01T08:00:00Z",
        "answers": {"on-track": "4", "obstacles": ["time", "topics"], "next-session": "2026-12-08"},
    }
    netlify = [
        {
            "created_at": "2026-12-02T10:00:00.123Z",
            "data": {
                "survey": "midpoint",
                "cohort": "pilot",
                "role": "mentee",
                "response_id": "n-1",
                "midpoint.on-track": "2",
                "midpoint.obstacles": "trust|cancellations",
            },
        },
        {
            "created_at": "2026-12-03T10:00:00Z",
            "data": {"survey": "midpoint", "cohort": "pilot", "role": "mentee", "response_id": "n-2", "midpoint.on-track": "5"},
        },
    ]
    first = write(tmp_path / "midpoint-download.json", json.dumps(download, indent=2))
    second = write(tmp_path / "netlify.json", json.dumps(netlify, indent=2))
    assert ingest(project, first, second) == 0
    assert read_back(project)[download["response_id"]]["obstacles"] == ("time", "topics")
    assert read_back(project, "pilot")["n-1"]["obstacles"] == ("cancellations", "trust")
    assert set(read_back(project, "pilot")) == {"n-1", "n-2"}


BAD_ROWS = [
    (
        "p-2,sesion-pulse,autumn-2026,mentor,,2026-10-01T09:30:00Z,4,no,",
        "survey: unknown survey 'sesion-pulse'. Did you mean 'session-pulse'?",
    ),
    ("p-2,session-pulse,autumn-2026,mentor,,2026-10-01T09:30:00Z,8,no,", "session-pulse.useful: 8 is outside the scale 1 to 5."),
    ("p-2,session-pulse,autumn-2026,mentor,,2026-10-01T09:30:00Z,4,maybe,", "session-pulse.felt-safe: 'maybe' is not yes or no."),
    (
        "p-2,session-pulse,autumn-2026,mentor,,2026-10-01T09:30:00Z,,no,",
        "session-pulse.useful: 'This session was a good use of my time.' needs an answer.",
    ),
    ("p-2,session-pulse,autumn-2026,mentor,,yesterday,4,no,", "submitted_at: 'yesterday' is not a date and time"),
    ("p-2,session-pulse,winter,mentor,,2026-10-01T09:30:00Z,4,no,", "cohort: unknown cohort 'winter'."),
    ("p-2,session-pulse,autumn-2026,mentor,pair-1,2026-10-01T09:30:00Z,4,no,", "pair: survey 'session-pulse' is anonymous"),
    ("p-2,session-pulse,autumn-2026,boss,,2026-10-01T09:30:00Z,4,no,", "role: role 'boss' does not answer survey 'session-pulse'."),
    ("p-2,session-pulse,autumn-2026,mentor,,2026-10-01T09:30:00Z,4,no,x,extra", "row has 10 values but the header has 9 columns"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_each_bad_row_is_located_and_nothing_is_written(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, message: str
) -> None:
    assert ingest(project, write(tmp_path / "base.csv", f"{HEADER}\n{GOOD_ROW}\n")) == 0
    before = responses_file(project).read_bytes()
    capsys.readouterr()
    source = write(tmp_path / "bad.csv", f"{HEADER}\n{GOOD_ROW.replace('p-1', 'p-3')}\n{row}\n")
    assert ingest(project, source) == 1
    errors = capsys.readouterr().err
    assert f"{source}:3: {message}" in errors
    assert "nothing was written" in errors
    assert responses_file(project).read_bytes() == before


def test_unknown_column_and_bad_json_are_located(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    columns = write(tmp_path / "columns.csv", f"{HEADER},session-pulse.mood\n{GOOD_ROW},3\n")
    broken = write(tmp_path / "broken.json", '[\n  {"survey": "midpoint",\n   "cohort": }\n]\n')
    assert ingest(project, columns, broken) == 1
    errors = capsys.readouterr().err
    assert f"{columns}:2: session-pulse.mood: 'mood' is not a question of survey 'session-pulse'." in errors
    assert f"{broken}:3:" in errors
    assert not responses_file(project).exists()


def test_cohort_option_fills_rows_without_one(project: Project, tmp_path: Path) -> None:
    source = write(tmp_path / "formspree.csv", "survey,role,_date,useful,felt-safe\nsession-pulse,mentee,2026-10-05T12:00:00Z,5,yes\n")
    assert ingest(project, source, extra=("--cohort", "pilot")) == 0
    [answers] = read_back(project, "pilot").values()
    assert answers["useful"] == 5


def test_collector_export_then_ingest(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    program = load_programme(project, content=False, data=False).program
    database = tmp_path / "responses.sqlite"
    store = ResponseStore(database)
    answers = {"on-track": 4, "obstacles": ("time", "trust"), "next-session": "2026-12-08", "change": 'Fewer "check-ins",\nmore talk'}
    response, problems = build_response(
        program,
        {
            "response_id": "c-1",
            "survey": "midpoint",
            "cohort": "pilot",
            "role": "mentor",
            "pair": "",
            "submitted_at": "2026-12-01T08:00:00Z",
        },
        answers,
    )
    assert response is not None, problems
    store.add(response)
    store.close()
    export = tmp_path / "export.csv"
    assert main(["collect", "export", "--project", str(project.root), "--db", str(database), "--out", str(export)]) == 0
    assert ingest(project, export) == 0
    assert "1 added" in capsys.readouterr().out
    assert read_back(project, "pilot")["c-1"] == {**answers, "sessions-held": None}


def _random_cell(rng: random.Random, question: Question) -> str:
    """A raw cell for ``question``: mostly valid, sometimes empty or wrong."""
    pool = ["", "1", "3", "5", " 4 ", "11", "2.5", "yes", "no", "Agree", "x", "2026-10-01", "2026-02-30", "a|b", "\x00"]
    pool += [*question.options, f"{question.options[0]}|{question.options[-1]}" if question.options else "7"]
    valid = [cell for cell in pool if _fits(question, cell)]
    return rng.choice(valid if valid and rng.random() < 0.9 else pool)


def _fits(question: Question, cell: str) -> bool:
    try:
        return coerce_answer(question, cell) is not None or not question.required
    except AnswerError:
        return False


def _random_rows(program: Program, rng: random.Random, count: int) -> str:
    header = canonical_columns(program)
    envelope = {
        "response_id": ["r1", "r2", "bad id", "", "x:y.z-1"],
        "cohort": ["autumn-2026", "autumn-2026", "autumn-2026", "pilot", "winter"],
        "role": ["mentor", "mentee", "mentee", "mentee", "boss"],
        "pair": ["", "", "", "pair-1", "bad pair!"],
        "submitted_at": [
            "2026-10-01T09:30:00Z",
            "2026-10-01T09:30:00Z",
            "2026-10-01 09:30",
            "2026-10-01T09:30:00+02:00",
            "yesterday",
            "2026-13-01T00:00Z",
        ],
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for number in range(count):
        survey = rng.choice([*program.surveys, None])
        row = {name: rng.choice(values) for name, values in envelope.items()}
        row["response_id"] += str(number) if rng.random() < 0.9 else ""
        row["survey"] = survey.id if survey else rng.choice(["nope", ""])
        for other in program.surveys:
            for question in other.questions:
                own = other is survey or rng.random() < 0.002
                row[f"{other.id}.{question.id}"] = _random_cell(rng, question) if own else ""
        writer.writerow([row[name] for name in header])
    return buffer.getvalue()


def _outcome(table: CsvTable, program: Program) -> object:
    try:
        return parse_responses(table, program, "autumn-2026")
    except ErrorList as errors:
        return [str(error) for error in errors]


def _by_build_response(table: CsvTable, program: Program, cohort: str) -> object:
    """What ``parse_responses`` gives, worked out row by row with ``build_response`` (the collector's check)."""
    errors: list[PlaybookError] = []
    responses: list[Response] = []
    first_line: dict[str, int] = {}
    for row in table.rows:
        survey_id = row.values["survey"].strip()
        prefix = f"{survey_id}." if any(survey.id == survey_id for survey in program.surveys) else None
        answers = {column.removeprefix(prefix): cell for column, cell in row.values.items() if prefix and column.startswith(prefix)}
        for column, cell in row.values.items():
            if prefix and "." in column and not column.startswith(prefix) and cell.strip():
                message = f"column '{column}' belongs to another survey than '{survey_id}'; leave it empty on this row."
                errors.append(table.error(row.line, message, column))
        response, problems = build_response(program, row.values, answers)
        for problem in problems:
            column = problem.field if problem.field in CANONICAL_FIXED else f"{survey_id}.{problem.field}"
            errors.append(table.error(row.line, problem.message, column))
        if response is None:
            continue
        if response.cohort != cohort:
            message = f"cohort '{response.cohort}' in the file of cohort '{cohort}'; move the row to its cohort's file."
            errors.append(table.error(row.line, message, "cohort"))
        if response.response_id in first_line:
            message = f"response id '{response.response_id}' already used on line {first_line[response.response_id]}; each response needs its own id."
            errors.append(table.error(row.line, message, "response_id"))
            continue
        first_line[response.response_id] = row.line
        responses.append(response)
    return [str(error) for error in ErrorList(errors)] if errors else tuple(responses)


def test_columnar_check_agrees_with_build_response_row_by_row(project: Project) -> None:
    """Checked column by column, a file gives the responses and the messages ``build_response`` gives row by row."""
    program = load_programme(project, content=False, data=False).program
    table = parse_csv(_random_rows(program, random.Random(7), 4000), "responses.csv")
    singles = [CsvTable(table.file, table.header, (row,)) for row in table.rows]
    valid = [single.rows[0] for single in singles if isinstance(_by_build_response(single, program, "autumn-2026"), tuple)]
    tables = [table, CsvTable(table.file, table.header, tuple(valid)), *singles]
    assert [_outcome(single, program) for single in tables] == [_by_build_response(single, program, "autumn-2026") for single in tables]
    assert len(valid) > 200  # many rows are valid
