"""Phone first (390 px): start pages per role, a checklist remembered in the browser, no page
wider than the screen, and every item of a start page a link."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.project import Project

PHONE = {"width": 390, "height": 844}
PAGES = ["", "start/mentee/", "guidelines/expectations/", "training/path-mentor/", "agendas/kickoff/", "training/running-a-cohort/"]
WIDER_THAN_SCREEN = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def phone(built_example: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object) -> object:
    base = serve_folder(built_example("mkdocs").site_dir)
    context = browser.new_context(viewport=PHONE, base_url=base)  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(phone: object, path: str) -> None:
    phone.goto(path, wait_until="networkidle")  # type: ignore[attr-defined]
    assert phone.evaluate(WIDER_THAN_SCREEN) <= 0  # type: ignore[attr-defined]


def test_home_page_opens_with_a_start_page_per_role(phone: object) -> None:
    phone.goto("", wait_until="networkidle")  # type: ignore[attr-defined]
    roles = phone.locator(".pb-roles a")  # type: ignore[attr-defined]
    assert roles.all_inner_texts() == ["I am a mentor", "I am a mentee", "I am a cohort lead"]
    box = roles.first.bounding_box()
    assert box["y"] + box["height"] < PHONE["height"]
    roles.nth(2).click()
    phone.wait_for_url("**/start/cohort-lead/")  # type: ignore[attr-defined]


def test_start_page_items_are_links_with_names(phone: object) -> None:
    phone.goto("start/mentor/", wait_until="networkidle")  # type: ignore[attr-defined]
    items = phone.locator(".md-content li")  # type: ignore[attr-defined]
    assert items.count() >= 6
    assert [
        text for text, links in zip(items.all_inner_texts(), [item.locator("a").count() for item in items.all()], strict=True) if not links
    ] == []
    text = phone.inner_text(".md-content")  # type: ignore[attr-defined]
    assert "Next session" in text and "Regular session" in text
    assert "Skills at the start" not in text, "the baseline survey is for mentees only"
    assert "mentor-foundations" not in text and "session-pulse" not in text


def test_training_checklist_is_remembered_in_the_browser(phone: object) -> None:
    phone.goto("start/mentee/", wait_until="networkidle")  # type: ignore[attr-defined]
    boxes = phone.get_by_role("checkbox")  # type: ignore[attr-defined]
    assert boxes.count() == 3
    phone.get_by_label("Done: Mentee foundations").check()  # type: ignore[attr-defined]
    phone.reload(wait_until="networkidle")  # type: ignore[attr-defined]
    assert phone.get_by_label("Done: Mentee foundations").is_checked()  # type: ignore[attr-defined]
    assert not phone.get_by_label("Done: Difficult conversations").is_checked()  # type: ignore[attr-defined]
