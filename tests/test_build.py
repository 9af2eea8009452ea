"""End to end: real builds with both engines, read back as HTML."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.engine import StartedEngine, engine_command, engine_environment
from generator.errors import ErrorList, PlaybookError
from generator.loading import build_epoch
from generator.pipeline import build
from generator.project import Project
from tests.conftest import FIXTURES, copy_project
from tests.htmltext import html_pages, parse_html

ENGINES = ["mkdocs", "zensical"]


@pytest.fixture(scope="module", params=ENGINES)
def built_small(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Project]:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp(f"small-{request.param}"))
    build(project, request.param)
    return request.param, project


def page_text(project: Project, relative: str) -> str:
    return parse_html(project.site_dir / relative / "index.html").article


def test_every_page_kind_exists(built_small: tuple[str, Project]) -> None:
    _, project = built_small
    for relative in (
        "",
        "guidelines",
        "guidelines/basics",
        "training",
        "training/foundations",
        "training/advanced",
        "training/path-mentor",
        "training/path-mentee",
        "agendas",
        "agendas/kickoff",
    ):
        assert (project.site_dir / relative / "index.html").is_file(), relative


def test_agenda_shows_computed_offsets_and_leads(built_small: tuple[str, Project]) -> None:
    _, project = built_small
    text = page_text(project, "agendas/kickoff")
    assert re.search(r"0:00 Introductions .*0:10 Hopes and fears .*0:25 Tour of a tool .*0:50 End", text)
    assert "Who are you?" in text and "Together" in text
    assert "10 min spare" in text


def test_module_page_has_objectives_exercises_and_checklist(built_small: tuple[str, Project]) -> None:
    _, project = built_small
    text = page_text(project, "training/foundations")
    for expected in (
        "Explain reverse mentoring",
        "Plan a first meeting",
        "Draw your map (10 min)",
        "Sketch the tools you use daily.",
        "What surprised you?",
        "Booked the first session",
        "30 min",
    ):
        assert expected in text
    assert "The first steps." in text  # the module's Markdown body


def test_learning_path_is_in_prerequisite_order(built_small: tuple[str, Project]) -> None:
    _, project = built_small
    text = page_text(project, "training/path-mentor")
    assert "2 modules, 1 h 15 min in all" in text
    assert text.index("Foundations (30 min)") < text.index("Advanced mentoring (45 min)")
    mentee = page_text(project, "training/path-mentee")
    assert "Foundations" in mentee and "Advanced mentoring" not in mentee


def test_home_page_lists_goals_roles_cohorts_and_first_steps(built_small: tuple[str, Project]) -> None:
    _, project = built_small
    text = page_text(project, "")
    for expected in (
        "Small Test Programme",
        "More digital confidence",
        "Pilot cohort",
        "January 12, 2026",  # the cohort's start, in the programme's locale
        "Read the guidelines",
        "Take the foundations module",
        "team@example.org",
    ):
        assert expected in text


def test_guidelines_show_expectations_and_content(built_small: tuple[str, Project]) -> None:
    _, project = built_small
    index = page_text(project, "guidelines")
    assert "Every two weeks" in index and "45 min" in index and "Talk to your cohort lead" in index
    basics = page_text(project, "guidelines/basics")
    assert "Start here." in basics and "Because learning flows both ways." in basics


def test_site_is_offline(built_small: tuple[str, Project]) -> None:
    """No page loads anything from another host (fonts, scripts, styles, images)."""
    _, project = built_small
    for path in html_pages(project.site_dir):
        for tag, attrs in parse_html(path).elements:
            for name in ("src", "href"):
                value = attrs.get(name, "")
                if tag in ("script", "img", "link", "iframe", "source") and value.startswith(("http:", "https:", "//")):
                    pytest.fail(f"{path}: <{tag} {name}={value}> loads from another host")


PAYLOADS = ["</title><script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "{{ 7*7 }} {% raw %}", "[click](javascript:alert(4))"]


@pytest.fixture(scope="module", params=ENGINES)
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp(f"hostile-{request.param}"))
    text = project.program_file.read_text(encoding="utf-8")
    quoted = [payload.replace("'", "''") for payload in PAYLOADS]
    replacements = {
        "name: Small Test Programme": f"name: 'Prog {quoted[0]}'",
        "summary: A tiny programme used by the tests.": f"summary: 'Sum {quoted[1]}'",
        "name: Mentor\n": f"name: 'Mentor {quoted[2]}'\n",
        "title: Advanced mentoring": f"title: 'Adv {quoted[3]}'",
        "title: Kickoff": f"title: 'Kick {quoted[0]}'",
        "title: The basics": f"title: 'Basics {quoted[1]}'",
        '"Who are you?"': f"'{quoted[3]}'",
        "name: Pilot cohort": f"name: 'Pilot {quoted[2]}'",
        "Sketch the tools you use daily.": f"'{quoted[1]}'",
    }
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new, 1)
    project.program_file.write_text(text, encoding="utf-8")
    basics = project.root / "content" / "basics.md"
    basics.write_text(basics.read_text(encoding="utf-8").replace("Start here.", f"'Start {quoted[0]}'"), encoding="utf-8")
    build(project, request.param)
    return project


def test_payloads_are_text_never_markup(hostile_site: Project) -> None:
    pages = {path: parse_html(path) for path in html_pages(hostile_site.site_dir)}
    for path, page in pages.items():
        for tag, attrs in page.elements:
            assert not (tag == "img" and attrs.get("src") == "x"), f"{path}: injected <img>"
            assert "onerror" not in attrs, f"{path}: injected event handler"
            assert not attrs.get("href", "").lower().startswith("javascript:"), f"{path}: javascript: link"
        assert not any("alert(1)" in script for script in page.scripts), f"{path}: injected <script>"
    every_text = " ".join(page.text for page in pages.values())
    for payload in PAYLOADS:
        assert payload in every_text.replace("\u2060", ""), f"payload not shown as text: {payload}"
    for relative, payload in (
        ("", PAYLOADS[0]),
        ("agendas/kickoff", PAYLOADS[3]),
        ("training/advanced", PAYLOADS[3]),
        ("guidelines/basics", PAYLOADS[1]),
        ("training/foundations", PAYLOADS[1]),
    ):
        assert payload in page_text(hostile_site, relative).replace("\u2060", ""), relative
    assert "49" not in page_text(hostile_site, "")  # {{ 7*7 }} was not evaluated


def digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_failed_engine_leaves_previous_site(small_project: Project) -> None:
    build(small_project)
    before = digest(small_project.site_dir)
    with small_project.mkdocs_file.open("a", encoding="utf-8") as stream:  # an installed extension the engine cannot set up
        stream.write("  - footnotes:\n      no_such_option: true\n")
    with pytest.raises(ErrorList) as problems:
        build(small_project)
    (problem,) = problems.value
    assert str(problem).startswith("mkdocs.yml:")
    assert "markdown_extensions: the mkdocs engine cannot use this setting: Failed to load extension 'footnotes': KeyError:" in str(problem)
    assert "Traceback" not in str(problem) and "File " not in str(problem)
    assert digest(small_project.site_dir) == before


def test_interrupted_engine_leaves_previous_site(small_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    build(small_project)
    before = digest(small_project.site_dir)
    (small_project.root / "content" / "basics.md").write_text("Changed\n", encoding="utf-8")
    started: list[StartedEngine] = []

    def interrupted(engine: StartedEngine, *args: object, **kwargs: object) -> None:
        started.append(engine)
        (small_project.staged_site_dir).mkdir(parents=True, exist_ok=True)
        (small_project.staged_site_dir / "index.html").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(StartedEngine, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(small_project)
    assert digest(small_project.site_dir) == before
    assert started and started[0].process.poll() is not None  # the engine's process did not outlive the build


def started_engines(monkeypatch: pytest.MonkeyPatch) -> list[StartedEngine]:
    """Every engine process the builds of this test start."""
    found: list[StartedEngine] = []
    original = StartedEngine.__init__

    def recorded(engine: StartedEngine, *args: object) -> None:
        original(engine, *args)  # type: ignore[arg-type]
        found.append(engine)

    monkeypatch.setattr(StartedEngine, "__init__", recorded)
    return found


def test_bad_input_stops_the_started_engine_without_a_build(small_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    build(small_project)
    before = digest(small_project.site_dir)
    staged_before = digest(small_project.staged_site_dir)
    program = small_project.program_file
    program.write_text(
        program.read_text(encoding="utf-8").replace("  name: Small Test Programme", "  name: [Small Test Programme", 1), encoding="utf-8"
    )
    started = started_engines(monkeypatch)
    with pytest.raises(PlaybookError):
        build(small_project)
    assert len(started) == 1
    assert started[0].process.returncode == 0  # it exited on its own, having built nothing
    assert digest(small_project.staged_site_dir) == staged_before
    assert digest(small_project.site_dir) == before


@pytest.mark.parametrize("engine", ENGINES)
def test_started_engine_builds_what_the_bare_engine_builds(engine: str, small_project: Project) -> None:
    build(small_project, engine)
    build(small_project, engine)  # the theme's compiled templates are certainly on disk now, and used
    shutil.rmtree(small_project.staged_site_dir, ignore_errors=True)
    command = engine_command(engine, small_project)  # the bare engine on the same staged pages
    environment = engine_environment(build_epoch(small_project))
    subprocess.run(command, cwd=small_project.build_dir, env=environment, capture_output=True, check=True)
    bare = small_project.staged_site_dir
    assert digest(bare) == digest(small_project.site_dir)


def test_swap_cut_between_renames_is_repaired(small_project: Project) -> None:
    build(small_project)
    before = digest(small_project.site_dir)
    outgoing = small_project.root / ".playbook" / "site-outgoing"
    small_project.site_dir.rename(outgoing)  # as if the process died between the two renames
    from generator.write import recover_interrupted_swap

    recover_interrupted_swap(small_project)
    assert digest(small_project.site_dir) == before


@pytest.mark.parametrize("engine", ENGINES)
def test_two_builds_are_identical(engine: str, tmp_path: Path) -> None:
    first = copy_project(FIXTURES / "small", tmp_path / "one")
    second = copy_project(FIXTURES / "small", tmp_path / "two")
    build(first, engine)
    build(second, engine)
    assert digest(first.site_dir) == digest(second.site_dir)
    build(first, engine)
    assert digest(first.site_dir) == digest(second.site_dir)


def test_source_date_epoch_is_honoured(small_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    build(small_project)
    header = (small_project.site_dir / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == 1767225600  # gzip's MTIME field


def test_staged_files_are_rewritten_only_when_changed(small_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pipeline import generate

    # a fixed build date: without it the date follows the newest input, which the edit below moves (to another day
    # when the fixture's files are older than today), and every dated page would change with it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _, _, first, _ = generate(small_project)
    assert first > 10
    _, _, again, _ = generate(small_project)
    assert again == 0
    before = _staged_bytes(small_project)
    (small_project.root / "content" / "advanced.md").write_text("## Advanced\n\nNew text.\n", encoding="utf-8")
    staged = small_project.staged_docs_dir / "training" / "advanced.md"
    _, _, changed, _ = generate(small_project)
    after = _staged_bytes(small_project)
    differ = sorted(path for path in after if before.get(path) != after[path])
    assert "New text." in staged.read_text(encoding="utf-8")
    # the module's page, and the printed handbooks that carry the module's text; nothing else
    assert "training/advanced.md" in differ and all(
        path == "training/advanced.md" or path.startswith("downloads/handbook-") for path in differ
    )
    assert changed == len(differ)


def _staged_bytes(project: Project) -> dict[str, bytes]:
    folder = project.staged_docs_dir
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_user_theme_overrides_one_template(small_project: Project) -> None:
    override = small_project.root / "themes" / "custom" / "templates"
    override.mkdir(parents=True)
    (override / "agenda.md.j2").write_text("# {{ agenda.title }}\n\nOUR OWN AGENDA LAYOUT\n", encoding="utf-8")
    text = small_project.program_file.read_text(encoding="utf-8")
    small_project.program_file.write_text(
        text.replace("  timezone: Europe/London", "  timezone: Europe/London\n  theme: custom"), encoding="utf-8"
    )
    build(small_project)
    assert "OUR OWN AGENDA LAYOUT" in page_text(small_project, "agendas/kickoff")
    assert "Explain reverse mentoring" in page_text(small_project, "training/foundations")  # default template still used


@pytest.mark.parametrize("engine", ENGINES)
def test_example_programme_builds(engine: str, built_example: Callable[[str], Project]) -> None:
    project = built_example(engine)
    pages = html_pages(project.site_dir)
    assert len(pages) >= 25
    kickoff = page_text(project, "agendas/kickoff")
    assert "0:00" in kickoff
    for relative in ("guidelines", "training", "training/path-mentor", "training/path-mentee", "training/path-cohort-lead"):
        assert (project.site_dir / relative / "index.html").is_file()


def test_started_mkdocs_compiles_each_theme_template_once(small_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's process keeps MkDocs' theme templates compiled: a second build compiles none, and writes the same bytes."""
    import jinja2
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.theme import Theme

    from generator.cache import MemoryBytecodeCache
    from generator.engine_runner import keep_theme_templates_compiled

    build(small_project)
    monkeypatch.setattr(Theme, "get_env", Theme.get_env)  # put back after the test
    keep_theme_templates_compiled(MemoryBytecodeCache())
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counted(environment: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return original(environment, source, name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(build_epoch(small_project)))
    monkeypatch.chdir(small_project.build_dir)
    sites = []
    for run in ("first", "second"):
        site = tmp_path / run
        mkdocs_build(load_config(config_file=str(small_project.build_dir / "mkdocs.yml"), site_dir=str(site)))
        sites.append(digest(site))
        if run == "first":
            assert "main.html" in compiled
            count = len(compiled)
    assert len(compiled) == count  # nothing compiled again
    assert sites[0] == sites[1] == digest(small_project.site_dir)
