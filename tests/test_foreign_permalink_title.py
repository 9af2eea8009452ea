"""The title of each heading's link in the programme's language.

Python-Markdown's ``toc`` gives every heading link the English title "Permanent link": on a
French or Arabic site it was the one English text left, on every page. The build's config now
states mkdocs.yml's Markdown extensions again with the title in the programme's language (unless
mkdocs.yml names one), and leaves every other extension exactly as written.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.i18n import gettext as _
from generator.i18n import language, translations
from generator.loading import PERMALINK_TITLE, _with_permalink_title, build_epoch, load_programme
from generator.pipeline import render_project
from generator.project import Project
from tests.conftest import REPO

SHIPPED = ["ar", "cy", "de", "es", "fr", "nl", "pl"]


def in_language(project: Project, code: str) -> None:
    text = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(text.replace("  language: en\n", f"  language: {code}\n", 1), encoding="utf-8")
    site = project.mkdocs_file.read_text(encoding="utf-8")
    project.mkdocs_file.write_text(site.replace("  language: en\n", ""), encoding="utf-8")  # the build sets it


def staged_toc(project: Project) -> dict[str, object]:
    config = yaml.safe_load(render_project(load_programme(project), build_epoch(project)).config.split("\n", 1)[1])
    (toc,) = [item["toc"] for item in config["markdown_extensions"] if isinstance(item, dict) and "toc" in item]
    return dict(toc)


@pytest.mark.parametrize("code", SHIPPED)
def test_the_heading_links_title_is_in_the_programmes_language(small_project: Project, code: str) -> None:
    in_language(small_project, code)
    toc = staged_toc(small_project)
    with language(code):
        expected = _(PERMALINK_TITLE)
    assert expected != PERMALINK_TITLE and translations(code).gettext(PERMALINK_TITLE) == expected
    assert toc == {"permalink": True, "permalink_title": expected}


def test_a_title_mkdocs_yml_gives_is_kept(small_project: Project) -> None:
    in_language(small_project, "fr")
    text = small_project.mkdocs_file.read_text(encoding="utf-8")
    small_project.mkdocs_file.write_text(
        text.replace("      permalink: true\n", "      permalink: true\n      permalink_title: Ancre\n"), encoding="utf-8"
    )
    assert "markdown_extensions" not in render_project(load_programme(small_project), build_epoch(small_project)).config


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_french_site_has_no_english_heading_link_title(small_project: Project, engine: str) -> None:
    in_language(small_project, "fr")
    command = [sys.executable, "-m", "generator", "build", "--project", str(small_project.root), "--engine", engine]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [path.read_text(encoding="utf-8") for path in small_project.site_dir.rglob("*.html")]
    assert any('title="Lien permanent"' in page for page in pages)
    assert not any("Permanent link" in page for page in pages)


ITEMS = st.one_of(
    st.sampled_from(["abc", "tables", "admonition", "pymdownx.details"]),
    st.fixed_dictionaries({"pymdownx.tabbed": st.fixed_dictionaries({"alternate_style": st.booleans()})}),
    st.fixed_dictionaries({"toc": st.fixed_dictionaries({"permalink": st.booleans()}, optional={"toc_depth": st.integers(1, 6)})}),
    st.just({"pymdownx.emoji": {"emoji_index": "!!python/name:material.extensions.emoji.twemoji"}}),
)


@given(extensions=st.lists(ITEMS, max_size=6))
def test_only_the_toc_settings_change_and_a_tagged_list_is_left_alone(extensions: list[object]) -> None:
    restated = _with_permalink_title(extensions)
    tagged = any(isinstance(item, dict) and "pymdownx.emoji" in item for item in extensions)
    linked = [item for item in extensions if isinstance(item, dict) and item.get("toc", {}).get("permalink")]
    if tagged or not linked:
        assert restated is None
        return
    assert restated is not None and len(restated) == len(extensions)
    changed = [(before, after) for before, after in zip(extensions, restated, strict=True) if before != after]
    ((before, after),) = changed
    assert after == {"toc": {**before["toc"], "permalink_title": PERMALINK_TITLE}}  # type: ignore[index]
