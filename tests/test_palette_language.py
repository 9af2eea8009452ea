"""The light/dark toggle speaks the programme's language.

``playbook new`` wrote a mkdocs.yml whose ``theme.palette`` named the toggle "Switch to dark mode"
and "Switch to light mode", so a French or German site showed them in English. Restating the
palette translated in the build's config works for MkDocs, but Zensical appends the lists of an
INHERITed config: its site showed four toggles. Now the starter's mkdocs.yml has no palette, and
the build's config adds a light and a dark scheme (``loading.default_palette``) with the toggle's
labels in each language tree's language; a palette the user writes is left as written, and one
with the old starter's English labels on a site in another language gets a note at its line.

Input: the starter programme and the small fixture (which keeps the old starter's palette), in
English and other languages.
Output: built sites (both engines; the toggles read from the HTML and in Chromium at phone and
desktop widths), the staged engine configs, and what ``check`` and ``build`` print.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.i18n import language, shipped_languages, translations
from generator.loading import DARK_TOGGLE, LIGHT_TOGGLE, build_epoch, load_programme
from generator.pipeline import build, render_project
from generator.project import Project
from generator.scaffold import STARTER, scaffold
from tests.conftest import FIXTURES, REPO, copy_project
from tests.htmltext import parse_html

ENGINES = ["mkdocs", "zensical"]
FRENCH = ("Passer au mode sombre", "Passer au mode clair")


def in_language(project: Project, code: str) -> Project:
    """``project`` with ``program.language: code`` (and no ``theme.language`` in mkdocs.yml: the build sets it)."""
    text = project.program_file.read_text(encoding="utf-8")
    assert re.search(r"(?m)^  language: ", text)
    project.program_file.write_text(re.sub(r"(?m)^  language: .*$", f"  language: {code}", text, count=1), encoding="utf-8")
    site = project.mkdocs_file.read_text(encoding="utf-8")
    project.mkdocs_file.write_text(re.sub(r"(?m)^  language: .*\n", "", site), encoding="utf-8")
    return project


def starter(folder: Path, code: str) -> Project:
    """A programme made by ``playbook new``, in language ``code``."""
    return in_language(Project.at(scaffold(str(folder / "ours"))), code)


def toggles(page: Path) -> list[tuple[str, str]]:
    """(scheme, label) of each light/dark toggle of a built page: the label that follows a scheme's radio input, shown in that scheme."""
    found, scheme = [], None
    for tag, attrs in parse_html(page).elements:
        if tag == "input" and "data-md-color-scheme" in attrs:
            scheme = attrs["data-md-color-scheme"]
        elif tag == "label" and scheme is not None and attrs.get("for", "").startswith("__palette"):
            found.append((scheme, attrs["title"]))
            scheme = None
    return found


@pytest.fixture(scope="module")
def french_starter(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Project]:
    """The starter programme in French, built once per engine."""
    built: dict[str, Project] = {}

    def get(engine: str) -> Project:
        if engine not in built:
            project = starter(tmp_path_factory.mktemp(f"french-{engine}"), "fr")
            build(project, engine)
            built[engine] = project
        return built[engine]

    return get


def test_the_starter_and_the_example_leave_the_palette_to_the_build() -> None:
    for mkdocs_file in (STARTER / "mkdocs.yml", REPO / "mkdocs.yml"):
        theme = yaml.safe_load(mkdocs_file.read_text(encoding="utf-8"))["theme"]
        assert "palette" not in theme, mkdocs_file


@pytest.mark.parametrize("engine", ENGINES)
def test_a_french_site_has_two_toggles_in_french(french_starter: Callable[[str], Project], engine: str) -> None:
    site = french_starter(engine).site_dir
    for page in (site / "index.html", site / "guidelines" / "index.html"):
        assert toggles(page) == [("default", FRENCH[0]), ("slate", FRENCH[1])], page
    assert "Switch to" not in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_an_english_site_has_two_toggles_in_english(tmp_path: Path, engine: str) -> None:
    project = starter(tmp_path, "en")
    build(project, engine)
    assert toggles(project.site_dir / "index.html") == [("default", DARK_TOGGLE), ("slate", LIGHT_TOGGLE)]


@pytest.mark.parametrize("code", [code for code in shipped_languages() if code != "en"])
def test_each_shipped_language_labels_the_toggle_in_its_own_words(tmp_path: Path, code: str) -> None:
    project = starter(tmp_path, code)
    config = yaml.safe_load(render_project(load_programme(project), build_epoch(project)).config.split("\n", 1)[1])
    names = [scheme["toggle"]["name"] for scheme in config["theme"]["palette"]]
    with language(code):
        assert names == [translations(code).gettext(DARK_TOGGLE), translations(code).gettext(LIGHT_TOGGLE)]
    assert DARK_TOGGLE not in names and LIGHT_TOGGLE not in names
    assert [scheme["scheme"] for scheme in config["theme"]["palette"]] == ["default", "slate"]


def test_each_language_tree_gets_its_own_labels(tmp_path: Path) -> None:
    project = starter(tmp_path, "fr")
    text = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(text.replace("  language: fr\n", "  languages: [fr, de]\n", 1), encoding="utf-8")
    originals = sorted(project.content_dir.iterdir())
    for code in ("fr", "de"):
        (project.content_dir / code).mkdir()
        for path in originals:
            target = project.content_dir / code / path.name
            if path.is_dir():
                shutil.copytree(path, target)
            else:
                shutil.copy2(path, target)
    rendered = render_project(load_programme(project), build_epoch(project))
    configs = {"fr": rendered.config, "de": rendered.configs["mkdocs.de.yml"]}
    for code, text in configs.items():
        palette = yaml.safe_load(text.split("\n", 1)[1])["theme"]["palette"]
        assert [scheme["toggle"]["name"] for scheme in palette] == [
            translations(code).gettext(name) for name in (DARK_TOGGLE, LIGHT_TOGGLE)
        ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_palette_the_user_writes_is_left_alone(small_project: Project, engine: str) -> None:
    """The small fixture keeps the old starter's palette: the build adds none, so no toggle is doubled."""
    in_language(small_project, "fr")
    own = (
        small_project.mkdocs_file.read_text(encoding="utf-8").replace("Switch to dark mode", "Nuit").replace("Switch to light mode", "Jour")
    )
    small_project.mkdocs_file.write_text(own, encoding="utf-8")
    build(small_project, engine)
    assert "palette" not in yaml.safe_load(small_project.engine_config.read_text(encoding="utf-8"))["theme"]
    assert toggles(small_project.site_dir / "index.html") == [("default", "Nuit"), ("slate", "Jour")]


def test_one_scheme_gives_a_site_without_a_toggle(small_project: Project) -> None:
    text = small_project.mkdocs_file.read_text(encoding="utf-8")
    own = re.sub(r"(?ms)^  palette:\n.*?(?=^\S)", "  palette: {scheme: default, primary: indigo}\n", text)
    assert own != text
    small_project.mkdocs_file.write_text(own, encoding="utf-8")
    build(small_project)
    assert toggles(small_project.site_dir / "index.html") == []


def note_of(project: Project, capsys: pytest.CaptureFixture[str], command: str = "check") -> str:
    assert main([command, "--project", str(project.root)]) == 0
    return capsys.readouterr().err


def palette_line(project: Project) -> int:
    lines = project.mkdocs_file.read_text(encoding="utf-8").splitlines()
    return lines.index("  palette:") + 1


SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TRANSLATED = [code for code in shipped_languages() if code != "en"]


@pytest.fixture(scope="module")
def old_starter(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The small fixture: its mkdocs.yml has the old starter's palette, with English labels."""
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("old-starter") / "small")


@SETTINGS
@given(code=st.sampled_from([*TRANSLATED, "fr-BE", "de-CH", "es-MX", "nl-BE"]))
def test_the_old_starters_palette_gets_a_note_in_another_language(
    old_starter: Project, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    in_language(old_starter, code)
    note = note_of(old_starter, capsys)
    assert f"mkdocs.yml:{palette_line(old_starter)}:3: theme.palette: note: the light/dark toggle's labels" in note
    assert f"stay in English on the {code} pages" in note
    assert "Remove the palette: block from mkdocs.yml" in note


@SETTINGS
@given(code=st.sampled_from(["en", "en-GB", "en-US", "zh", "ja"]))
def test_no_note_when_the_build_would_say_it_in_english_too(old_starter: Project, capsys: pytest.CaptureFixture[str], code: str) -> None:
    """English, and a language without a catalogue: the build's own palette would be English there as well."""
    in_language(old_starter, code)
    assert "theme.palette" not in note_of(old_starter, capsys)


@SETTINGS
@given(names=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz éà", min_size=1, max_size=12), min_size=2, max_size=2))
def test_no_note_for_labels_of_the_users_own(old_starter: Project, capsys: pytest.CaptureFixture[str], names: list[str]) -> None:
    in_language(old_starter, "fr")
    text = (FIXTURES / "small" / "mkdocs.yml").read_text(encoding="utf-8").replace("  language: en\n", "")
    text = text.replace("Switch to dark mode", repr(names[0])).replace("Switch to light mode", repr(names[1]))
    old_starter.mkdocs_file.write_text(text, encoding="utf-8")
    assert "theme.palette" not in note_of(old_starter, capsys)
    old_starter.mkdocs_file.write_text((FIXTURES / "small" / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")


def test_build_prints_the_note_too(small_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    in_language(small_project, "de")
    assert "theme.palette: note: the light/dark toggle's labels" in note_of(small_project, capsys, "build")


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("width", [390, 1280])
def test_the_toggle_switches_the_scheme_and_speaks_french(
    french_starter: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object, engine: str, width: int
) -> None:
    base = serve_folder(french_starter(engine).site_dir)
    page = browser.new_page(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    page.goto(base, wait_until="networkidle")
    seen = []
    for _ in range(2):
        visible = page.locator("label.md-header__button[for^='__palette']:visible")
        assert visible.count() == 1
        seen.append((page.evaluate("document.body.getAttribute('data-md-color-scheme')"), visible.get_attribute("title")))
        visible.click()
    page.close()
    assert sorted(seen) == [("default", FRENCH[0]), ("slate", FRENCH[1])]
