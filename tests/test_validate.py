"""Every kind of bad input gets one exact, located error, exit 1, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.project import Project


def check(project: Project, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """Run ``playbook check`` and return its exit code and error lines."""
    code = main(["check", "--project", str(project.root)])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line and "problem" not in line]


def edit(project: Project, old: str, new: str) -> None:
    text = project.program_file.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    project.program_file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_valid(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--project", str(small_project.root)]) == 0
    assert "OK" in capsys.readouterr().out


EDITS = {
    "yaml syntax error": (
        "  name: Small Test Programme",
        '  name: "Small Test Programme',
        [
            "program.yaml:45:19: YAML syntax error: expected <block end>, but found '<scalar>' while parsing a block mapping. "
            "Check the indentation and quoting here."
        ],
    ),
    "tab indentation": (
        "  organisation: Fixture Org",
        "\torganisation: Fixture Org",
        ["program.yaml:4:1: tab character used for indentation; YAML needs spaces (use 2 spaces per level)."],
    ),
    "list where a mapping belongs": (
        "  contact: {name: Programme team, email: team@example.org}",
        "  contact: [Programme team, team@example.org]",
        ["program.yaml:8:3: program.contact: expected a mapping (key: value lines), got a list."],
    ),
    "unknown key with hint": (
        "  organisation: Fixture Org",
        "  organisaton: Fixture Org",
        [
            "program.yaml:4:3: program.organisaton: unknown key 'organisaton'. Did you mean 'organisation'? "
            "Allowed keys: as_of, contact, escape_html, home, language, languages, name, organisation, privacy, summary, theme, timezone."
        ],
    ),
    "wrong type": (
        "    duration_minutes: 45",
        "    duration_minutes: forty-five",
        ["program.yaml:34:5: training[0].duration_minutes: expected a whole number, got the text 'forty-five'."],
    ),
    "duplicate id": (
        "  - id: advanced",
        "  - id: foundations",
        ["program.yaml:38:5: training[1].id: duplicate training module id 'foundations' (first defined on line 31); ids must be unique."],
    ),
    "unknown reference": (
        "    audience: [mentor]",
        "    audience: [mentr]",
        ["program.yaml:33:16: training[0].audience[0]: unknown role id 'mentr'. Did you mean 'mentor'? Known role ids: mentee, mentor."],
    ),
    "unknown agenda lead": (
        "lead: mentee}",
        "lead: mentees}",
        [
            "program.yaml:56:47: agendas[0].items[1].lead: unknown role id 'mentees'. Did you mean 'mentee'? "
            "Use a role id (mentee, mentor) or 'together'."
        ],
    ),
    "missing content file": (
        "file: content/advanced.md",
        "file: content/advance.md",
        ["program.yaml:36:5: training[0].file: content file 'content/advance.md' does not exist; create it or fix the path."],
    ),
    "path leaving the project": (
        "file: content/advanced.md",
        "file: ../outside.md",
        ["program.yaml:36:5: training[0].file: '../outside.md' uses '..' to leave the project folder; keep every file inside it."],
    ),
    "absolute path": (
        "file: content/advanced.md",
        "file: /etc/passwd.md",
        [
            "program.yaml:36:5: training[0].file: '/etc/passwd.md' is an absolute path; write a path relative to the project folder, "
            "such as content/welcome.md."
        ],
    ),
    "end before start": (
        "end: 2026-06-30",
        "end: 2025-06-30",
        ["program.yaml:69:56: cohorts[0].end: end 2025-06-30 is before start 2026-01-12; swap them or fix the date."],
    ),
    "prerequisite cycle": (
        "    file: content/foundations.md",
        "    file: content/foundations.md\n    prerequisites: [advanced]",
        [
            "program.yaml:35:5: training[0].prerequisites: prerequisites form a cycle: advanced → foundations → advanced; "
            "remove one of these links."
        ],
    ),
    "agenda longer than the session": (
        "minutes: 25, lead: mentor",
        "minutes: 45, lead: mentor",
        [
            "program.yaml:52:5: agendas[0].duration_minutes: agenda items add up to 70 minutes but the session lasts 60; "
            "shorten items or lengthen the session."
        ],
    ),
    "duplicate key": (
        "  language: en",
        "  language: en\n  language: fr",
        ["program.yaml:7:3: duplicate key 'language' (first set on line 6); keep only one."],
    ),
    "invalid id": (
        "  - id: mentee",
        "  - id: Mentee",
        [
            "program.yaml:14:5: roles[1].id: 'Mentee' is not a valid id; use lowercase letters, digits and hyphens, such as 'digital-skills'.",
            "program.yaml:40:24: training[1].audience[1]: unknown role id 'mentee'. Did you mean 'Mentee'? Known role ids: Mentee, mentor.",
            "program.yaml:56:47: agendas[0].items[1].lead: unknown role id 'mentee'. Did you mean 'Mentee'? Use a role id (Mentee, mentor) or 'together'.",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_bad_input_is_located(case: str, small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    old, new, expected = EDITS[case]
    edit(small_project, old, new)
    code, errors = check(small_project, capsys)
    assert code == 1
    assert errors == expected


def test_empty_file(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    small_project.program_file.write_text("", encoding="utf-8")
    assert check(small_project, capsys) == (
        1,
        ["program.yaml:1:1: program.yaml is empty; start with a 'program:' section (see 'playbook new')."],
    )


def test_top_level_list(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    small_project.program_file.write_text("- program\n- roles\n", encoding="utf-8")
    assert check(small_project, capsys) == (
        1,
        ["program.yaml:1:1: expected a mapping of sections (program:, roles:, ...), got a list."],
    )


def test_alias_bomb_is_refused_quickly(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("program: *j")
    small_project.program_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert check(small_project, capsys) == (
        1,
        ["program.yaml:1:1: YAML anchors and aliases expand to more than 200,000 values; remove the nested aliases (&name / *name)."],
    )


def test_not_utf8(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    small_project.program_file.write_bytes(b"program:\n  name: Caf\xe9\n")
    assert check(small_project, capsys) == (
        1,
        ['program.yaml:2:12: file is not UTF-8 text; save it with UTF-8 encoding (in a spreadsheet: "CSV UTF-8").'],
    )


def test_oversize_file(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    small_project.program_file.write_text("# padding\n" * 1_100_000, encoding="utf-8")
    assert check(small_project, capsys) == (
        1,
        ["program.yaml: file is 10.5 MB, over the 10 MB limit; split it or remove what is not needed."],
    )


def test_front_matter_errors_are_located(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    page = small_project.root / "content" / "basics.md"
    page.write_text("---\ntitle: Basics\nauthr: Me\n---\nBody\n", encoding="utf-8")
    assert check(small_project, capsys) == (
        1,
        ["content/basics.md:3:1: authr: unknown front matter key 'authr'. Allowed keys: description, title."],
    )


def test_build_owned_key_in_mkdocs_yml(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with small_project.mkdocs_file.open("a", encoding="utf-8") as stream:
        stream.write("nav:\n  - index.md\n")
    code, errors = check(small_project, capsys)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].startswith("mkdocs.yml:") and errors[0].endswith("nav: 'nav' is set by the Playbook build; remove it from mkdocs.yml.")


def test_every_error_reported_in_one_run(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    edit(small_project, "    audience: [mentor]", "    audience: [mentr]")
    edit(small_project, "end: 2026-06-30", "end: 2025-06-30")
    edit(small_project, "    duration_minutes: 45", "    duration_minutes: forty-five")
    code, errors = check(small_project, capsys)
    assert code == 1
    assert [error.split(":")[1] for error in errors] == ["33", "34", "69"]


def test_build_with_errors_writes_nothing(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    edit(small_project, "    audience: [mentor]", "    audience: [mentr]")
    assert main(["build", "--project", str(small_project.root)]) == 1
    assert not (small_project.root / "site").exists()
    assert not (small_project.root / ".playbook").exists()
    assert "unknown role id 'mentr'" in capsys.readouterr().err


def test_no_traceback_for_missing_program(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--project", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "no program.yaml in" in err and "playbook new" in err


def test_mkdocs_yml_may_use_mkdocs_tags(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with small_project.mkdocs_file.open("a", encoding="utf-8") as stream:
        stream.write(
            "  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
            'copyright: !ENV [PLAYBOOK_COPYRIGHT, "Fixture Org"]\n'
        )
    assert main(["check", "--project", str(small_project.root)]) == 0
