"""File-share mode: with ``use_directory_urls: false`` in mkdocs.yml the site works from file://
(both engines).

Every link between pages names a file (``page.html``, ``folder/index.html``), never a folder that
a browser would show as a listing; and a page opened from file:// says plainly that search is
unavailable there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.pipeline import build
from generator.project import Project
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project

HREF = re.compile(r'href="([^"#?]*)[^"]*"')
FILE_SHARE = "\nuse_directory_urls: false   # file-share mode: links end in .html, so file:// works\n"


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def file_share_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project: Project = copy_project(REPO, tmp_path_factory.mktemp(f"file-share-{request.param}"), EXAMPLE_PARTS)
    with project.mkdocs_file.open("a", encoding="utf-8") as config:
        config.write(FILE_SHARE)
    build(project, request.param)
    return project.site_dir


def local_links(site: Path) -> Iterator[tuple[Path, str]]:
    for page in sorted(path for path in site.rglob("*.html") if path.name != "404.html"):  # 404.html is for servers
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            if href and not re.match(r"^[a-z]+:|^//|^&", href):
                yield page, href


def test_every_link_names_a_file(file_share_site: Path) -> None:
    broken = [
        f"{page.relative_to(file_share_site)} → {href}"
        for page, href in local_links(file_share_site)
        if not (page.parent / href).resolve().is_file()
    ]
    assert broken == []


def test_pages_open_and_link_from_file_urls(file_share_site: Path, browser: object) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto((file_share_site / "index.html").as_uri())
    page.get_by_role("link", name="I am a mentee").click()
    page.wait_for_url("**/start/mentee.html")
    page.locator(".md-content").get_by_role("link", name="Mentee foundations").click()
    page.wait_for_url("**/training/mentee-foundations.html")
    assert page.locator("h1").inner_text().startswith("Mentee foundations")
    assert "Search is unavailable when this site is opened from a file share" in page.inner_text("body")
    context.close()
