"""A story question in a real browser: consent, name and quote reach the collector as one answer,
which ``playbook ingest`` would queue for review."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.recognition.proposal import story_answer
from tests.test_surveys_browser import AXE, Collector, base, choose, collector, page, site, submit_and_wait  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_a_story_reaches_the_collector_as_one_answer(page: Any, base: str, collector: Collector) -> None:  # noqa: F811
    page.goto(base + "surveys/programme-end/?cohort=pilot&role=mentor&pair=pilot-09")
    choose(page, "programme-end", "recommend", "10")
    page.locator('#pb-q-story input[data-story="consent"][value="named"]').check()
    page.locator("#pb-q-story-name").fill("Ruby C.")
    page.locator("#pb-q-story-input").fill("We rebuilt   one report until the board could use it.")
    submit_and_wait(page, "Thank you for taking part")
    [stored] = collector.rows()
    answer = stored["answers"]["story"]
    assert json.loads(answer) == {"consent": "named", "name": "Ruby C.", "quote": "We rebuilt one report until the board could use it."}
    assert story_answer(answer, 600) == answer  # stored in the canonical form ingest reads


def test_no_story_no_answer(page: Any, base: str, collector: Collector) -> None:  # noqa: F811
    page.goto(base + "surveys/programme-end/?cohort=pilot&role=mentee&pair=pilot-09")
    choose(page, "programme-end", "recommend", "8")
    page.locator("#pb-q-story-name").fill("typed, but no consent and no story")
    submit_and_wait(page, "Thank you for taking part")
    [stored] = collector.rows()
    assert stored["answers"].get("story") is None


def test_axe_finds_no_serious_violation_on_the_stories_home_and_cohort_pages(page: Any, base: str) -> None:  # noqa: F811
    found = {}
    for path in ("", "stories/", "progress/pilot/"):
        page.goto(base + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found[path] = [f"{item['id']}: {item['help']}" for item in result["violations"] if item["impact"] in ("serious", "critical")]
    assert found == {path: [] for path in found}
    page.goto(base + "stories/")
    assert page.locator("blockquote").count() == 2  # the named and the anonymous story; the withdrawn one is gone


@pytest.mark.parametrize("width", [390, 1280])
def test_the_stories_page_fits_phone_and_desktop(browser: Any, base: str, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    sized = context.new_page()
    sized.goto(base + "stories/")
    assert sized.evaluate("document.documentElement.scrollWidth") <= width
    assert sized.get_by_text("finance dashboards", exact=False).first.is_visible()
    context.close()
