"""axe-core in Chromium on one page of every kind, light and dark, on a phone (390 px) and a
desktop (1280 px): no serious or critical violation anywhere on the page (content, navigation,
header and footer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.project import Project
from tests.conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = [
    "",
    "start/mentor/",
    "start/cohort-lead/",
    "guidelines/",
    "guidelines/expectations/",
    "guidelines/confidentiality/",
    "training/",
    "training/path-mentor/",
    "training/mentor-foundations/",
    "agendas/",
    "agendas/kickoff/",
    "surveys/",
    "surveys/session-pulse/",
    "progress/",
    "progress/autumn-2026/",
    "progress/pilot/",
    "progress/goals/useful-sessions/",
    "outcomes/",
    "stories/",
    "log/",
]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violation_on_any_page_kind(
    scheme: str, width: int, built_example: Callable[[str], Project], serve_folder: Callable[[Path], str], browser: object
) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing; ./dev test installs it (npm install --no-save axe-core@4.14.1)")
    base = serve_folder(built_example("mkdocs").site_dir)
    viewport = {"width": width, "height": 844 if width < 600 else 800}
    context = browser.new_context(color_scheme=scheme, viewport=viewport)  # type: ignore[attr-defined]
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in PAGE_KINDS:
        page.goto(base + path, wait_until="networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found[path] = [
            f"{item['id']} at {[node['target'] for node in item['nodes']][:3]}"
            for item in result["violations"]
            if item["impact"] in ("serious", "critical")
        ]
    context.close()
    assert found == {path: [] for path in PAGE_KINDS}
