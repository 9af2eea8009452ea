"""`playbook match COHORT --from-intake`: intake survey answers become participants.csv, then pairs."""

from __future__ import annotations

import csv
import io
import re

from generator.cli import main
from generator.loading import load_programme
from generator.matching.participants import COLUMNS
from generator.surveys.canonical import build_response, responses_csv
from tests.test_matching import example  # noqa: F401 - fixture

APPLICANTS = [
    # email, role, level, department, manager email, languages, skills, goals, availability
    (
        "ana.silva@northwind.example",
        "mentor",
        "early-career",
        "Retail",
        "rui.costa@northwind.example",
        ("en",),
        ("ai-tools",),
        (),
        ("mon-am", "tue-am"),
    ),
    (
        "Ben.Ode@northwind.example",
        "mentor",
        "early-career",
        "Sales",
        "boss@northwind.example",
        ("en",),
        ("social-media",),
        ("leadership",),
        ("mon-am", "wed-pm"),
    ),
    ("cara.lee@northwind.example", "mentee", "director", "Finance", "", ("en",), (), ("ai-tools",), ("mon-am", "tue-am")),
    ("rui.costa@northwind.example", "mentee", "director", "Retail", "", ("en", "pt"), (), ("social-media",), ("mon-am", "wed-pm")),
]


def intake_responses(program) -> str:
    responses = []
    for number, (email, role, level, department, manager, languages, skills, goals, slots) in enumerate(APPLICANTS, start=1):
        answers = {
            "name": email.split("@")[0].replace(".", " ").title(),
            "email": email,
            "role": role,
            "level": level,
            "department": department,
            "manager_email": manager,
            "timezone": "Europe/London",
            "languages": "|".join(languages),
            "skills_offered": "|".join(skills),
            "learning_goals": "|".join(goals),
            "meeting_preferences": "video",
            "availability": "|".join(slots),
            "capacity": "1",
        }
        fields = {
            "response_id": f"r{number}",
            "survey": "intake",
            "cohort": "pilot",
            "role": role,
            "submitted_at": f"2025-12-0{number}T09:00:00Z",
        }
        response, problems = build_response(program, fields, answers)
        assert not problems, problems
        responses.append(response)
    return responses_csv(responses, program)


def test_intake_answers_become_participants_and_pairs(example, capsys):  # noqa: F811
    cohort = example.content_dir / "cohorts" / "pilot"
    text = example.program_file.read_text(encoding="utf-8")
    example.program_file.write_text(re.sub(r"  pins:\n    - .*\n", "  pins: []\n", text), encoding="utf-8")
    program = load_programme(example, content=False, data=False).program
    (cohort / "responses.csv").write_text(intake_responses(program), encoding="utf-8")
    for name in ("sessions.csv", "roster.csv"):
        (cohort / name).unlink(missing_ok=True)
    assert main(["match", "pilot", "--from-intake", "--as-of", "2026-01-05", "--project", str(example.root)]) == 0, capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO((cohort / "participants.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    by_id = {row["id"]: row for row in rows}
    assert sorted(by_id) == ["ana-silva", "ben-ode", "boss", "cara-lee", "rui-costa"]
    assert by_id["ana-silva"]["manager_id"] == "rui-costa"
    assert by_id["ben-ode"]["manager_id"] == "boss" and by_id["boss"]["role"] == "none"
    assert by_id["rui-costa"]["languages"] == "en|pt" and by_id["ana-silva"]["skills_offered"] == "ai-tools"
    roster = list(csv.DictReader(io.StringIO((cohort / "roster.csv").read_text(encoding="utf-8"))))
    pairs = {(row["mentor_email"], row["mentee_email"]) for row in roster}
    # ana reports to rui, so ana goes with cara and ben with rui .
    assert pairs == {
        ("ana.silva@northwind.example", "cara.lee@northwind.example"),
        ("Ben.Ode@northwind.example", "rui.costa@northwind.example"),
    }
