"""Data files as spreadsheets and people write them (robustness sweep B).

Input: headers in another letter case, trailing columns without a name, dates written the way
spreadsheets save them (31/12/2026, 2026-12-31T09:00, a day number such as 46387), private notes
starting with a formula, participants whose names give the same certificate file name, and a JSON
submission with a byte order mark.
Output: the same table as the expected header gives; one located error per problem, saying which
day was probably meant; notes a spreadsheet shows as text; one certificate file per person; the
submission stored as without the mark.
"""

from __future__ import annotations

import csv
import datetime
import email
import email.policy
import io
import json
import warnings
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from generator.cli import main
from generator.errors import ErrorList, PlaybookError
from generator.load import date_advice, parse_csv, read_text
from generator.loading import load_programme
from generator.matching.intake import participants_text
from generator.matching.participants import COLUMNS as PARTICIPANT_COLUMNS
from generator.matching.roster import roster_text
from generator.model import Program
from generator.progress.data import ROSTER_COLUMNS, ROSTER_KNOWN, SESSION_COLUMNS, SESSION_KNOWN, parse_roster
from generator.progress.mail import recipient, sending_policy
from generator.progress.model import Cohort
from generator.project import Project
from generator.recognition.certificates import file_names, file_stem
from generator.recognition.completion import Completion
from generator.recognition.stories import parse_story
from generator.surveys.answers import csv_cell, sentence
from generator.surveys.canonical import FORMULA_STARTS
from generator.surveys.collector import Settings, create_app
from generator.surveys.session_ingest import Entry, _notes_text
from tests.conftest import REPO, copy_project
from tests.test_foreign_csv_headers import errors_of
from tests.test_surveys_collector import pulse

FILES = st.sampled_from([(ROSTER_COLUMNS, ROSTER_KNOWN), (SESSION_COLUMNS, SESSION_KNOWN), (("pair_id", "milestone", "date"),) * 2])
DAYS = st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2150, 12, 31))
SITE = "http://127.0.0.1:8000"


# Headers in another letter case ------------------------------------------------------------------


@given(files=FILES, data=st.data())
def test_a_header_in_any_letter_case_reads_as_the_expected_columns(
    files: tuple[tuple[str, ...], tuple[str, ...]], data: st.DataObject
) -> None:
    required, known = files
    cased = [data.draw(st.sampled_from([name, name.upper(), name.title(), name.capitalize()])) for name in required]
    cells = [f"c{index}" for index in range(len(required))]
    table = parse_csv(",".join(cased) + "\n" + ",".join(cells) + "\n", "f.csv", required, known=known)
    assert table.header == required
    assert [row.cells for row in table.rows] == [tuple(cells)]


def test_a_capitalised_session_log_header_is_read_and_a_repeated_column_still_refused() -> None:
    table = parse_csv("Pair_ID,Date,MINUTES,Agenda,Status\np1,2026-01-13,45,,held\n", "f.csv", SESSION_COLUMNS, known=SESSION_KNOWN)
    assert table.header == SESSION_COLUMNS and table.rows[0].values["minutes"] == "45"
    found = errors_of("pair_id,PAIR_ID,date,minutes,agenda,status\n", SESSION_COLUMNS, SESSION_KNOWN)
    assert len(found) == 1 and found[0].startswith("f.csv:1: unknown column 'PAIR_ID'.")


# Trailing columns without a name ----------------------------------------------------------------


@given(files=FILES, blanks=st.integers(min_value=1, max_value=6), rows=st.integers(min_value=0, max_value=3))
def test_trailing_columns_without_a_name_are_one_error_not_a_repeated_column(
    files: tuple[tuple[str, ...], tuple[str, ...]], blanks: int, rows: int
) -> None:
    required, known = files
    commas = "," * blanks
    text = ",".join(required) + commas + "\n" + "".join(",".join("x" for _ in required) + commas + "\n" for _ in range(rows))
    assert errors_of(text, required, known) == [
        f"f.csv:1: a column without a name. This file's columns are {', '.join(known)}; rename the column or remove it."
    ]


# Dates as spreadsheets save them ----------------------------------------------------------------


@given(day=DAYS, separator=st.sampled_from("/.-"), padded=st.booleans())
def test_a_day_month_year_date_is_answered_with_the_day_it_means(day: datetime.date, separator: str, padded: bool) -> None:
    shown = f"{day.day:02d}{separator}{day.month:02d}" if padded else f"{day.day}{separator}{day.month}"
    advice = date_advice(f"{shown}{separator}{day.year}", "2026-01-12")
    assert day.isoformat() in advice and "2026-01-12" not in advice


@given(day=DAYS, time=st.times(), zone=st.sampled_from(["", "Z", "+01:00"]), sep=st.sampled_from("T "))
def test_a_date_and_time_is_answered_with_the_day_alone(day: datetime.date, time: datetime.time, zone: str, sep: str) -> None:
    advice = date_advice(f"{day.isoformat()}{sep}{time.isoformat(timespec='minutes')}{zone}", "2026-01-12")
    assert advice == f"write the day alone, as YYYY-MM-DD: {day.isoformat()}"


EXCEL_DAY_0 = datetime.date(1899, 12, 30)


@given(serial=st.integers(min_value=20_000, max_value=79_999))
def test_a_spreadsheet_day_number_is_answered_with_its_day(serial: int) -> None:
    day = EXCEL_DAY_0 + datetime.timedelta(days=serial)
    assert f"YYYY-MM-DD: {day.isoformat()} (the spreadsheet saved its day number" in date_advice(str(serial), "2026-01-12")


@given(text=st.text(max_size=20))
def test_any_other_text_gets_the_plain_advice_or_a_real_day(text: str) -> None:
    advice = date_advice(text, "2026-01-12")
    named = advice.split(": ", 1)[1].split(" ", 1)[0] if ": " in advice else "2026-01-12"
    assert advice.startswith(("write it as YYYY-MM-DD", "write the day alone"))
    assert datetime.date.fromisoformat(named)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return copy_project(REPO, tmp_path / "programme", ("program.yaml", "mkdocs.yml", "content", "themes"))


def test_playbook_check_names_the_day_a_spreadsheet_date_means(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    sessions = project.cohort_dir("autumn-2026") / "sessions.csv"
    lines = sessions.read_text(encoding="utf-8").split("\n")
    lines[1], lines[2] = lines[1].replace("2026-09-14", "14/09/2026"), lines[2].replace("2026-09-14", "46279")
    sessions.write_text("\n".join(lines), encoding="utf-8")
    assert main(["check", "--project", str(project.root)]) == 1
    err = capsys.readouterr().err
    assert "sessions.csv:2: date: '14/09/2026' is not a date; write it as YYYY-MM-DD: 2026-09-14." in err
    assert "sessions.csv:3: date: '46279' is not a date; write it as YYYY-MM-DD: 2026-09-14 (the spreadsheet saved" in err


# Private notes opened in a spreadsheet ----------------------------------------------------------


def notes_cells(project: Project, notes: list[str]) -> list[list[str]]:
    entries = [
        SimpleNamespace(response=SimpleNamespace(response_id=f"r-{index}"), row=SimpleNamespace(pair_id="p1", date="2026-11-17", note=note))
        for index, note in enumerate(notes)
    ]
    written = _notes_text(project, "autumn-2026", cast(list[Entry], entries))
    assert written is not None
    return list(csv.reader(io.StringIO(written[1])))[1:]


@settings(max_examples=60)
@given(notes=st.lists(st.text(st.characters(exclude_categories=("Cs",)), min_size=1).filter(str.strip), min_size=1, max_size=4))
def test_no_note_cell_starts_a_formula(notes: list[str]) -> None:
    project = Project(Path("/nonexistent-sweep-b"))
    for row in notes_cells(project, notes):
        assert not row[3].startswith(FORMULA_STARTS) or row[3].lstrip("+-").replace(".", "", 1).isdigit()
        written = {csv_cell(note) for note in notes}
        assert row[3] in written or row[3].removeprefix("'") in written  # the note itself, or it with the quote that keeps it text


def test_a_note_starting_with_a_formula_is_written_as_text(project: Project) -> None:
    (row,) = notes_cells(project, ['=HYPERLINK("http://evil.example","click")'])
    assert row[3] == '\'=HYPERLINK("http://evil.example","click")'


# Certificate file names -------------------------------------------------------------------------


def people(names: list[str]) -> list[Completion]:
    return cast(list[Completion], [SimpleNamespace(person=SimpleNamespace(name=name)) for name in names])


@given(names=st.lists(st.sampled_from(["Sam Lee", "Sam Lee 2", "Sam Lee 3", "sam-lee", "李雷", "", "Zoë Ng"]), max_size=8))
def test_every_certified_person_gets_a_file_of_their_own(names: list[str]) -> None:
    files = file_names(people(names))
    assert len(set(files)) == len(files) == len(names)
    for name, file in zip(names, files, strict=True):
        assert file.startswith(file_stem(name)) and file.endswith(".pdf")


def test_a_repeated_name_never_takes_another_persons_file() -> None:
    assert file_names(people(["Sam Lee", "Sam Lee", "Sam Lee 2"])) == ["sam-lee.pdf", "sam-lee-3.pdf", "sam-lee-2.pdf"]


# A JSON submission with a byte order mark ---------------------------------------------------------


def test_a_json_body_with_a_byte_order_mark_is_stored_like_one_without(project: Project, tmp_path: Path) -> None:
    settings_ = Settings(tmp_path / "db.sqlite3", (SITE,), 65536, 100_000)
    with TestClient(create_app(project, settings_), headers={"Origin": SITE}) as client:
        plain = client.post("/api/responses", content=json.dumps(pulse("plain")).encode(), headers={"Content-Type": "application/json"})
        marked = client.post(
            "/api/responses", content=b"\xef\xbb\xbf" + json.dumps(pulse("marked")).encode(), headers={"Content-Type": "application/json"}
        )
        again = client.post("/api/responses", content=b"\xef\xbb\xbf" + b"[", headers={"Content-Type": "application/json"})
    assert (plain.status_code, marked.status_code) == (201, 201)
    assert marked.json() == {"status": "stored", "response_id": "marked"}
    assert again.status_code == 400


# Files saved in another encoding, or not as CSV at all ------------------------------------------

ASCII_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=4, max_size=200)


@given(text=ASCII_TEXT, encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"]))
def test_a_utf16_file_is_refused_saying_so(tmp_path_factory: pytest.TempPathFactory, text: str, encoding: str) -> None:
    path = tmp_path_factory.mktemp("utf16") / "roster.csv"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(PlaybookError) as caught:
        read_text(path, "roster.csv")
    assert str(caught.value).startswith("roster.csv:1:1: the file is UTF-16 text") and "CSV UTF-8" in str(caught.value)


@given(text=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")))
def test_utf8_text_without_nul_reads_as_before(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("utf8") / "f.csv"
    path.write_bytes(text.encode("utf-8"))
    assert read_text(path, "f.csv") == text.removeprefix("\ufeff")


def test_a_workbook_saved_instead_of_csv_is_refused_saying_so(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    roster = project.cohort_dir("pilot") / "roster.csv"
    roster.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")
    sessions = project.cohort_dir("autumn-2026") / "sessions.csv"
    sessions.write_bytes(sessions.read_text(encoding="utf-8").encode("utf-16"))
    assert main(["check", "--project", str(project.root)]) == 1
    err = capsys.readouterr().err
    assert "content/cohorts/pilot/roster.csv:1:1: the file is a spreadsheet workbook (.xlsx or .ods)" in err
    assert 'content/cohorts/autumn-2026/sessions.csv:1:1: the file is UTF-16 text (a spreadsheet\'s "Unicode Text")' in err
    assert "Traceback" not in err


# Reminder e-mails to people with long names -----------------------------------------------------


def sent_to(name: str, address: str) -> list[tuple[str, str]]:
    """The addresses a mail reader finds in the ``To`` of a reminder, as ``playbook remind`` writes and sends it."""
    message = EmailMessage(policy=email.policy.default)
    message["To"] = recipient(name, address)
    written = message.as_bytes(policy=sending_policy(message)).decode("utf-8")  # ASCII, or UTF-8 headers (RFC 6532)
    read = email.message_from_string(written, policy=email.policy.default)["To"]
    return [(item.display_name, item.addr_spec) for item in read.addresses]


@given(name=st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=120))
@example(name=".¡")  # a name Python's header parser stops on when written raw (found by hypothesis in CI)
def test_a_reminder_reaches_exactly_its_recipient_whatever_the_name(name: str) -> None:
    found = sent_to(name, "elena@example.org")
    assert len(found) == 1 and found[0][1] == "elena@example.org"
    assert found[0][0] in ("", " ".join(name.split()))


MAILBOX = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Lo", "Nd")), min_size=1, max_size=20)


@given(
    name=st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=60),
    mailbox=MAILBOX,
    domain=st.sampled_from(["example.org", "nörthwind.example", "例子.中国", "пример.рф"]),
)
@example(name=".¡", mailbox="ñ", domain="example.org")
def test_an_address_in_any_script_reaches_exactly_its_mailbox(name: str, mailbox: str, domain: str) -> None:
    """A mailbox name beyond ASCII is kept (sent as UTF-8); a domain beyond ASCII is written in its IDNA form."""
    found = sent_to(name, f"{mailbox}@{domain}")
    assert len(found) == 1
    assert found[0][1] == f"{mailbox}@{domain.encode('idna').decode('ascii')}"
    assert found[0][0] in ("", " ".join(name.split()))


def test_a_long_name_with_a_comma_is_not_split_into_two_addresses() -> None:
    name = "Okafor-Fraser, Elena Margarete Alexandra Constance Wilhelmina Josephine Anastasia"
    assert sent_to(name, "elena@example.org") == [("", "elena@example.org")]
    assert sent_to("Elena Okafor", "elena@example.org") == [("Elena Okafor", "elena@example.org")]


# A lone carriage return in a cell Playbook writes ------------------------------------------------


@given(cells=st.lists(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00")), min_size=1, max_size=5))
def test_every_cell_written_with_lf_line_ends_reads_back(cells: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([csv_cell(cell) for cell in cells])
    assert list(csv.reader(io.StringIO(buffer.getvalue(), newline=""), strict=True)) == [[csv_cell(cell) for cell in cells]]
    assert all("\r" not in csv_cell(cell) for cell in cells)


def test_an_answer_with_a_lone_carriage_return_keeps_responses_csv_readable(project: Project, tmp_path: Path) -> None:
    answers = {"useful": 4, "felt-safe": "no", "concern": "first\rsecond\r\nthird"}
    record = {"format": "playbook-response/1", "response_id": "cr-1", "survey": "session-pulse", "cohort": "autumn-2026"}
    record |= {"role": "mentee", "pair": "", "submitted_at": "2026-11-18T08:00:00Z", "answers": answers}
    download = tmp_path / "answers.json"
    download.write_text(json.dumps([record]), encoding="utf-8")
    assert main(["ingest", "--project", str(project.root), str(download)]) == 0
    assert main(["check", "--project", str(project.root)]) == 0
    text = (project.cohort_dir("autumn-2026") / "responses.csv").read_text(encoding="utf-8")
    assert '"first\nsecond\nthird"' in text and "\r" not in text


def test_a_name_with_a_carriage_return_keeps_the_matched_roster_readable() -> None:
    row = dict.fromkeys((*ROSTER_COLUMNS,), "x") | {"mentor_name": "Ana\rSilva"}
    table = parse_csv(roster_text([row]), "roster.csv", ROSTER_COLUMNS)
    assert [cells.values["mentor_name"] for cells in table.rows] == ["Ana\nSilva"]


# Messages of a refused answer end with one mark ---------------------------------------------------


@given(text=st.text(min_size=1).filter(lambda text: text.strip() == text))
def test_a_problem_ends_with_exactly_one_mark(text: str) -> None:
    said = sentence(text)
    assert said.endswith((".", "?"))
    assert said == text if text.endswith((".", "?")) else said == f"{text}."


def test_a_refused_choice_and_a_spreadsheet_date_are_answered_plainly(project: Project, tmp_path: Path) -> None:
    settings_ = Settings(tmp_path / "db.sqlite3", (SITE,), 65536, 100_000)
    midpoint = {"response_id": "m-1", "survey": "midpoint", "cohort": "autumn-2026", "role": "mentee", "pair": ""}
    with TestClient(create_app(project, settings_), headers={"Origin": SITE}) as client:
        refused = client.post("/api/responses", json=pulse("p-1") | {"answers": {"useful": 4, "felt-safe": "yes", "agenda": "kickof"}})
        dated = client.post("/api/responses", json=midpoint | {"answers": {"on-track": 4, "next-session": "17/11/2026"}})
    assert refused.status_code == 422
    assert refused.json()["fields"] == {
        "agenda": "'kickof' is not one of the choices (kickoff, regular-session, midpoint-review, closing, none). Did you mean 'kickoff'?"
    }
    assert dated.status_code == 422
    assert dated.json()["fields"] == {"next-session": "'17/11/2026' is not a date; write it as YYYY-MM-DD: 2026-11-17."}


# Participants written from a public intake form ---------------------------------------------------


@given(names=st.lists(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1), min_size=1, max_size=4))
def test_no_participant_cell_starts_a_formula_and_each_reads_back(names: list[str]) -> None:
    rows = [dict.fromkeys(PARTICIPANT_COLUMNS, "") | {"id": f"p{index}", "name": name} for index, name in enumerate(names)]
    table = parse_csv(participants_text(rows), "participants.csv", PARTICIPANT_COLUMNS)
    written = [row.values["name"] for row in table.rows]
    assert [
        name.removeprefix("'") if name.startswith("'") and not original.startswith("'") else name
        for name, original in zip(written, map(csv_cell, names), strict=True)
    ] == [csv_cell(name) for name in names]
    assert not any(name.startswith(FORMULA_STARTS) and not name.lstrip("+-").replace(".", "", 1).isdigit() for name in written)


def test_intake_keeps_the_participants_file_it_replaces(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = {"name": '=HYPERLINK("http://evil.example","x")', "email": "eve@northwind.example", "role": "mentor"}
    answers |= {"level": "early-career", "department": "Ops", "timezone": "Europe/London", "languages": ["en"], "capacity": "1"}
    answers |= {"meeting_preferences": ["video"], "availability": ["mon-am", "tue-am"], "skills_offered": ["ai-tools"]}
    record = {"format": "playbook-response/1", "response_id": "in-1", "survey": "intake", "cohort": "autumn-2026", "role": "mentor"}
    download = tmp_path / "intake.json"
    download.write_text(json.dumps([record | {"pair": "", "submitted_at": "2026-09-01T08:00:00Z", "answers": answers}]), encoding="utf-8")
    participants = project.cohort_dir("autumn-2026") / "participants.csv"
    edited = "id,name,email,role,level\nhand-made,Hand Made,hand@northwind.example,mentor,early-career\n"
    participants.write_text(edited, encoding="utf-8")
    assert main(["ingest", "--project", str(project.root), str(download)]) == 0
    main(["match", "autumn-2026", "--from-intake", "--project", str(project.root)])
    (kept,) = (project.reports_dir / "autumn-2026").glob("participants-before-intake-*.csv")
    assert kept.read_text(encoding="utf-8") == edited
    assert f"kept, private, in {project.display(kept)}" in capsys.readouterr().out
    assert '\'=HYPERLINK(""http://evil.example"",""x"")"' in participants.read_text(encoding="utf-8")


# A group partnership whose first row leaves a shared cell empty ----------------------------------

GROUP_HEADER = ",".join(ROSTER_COLUMNS)
PILOT = Cohort("pilot", "Pilot", datetime.date(2026, 1, 5), datetime.date(2026, 6, 30))


def group_row(number: int, start: str, status: str) -> str:
    mentor = "Ann,ann@ex.org,L1,Sales" if number == 0 else ",,,"
    return f"g1,{mentor},M{number},m{number}@ex.org,L2,Ops,{start},,{status}"


@given(size=st.integers(min_value=2, max_value=5), data=st.data())
def test_a_shared_cell_below_an_empty_first_row_is_sent_to_the_first_row(size: int, data: st.DataObject) -> None:
    filled = data.draw(st.integers(min_value=1, max_value=size - 1))
    rows = [group_row(number, "2026-02-01" if number == filled else "", "active" if number == 0 else "") for number in range(size)]
    with pytest.raises(ErrorList) as caught:
        parse_roster(parse_csv("\n".join([GROUP_HEADER, *rows]) + "\n", "roster.csv", ROSTER_COLUMNS), PILOT)
    found = [str(error) for error in caught.value]
    line = filled + 2
    assert (
        f"roster.csv:{line}: start: '2026-02-01' belongs on line 2, the first row of this partnership, which leaves it empty; move it there."
        in found
    )
    assert "roster.csv:2: start: 'start' is empty; fill it in." in found
    assert f"roster.csv:{line}: start: 'start' is empty; fill it in." not in found


# A story's front matter: every mistake in one run -------------------------------------------------


@pytest.fixture(scope="module")
def example_program() -> Program:
    return load_programme(Project(REPO), content=False, data=False).program


@settings(max_examples=40)
@given(
    cohort=st.sampled_from(["pilot", "pilott", "autumn"]),
    role=st.sampled_from(["mentor", "mentr", "lead"]),
    day=st.sampled_from(["2026-06-24", "24/06/2026", "46197", "2026-06-24T10:00"]),
    consent=st.sampled_from(["named", "Named"]),
)
def test_every_mistake_of_a_story_is_reported_at_once(example_program: Program, cohort: str, role: str, day: str, consent: str) -> None:
    text = f"---\ncohort: {cohort}\nroles: [{role}]\nconsent: {consent}\nname: Ruby C.\ndate: '{day}'\nquote: Useful.\n---\n"
    try:
        parse_story(text, "s.md", example_program)
        found: list[str] = []
    except (ErrorList, PlaybookError) as caught:
        found = [str(error) for error in (caught if isinstance(caught, ErrorList) else [caught])]
    assert any(line.startswith("s.md:2:1: cohort: unknown cohort") for line in found) == (cohort != "pilot")
    assert any(line.startswith("s.md:3:9: roles[0]: unknown role") for line in found) == (role != "mentor")
    assert any(line.startswith("s.md:4:1: consent:") for line in found) == (consent != "named")
    dated = [line for line in found if line.startswith("s.md:6:1: date:")]
    assert bool(dated) == (day != "2026-06-24")
    assert all("2026-06-24" in line for line in dated)
