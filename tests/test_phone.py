"""Phone first (390 px): start pages per role, a checklist remembered in the browser, no page
wider than the screen, and every item of a start page a link."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.i18n import format_date
from generator.project import Project
from generator.start import months_after, next_monthly

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
    text = phone.locator("article p").first.bounding_box()  # type: ignore[attr-defined]
    assert abs(box["x"] - text["x"]) < 1  # the buttons line up with the text (no list indent)
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


CHART_PAGES = ["progress/", "progress/autumn-2026/", "progress/pilot/", "progress/goals/worth-recommending/"]
CHART_TEXT_SIZES = """() => [...document.querySelectorAll("svg.pb-chart-svg")].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map(text => [parseFloat(getComputedStyle(text).fontSize) * scale, text.textContent]);
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_text_is_at_least_12_px_as_displayed(
    built_example: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object, width: int
) -> None:
    base = serve_folder(built_example("mkdocs").site_dir)
    context = browser.new_context(viewport={"width": width, "height": 844}, base_url=base)  # type: ignore[attr-defined]
    page = context.new_page()
    measured: list[tuple[str, float, str]] = []
    for path in CHART_PAGES:
        page.goto(path, wait_until="networkidle")
        measured += [(path, size, text) for size, text in page.evaluate(CHART_TEXT_SIZES)]
        assert page.evaluate(WIDER_THAN_SCREEN) <= 0, path
    context.close()
    assert len({path for path, _, _ in measured}) == len(CHART_PAGES) and len(measured) > 100
    assert [item for item in measured if item[1] < 12] == []


def test_cohort_lead_start_page_has_the_monthly_check_in(built_example: Callable[[str], Project]) -> None:
    page = (built_example("mkdocs").staged_docs_dir / "start" / "cohort-lead.md").read_text(encoding="utf-8")
    this_week = page.split("## This week")[1].split("## ")[0]
    due = format_date(datetime.date(2026, 12, 14), "full")  # a whole month after 14 November; the as-of date is 20 November
    assert f"[Monthly check-in with every participant of the Autumn 2026 cohort](../progress/autumn-2026.md): by {due}" in this_week
    mentor = (built_example("mkdocs").staged_docs_dir / "start" / "mentor.md").read_text(encoding="utf-8")
    assert "check-in" not in mentor.lower()


@given(st.dates(datetime.date(2000, 1, 1), datetime.date(2090, 12, 31)), st.integers(0, 400))
def test_the_next_monthly_check_in_is_the_first_whole_month_on_or_after_today(start: datetime.date, days: int) -> None:
    today = start + datetime.timedelta(days=days)
    due = next_monthly(start, today)
    assert due >= today and due > start
    assert due.day == start.day or (due + datetime.timedelta(days=1)).day == 1  # same day, or the month's last
    months = (due.year - start.year) * 12 + due.month - start.month
    assert due == months_after(start, months)
    assert months == 1 or months_after(start, months - 1) < today  # the first such day, not a later one


def test_the_first_survey_question_is_on_the_first_phone_screen(phone: object, built_example: Callable[[str], Project]) -> None:
    site = built_example("mkdocs").site_dir
    forms = sorted(
        path.parent.relative_to(site).as_posix() for path in site.rglob("index.html") if "data-playbook-survey=" in path.read_text("utf-8")
    )
    assert len(forms) >= 6 and "log" in forms  # every survey, and the pairs' session log
    for survey in forms:
        phone.goto(f"{survey}/", wait_until="networkidle")  # type: ignore[attr-defined]
        question = phone.locator(".pb-question:not([hidden])").first  # type: ignore[attr-defined]
        control = question.locator("input:not([type=hidden]), select, textarea").first
        assert question.locator("label, legend").first.is_visible() and control.is_visible(), survey
        bottom = control.bounding_box()["y"] + control.bounding_box()["height"]
        assert bottom <= PHONE["height"], f"{survey}: the first answer ends {bottom:.0f} px down"
        phone.get_by_text("About this survey").click()  # type: ignore[attr-defined]  # the facts are one tap away
        assert phone.get_by_text("Where your answers go:").is_visible()  # type: ignore[attr-defined]
