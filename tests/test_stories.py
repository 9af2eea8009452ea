"""Success stories: only consented stories are published, an anonymous one without a name or
anything narrowing it to a small group, a withdrawn one disappears at the next build, bad front
matter is located, counts go through the disclosure audit, and proposals from a story question go
to the private review queue, never to site/ or responses.csv."""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.aggregate import aggregate, disclosure_audit
from generator.errors import ErrorList, PlaybookError
from generator.loading import as_of_date, build_epoch, load_programme
from generator.model import Program
from generator.pipeline import render_project
from generator.project import Project
from generator.recognition.model import CONSENTS
from generator.recognition.proposal import story_answer
from generator.recognition.publish import recognition_figures
from generator.recognition.stories import Story, load_stories, parse_story
from generator.surveys.answers import check_answers, find_survey
from generator.surveys.ingest import ingest
from tests.conftest import REPO

STORIES = REPO / "content" / "stories"
NAMED_QUOTE = "I showed my mentee how our finance dashboards are built"
ANONYMOUS_QUOTE = "I expected to learn a few shortcuts."
WITHDRAWN_QUOTE = "This story was withdrawn by its teller"


@pytest.fixture
def no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render without drawing handbooks (test_handbook_pdf.py covers them), so rendering stays fast."""
    monkeypatch.setattr("generator.printing.feature.is_installed", lambda extra: False)


def rendered_pages(project: Project) -> dict[str, str]:
    loaded = load_programme(project)
    files = render_project(loaded, build_epoch(project)).files
    return {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".md")}


def story_text(front: str, body: str = "") -> str:
    return f"---\n{front}---\n{body}"


def test_the_example_has_a_named_an_anonymous_and_a_withdrawn_story() -> None:
    consents = sorted(re.search(r"^consent: (\w+)$", path.read_text(encoding="utf-8"), re.M).group(1) for path in STORIES.glob("*.md"))  # type: ignore[union-attr]
    assert consents == ["anonymous", "named", "withdrawn"]


def test_only_named_and_anonymous_stories_are_published(example_project: Project, no_pdf: None) -> None:
    pages = rendered_pages(example_project)
    stories = pages["stories/index.md"]
    assert NAMED_QUOTE in stories and ANONYMOUS_QUOTE in stories
    assert "Ruby C." in stories  # the name its teller agreed to
    everything = "\n".join(pages.values())
    assert WITHDRAWN_QUOTE not in everything and "Withdrawn Storyteller" not in everything


def test_the_anonymous_story_shows_no_name_cohort_or_role(example_project: Project, no_pdf: None) -> None:
    stories = rendered_pages(example_project)["stories/index.md"]
    block = stories[stories.index(ANONYMOUS_QUOTE) :]
    attribution = next(line for line in block.splitlines() if line.startswith("> —"))
    assert attribution == "> — A participant, June 2026"  # month only, no name, no cohort, no role


def test_withdrawing_consent_removes_the_story_at_the_next_build(example_project: Project, no_pdf: None) -> None:
    assert ANONYMOUS_QUOTE in rendered_pages(example_project)["stories/index.md"]
    path = example_project.content_dir / "stories" / "leading-differently.md"
    path.write_text(path.read_text(encoding="utf-8").replace("consent: anonymous", "consent: withdrawn"), encoding="utf-8")
    pages = rendered_pages(example_project)
    assert all(ANONYMOUS_QUOTE not in text for text in pages.values())
    assert NAMED_QUOTE in pages["stories/index.md"]


def test_home_and_cohort_pages_show_stories_and_counts(example_project: Project, no_pdf: None) -> None:
    pages = rendered_pages(example_project)
    assert NAMED_QUOTE in pages["index.md"] and "stories/index.md" in pages["index.md"]
    pilot = pages["progress/pilot.md"]
    assert NAMED_QUOTE in pilot and ANONYMOUS_QUOTE not in pilot  # its count is withheld, so it is not listed there
    assert re.search(r"\| Told with a name \| 1 \|", pilot)
    assert re.search(r"\| Told without a name \| <span class=\"pb-withheld\">withheld: fewer than 5", pilot)
    # 0 in the autumn cohort would give the pilot's 1 away (the Stories page shows 1 in all): withheld too
    assert re.search(r"\| Told without a name \| <span class=\"pb-withheld\">withheld: it would reveal", pages["progress/autumn-2026.md"])


def test_story_counts_pass_the_disclosure_audit(example_project: Project) -> None:
    loaded = load_programme(example_project)
    program = loaded.program
    figures = aggregate(program, loaded.data, as_of_date(program, build_epoch(example_project)))
    result = disclosure_audit(program, figures)
    assert not result.leaks
    assert any(finding.key == "stories:pilot:unnamed" for finding in result.findings)


def write_stories(project: Project, count: int, consent: str, roles: str = "[mentee]") -> None:
    folder = project.content_dir / "stories"
    for path in folder.glob("*.md"):
        path.unlink()
    for number in range(count):
        front = f"cohort: pilot\nroles: {roles}\nconsent: {consent}\ndate: 2026-06-{10 + number}\nquote: Story number {number}.\n"
        (folder / f"story-{number}.md").write_text(story_text(front), encoding="utf-8")


def test_enough_anonymous_stories_show_their_cohort_and_roles(example_project: Project) -> None:
    write_stories(example_project, 5, "anonymous")
    loaded = load_programme(example_project)
    figures = recognition_figures(loaded.data["recognition"], loaded.program)  # type: ignore[arg-type]
    assert {(view.name, view.cohort, view.roles) for view in figures.stories} == {(None, "pilot", ("mentee",))}
    assert figures.cohorts["pilot"].unnamed.value == 5 and not figures.cohorts["pilot"].unnamed.withheld


def test_names_are_left_out_when_the_programme_does_not_publish_them(example_project: Project) -> None:
    program_file = example_project.program_file
    program_file.write_text(
        program_file.read_text(encoding="utf-8").replace("publish_names: true", "publish_names: false"), encoding="utf-8"
    )
    loaded = load_programme(example_project)
    figures = recognition_figures(loaded.data["recognition"], loaded.program)  # type: ignore[arg-type]
    assert all(view.name is None and view.cohort is None for view in figures.stories)


@functools.cache
def example_program() -> Program:
    return load_programme(Project.at(REPO), content=False, data=False).program


def parse(text: str) -> Story | None:
    program = example_program()
    try:
        return parse_story(text, "content/stories/x.md", program)
    except PlaybookError as error:  # a YAML problem is found before the front matter is checked
        raise ErrorList([error]) from None


VALID = "cohort: pilot\nroles: [mentor]\nconsent: named\nname: Ann\ndate: 2026-03-02\nquote: Good.\n"


@pytest.mark.parametrize(
    ("front", "line", "needle"),
    [
        (VALID.replace("consent: named", "consent: nameed"), 4, "Did you mean 'named'"),
        (VALID.replace("cohort: pilot", "cohort: pilott"), 2, "unknown cohort 'pilott'"),
        (VALID.replace("roles: [mentor]", "roles: [mentr]"), 3, "unknown role 'mentr'"),
        (VALID.replace("date: 2026-03-02", "date: 2026-02-30"), 6, "not a real date"),
        (VALID.replace("date: 2026-03-02", "date: 2025-12-01"), 6, "before the cohort 'pilot' starts"),
        (VALID.replace("name: Ann\n", ""), 4, "no 'name:'"),
        (VALID.replace("consent: named", "consent: anonymous"), 5, "must not carry a name"),
        (VALID + "colour: blue\n", 8, "unknown key 'colour'"),
    ],
)
def test_bad_front_matter_is_located(front: str, line: int, needle: str) -> None:
    with pytest.raises(ErrorList) as caught:
        parse(story_text(front))
    assert [(error.file, error.line) for error in caught.value] == [("content/stories/x.md", line)]
    assert needle in str(caught.value)


def test_a_withdrawn_story_is_dropped_whatever_else_it_holds() -> None:
    assert parse(story_text("consent: withdrawn\ncohort: no-such-cohort\ncolour: blue\n")) is None


def test_every_bad_story_is_reported_at_once(example_project: Project) -> None:
    folder = example_project.content_dir / "stories"
    (folder / "a.md").write_text(story_text(VALID.replace("consent: named", "consent: maybe")), encoding="utf-8")
    (folder / "b.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        load_programme(example_project)
    assert {(error.file, error.line) for error in caught.value} == {("content/stories/a.md", 4), ("content/stories/b.md", 1)}


@settings(max_examples=60, deadline=None)
@given(consent=st.from_regex(r"[a-z][a-z-]{0,11}", fullmatch=True).filter(lambda text: text not in CONSENTS))
def test_any_other_consent_is_refused_at_its_line(consent: str) -> None:
    with pytest.raises(ErrorList) as caught:
        parse(story_text(VALID.replace("consent: named", f"consent: {consent}")))
    assert [(error.line, error.key_path) for error in caught.value] == [(4, ("consent",))]


@settings(max_examples=60, deadline=None)
@given(day=st.one_of(st.text(alphabet="0123456789-/", min_size=1, max_size=12), st.dates().map(lambda day: day.strftime("%d/%m/%Y"))))
def test_any_bad_date_is_refused_at_its_line(day: str) -> None:
    try:
        parsed = datetime.date.fromisoformat(day) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day) else None
    except ValueError:
        parsed = None
    if parsed is not None and parsed >= datetime.date(2026, 1, 12):
        return  # a real date within reach of the cohort is fine
    with pytest.raises(ErrorList) as caught:
        parse(story_text(VALID.replace("date: 2026-03-02", f"date: '{day}'")))
    assert {error.line for error in caught.value} == {6}


def test_a_story_question_takes_consent_quote_and_name() -> None:
    answer = story_answer({"consent": "named", "name": " Ann  B. ", "quote": "It  helped."}, 600)
    assert json.loads(answer or "") == {"consent": "named", "name": "Ann B.", "quote": "It helped."}
    assert story_answer(json.dumps({"consent": "", "quote": ""}), 600) is None
    for bad, reason in [
        ({"consent": "maybe", "quote": "x"}, "not a consent"),
        ({"consent": "named"}, "no quote"),
        ({"consent": "anonymous", "name": "Ann", "quote": "x"}, "must not carry a name"),
        ({"consent": "named", "quote": "x" * 601}, "at most 600"),
        ("not json", "JSON object"),
        ({"consent": "named", "quote": "x", "email": "a@b.c"}, "unknown part"),
    ]:
        with pytest.raises(ValueError, match=reason):
            story_answer(bad, 600)


@settings(max_examples=60, deadline=None)
@given(
    raw=st.one_of(
        st.text(max_size=80), st.dictionaries(st.sampled_from(["consent", "quote", "name", "x"]), st.text(max_size=20), max_size=4)
    )
)
def test_any_story_answer_is_accepted_canonically_or_refused_with_a_reason(raw: object) -> None:
    try:
        answer = story_answer(raw, 600)
    except ValueError as error:
        assert str(error)
        return
    if answer is not None:
        fields = json.loads(answer)
        assert fields["consent"] in ("named", "anonymous") and fields["quote"]
        assert story_answer(answer, 600) == answer  # canonical: reading it again changes nothing


def test_proposals_go_to_the_private_queue_not_to_responses(example_project: Project) -> None:
    loaded = load_programme(example_project, content=False, data=False)
    survey = find_survey(loaded.program, "programme-end")
    assert survey is not None and "story" in survey.question_ids
    story = json.dumps({"consent": "named", "name": "Ann B.", "quote": "We rebuilt a report together."})
    record = {
        "response_id": "end-story-1",
        "survey": "programme-end",
        "cohort": "pilot",
        "role": "mentor",
        "pair": "pilot-09",
        "submitted_at": "2026-06-25T10:00:00Z",
        "answers": {"recommend": 9, "story": story},
    }
    _, problems = check_answers(survey, record["answers"])  # type: ignore[arg-type]
    assert not problems
    upload = example_project.root / "upload.json"
    upload.write_text(json.dumps([record]), encoding="utf-8")
    ingest(example_project, loaded.program, [upload])
    queued = sorted((example_project.reports_dir / "stories" / "queue").glob("*.md"))
    assert [path.name for path in queued] == ["end-story-1-story.md"]
    text = queued[0].read_text(encoding="utf-8")
    assert "consent: named" in text and "name: Ann B." in text and "We rebuilt a report together." in text
    responses = (example_project.cohort_dir("pilot") / "responses.csv").read_text(encoding="utf-8")
    assert "end-story-1" in responses and "We rebuilt a report" not in responses
    # the queued file is a valid story once a lead moves it into content/stories/
    story_file = example_project.content_dir / "stories" / queued[0].name
    story_file.write_text(text, encoding="utf-8")
    stories = load_stories(loaded.program, example_project)
    assert any(item.front.quote == "We rebuilt a report together." and item.front.name == "Ann B." for item in stories)
    # ingesting the same file again does not queue it again
    queued[0].unlink()
    ingest(example_project, loaded.program, [upload])
    assert not list((example_project.reports_dir / "stories" / "queue").glob("*.md"))


def test_a_bad_story_answer_is_refused_at_its_line_and_nothing_is_written(example_project: Project) -> None:
    loaded = load_programme(example_project, content=False, data=False)
    before = (example_project.cohort_dir("pilot") / "responses.csv").read_bytes()
    upload = example_project.root / "upload.json"
    record = {"response_id": "bad-1", "survey": "programme-end", "cohort": "pilot", "role": "mentor", "pair": "pilot-09"}
    record["answers"] = {"recommend": 9, "story": json.dumps({"consent": "public", "quote": "x"})}  # type: ignore[assignment]
    upload.write_text(json.dumps([record]), encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        ingest(example_project, loaded.program, [upload])
    assert "not a consent" in str(caught.value) and caught.value.errors[0].line == 1
    assert (example_project.cohort_dir("pilot") / "responses.csv").read_bytes() == before
    assert not (example_project.reports_dir / "stories").exists()


def test_the_built_site_shows_stories_but_never_the_withdrawn_one(built_example) -> None:  # type: ignore[no-untyped-def]
    site = built_example("mkdocs").site_dir
    stories = (site / "stories" / "index.html").read_text(encoding="utf-8")
    assert "finance dashboards" in stories and "A participant" in stories
    for path in site.rglob("*.html"):
        assert "withdrawn by its teller" not in path.read_text(encoding="utf-8")


def test_story_files_never_reach_the_site_as_files(built_example) -> None:  # type: ignore[no-untyped-def]
    site: Path = built_example("mkdocs").site_dir
    assert not [path for path in site.rglob("*") if "leading-differently" in path.name or "team-chat" in path.name]


def test_roles_show_for_all_of_a_cohorts_stories_without_a_name_or_for_none(example_project: Project) -> None:
    write_stories(example_project, 6, "anonymous")
    odd = example_project.content_dir / "stories" / "story-5.md"
    odd.write_text(odd.read_text(encoding="utf-8").replace("roles: [mentee]", "roles: [mentor]"), encoding="utf-8")
    loaded = load_programme(example_project)
    figures = recognition_figures(loaded.data["recognition"], loaded.program)  # type: ignore[arg-type]
    # six from the pilot: the cohort shows; one mentor among five mentees: no story shows its roles
    assert {(view.cohort, view.roles) for view in figures.stories} == {("pilot", ())}
