"""Property-based tests (hypothesis) for issue 10: generated YAML, CSV and JSON documents and
requests end in exit 0, or exit 1 with a located message (a 4xx with a JSON reason for requests);
never a traceback or a 500, and nothing written on error. Examples are bounded so CI stays fast.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from generator.cli import main
from generator.project import Project
from generator.surveys.collector import Settings, create_app
from tests.conftest import FIXTURES, REPO, copy_project

LOCATED = re.compile(r"^[^\s:][^:\n]*:\d+(:\d+)?: .+", re.MULTILINE)
BOUNDED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SITE = "http://127.0.0.1:8000"

TRICKY = [
    "2026-02-30", "2026-13-01", "20260113", "2026-W03-1", "'2026-02-30'", ".inf", "-.inf", ".nan", "1" + "0" * 40, "-0",
    '"\\ud800"', '"x\\udfff"', '"id\\n"', "~", "null", "yes", "[]", "{}", "[[[[[[[[]]]]]]]]", "[" * 200 + "]" * 200,
    "&a x", "*a", "!!python/object:os.system [ls]", "!!binary aGk=", "!!set {a}", "{? [a]: 1}", "<<: {a: 1}", "|\n  text",
    "'²'", "²", "٤٥", "Europe/Londn", "0x1F", "1_000", "2026-01-12 10:00:00", '"\\x00"', "'a: b'", "@x", "`x`", "%x",
]  # fmt: skip
SCALAR_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+: )(\S.*)$")


def yaml_values() -> st.SearchStrategy[str]:
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
        max_leaves=8,
    )
    return st.sampled_from(TRICKY) | json_values.map(json.dumps) | st.text(max_size=30).map(json.dumps)


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("props") / "small").root


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def assert_clean_outcome(status: int, output: str) -> None:
    assert "Traceback" not in output
    assert status in (0, 1), output
    if status == 1:
        assert LOCATED.search(output), output


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@BOUNDED
@given(data=st.data())
def test_generated_program_yaml_is_ok_or_located(fixture_root: Path, capsys: pytest.CaptureFixture[str], data: st.DataObject) -> None:
    program = fixture_root / "program.yaml"
    original = program.read_text(encoding="utf-8")
    lines = original.splitlines()
    candidates = [index for index, line in enumerate(lines) if SCALAR_LINE.match(line)]
    changed = list(lines)
    for index in data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3)):
        prefix = SCALAR_LINE.match(changed[index])
        if prefix:
            changed[index] = prefix.group(1) + data.draw(yaml_values())
    program.write_bytes(("\n".join(changed) + "\n").encode("utf-8", "surrogatepass"))
    before = snapshot(fixture_root)
    try:
        status, output = run(capsys, "check", "--project", str(fixture_root))
        assert_clean_outcome(status, output)
        assert snapshot(fixture_root) == before
    finally:
        program.write_text(original, encoding="utf-8")


@BOUNDED
@given(text=st.text(max_size=400) | st.binary(max_size=200).map(lambda raw: raw.decode("latin-1")))
def test_generated_front_matter_is_ok_or_located(fixture_root: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    page = fixture_root / "content" / "basics.md"
    original = page.read_bytes()
    page.write_bytes(("---\n" + text + "\n---\nBody.\n").encode("utf-8", "surrogatepass"))
    try:
        status, output = run(capsys, "check", "--project", str(fixture_root))
        assert_clean_outcome(status, output)
    finally:
        page.write_bytes(original)


CELLS = st.sampled_from(["", "2026-02-30", "20260113", "²", "٤٥", "-1", "1e9", "=cmd|' /C calc'!A0", '"', "\r", "p1", "active"]) | st.text(
    max_size=12
)


@BOUNDED
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=7), max_size=5), header=st.booleans())
def test_generated_cohort_csv_is_ok_or_located(
    fixture_root: Path, capsys: pytest.CaptureFixture[str], rows: list[list[str]], header: bool
) -> None:
    import csv
    import io

    cohort = fixture_root / "content" / "cohorts" / "pilot"
    cohort.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(["pair_id", "date", "minutes", "agenda", "status"])
    writer.writerows(rows)
    (cohort / "roster.csv").write_text(
        "pair_id,mentor_name,mentor_email,mentor_level,mentor_department,mentee_name,mentee_email,mentee_level,mentee_department,start,end,status\n"
        "p1,A,a@x.org,1,D,B,b@x.org,2,E,2026-01-12,,active\n",
        encoding="utf-8",
    )
    (cohort / "sessions.csv").write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    try:
        status, output = run(capsys, "check", "--project", str(fixture_root))
        assert_clean_outcome(status, output)
    finally:
        for name in ("roster.csv", "sessions.csv"):
            (cohort / name).unlink()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(REPO, tmp_path_factory.mktemp("props-example"), ("program.yaml", "content"))


@pytest.fixture(scope="module")
def collector(example: Project, tmp_path_factory: pytest.TempPathFactory) -> Any:
    settings_ = Settings(tmp_path_factory.mktemp("props-db") / "db.sqlite", (SITE,), 65536, 10_000_000)
    with TestClient(create_app(example, settings_), headers={"Origin": SITE}, raise_server_exceptions=False) as client:
        yield client


JSON_LEAVES = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.sampled_from(["\ud800", "9" * 50, "<1 year"])
)
ANY_JSON = st.recursive(
    JSON_LEAVES, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3), max_leaves=10
)
ENVELOPE = st.fixed_dictionaries(
    {},
    optional={
        "response_id": st.text(max_size=10) | ANY_JSON,
        "survey": st.sampled_from(["session-pulse", "midpoint", "intake", "nope"]) | ANY_JSON,
        "cohort": st.sampled_from(["autumn-2026", "pilot"]) | ANY_JSON,
        "role": st.sampled_from(["mentor", "mentee"]) | ANY_JSON,
        "pair": st.sampled_from(["", "autumn-2026-01", "nope"]) | ANY_JSON,
        "answers": st.dictionaries(st.sampled_from(["useful", "felt-safe", "energy", "agenda", "concern", "x"]), ANY_JSON, max_size=5)
        | ANY_JSON,
    },
)


@BOUNDED
@given(body=ENVELOPE | ANY_JSON)
def test_generated_json_requests_never_get_a_500(collector: Any, body: Any) -> None:
    content = json.dumps(body).encode("utf-8", "surrogatepass")
    reply = collector.post("/api/responses", content=content, headers={"Content-Type": "application/json"})
    assert reply.status_code < 500, reply.text
    if reply.status_code >= 400:
        assert reply.json()["error"]


@BOUNDED
@given(body=st.binary(max_size=300), kind=st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain"]))
def test_generated_raw_bodies_never_get_a_500(collector: Any, body: bytes, kind: str) -> None:
    reply = collector.post("/api/responses", content=body, headers={"Content-Type": kind})
    assert reply.status_code < 500, reply.text


@BOUNDED
@given(items=st.lists(ENVELOPE, min_size=1, max_size=3))
def test_generated_ingest_files_are_ok_or_located_and_write_nothing_on_error(
    example: Project, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], items: list[Any]
) -> None:
    source = tmp_path_factory.mktemp("ingest") / "answers.json"
    source.write_bytes(json.dumps(items, indent=1).encode("utf-8", "surrogatepass"))
    before = snapshot(example.content_dir)
    status, output = run(capsys, "ingest", "--project", str(example.root), str(source))
    assert_clean_outcome(status, output)
    if status == 1:
        assert snapshot(example.content_dir) == before


INGEST_COLUMNS = ["response_id", "survey", "cohort", "role", "pair", "submitted_at", "session-pulse.useful", "session-pulse.felt-safe"]
INGEST_CELLS = (
    st.sampled_from(["session-pulse", "autumn-2026", "mentee", "2026-10-01T09:30:00Z", "2026-02-30T09:00:00Z", "4", "yes"]) | CELLS
)


@BOUNDED
@given(rows=st.lists(st.lists(INGEST_CELLS, min_size=len(INGEST_COLUMNS), max_size=len(INGEST_COLUMNS)), min_size=1, max_size=4))
def test_generated_ingest_csv_is_ok_or_located_and_writes_nothing_on_error(
    example: Project, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], rows: list[list[str]]
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(INGEST_COLUMNS)
    writer.writerows(rows)
    source = tmp_path_factory.mktemp("ingest-csv") / "answers.csv"
    source.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    before = snapshot(example.content_dir)
    status, output = run(capsys, "ingest", "--project", str(example.root), str(source))
    assert_clean_outcome(status, output)
    if status == 1:
        assert snapshot(example.content_dir) == before
