"""Bad files refused cleanly (issue 10): every user mistake is exit 1 with FILE:LINE, never a traceback.

Values (impossible and non-ISO dates, time zones, non-finite and huge numbers, Unicode digits, lone
surrogates, ids with a trailing newline, deep YAML, non-scalar keys, merge keys), files (links out
of the project, folders, template errors, mkdocs.yml tags, ``playbook new`` into impossible places),
the raw-HTML setting and the build lock.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import PlaybookError
from generator.project import Project
from generator.textsafe import escape_raw_html
from generator.write import build_lock
from tests.conftest import FIXTURES, copy_project

LOCATED = re.compile(r"^[^\s:][^:]*:\d+(:\d+)?: .+", re.MULTILINE)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def small(tmp_path: Path) -> Path:
    return copy_project(FIXTURES / "small", tmp_path / "small").root


def edit(root: Path, old: str, new: str, name: str = "program.yaml") -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


START = "start: 2026-01-12"

PROGRAM_CASES = [
    ("impossible day", START, "start: 2026-02-30", "'2026-02-30' is not a real date"),
    ("month 13", START, "start: 2026-13-01", "'2026-13-01' is not a real date"),
    ("quoted impossible day", START, "start: '2026-02-30'", "not a real date"),
    ("compact date", START, "start: 20260113", "expected a date written YYYY-MM-DD"),
    ("week date", START, "start: 2026-W03-1", "expected a date written YYYY-MM-DD"),
    ("date and time", START, "start: 2026-01-12 10:00:00", "expected a date written YYYY-MM-DD"),
    ("unicode digits in a date", START, "start: '２０２６-01-12'", "expected a date written YYYY-MM-DD"),
    ("misspelt time zone", "Europe/London", "Europe/Londn", "Did you mean 'Europe/London'?"),
    ("unknown time zone", "Europe/London", "Mars/Olympus", "is not a known time zone"),
    ("infinity", "target: 1", "target: .inf", "not a usable number"),
    ("not a number", "target: 1", "target: .nan", "not a usable number"),
    ("huge integer", "target: 1", "target: 1" + "0" * 400, "is too large"),
    ("huge float", "target: 1", "target: 1.0e+300", "is too large"),
    ("lone surrogate", "name: Small Test Programme", 'name: "Small \\ud800"', "lone surrogate"),
    ("id with a trailing newline", "  - id: mentor\n", '  - id: "mentor\\n"\n', "'mentor\\n' is not a valid id"),
    ("nested 300 deep", "roles:", "deep: " + "[" * 300 + "]" * 300 + "\nroles:", "nested more than 64 levels"),
    ("mapping as key", "roles:", "? [a, b]\n: 1\nroles:", "keys must be plain text"),
    ("python tag", "name: Small Test Programme", "name: !!python/object:os.system [ls]", "unknown YAML tag '!!python/object:os.system'"),
    ("unicode digit minutes", "session_minutes: 45", "session_minutes: ²", "expected a whole number"),
]


@pytest.mark.parametrize(("old", "new", "message"), [case[1:] for case in PROGRAM_CASES], ids=[case[0] for case in PROGRAM_CASES])
@pytest.mark.parametrize("command", ["check", "build"])
def test_bad_program_values_are_located_and_check_agrees_with_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, old: str, new: str, message: str
) -> None:
    root = small(tmp_path)
    edit(root, old, new)
    status, output = run(capsys, command, "--project", str(root))
    assert status == 1, output
    assert message in output
    assert LOCATED.search(output), output
    assert "Traceback" not in output
    assert not (root / "site").exists()


def test_merge_keys_are_supported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    edit(
        root,
        "  - id: mentee\n    name: Mentee\n",
        "  - &base {id: mentee, name: Mentee, description: Learns.}\n  - <<: *base\n    id: observer\n    name: Observer\n",
    )
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 0, output
    assert "3 roles" in output


def test_impossible_date_in_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    (root / "content" / "basics.md").write_text("---\ntitle: 2026-02-30\n---\nBody.\n", encoding="utf-8")
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 1
    assert "content/basics.md:2:8: '2026-02-30' is not a real date" in output


ROSTER_HEADER = "pair_id,mentor_name,mentor_email,mentor_level,mentor_department,mentee_name,mentee_email,mentee_level,mentee_department,start,end,status\n"


@pytest.mark.parametrize(
    ("cell", "message"),
    [("2026-02-30", "'2026-02-30' is not a date"), ("20260113", "'20260113' is not a date"), ("2026-W03-1", "'2026-W03-1' is not a date")],
)
def test_bad_dates_in_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, message: str) -> None:
    root = small(tmp_path)
    cohort = root / "content" / "cohorts" / "pilot"
    cohort.mkdir(parents=True)
    (cohort / "roster.csv").write_text(ROSTER_HEADER + f"p1,A,a@x.org,1,D,B,b@x.org,2,E,{cell},,active\n", encoding="utf-8")
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 1
    assert f"content/cohorts/pilot/roster.csv:2: start: {message}" in output


@pytest.mark.parametrize("minutes", ["²", "٤٥", "45.0", "1e3", "99999"])
def test_unicode_and_odd_digits_in_minutes(tmp_path: Path, capsys: pytest.CaptureFixture[str], minutes: str) -> None:
    root = small(tmp_path)
    cohort = root / "content" / "cohorts" / "pilot"
    cohort.mkdir(parents=True)
    (cohort / "roster.csv").write_text(ROSTER_HEADER + "p1,A,a@x.org,1,D,B,b@x.org,2,E,2026-01-12,,active\n", encoding="utf-8")
    (cohort / "sessions.csv").write_text(f"pair_id,date,minutes,agenda,status\np1,2026-01-13,{minutes},kickoff,held\n", encoding="utf-8")
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 1, output
    assert "content/cohorts/pilot/sessions.csv:2: minutes:" in output
    assert "Traceback" not in output


# Files: nothing outside the project is read or published.


def outside_file(tmp_path: Path, text: str = "# secret\n") -> Path:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(text, encoding="utf-8")
    return secret


def link_content(root: Path, secret: Path) -> None:
    (root / "content" / "basics.md").unlink()
    os.symlink(secret, root / "content" / "basics.md")


def link_roster(root: Path, secret: Path) -> None:
    (root / "content" / "cohorts" / "pilot").mkdir(parents=True)
    os.symlink(secret, root / "content" / "cohorts" / "pilot" / "roster.csv")


def link_asset(root: Path, secret: Path) -> None:
    (root / "themes" / "default" / "assets").mkdir(parents=True)
    os.symlink(secret, root / "themes" / "default" / "assets" / "leak.css")


def link_theme(root: Path, secret: Path) -> None:
    (root / "themes").mkdir()
    os.symlink(secret.parent, root / "themes" / "default")


def link_template(root: Path, secret: Path) -> None:
    (root / "themes" / "default" / "templates").mkdir(parents=True)
    os.symlink(secret, root / "themes" / "default" / "templates" / "home.md.j2")


LINKS: list[tuple[Callable[[Path, Path], None], str]] = [
    (link_content, "program.yaml:29:39: guidelines.pages[0].file: 'content/basics.md' points outside the project folder"),
    (link_roster, "content/cohorts/pilot/roster.csv: is a link to a file outside the project folder"),
    (link_asset, "themes/default/assets/leak.css: this file is a link to a place outside the project"),
    (link_theme, "themes/default: this theme folder is a link to a place outside the project"),
    (link_template, "themes/default/templates/home.md.j2: this file is a link to a place outside the project"),
]


@pytest.mark.parametrize(("make", "message"), LINKS, ids=[make.__name__ for make, _ in LINKS])
@pytest.mark.parametrize("command", ["check", "build"])
def test_links_out_of_the_project_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, make: Callable[[Path, Path], None], message: str
) -> None:
    root = small(tmp_path)
    make(root, outside_file(tmp_path, "# secret\nSECRET-TEXT\n"))
    status, output = run(capsys, command, "--project", str(root))
    assert status == 1, output
    assert message in output
    assert not (root / "site").exists()
    assert not any("SECRET-TEXT" in path.read_text(errors="ignore") for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def test_content_path_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    (root / "content" / "basics.md").unlink()
    (root / "content" / "basics.md").mkdir()
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 1
    assert "'content/basics.md' is a folder, not a file" in output


def test_data_file_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    (root / "content" / "cohorts" / "pilot" / "roster.csv").mkdir(parents=True)
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 1
    assert "content/cohorts/pilot/roster.csv: is a folder or a broken link" in output


def override(root: Path, text: str) -> None:
    folder = root / "themes" / "default" / "templates"
    folder.mkdir(parents=True)
    (folder / "home.md.j2").write_text(text, encoding="utf-8")


def test_template_syntax_error_is_located_at_check_and_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    override(root, "# {{ program.name }}\n\n{% if %}\n")
    for command in ("check", "build"):
        status, output = run(capsys, command, "--project", str(root))
        assert status == 1
        assert "themes/default/templates/home.md.j2:3: template syntax error" in output


def test_template_undefined_name_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    override(root, "# Home\n\nText.\n{{ no_such_name.title }}\n")
    for command in ("check", "build"):
        status, output = run(capsys, command, "--project", str(root))
        assert status == 1
        assert "themes/default/templates/home.md.j2:4: template error: 'no_such_name' is undefined" in output
        assert "Traceback" not in output


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system [echo hi]", "!!python/module:os", "!!python/object:os.path {}", "!custom value"]
)
def test_mkdocs_yml_refuses_code_running_tags_before_any_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str], tag: str) -> None:
    root = small(tmp_path)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as stream:
        stream.write(f"extra:\n  evil: {tag}\n")
    for command in ("check", "build"):
        status, output = run(capsys, command, "--project", str(root))
        assert status == 1
        assert re.search(r"mkdocs\.yml:\d+:\d+: the YAML tag '.+' is not allowed in mkdocs\.yml", output), output
    assert not (root / ".playbook" / "build" / "site").exists()


def test_mkdocs_yml_keeps_the_tags_mkdocs_users_need(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as stream:
        stream.write("extra:\n  home: !ENV [HOME, /]\n  here: !relative $config_dir\n")
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 0, output


@pytest.mark.parametrize("place", ["inside-a-file/new", "x" * 300])
def test_new_into_an_impossible_place(tmp_path: Path, capsys: pytest.CaptureFixture[str], place: str) -> None:
    (tmp_path / "inside-a-file").write_text("a file\n", encoding="utf-8")
    status, output = run(capsys, "new", str(tmp_path / place))
    assert status == 1
    assert "cannot create the programme here" in output
    assert "Traceback" not in output


def test_new_into_a_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    status, output = run(capsys, "new", str(locked / "programme"))
    assert status == 1
    assert "Permission denied" in output


def test_escape_html_setting_shows_raw_html_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    (root / "content" / "basics.md").write_text("# Basics\n\n<script>alert(1)</script>\n\n`<b>` stays code.\n", encoding="utf-8")
    status, _ = run(capsys, "build", "--project", str(root))
    assert status == 0
    assert "<script>alert(1)</script>" in (root / "site" / "guidelines" / "basics" / "index.html").read_text(encoding="utf-8")
    edit(root, "  timezone: Europe/London\n", "  timezone: Europe/London\n  escape_html: true\n")
    status, output = run(capsys, "build", "--project", str(root))
    assert status == 0, output
    page = (root / "site" / "guidelines" / "basics" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_escape_raw_html_keeps_code() -> None:
    text = "Hi <em>x</em> and `<b>`\n```\n<div>\n```\n<!-- c --> a < b\n"
    assert escape_raw_html(text) == "Hi &lt;em>x&lt;/em> and `<b>`\n```\n<div>\n```\n&lt;!-- c --> a < b\n"


def test_second_build_waits_for_the_first(tmp_path: Path) -> None:
    project = Project.at(small(tmp_path))
    entered = threading.Event()
    order: list[str] = []

    def second() -> None:
        entered.wait()
        with build_lock(project):
            order.append("second")

    thread = threading.Thread(target=second)
    thread.start()
    with build_lock(project):
        entered.set()
        time.sleep(0.5)
        order.append("first")
    thread.join(10)
    assert order == ["first", "second"]


def test_second_build_gives_up_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = Project.at(small(tmp_path))
    failures: list[PlaybookError] = []
    ready = threading.Event()

    def second() -> None:
        ready.wait()
        try:
            with build_lock(project, wait_seconds=0.3):
                pass
        except PlaybookError as error:
            failures.append(error)

    thread = threading.Thread(target=second)
    thread.start()
    with build_lock(project):
        ready.set()
        thread.join(10)
    [failure] = failures
    assert "another build of this project is still running" in str(failure)
    assert "waiting for it to finish" in capsys.readouterr().err


def test_two_cli_builds_at_once_both_succeed(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = small(tmp_path)
    command = [sys.executable, "-m", "generator", "build", "--project", str(root)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [process.communicate(timeout=300) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], results
    assert (root / "site" / "index.html").is_file()
    shutil.rmtree(root / "site")


@pytest.mark.parametrize("name", ["program.yaml", "mkdocs.yml"])
def test_program_and_site_config_links_out_of_the_project_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    root = small(tmp_path)
    outside = tmp_path / "outside" / name
    outside.parent.mkdir()
    shutil.move(root / name, outside)
    os.symlink(outside, root / name)
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 1
    assert f"{name}: is a link to a file outside the project folder" in output


def test_nul_character_in_yaml_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    edit(root, "name: Small Test Programme", 'name: "Small\x00Programme"')
    status, output = run(capsys, "check", "--project", str(root))
    assert status == 1
    assert "program.yaml:3:15: the character U+0000 is not allowed in YAML" in output


def test_ingest_of_a_folder_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = small(tmp_path)
    (tmp_path / "a-folder.csv").mkdir()
    status, output = run(capsys, "ingest", "--project", str(root), str(tmp_path / "a-folder.csv"))
    assert status == 1
    assert "a-folder.csv: is a folder, not a file" in output
