"""Cross-references: ``[[kind:id]]`` links and programme facts in content and program.yaml text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.crossref import REFERENCE, References
from generator.errors import ErrorList
from generator.loading import load_programme
from generator.pipeline import generate
from generator.project import Project
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project


@pytest.fixture(scope="module")
def references() -> References:
    loaded = load_programme(Project.at(REPO))
    return References(loaded.program)


def test_a_module_reference_is_a_link_titled_from_the_programme(references: References) -> None:
    text = references.expand("See [[module:mentor-foundations]].", "guidelines/expectations.md", "x.md")
    assert text == "See [Mentor foundations](../training/mentor-foundations.md)."
    assert references.errors == []


def test_link_words_and_facts(references: References) -> None:
    text = references.expand("[[survey:session-pulse|the pulse survey]], [[hours:mentor]], [[fact:session-minutes]]", "index.md", "x.md")
    assert text == "[the pulse survey](surveys/session-pulse.md), 4 h 15 min, 45"


def test_a_broken_reference_is_located_in_the_content_file() -> None:
    local = References(load_programme(Project.at(REPO)).program)
    local.expand("fine\nsee [[module:mentor-fundations]] here\n", "index.md", "content/home.md", first_line=5)
    with pytest.raises(ErrorList) as caught:
        local.raise_if_broken()
    (error,) = list(caught.value)
    assert (error.file, error.line, error.column) == ("content/home.md", 6, 5)
    assert "mentor-foundations" in error.message


def test_an_unknown_kind_names_the_kinds() -> None:
    local = References(load_programme(Project.at(REPO)).program)
    local.expand("[[modul:mentor-foundations]]", "index.md", "x.md")
    assert "use one of" in local.errors[0].message and "module" in local.errors[0].message


def test_references_in_code_blocks_stay_as_written(references: References) -> None:
    text = "```\n[[module:nothing]]\n```"
    assert references.expand(text, "index.md", "x.md") == text


def test_program_yaml_text_is_escaped_around_its_links(references: References) -> None:
    text = references.inline("Read <b> [[guideline:confidentiality]]", "index.md", "program.yaml")
    assert "<b>" not in text and "[Confidentiality and trust](guidelines/confidentiality.md)" in text


def test_the_build_fails_on_a_deliberately_broken_reference(tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "example", EXAMPLE_PARTS)
    page = project.root / "content" / "guidelines" / "feedback.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[9] += " See [[agenda:no-such-agenda]]."
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        generate(project)
    (error,) = list(caught.value)
    assert str(error).startswith("content/guidelines/feedback.md:10:")
    assert "no agenda 'no-such-agenda'" in str(error) and "kickoff" in str(error)


def test_the_example_resolves_every_reference_and_leaves_none_raw(tmp_path: Path) -> None:
    project = copy_project(REPO, tmp_path / "example", EXAMPLE_PARTS)
    _, rendered, _, _ = generate(project)
    raw = {name: REFERENCE.findall(data.decode()) for name, data in rendered.files.items() if name.endswith(".md")}
    assert {name: found for name, found in raw.items() if found} == {}
    linked = [name for name, data in rendered.files.items() if re.search(rb"\]\([a-z./-]+\.md\)", data)]
    assert len([name for name in linked if name.startswith(("guidelines/", "training/"))]) >= 16


FACT_WORDS = re.compile(r"\b(\d+|two|three|four|five|six|ten|eleven|twelve|fifteen)[ -](pairs|hours?|minutes?)\b", re.IGNORECASE)
# Sayings that are advice, not facts of the programme ("take five minutes at the end").
ADVICE = ("five minutes", "fifteen minutes", "two minutes", "three minutes", "two hours", "ten-minute")


def test_the_example_takes_its_counts_and_durations_from_the_programme() -> None:
    stated = {}
    for path in sorted((REPO / "content").rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = [match.group(0) for match in FACT_WORDS.finditer(line) if match.group(0).lower() not in ADVICE]
            if found and "minutes:" not in line and "[[" not in line:
                stated[f"{path.relative_to(REPO)}:{number}"] = found
    assert stated == {}


def test_getting_started_sends_each_role_only_to_its_own_surveys() -> None:
    program = load_programme(Project.at(REPO)).program
    audiences = {survey.id: survey.audience for survey in program.sections["surveys"]}
    wrong = [
        (role.id, key)
        for role in program.roles
        for step in role.getting_started
        for kind, key, _ in REFERENCE.findall(step)
        if kind == "survey" and role.id in ("mentor", "mentee") and role.id not in audiences[key]
    ]
    assert wrong == []
