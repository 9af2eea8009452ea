"""Ids never appear as labels: skills, levels, statuses, surveys and measures have names on the site."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.declare import ID_PATTERN
from generator.labels.names import STATUSES, Names, readable
from generator.load import parse_yaml
from generator.progress.data import PAIR_STATUSES
from generator.project import Project
from generator.validate import validate_program
from tests.conftest import REPO

LABEL_TAGS = {"td", "th", "text", "tspan", "li", "figcaption", "legend", "label", "summary", "caption", "option"}


class Labels(HTMLParser):
    """The text of every element that names something: table cells, chart texts, list items, captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[list[str]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LABEL_TAGS:
            self.open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in LABEL_TAGS and self.open:
            self.found.append(" ".join("".join(self.open.pop()).split()))

    def handle_data(self, data: str) -> None:
        for buffer in self.open:
            buffer.append(data)


def label_parts(html: str) -> set[str]:
    """Each label, and each of its parts between ``: ( ) , ·``, as written."""
    parser = Labels()
    parser.feed(html)
    return {part.strip() for label in parser.found for part in [label, *re.split(r"[:(),·]", label)] if part.strip()}


def program_of(root: Path) -> object:
    document = parse_yaml((root / "program.yaml").read_text(encoding="utf-8"), "program.yaml")
    program, errors = validate_program(document, root)
    assert errors == []
    return program


def raw_ids(program: object) -> set[str]:
    """The ids a reader must never see as a label: skills, levels, statuses, surveys and goal metrics."""
    sections = program.sections  # type: ignore[attr-defined]
    surveys = sections["surveys"]
    skills = {question.skill for survey in surveys for question in survey.questions if question.skill}
    choices = {str(choice.value) for survey in surveys for question in survey.questions for choice in question.choices}
    goals = {goal.measure.metric for goal in sections["goals"]}
    ids = skills | set(sections["matching"].levels) | set(PAIR_STATUSES) | set(STATUSES) | {survey.id for survey in surveys} | goals
    return {key for key in ids | (choices & skills) if re.search(r"[-_]", key)} | ({"nps"} & goals)  # a one-word id is a word


def test_no_id_appears_as_a_label_in_the_example(built_example: Callable[[str], Project]) -> None:
    project = built_example("mkdocs")
    ids = raw_ids(program_of(project.root))
    assert {"ai-tools", "early-career", "ended-early", "programme-end", "skill_change", "nps"} <= ids
    shown = {
        page.relative_to(project.site_dir).as_posix(): sorted(label_parts(page.read_text(encoding="utf-8")) & ids)
        for page in sorted(project.site_dir.rglob("*.html"))
    }
    assert {page: found for page, found in shown.items() if found} == {}
    pilot = label_parts((project.site_dir / "progress" / "pilot" / "index.html").read_text(encoding="utf-8"))
    assert {"Early career", "AI tools", "ended early", "Mentee"} <= pilot


def test_names_come_from_the_labels_section_then_built_ins_then_survey_options() -> None:
    program = program_of(REPO)
    names = Names(program)  # type: ignore[arg-type]
    assert names("skill", "ai-tools") == "AI tools"  # the intake survey's option label
    assert names("level", "early-career") == "Early career"
    assert names("status", "ended-early") == names("status", "ended early") == "ended early"
    assert names("department", "Customer service") == "Customer service"  # already a name
    assert names("department", "customer-service") == "Customer service"  # an id made readable


def test_a_declared_label_wins(small_project: Project) -> None:
    with small_project.program_file.open("a", encoding="utf-8") as stream:
        stream.write("\nlabels:\n  skills: {ai-tools: Artificial intelligence}\n  statuses: {ended-early: stopped early}\n")
    names = Names(program_of(small_project.root))  # type: ignore[arg-type]
    assert names("skill", "ai-tools") == "Artificial intelligence"
    assert names("status", "ended-early") == "stopped early"
    assert names("status", "silent") == "silent"


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ("labels:\n  skills: {AI Tools: AI}\n", "labels.skills"),
        ("labels:\n  colours: {red: Red}\n", "colours"),
        ("labels:\n  skills: {ai-tools: 3}\n", "labels.skills"),
    ],
)
def test_bad_labels_are_located_errors(small_project: Project, labels: str, message: str) -> None:
    text = small_project.program_file.read_text(encoding="utf-8") + "\n" + labels
    document = parse_yaml(text, "program.yaml")
    _, errors = validate_program(document, small_project.root)
    assert errors and all(error.file == "program.yaml" and error.line > 0 for error in errors)
    assert any(message in str(error) for error in errors)


@given(st.from_regex(r"[a-z0-9]+([-_][a-z0-9]+)+", fullmatch=True))
def test_a_readable_id_has_no_id_punctuation(key: str) -> None:
    shown = readable(key)
    assert "-" not in shown and "_" not in shown and shown.lower() == re.sub(r"[-_]+", " ", key)


@given(st.text(min_size=1, max_size=30).filter(lambda text: not re.fullmatch(r"[a-z0-9]+([-_][a-z0-9]+)*", text)))
def test_words_are_left_as_written(text: str) -> None:
    assert readable(text) == text


@settings(deadline=None, max_examples=40)  # each example validates a whole programme
@given(
    st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Po")), min_size=1, max_size=20).filter(
        lambda key: not re.fullmatch(ID_PATTERN, key)
    )
)
def test_any_key_that_is_not_an_id_is_a_located_error(key: str) -> None:
    text = (REPO / "tests" / "fixtures" / "small" / "program.yaml").read_text(encoding="utf-8")
    document = parse_yaml(text + f"\nlabels:\n  levels: {{{json.dumps(key, ensure_ascii=False)}: Some name}}\n", "program.yaml")
    _, errors = validate_program(document, REPO / "tests" / "fixtures" / "small")
    assert errors and all(error.line > text.count("\n") and "labels.levels" in str(error) for error in errors)


def test_no_attribute_list_is_left_as_text_on_any_page(built_example: Callable[[str], object]) -> None:
    """``{: .class }`` lines must attach to their block, never show as text (a template's trim_blocks once joined one to its paragraph)."""
    from tests.htmltext import html_pages, parse_html

    site = built_example("mkdocs").site_dir  # type: ignore[attr-defined]
    shown = [path.relative_to(site).as_posix() for path in html_pages(site) if "{:" in parse_html(path).text]
    assert shown == []
