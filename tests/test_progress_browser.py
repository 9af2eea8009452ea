"""The cohort page in Chromium, light and dark: every chart visible, no console errors.

Screenshots are saved to the test's temporary folder; with ``--update-golden`` they
replace the README's docs/images/progress-<scheme>.png.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.project import Project
from tests.conftest import REPO

SCREENSHOTS = REPO / "docs" / "images"

# For each chart: is its first bar visible, and is its fill a different colour from the page?
CHART_CHECK = """
() => {
  const background = getComputedStyle(document.querySelector('.md-main') || document.body).backgroundColor;
  const page = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('.pb-chart svg[role="img"]')].map((svg) => {
    const box = svg.getBoundingClientRect();
    const bar = svg.querySelector('rect.pb-bar, path.pb-line');
    const style = bar ? getComputedStyle(bar) : null;
    const paint = style ? (bar.tagName === 'rect' ? style.fill : style.stroke) : 'none';
    return {title: svg.getAttribute('aria-label'), width: box.width, height: box.height, paint, background, page};
  });
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cohort_page_charts_in_light_and_dark(
    scheme: str,
    built_example: Callable[[str], Project],
    serve_folder: Callable[[Path], str],
    browser: object,
    tmp_path: Path,
    update_golden: bool,
) -> None:
    base = serve_folder(built_example("mkdocs").site_dir)
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "progress/autumn-2026/", wait_until="networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    charts = page.evaluate(CHART_CHECK)
    assert len(charts) >= 5
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 100, chart
        assert chart["paint"] not in ("none", "", chart["background"], chart["page"]), chart
    folder = SCREENSHOTS if update_golden else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(".pb-chart").nth(2).scroll_into_view_if_needed()
    page.screenshot(path=str(folder / f"progress-{scheme}.png"))
    assert (folder / f"progress-{scheme}.png").stat().st_size > 10_000
    context.close()
    assert errors == []
