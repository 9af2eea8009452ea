"""Survey definitions: located errors, the model, and the pages both engines build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ErrorList
from generator.loading import load_programme
from generator.loading import load_programme as load_project
from generator.project import Project
from generator.surveys.canonical import CANONICAL_FIXED, canonical_columns
from tests.conftest import REPO, copy_project

SURVEYS = ("skills-baseline", "session-pulse", "midpoint", "programme-end", "intake")


def test_example_surveys_follow_the_contract() -> None:
    program = load_programme(Project.at(REPO), content=False, data=False).program
    surveys = {survey.id: survey for survey in program.surveys}
    assert set(SURVEYS) <= set(surveys)
    baseline = {q.skill for q in surveys["skills-baseline"].questions if q.skill}
    end = {q.skill for q in surveys["programme-end"].questions if q.skill}
    assert baseline and baseline == end
    assert surveys["session-pulse"].question("useful").type == "likert"
    assert surveys["session-pulse"].question("useful").points == 5
    assert surveys["programme-end"].question("recommend").type == "nps"
    intake = [q.id for q in surveys["intake"].questions]
    assert intake == [
        *("name", "email", "role", "level", "department", "manager_email", "timezone", "languages"),
        *("skills_offered", "learning_goals", "meeting_preferences", "availability", "capacity"),
    ]
    assert surveys["intake"].question("meeting_preferences").options == ("video", "in-person", "chat")
    assert not surveys["intake"].anonymous
    columns = canonical_columns(program)
    assert tuple(columns[:6]) == CANONICAL_FIXED
    assert columns[6:] == [f"{s.id}.{q.id}" for s in program.surveys for q in s.questions]


# (text in the example, its replacement, the message, lines from the edit to the error's line)
BAD_SURVEYS = [
    ("{id: useful, type: likert,", "{id: useful, type: likert, points: 6,", "a likert question has 5 or 7 points, not 6.", 0),
    (
        "show_if: {question: felt-safe, equals: false}",
        "show_if: {question: felt-safe, equals: maybe}",
        "'maybe' can never be an answer to 'felt-safe'",
        0,
    ),
    (
        "show_if: {question: felt-safe, equals: false}",
        "show_if: {question: energy, equals: 1}",
        "show_if must name an earlier question of this survey; 'energy' is not one.",
        0,
    ),
    ("audience: [mentor, mentee]", "audience: [mentor, mentees]", "unknown role id 'mentees'. Did you mean 'mentee'?", 0),
    ('type: single, text: "Which agenda', 'type: likert, text: "Which agenda', "'options' does not apply to a likert question", 1),
    ("min_picks: 1, text: Languages", "min_picks: 9, text: Languages", "min_picks is 9 but there are only 4 choices.", 0),
    ("type: yes_no, required: true", "type: yesno, required: true", "is not allowed; choose one of: likert", 0),
    ('max_picks: 3, text: "What gets', 'max_picks: 3, colour: red, text: "What gets', "unknown key 'colour'.", 0),
]


@pytest.mark.parametrize(("old", "new", "message", "offset"), BAD_SURVEYS)
def test_mistakes_are_located(tmp_path: Path, old: str, new: str, message: str, offset: int) -> None:
    project = copy_project(REPO, tmp_path / "p", ("program.yaml", "mkdocs.yml", "content"))
    text = project.program_file.read_text(encoding="utf-8")
    start = text.index("\nsurveys:")
    at = text.index(old, start)
    project.program_file.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    line = text[:at].count("\n") + 1 + offset
    with pytest.raises(ErrorList) as raised:
        load_project(project)
    matching = [str(error) for error in raised.value if message in str(error)]
    assert matching, [str(error) for error in raised.value]
    assert matching[0].startswith(f"program.yaml:{line}:")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The example with markup and Markdown in survey texts, built with Material."""
    from generator.pipeline import build

    project = copy_project(REPO, tmp_path_factory.mktemp("hostile"), ("program.yaml", "mkdocs.yml", "content", "themes"))
    text = project.program_file.read_text(encoding="utf-8")
    text = text.replace("title: After each session", 'title: "After <script>alert(1)</script> *each* session"', 1)
    text = text.replace(
        "{value: kickoff, label: Kickoff}", '{value: kickoff, label: "<img src=x onerror=alert(2)> [link](http://evil)"}', 1
    )
    project.program_file.write_text(text, encoding="utf-8")
    build(project)
    return project


def test_survey_texts_are_escaped(hostile: Project) -> None:
    html = (hostile.site_dir / "surveys" / "session-pulse" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert 'href="http://evil"' not in html
    assert "alert(1)" in html  # shown as text


@pytest.mark.engine
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_both_engines_build_every_survey_page(built_example: Callable[[str], Project], engine: str) -> None:
    site = built_example(engine).site_dir
    for survey in SURVEYS:
        html = (site / "surveys" / survey / "index.html").read_text(encoding="utf-8")
        assert f'data-playbook-survey="{survey}"' in html
        assert html.count("<fieldset") >= 2
        assert "surveys.js" in html
    assert (site / "assets" / "playbook" / "surveys.js").is_file()
    index = (site / "surveys" / "index.html").read_text(encoding="utf-8")
    assert all(f"{survey}/" in index for survey in SURVEYS)


@pytest.mark.parametrize(
    ("destination", "expected"),
    [
        (
            {"type": "netlify"},
            ['data-netlify="true"', 'netlify-honeypot="website"', 'name="form-name" value="session-pulse"', "Netlify Forms"],
        ),
        (
            {"type": "endpoint", "url": "https://formspree.io/f/abc"},
            ['action="https&#58;//formspree.io/f/abc"', "an external form service &#40;formspree.io&#41;"],
        ),
        ({"type": "download"}, ['data-destination="download"', "not sent anywhere", "Save my answers as a file", "<noscript>"]),
        (
            {"type": "collector", "url": "https://answers.northwind.example"},
            ['action="https&#58;//answers.northwind.example/api/responses"'],
        ),
    ],
)
def test_each_destination_is_wired_and_explained(destination: dict[str, str], expected: list[str]) -> None:
    from dataclasses import replace

    from generator.surveys.model import Destination
    from generator.surveys.pages import survey_page
    from generator.templating import Renderer, theme_folders

    program = load_programme(Project.at(REPO), content=False, data=False).program
    survey = replace(next(s for s in program.surveys if s.id == "session-pulse"), destination=Destination(**destination))
    text = str(survey_page(program, survey, Renderer(theme_folders(REPO, "default"), program)).content)
    missing = [snippet for snippet in expected if snippet not in text]
    assert missing == []
