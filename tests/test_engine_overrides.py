"""Playbook's engine-side template overrides: titles escaped once in the theme's attributes.

Playbook writes page titles and the site name as text with numeric character references
(``&`` → ``&#38;``), since the themes insert them unescaped in the navigation. Material's
``partials/footer.html`` (and Zensical's copy) escaped them again in the footer links'
``aria-label``, and ``header.html`` and ``nav.html`` in the logo's ``title``: the built HTML said
``aria-label="Next: Leading &amp;#38; Q&amp;#38;A"``, read aloud as "ampersand hash 38".
Playbook now ships those partials with ``striptags | e`` (themes/default/overrides/) and the
build's config names a staged folder (.playbook/build/overrides/) holding them, with mkdocs.yml's
own ``theme.custom_dir`` files copied over them.

Input: the small fixture, its programme name and a module title full of risky characters.
Output: sites built by both engines, the same staged pages built without the overrides, the
preview's pages, the staged folder, and located errors for a ``custom_dir`` Playbook cannot use.
"""

from __future__ import annotations

import html
import json
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.engine import engine_command, engine_environment
from generator.errors import ErrorList, PlaybookError
from generator.load import parse_yaml
from generator.loading import PLAYBOOK_OVERRIDES, STAGED_OVERRIDES, build_epoch, theme_overrides
from generator.pipeline import build, generate
from generator.project import Project
from generator.textsafe import escape_text
from tests.conftest import FIXTURES, copy_project
from tests.htmltext import html_pages, parse_html
from tests.test_serve import fetch, running_preview, wait_for

ENGINES = ["mkdocs", "zensical"]
RISKY_TITLE = 'Leading a session & Q&A <b> "x" it\'s &amp; more'
RISKY_NAME = 'Northwind & Co <i> "R"'
MODULE_TITLE = "title: Advanced mentoring"
PROGRAMME_NAME = "name: Small Test Programme"


def as_shown(text: str) -> str:
    """``text`` as the navigation shows it (escape_text's references read back; a word joiner follows each "<")."""
    return html.unescape(escape_text(text))


def with_titles(project: Project, module_title: str, programme_name: str = "Small Test Programme") -> Project:
    """The small fixture with the module "advanced" and the programme named as given (written as YAML double-quoted text)."""
    text = (FIXTURES / "small" / "program.yaml").read_text(encoding="utf-8")
    assert MODULE_TITLE in text and PROGRAMME_NAME in text
    text = text.replace(MODULE_TITLE, f"title: {json.dumps(module_title)}").replace(PROGRAMME_NAME, f"name: {json.dumps(programme_name)}")
    project.program_file.write_text(text, encoding="utf-8")
    return project


def with_custom_dir(project: Project, line: str) -> None:
    """mkdocs.yml's theme with ``line`` (such as ``custom_dir: overrides``) after its name."""
    text = project.mkdocs_file.read_text(encoding="utf-8")
    assert "  name: material\n" in text
    project.mkdocs_file.write_text(text.replace("  name: material\n", f"  name: material\n  {line}\n", 1), encoding="utf-8")


def attributes(site: Path, tag: str, css_class: str, name: str) -> list[str]:
    """The ``name`` attribute of every ``tag`` with ``css_class`` on every page of ``site``, as a browser reads it."""
    return [
        attrs[name]
        for page in html_pages(site)
        for found, attrs in parse_html(page).elements
        if found == tag and css_class in attrs.get("class", "").split() and name in attrs
    ]


@pytest.fixture(scope="module")
def risky_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Project]:
    """The small fixture with risky titles, built once per engine."""
    built: dict[str, Project] = {}

    def get(engine: str) -> Project:
        if engine not in built:
            project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp(f"risky-{engine}") / "small")
            build(with_titles(project, RISKY_TITLE, RISKY_NAME), engine)
            built[engine] = project
        return built[engine]

    return get


@pytest.mark.parametrize("engine", ENGINES)
def test_footer_and_logo_attributes_read_the_titles_once_escaped(risky_site: Callable[[str], Project], engine: str) -> None:
    site = risky_site(engine).site_dir
    pages = [page.read_text(encoding="utf-8") for page in html_pages(site)]
    assert not [page for page in pages if "&amp;#" in page], "a reference escaped a second time"
    labels = attributes(site, "a", "md-footer__link", "aria-label")
    assert {f"Next: {as_shown(RISKY_TITLE)}", f"Previous: {as_shown(RISKY_TITLE)}"} <= set(labels)
    logos = attributes(site, "a", "md-logo", "title")
    assert logos and set(logos) == {as_shown(RISKY_NAME)}
    assert not (site / "partials").exists(), "the overrides are templates, never published"


def bare_build(project: Project, engine: str) -> Path:
    """The staged pages built again with the build's config minus the overrides folder: the theme's own partials."""
    config = yaml.safe_load(project.engine_config.read_text(encoding="utf-8"))
    assert config["theme"].pop("custom_dir") == STAGED_OVERRIDES
    config["site_dir"] = "bare-site"
    bare = project.build_dir / "bare.yml"
    bare.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    command = engine_command(engine, project, config=bare)
    result = subprocess.run(
        command, cwd=project.build_dir, env=engine_environment(build_epoch(project)), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project.build_dir / "bare-site"


def as_read(page: str) -> str:
    """A page as a browser reads it, white space collapsed, with the theme's second escaping of a reference (``&amp;#38;``) undone."""
    return " ".join(html.unescape(page.replace("&amp;#", "&#")).split())


@pytest.mark.parametrize("engine", ENGINES)
def test_the_overrides_change_nothing_but_the_escaping(risky_site: Callable[[str], Project], engine: str) -> None:
    """Each page built with the theme's own partials differs only by the double escaping (and white space)."""
    project = risky_site(engine)
    bare = bare_build(project, engine)
    ours = {page.relative_to(project.site_dir).as_posix(): page.read_text(encoding="utf-8") for page in html_pages(project.site_dir)}
    theirs = {page.relative_to(bare).as_posix(): page.read_text(encoding="utf-8") for page in html_pages(bare)}
    assert sorted(ours) == sorted(theirs)
    assert any("&amp;#38;" in page for page in theirs.values()), "without the overrides the theme escapes twice"
    assert [name for name in ours if as_read(ours[name]) != as_read(theirs[name])] == []


def render_footer(title: str) -> str:
    """Playbook's partials/footer.html rendered by MkDocs' own Material environment, both neighbours titled ``title``."""
    from mkdocs.theme import Theme

    theme = Theme(name="material", custom_dir=str(PLAYBOOK_OVERRIDES))
    template = theme.get_env().from_string('{% import "partials/language.html" as lang with context %}{% include "partials/footer.html" %}')
    neighbour = SimpleNamespace(title=title, url="neighbour/")
    page = SimpleNamespace(previous_page=neighbour, next_page=neighbour, meta={}, url="page/")
    return template.render(features=["navigation.footer"], page=page, config={"theme": theme, "extra": {}}, base_url=".")


PIECES = [*"&<>\"'#;:=-_*`|\\[](){}!%@$^~+ aéZ19", "\xa0", "\u202e", "&amp;", "&#38;", "<b>", "</title>", "<!--"]
"""What a title may hold that means something to HTML or Markdown: characters, references, tags, direction controls."""
TITLES = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=60, deadline=None)
@given(title=TITLES)
def test_any_title_is_read_as_the_navigation_shows_it(title: str) -> None:
    """Whatever a title holds (references, tags, quotes, direction controls), the footer links say it as the page shows it."""
    shown = " ".join(as_shown(title).split())
    assert footer_labels(render_footer(escape_text(title))) == [f"Previous: {shown}".strip(), f"Next: {shown}".strip()]


def elements(text: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag of the HTML ``text`` with its attributes, as a browser reads them."""

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[tuple[str, dict[str, str]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.append((tag, {name: value or "" for name, value in attrs}))

    collector = Collector()
    collector.feed(text)
    collector.close()
    return collector.found


def footer_labels(text: str) -> list[str]:
    """The aria-label of each footer link of the page ``text``, its white space collapsed."""
    return [
        " ".join(attrs["aria-label"].split()) for tag, attrs in elements(text) if tag == "a" and "md-footer__link" in attrs.get("class", "")
    ]


PROPERTY_SETTINGS = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("engine", ENGINES)
@PROPERTY_SETTINGS
@given(title=st.lists(st.sampled_from(PIECES), min_size=1, max_size=16).map("".join))
def test_each_engine_writes_any_title_once_escaped(tmp_path_factory: pytest.TempPathFactory, engine: str, title: str) -> None:
    project = copy_project(FIXTURES / "small", tmp_path_factory.mktemp("title") / "small")
    build(with_titles(project, f"Q {title}"), engine)
    labels = {label for page in html_pages(project.site_dir) for label in footer_labels(page.read_text(encoding="utf-8"))}
    shown = " ".join(as_shown(f"Q {title}").split())
    assert {f"Next: {shown}", f"Previous: {shown}"} <= labels


USER_FOOTER = '<footer class="md-footer" id="users-own-footer"></footer>\n'
USER_MAIN = '{% extends "base.html" %}\n{% block announce %}<span id="users-own-announcement">Hello</span>{% endblock %}\n'


def staged(project: Project) -> dict[str, bytes]:
    folder = project.build_dir / STAGED_OVERRIDES
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_users_own_overrides_win_and_join_playbooks(small_project: Project, engine: str) -> None:
    own = small_project.root / "overrides"
    (own / "partials").mkdir(parents=True)
    (own / "partials" / "footer.html").write_text(USER_FOOTER, encoding="utf-8")
    (own / "main.html").write_text(USER_MAIN, encoding="utf-8")
    (own / ".hidden-notes").write_text("not copied", encoding="utf-8")
    with_custom_dir(small_project, "custom_dir: overrides")
    build(with_titles(small_project, RISKY_TITLE, RISKY_NAME), engine)
    home = (small_project.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'id="users-own-footer"' in home and 'id="users-own-announcement"' in home
    assert "&amp;#" not in home, "Playbook's header and nav are still used"
    shipped = (PLAYBOOK_OVERRIDES / "partials" / "header.html").read_bytes()
    assert staged(small_project) == {
        "main.html": USER_MAIN.encode(),
        "partials/footer.html": USER_FOOTER.encode(),
        "partials/header.html": shipped,
        "partials/nav.html": (PLAYBOOK_OVERRIDES / "partials" / "nav.html").read_bytes(),
    }


def test_the_staged_folder_follows_the_users_folder_and_is_reproducible(small_project: Project) -> None:
    own = small_project.root / "theme-overrides"
    (own / "partials").mkdir(parents=True)
    (own / "partials" / "footer.html").write_text(USER_FOOTER, encoding="utf-8")
    (own / "main.html").write_text(USER_MAIN, encoding="utf-8")
    with_custom_dir(small_project, "custom_dir: theme-overrides")
    generate(small_project)
    first = staged(small_project)
    generate(small_project)
    assert staged(small_project) == first and list(first) == sorted(first)
    (own / "main.html").unlink()
    (own / "partials" / "footer.html").unlink()
    generate(small_project)
    assert sorted(staged(small_project)) == ["partials/footer.html", "partials/header.html", "partials/nav.html"]
    assert staged(small_project)["partials/footer.html"] == (PLAYBOOK_OVERRIDES / "partials" / "footer.html").read_bytes()
    assert yaml.safe_load(small_project.engine_config.read_text(encoding="utf-8"))["theme"]["custom_dir"] == STAGED_OVERRIDES


def test_another_theme_gets_no_overrides(small_project: Project) -> None:
    generate(small_project)
    assert (small_project.build_dir / STAGED_OVERRIDES).is_dir()
    text = small_project.mkdocs_file.read_text(encoding="utf-8")
    small_project.mkdocs_file.write_text(text.replace("  name: material\n", "  name: readthedocs\n", 1), encoding="utf-8")
    generate(small_project)
    assert not (small_project.build_dir / STAGED_OVERRIDES).exists()
    theme = yaml.safe_load(small_project.engine_config.read_text(encoding="utf-8"))["theme"]
    assert "custom_dir" not in theme and "palette" not in theme


def test_check_passes_before_anything_was_staged(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """``check`` writes nothing; MkDocs' own rules must not stop at the overrides folder the build has not staged yet."""
    assert not small_project.build_dir.exists()
    assert main(["check", "--project", str(small_project.root)]) == 0, capsys.readouterr().err
    assert not small_project.build_dir.exists()


def custom_dir_problems(project: Project, value: str, theme: str = "material", inputs: tuple[Path, ...] = ()) -> list[str]:
    text = f"theme:\n  name: {theme}\n  custom_dir: {value}\n"
    try:
        theme_overrides(project, parse_yaml(text, "mkdocs.yml", foreign_tags=True), inputs)
    except (ErrorList, PlaybookError) as problem:
        return [str(error) for error in (problem if isinstance(problem, ErrorList) else [problem])]
    return []


NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES)
def test_a_missing_folder_is_located(small_project: Project, name: str) -> None:
    assert custom_dir_problems(small_project, f"missing-{name}") == [
        f"mkdocs.yml:3:3: theme.custom_dir: there is no folder 'missing-{name}' (paths here are relative to mkdocs.yml's folder); "
        "create it, or remove custom_dir."
    ]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=NAMES, depth=st.integers(1, 4), absolute=st.booleans())
def test_a_folder_outside_the_project_is_located(small_project: Project, name: str, depth: int, absolute: bool) -> None:
    outside = small_project.root.parent / f"outside-{name}"
    outside.mkdir(exist_ok=True)
    value = str(outside) if absolute else "../" * depth + f"outside-{name}"
    (problem,) = custom_dir_problems(small_project, value)
    assert problem.startswith(f"mkdocs.yml:3:3: theme.custom_dir: '{value}' is outside the project folder")
    assert "move the folder into the project" in problem


@pytest.mark.parametrize("value", ["5", "''", "[overrides]", "{a: b}"])
def test_a_custom_dir_that_is_no_path_is_located(small_project: Project, value: str) -> None:
    (problem,) = custom_dir_problems(small_project, value)
    assert problem.startswith("mkdocs.yml:3:3: theme.custom_dir: names no folder; write the path of your template overrides folder")


def test_links_leading_out_of_the_project_are_located(small_project: Project, tmp_path: Path) -> None:
    own = small_project.root / "overrides"
    (own / "partials").mkdir(parents=True)
    secret = tmp_path / "secret.html"
    secret.write_text("outside", encoding="utf-8")
    (own / "partials" / "footer.html").symlink_to(secret)
    (own / "broken.html").symlink_to(own / "nothing-here.html")
    (own / "folder").symlink_to(small_project.content_dir)
    (own / "inside.html").symlink_to(small_project.content_dir / "basics.md")  # inside the project, not private: allowed
    assert custom_dir_problems(small_project, "overrides") == [
        "overrides/broken.html: is a broken link (or one that leads back to itself); replace it with the file itself or remove it.",
        "overrides/folder: is a link to a folder; copy the folder itself here instead.",
        "overrides/partials/footer.html: is a link to a place outside the project folder, and Playbook reads nothing outside it; "
        "copy the file itself here instead.",
    ]


def test_check_and_build_report_a_missing_folder_and_change_nothing(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with_custom_dir(small_project, "custom_dir: overides")
    expected = "mkdocs.yml:7:3: theme.custom_dir: there is no folder 'overides'"
    assert main(["check", "--project", str(small_project.root)]) == 1
    assert expected in capsys.readouterr().err
    assert main(["build", "--project", str(small_project.root)]) == 1
    assert expected in capsys.readouterr().err
    assert not small_project.site_dir.exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_the_preview_uses_playbooks_and_the_users_overrides(small_project: Project, engine: str) -> None:
    """The preview stages the overrides too; Zensical's also follows an edit of the user's own folder (at the project's top).

    MkDocs' warm preview keeps each page's HTML while its Markdown, navigation and config are the
    same (generator/warm_mkdocs.py), so there an edited override shows after a restart.
    """
    own = small_project.root / "overrides" / "partials"
    own.mkdir(parents=True)
    copyright_file = own / "copyright.html"
    copyright_file.write_text('<div class="md-copyright">first-version</div>\n', encoding="utf-8")
    with_custom_dir(small_project, "custom_dir: overrides")
    with_titles(small_project, RISKY_TITLE, RISKY_NAME)
    with running_preview(small_project, engine, "first-version") as url:
        labels = {label for path in ("training/path-mentee/", "training/foundations/") for label in footer_labels(fetch(url + path))}
        assert {f"Next: {as_shown(RISKY_TITLE)}", f"Previous: {as_shown(RISKY_TITLE)}"} <= labels
        assert "&amp;#" not in fetch(url)
        if engine == "zensical":
            copyright_file.write_text('<div class="md-copyright">second-version</div>\n', encoding="utf-8")
            assert wait_for(lambda: "second-version" in fetch(url), 60), "the preview did not follow the user's own overrides"


PRIVATE_PLACES = ("content/cohorts", "content/stories", "reports", "site", ".playbook", "hr")
"""Folders a custom_dir may neither be, hold nor lie in (``hr`` stands for a feature's data folder, given as an input)."""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    place=st.sampled_from(PRIVATE_PLACES),
    where=st.sampled_from(("same", "above", "below")),
    below=NAMES,
    upper=st.booleans(),
    theme=st.sampled_from(("material", "mkdocs")),
)
def test_a_custom_dir_that_meets_a_private_place_is_located(
    small_project: Project, place: str, where: str, below: str, upper: bool, theme: str
) -> None:
    """The engines publish every file of a custom_dir that is not a template: a folder that is, holds or lies in
    a place of rosters, answers, stories, reports, built pages or a feature's data is refused under any theme."""
    (small_project.root / place / below).mkdir(parents=True, exist_ok=True)
    (small_project.root / place / "roster.csv").write_text("name,email\nAda,ada@example.org\n", encoding="utf-8")
    value = {"same": place, "above": place.split("/")[0] if "/" in place else ".", "below": f"{place}/{below}"}[where]
    value = value.upper() if upper and value != "." and value.upper() != value else value  # some disks do not tell cases apart
    if upper and not (small_project.root / value).is_dir():
        return  # this disk tells cases apart: that folder does not exist, which another test covers
    (problem,) = custom_dir_problems(small_project, value, theme, (small_project.root / "hr",))
    assert problem.startswith(f"mkdocs.yml:3:3: theme.custom_dir: '{value}' holds ")
    assert "the engine would publish every file of this folder that is not a template" in problem
    assert "keep your template overrides in a folder of their own, such as 'overrides'." in problem


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_a_custom_dir_holding_a_features_data_file_is_located(small_project: Project, theme: str) -> None:
    employees = small_project.root / "people" / "hr" / "employees.csv"
    employees.parent.mkdir(parents=True)
    employees.write_text("employee_id,name\ne1,Ada\n", encoding="utf-8")
    (problem,) = custom_dir_problems(small_project, "people", theme, (employees,))
    assert problem.startswith("mkdocs.yml:3:3: theme.custom_dir: 'people' holds people/hr/employees.csv or lies in it")
    assert custom_dir_problems(small_project, "people/hr", theme, (small_project.root / "people" / "other.csv",)) == []


@pytest.mark.parametrize("target", ["content/cohorts/pilot/roster.csv", "program.yaml", "reports/pilot.html"])
def test_a_link_to_a_private_file_is_located(small_project: Project, target: str) -> None:
    private = small_project.root / target
    private.parent.mkdir(parents=True, exist_ok=True)
    private.write_text("Ada,ada@example.org\n", encoding="utf-8") if not private.exists() else None
    own = small_project.root / "overrides"
    own.mkdir()
    (own / "people.csv").symlink_to(private)
    (problem,) = custom_dir_problems(small_project, "overrides")
    assert problem.startswith(f"overrides/people.csv: is a link to {target}, in ")
    assert problem.endswith("which Playbook never publishes as it is; remove the link.")


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_a_custom_dir_holding_the_rosters_publishes_nothing(small_project: Project, theme: str, capsys: pytest.CaptureFixture[str]) -> None:
    """custom_dir: . once copied every file of the project, rosters and program.yaml among them, into site/."""
    roster = small_project.content_dir / "cohorts" / "pilot" / "roster.csv"
    roster.parent.mkdir(parents=True)
    roster.write_text("pair_id,name,email\np1,Ada Lovelace,ada@example.org\n", encoding="utf-8")
    text = small_project.mkdocs_file.read_text(encoding="utf-8").replace("  name: material\n", f"  name: {theme}\n  custom_dir: .\n", 1)
    small_project.mkdocs_file.write_text(text, encoding="utf-8")
    assert main(["build", "--project", str(small_project.root)]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml:7:3: theme.custom_dir: '.' holds content/cohorts/ or lies in it" in err
    assert not small_project.site_dir.exists()
