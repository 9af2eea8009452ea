"""Certificates of completion: written only for the participants who met the criteria in
program.yaml (a hand-made cohort where the answer is known), showing the programme, the dates and
the hours; a bad training record is located and changes nothing; the example certifies some but
not all of the pilot cohort."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.dates import strict_date
from generator.errors import ErrorList
from generator.loading import load_programme
from generator.project import Project
from generator.recognition.certificates import file_stem, write_certificates

ROSTER = """pair_id,mentor_name,mentor_email,mentor_level,mentor_department,mentee_name,mentee_email,mentee_level,mentee_department,start,end,status
p-1,Alice Archer,alice@example.org,early-career,Retail,Bob Baker,bob@example.org,director,Finance,2026-01-12,2026-06-26,completed
p-2,Cara Cole,cara@example.org,early-career,Retail,Dan Dunn,dan@example.org,director,Sales,2026-01-12,2026-06-26,completed
p-3,Eve Evans,eve@example.org,early-career,Logistics,Finn Ford,finn@example.org,manager,Retail,2026-01-12,2026-06-26,completed
"""
MENTOR_MODULES = ("mentor-foundations", "leading-a-session", "teaching-digital-tools", "difficult-conversations")
MENTEE_MODULES = ("mentee-foundations", "learning-from-a-junior-colleague", "difficult-conversations")


def sessions(pair: str, held: int, cancelled: int = 0) -> list[str]:
    days = [f"2026-{2 + index // 4:02d}-{2 + 6 * (index % 4):02d}" for index in range(held + cancelled)]
    rows = [f"{pair},{day},60,regular-session,held" for day in days[:held]]
    return rows + [f"{pair},{day},0,regular-session,cancelled" for day in days[held:]]


def training(emails_modules: dict[str, tuple[str, ...]]) -> str:
    lines = ["email,module,completed"]
    lines += [f"{email},{module},2026-01-09" for email, modules in emails_modules.items() for module in modules]
    return "\n".join(lines) + "\n"


@pytest.fixture
def cohort(example_project: Project) -> Project:
    """The example with a hand-made pilot cohort: Alice and Bob met every criterion, nobody else did.

    Cara misses a module, Dan did not answer the end survey, Eve and Finn held 7 sessions (one cancelled)."""
    folder = example_project.cohort_dir("pilot")
    for name in ("participants.csv",):
        (folder / name).unlink(missing_ok=True)
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    rows = ["pair_id,date,minutes,agenda,status", *sessions("p-1", 8), *sessions("p-2", 9), *sessions("p-3", 7, cancelled=1)]
    (folder / "sessions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    answered = [("p-1", "mentor"), ("p-1", "mentee"), ("p-2", "mentor"), ("p-3", "mentor"), ("p-3", "mentee")]
    responses = ["response_id,survey,cohort,role,pair,submitted_at,programme-end.recommend"]
    responses += [f"end-{number},programme-end,pilot,{role},{pair},2026-06-20T10:00:00Z,9" for number, (pair, role) in enumerate(answered)]
    (folder / "responses.csv").write_text("\n".join(responses) + "\n", encoding="utf-8")
    done = {
        "alice@example.org": MENTOR_MODULES,
        "bob@example.org": MENTEE_MODULES,
        "cara@example.org": MENTOR_MODULES[:3],
        "dan@example.org": MENTEE_MODULES,
        "eve@example.org": MENTOR_MODULES,
        "finn@example.org": MENTEE_MODULES,
    }
    (folder / "training.csv").write_text(training(done), encoding="utf-8")
    return example_project


def certificate_files(project: Project) -> list[str]:
    return sorted(path.name for path in (project.reports_dir / "certificates" / "pilot").glob("*.pdf"))


def pdf_text(path: Path) -> str:
    return subprocess.run(["/usr/bin/pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_only_those_who_met_every_criterion_get_a_certificate(cohort: Project) -> None:
    run = write_certificates(load_programme(cohort), "pilot")
    assert certificate_files(cohort) == ["alice-archer.pdf", "bob-baker.pdf"]
    missing = {item.person.name: item.missing for item in run.people}
    assert missing["Cara Cole"] == ("module difficult-conversations not done",)
    assert missing["Dan Dunn"] == ("survey programme-end not answered",)
    assert missing["Eve Evans"] == missing["Finn Ford"] == ("7 of 8 sessions held",)


def test_a_certificate_shows_the_programme_the_dates_and_the_hours(cohort: Project) -> None:
    write_certificates(load_programme(cohort), "pilot")
    text = " ".join(pdf_text(cohort.reports_dir / "certificates" / "pilot" / "alice-archer.pdf").split())
    assert "Alice Archer" in text and "Northwind Reverse Mentoring" in text and "Pilot cohort" in text
    assert "January 12, 2026 to June 26, 2026" in text
    assert "8 sessions, 8 h" in text  # eight sessions of 60 minutes
    assert "Hours in all 12 h 15 min" in text  # 8 h of sessions + 4 h 15 min of the mentor's four modules


def test_someone_who_no_longer_qualifies_loses_the_certificate(cohort: Project) -> None:
    write_certificates(load_programme(cohort), "pilot")
    training_file = cohort.cohort_dir("pilot") / "training.csv"
    training_file.write_text(
        training_file.read_text(encoding="utf-8").replace("bob@example.org,mentee-foundations,2026-01-09\n", ""), encoding="utf-8"
    )
    write_certificates(load_programme(cohort), "pilot")
    assert certificate_files(cohort) == ["alice-archer.pdf"]


def test_the_same_input_gives_the_same_bytes(cohort: Project) -> None:
    write_certificates(load_programme(cohort), "pilot")
    first = (cohort.reports_dir / "certificates" / "pilot" / "alice-archer.pdf").read_bytes()
    (cohort.reports_dir / "certificates" / "pilot" / "alice-archer.pdf").unlink()
    write_certificates(load_programme(cohort), "pilot")
    assert (cohort.reports_dir / "certificates" / "pilot" / "alice-archer.pdf").read_bytes() == first


def test_a_bad_training_record_is_located_and_changes_nothing(cohort: Project) -> None:
    write_certificates(load_programme(cohort), "pilot")
    before = {name: (cohort.reports_dir / "certificates" / "pilot" / name).read_bytes() for name in certificate_files(cohort)}
    training_file = cohort.cohort_dir("pilot") / "training.csv"
    text = training_file.read_text(encoding="utf-8")
    training_file.write_text(text + "zed@example.org,mentor-foundation,2026-13-01\n", encoding="utf-8")
    line = text.count("\n") + 1
    with pytest.raises(ErrorList) as caught:
        write_certificates(load_programme(cohort), "pilot")
    assert sorted((error.line, error.key_path) for error in caught.value) == [
        (line, ("completed",)),
        (line, ("email",)),
        (line, ("module",)),
    ]
    assert "Did you mean 'mentor-foundations'" in str(caught.value)
    assert {name: (cohort.reports_dir / "certificates" / "pilot" / name).read_bytes() for name in certificate_files(cohort)} == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.text(alphabet="abc@.0123456789-/ ", max_size=14), column=st.sampled_from(["email", "module", "completed"]))
def test_any_bad_cell_of_the_training_record_is_refused_at_its_line(cohort: Project, cell: str, column: str) -> None:
    good = {"email": "alice@example.org", "module": "mentor-foundations", "completed": "2026-01-09"}
    row = {**good, column: cell}
    training_file = cohort.cohort_dir("pilot") / "training.csv"
    training_file.write_text(f"email,module,completed\n{row['email']},{row['module']},{row['completed']}\n", encoding="utf-8")
    try:
        write_certificates(load_programme(cohort), "pilot")
    except ErrorList as caught:
        assert {(error.file, error.line) for error in caught} == {("content/cohorts/pilot/training.csv", 2)}
        assert {error.key_path for error in caught} == {(column,)}
        return
    accepted = {
        "completed": strict_date(cell.strip()) is not None,
        "email": cell.strip().lower() == good["email"],
        "module": cell.strip() == good["module"],
    }[column]
    assert accepted, f"{cell!r} in {column} was accepted"


def test_without_criteria_the_command_says_what_to_add(cohort: Project, capsys: pytest.CaptureFixture[str]) -> None:
    program = cohort.program_file
    text = program.read_text(encoding="utf-8")
    start = text.index("certificates:\n")
    end = text.index("\n\n", start)
    program.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    assert main(["certificates", "pilot", "--project", str(cohort.root)]) == 1
    assert "no certificate criteria" in capsys.readouterr().err
    assert not (cohort.reports_dir / "certificates").exists()


def test_criteria_naming_unknown_modules_or_an_anonymous_survey_are_located(example_project: Project) -> None:
    program = example_project.program_file
    text = program.read_text(encoding="utf-8")
    program.write_text(
        text.replace("  modules: all ", "  modules: [mentor-foundatons] ").replace(
            "end_survey: programme-end", "end_survey: session-pulse"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ErrorList) as caught:
        load_programme(example_project)
    messages = {error.key_path: error.message for error in caught.value}
    assert "Did you mean 'mentor-foundations'" in messages[("certificates", "modules", 0)]
    assert "is anonymous" in messages[("certificates", "end_survey")]
    assert all(error.line > 0 for error in caught.value)


def test_the_example_certifies_some_but_not_all_of_the_pilot(example_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["certificates", "pilot", "--project", str(example_project.root)]) == 0
    out = capsys.readouterr().out
    files = certificate_files(example_project)
    assert 0 < len(files) < out.count("\n") - 1
    assert "Ruby Chen (mentor): certified" in out and "Priya Raman (mentee): not yet: module difficult-conversations not done" in out
    assert not list(example_project.site_dir.glob("**/*.pdf")) if example_project.site_dir.exists() else True


def test_file_names_are_plain() -> None:
    assert (
        file_stem("Zofia Wróbel") == "zofia-wrobel"
        and file_stem("Ana-María O'Neil") == "ana-maria-o-neil"
        and file_stem("李") == "participant"
    )
