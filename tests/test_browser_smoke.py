"""A real browser opens the built example: no console errors, no request to another host."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.project import Project

PAGES = ["", "guidelines/", "training/", "training/path-mentor/", "agendas/kickoff/"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_pages_load_cleanly_and_stay_local(
    engine: str, built_example: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object
) -> None:
    base = serve_folder(built_example(engine).site_dir)
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: foreign.append(request.url) if not request.url.startswith((base, "data:", "blob:")) else None)
    for path in PAGES:
        page.goto(base + path, wait_until="networkidle")
        assert page.locator("h1").first.is_visible()
    page.close()
    assert errors == []
    assert foreign == []


def test_dark_mode_toggle_and_search(built_example: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object) -> None:
    base = serve_folder(built_example("mkdocs").site_dir)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base, wait_until="networkidle")
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    page.locator("input.md-search__input").first.click()
    page.keyboard.type("confidential")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0
    page.close()


def test_agenda_prints_without_site_chrome(
    built_example: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object
) -> None:
    base = serve_folder(built_example("mkdocs").site_dir)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + "agendas/kickoff/", wait_until="networkidle")
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("table.pb-agenda").is_visible()
    assert page.locator("td.pb-offset").first.inner_text() == "0:00"
    page.close()
