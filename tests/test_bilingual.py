"""A bilingual programme: program.languages [cy, en], texts per language, one tree per language with a switcher."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ErrorList
from generator.languages import language_documents, text_mapping_errors
from generator.load import Document
from generator.loading import load_programme
from generator.pipeline import build
from generator.project import Project
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project
from tests.htmltext import parse_html

WELSH_NAME = "Mentora o Chwith Northwind"


def make_bilingual(project: Project) -> Project:
    """The example with languages [cy, en], its name in both languages and its content files per language."""
    text = project.program_file.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  language: .*$", "  languages: [cy, en]", text, count=1)
    text = re.sub(r"(?m)^  name: (.*)$", rf"  name: {{cy: {WELSH_NAME}, en: \1}}", text, count=1)
    project.program_file.write_text(text, encoding="utf-8")
    site = project.mkdocs_file.read_text(encoding="utf-8")
    project.mkdocs_file.write_text(re.sub(r"(?m)^  language: .*\n", "", site), encoding="utf-8")
    content = project.content_dir
    for code in ("cy", "en"):
        for name in ("home.md", "guidelines", "training"):
            source, target = content / name, content / code / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(source, target) if source.is_dir() else shutil.copy2(source, target)
    return project


@pytest.fixture(scope="module")
def built_bilingual(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Project]:
    cache: dict[str, Project] = {}

    def get(engine: str) -> Project:
        if engine not in cache:
            project = make_bilingual(copy_project(REPO, tmp_path_factory.mktemp(f"bilingual-{engine}"), EXAMPLE_PARTS))
            build(project, engine)
            cache[engine] = project
        return cache[engine]

    return get


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_each_language_has_its_tree_and_a_working_switcher(built_bilingual: Callable[[str], Project], engine: str) -> None:
    site = built_bilingual(engine).site_dir
    root = (site / "index.html").read_text(encoding="utf-8")
    assert 'url=cy/"' in root and 'href="en/"' in root
    for code in ("cy", "en"):
        for page in ("index.html", "guidelines/index.html", "training/index.html"):
            path = site / code / page
            html = path.read_text(encoding="utf-8")
            assert f'<html lang="{code}"' in html, path
            links = {
                attrs.get("hreflang"): attrs["href"]
                for tag, attrs in parse_html(path).elements
                if tag == "a" and "md-select__link" in attrs.get("class", "")
            }
            assert set(links) == {"cy", "en"}, path
            for target_code, href in links.items():
                target = (path.parent / href).resolve() / "index.html"
                assert target.is_file() and target.parent == (site / target_code).resolve(), (path, href)


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_texts_given_per_language_land_in_their_own_tree(built_bilingual: Callable[[str], Project], engine: str) -> None:
    site = built_bilingual(engine).site_dir
    titles = {
        code: re.findall(r"<title>(.*?)</title>", (site / code / "index.html").read_text(encoding="utf-8"))[0] for code in ("cy", "en")
    }
    assert WELSH_NAME in titles["cy"] and WELSH_NAME not in titles["en"]
    assert "Northwind Reverse Mentoring" in titles["en"] and "Northwind Reverse Mentoring" not in titles["cy"]


def test_a_text_missing_in_one_language_is_located(example_project: Project) -> None:
    project = make_bilingual(example_project)
    text = project.program_file.read_text(encoding="utf-8").replace(f"{{cy: {WELSH_NAME}, en:", "{cy:", 1)
    text = re.sub(r"(?m)^  name: \{cy: (.*)\}$", r"  name: {cy: Mentora}", text, count=1)
    project.program_file.write_text(text, encoding="utf-8")
    with pytest.raises(ErrorList) as raised:
        load_programme(project)
    (error,) = list(raised.value)
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith("  name: {cy: Mentora}"))
    assert (error.file, error.line, error.key_path) == ("program.yaml", line, ("program", "name"))
    assert "no en version" in error.message


def test_a_content_file_missing_in_one_language_is_located(example_project: Project) -> None:
    project = make_bilingual(example_project)
    (project.content_dir / "en" / "home.md").unlink()
    with pytest.raises(ErrorList) as raised:
        load_programme(project)
    located = [error for error in raised.value if error.file == "program.yaml" and "content/en/home.md" in error.message]
    assert [error.key_path for error in located] == [("program", "home")] and located[0].line > 0


LANGUAGES = ("cy", "en", "fr")
texts = st.dictionaries(st.sampled_from(LANGUAGES), st.text(min_size=1, max_size=10), min_size=1)


@given(st.lists(texts, min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_every_text_missing_a_language_is_reported_at_its_key(items: list[dict[str, str]]) -> None:
    data = {"program": {"languages": list(LANGUAGES)}, "roles": [{"id": f"r{n}", "name": item} for n, item in enumerate(items)]}
    positions = {("roles", n, "name"): (10 + n, 5) for n in range(len(items))}
    document = Document("program.yaml", data, positions)
    errors = text_mapping_errors(document)
    incomplete = [n for n, item in enumerate(items) if set(item) != set(LANGUAGES)]
    assert [error.line for error in errors] == [10 + n for n in incomplete]
    if not incomplete:
        copies = language_documents(document)
        assert list(copies) == list(LANGUAGES)
        for code, copy in copies.items():
            assert [role["name"] for role in copy.data["roles"]] == [item[code] for item in items]
            assert copy.data["program"]["language"] == code


def test_a_monolingual_programme_keeps_its_mappings_as_they_are(tmp_path: Path) -> None:
    document = Document("program.yaml", {"program": {"language": "cy"}, "x": {"cy": "a"}}, {})
    assert language_documents(document) == {"cy": document}


def test_language_and_languages_that_disagree_are_located() -> None:
    data = {"program": {"language": "en", "languages": ["cy", "en", "cy"]}}
    positions = {("program", "language"): (3, 3), ("program", "languages", 2): (4, 25)}
    with pytest.raises(ErrorList) as raised:
        language_documents(Document("program.yaml", data, positions))
    assert sorted((error.line, error.message.split(";")[0]) for error in raised.value) == [
        (3, "program.language is 'en' but program.languages starts with 'cy'"),
        (4, "'cy' is listed twice in program.languages"),
    ]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_switcher_opens_the_same_page_in_the_other_language(
    built_bilingual: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object, engine: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=serve_folder(built_bilingual(engine).site_dir))  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto("cy/guidelines/confidentiality/")
    page.locator("a.md-select__link[hreflang=en]").first.dispatch_event("click")
    page.wait_for_url("**/en/guidelines/confidentiality/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto("")
    page.wait_for_url("**/cy/")
    context.close()
