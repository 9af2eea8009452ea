"""Theme assets: minified (rcssmin, rjsmin) without changing their meaning, and loaded only by the pages that use them."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import tinycss2
from hypothesis import given
from hypothesis import strategies as st

from generator.assets import (
    asset_root,
    asset_roots,
    asset_tags,
    link_page_assets,
    minified,
    minify_css,
    minify_js,
    output_folder,
    page_only,
)
from generator.pipeline import build
from generator.project import Project
from tests.conftest import EXAMPLE_PARTS, REPO, copy_project

ASSETS = REPO / "themes" / "default" / "assets"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


TIGHT = {"{", "}", ";", ",", ">", ":"}
SPACE_BEFORE_DROPPED = TIGHT - {":"} | {"!"}  # "!" as in "none !important"


def css_tokens(text: str) -> list[str]:
    """CSS as its tokens, a run of whitespace as one " ", none next to ``{ } ; , >``, after ``:`` or before ``!``, no ``;`` before ``}``."""
    flat: list[str] = []

    def walk(nodes: list[tinycss2.ast.Node]) -> None:
        for node in nodes:
            if node.type == "comment":
                continue
            if node.type == "whitespace":
                flat.append(" ")
            elif node.type in ("() block", "[] block", "{} block"):
                flat.append(node.type[0])
                walk(node.content)
                flat.append(node.type[1])
            elif node.type == "function":
                flat.append(node.name + "(")
                walk(node.arguments)
                flat.append(")")
            else:
                flat.append(node.serialize())

    walk(tinycss2.parse_component_value_list(text))
    tokens: list[str] = []
    for token in flat:
        if token == " " and (not tokens or tokens[-1] in TIGHT or tokens[-1] == " "):
            continue
        if token in SPACE_BEFORE_DROPPED and tokens and tokens[-1] == " ":
            tokens.pop()
        if token == "}" and tokens and tokens[-1] == ";":
            tokens.pop()
        tokens.append(token)
    return tokens[:-1] if tokens[-1:] == [" "] else tokens


@pytest.mark.parametrize("path", sorted(ASSETS.glob("*.css")), ids=lambda path: path.name)
def test_minified_css_has_the_same_tokens(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    small = minify_css(source)
    assert len(small) < 0.95 * len(source)
    assert "/*" not in small and "\n" not in small
    assert css_tokens(small) == css_tokens(source)
    assert minify_css(small) == small


def test_css_strings_comments_and_significant_spaces() -> None:
    source = '.a  :hover > .b, .c{ content: "/* not a comment */  a" ; margin: calc(1px + 2px) }\n/* gone */ @media screen and (max-width: 10em) { .d .e { color: red; } }'
    assert minify_css(source) == (
        '.a :hover>.b,.c{content:"/* not a comment */  a";margin:calc(1px + 2px)}@media screen and (max-width:10em){.d .e{color:red}}'
    )


@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\\n\r\f'), max_size=40))
def test_css_strings_are_kept_exactly(content: str) -> None:
    rule = f'.x {{ content: "{content}" ; }} /* c */'
    assert f'"{content}"' in minify_css(rule)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("var a = 1; // note\n\n   var b = a / 2 / 1;\n", "var a=1;var b=a/2/1;"),
        ('var s = "// kept /* kept */";', 'var s="// kept /* kept */";'),
        ("var r = /[/*]+\\/\\//g; /* gone */ x()", "var r=/[/*]+\\/\\//g;x()"),
        ("return /'/.test(x)", "return/'/.test(x)"),
        ("a = b\n/* line\nbreak */\nc()", "a=b\nc()"),  # the line break stays: no semicolon is lost
        ("var t = `line one\n    line two`;", "var t=`line one\n    line two`;"),
        ("if (x) { y(); }   \n\t  z = 'it''s';", "if(x){y();}\nz='it''s';"),
    ],
)
def test_minified_javascript_keeps_every_literal_and_line_break(source: str, expected: str) -> None:
    assert minify_js(source) == expected


@given(st.text(max_size=40))
def test_javascript_string_literals_survive(content: str) -> None:
    literal = json.dumps(content)
    small = minify_js(f"  var s = {literal}; // {content.splitlines()[0] if content.splitlines() else ''}\n")
    assert small == f"var s={literal};"


@pytest.mark.parametrize("path", sorted(ASSETS.glob("*.js")), ids=lambda path: path.name)
def test_minified_javascript_is_smaller_and_idempotent(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    small = minify_js(source)
    assert len(small) < 0.9 * len(source) and "/*" not in small and "\n\n" not in small
    assert minify_js(small) == small


def test_minified_assets_run_in_chromium(browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content("<main></main>")
    for path in sorted(ASSETS.glob("*.js")):
        page.add_script_tag(content=minify_js(path.read_text(encoding="utf-8")))
    page.close()
    assert errors == []


def test_page_tags_are_relative_to_the_html_file_in_both_url_styles() -> None:
    assert output_folder("surveys/intake.md", True) == "surveys/intake"
    assert output_folder("surveys/intake.md", False) == "surveys"
    assert output_folder("progress/index.md", True) == "progress"
    assert 'href="../../assets/playbook/surveys.css"' in asset_tags("surveys/intake.md", ["surveys.css"], True)
    assert 'src="../assets/playbook/surveys.js"' in asset_tags("surveys/intake.md", ["surveys.js"], False)
    assert 'href="assets/playbook/progress.css"' in asset_tags("index.md", ["progress.css"], True)
    roots = asset_roots(["fr/assets/playbook/surveys.css", "assets/playbook/surveys.css", "fr/index.md"])
    assert roots == {"", "fr/"} and asset_root("fr/surveys/intake.md", roots) == "fr/" and asset_root("surveys/a.md", roots) == ""


def test_markers_become_tags_and_page_assets_leave_the_shared_list() -> None:
    page = "# Survey\n\n<!-- playbook:assets surveys.css surveys.js -->\n\nText <!-- playbook:assets inline.css --> stays.\n"
    files = {"surveys/a.md": page.encode(), "index.md": b"# Home\n", "assets/playbook/surveys.css": b""}
    linked = link_page_assets(files, True)
    assert linked["surveys/a.md"].decode().splitlines()[2] == (
        '<div class="pb-assets" hidden><link rel="stylesheet" href="../../assets/playbook/surveys.css">'
        '<script src="../../assets/playbook/surveys.js" defer></script></div>'
    )
    assert "inline.css" in linked["surveys/a.md"].decode()  # only a marker on its own line counts
    assert linked["index.md"] == files["index.md"]
    assert page_only([page, "# Home"]) == {"surveys.css", "surveys.js"}
    styles = {"a.css": b".a{b:c}\n", "img.css": b".a{background:url(x.png)}\n"}
    assert asset_tags("p.md", ["a.css", "img.css"], False, styles) == (
        '<div class="pb-assets" hidden><style>.a{b:c}</style><link rel="stylesheet" href="assets/playbook/img.css"></div>'
    )
    assert minified({"a.css": b"a { b: c; }", "a.js": b"f( 1 ) ;", "x.png": b"\x89PNG"}) == {
        "a.css": b"a{b:c}",
        "a.js": b"f(1);",
        "x.png": b"\x89PNG",
    }
    assert minified({"latin1.css": b"a { content: '\xe9' }"}) == {"latin1.css": b"a { content: '\xe9' }"}  # not UTF-8: shipped as it is


def html_pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_survey_and_progress_assets_load_only_where_used(built_example: Callable[[str], Project], engine: str) -> None:
    site = built_example(engine).site_dir
    pages = dict(html_pages(site))
    loads = {name: set(re.findall(r'(?:href|src)="[^"]*assets/playbook/([\w.]+)"', html)) for name, html in pages.items()}
    styles = {name: "".join(re.findall(r"<style>(.*?)</style>", html, flags=re.S)) for name, html in pages.items()}
    surveys = {name for name, assets in loads.items() if "surveys.js" in assets}
    assert surveys == {name for name, html in pages.items() if "data-playbook-survey=" in html} and len(surveys) >= 5
    assert surveys == {name for name, css in styles.items() if ".md-typeset .pb-survey{" in css}  # its stylesheet, inline
    progress = {name for name, css in styles.items() if ".pb-chart{" in css}
    assert {name for name, html in pages.items() if re.search(r'class="pb-(chart|status|withheld|sr-only)', html)} <= progress
    assert progress and all(name.startswith("progress/") for name in progress)
    assert "index.html" not in surveys | progress and "guidelines/expectations/index.html" not in surveys | progress
    assert not any({"surveys.css", "progress.css"} & assets for assets in loads.values())
    assert all({"playbook.css", "playbook.js"} <= assets for name, assets in loads.items() if name != "404.html")
    shipped = (site / "assets" / "playbook" / "surveys.js").read_text(encoding="utf-8")
    assert shipped == minify_js((ASSETS / "surveys.js").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example with ``site_url`` set to where it is served, so Material's instant navigation is on."""
    project = copy_project(REPO, tmp_path_factory.mktemp("instant"), EXAMPLE_PARTS)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(project.site_dir)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    with project.mkdocs_file.open("a", encoding="utf-8") as config:
        config.write(f"\nsite_url: {url}\n")
    build(project)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()
    server.server_close()


def test_instant_navigation_sets_up_a_survey_once(instant_site: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=instant_site)  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("start/mentee/", wait_until="networkidle")
    assert page.locator("script[src*='surveys.js']").count() == 0
    page.evaluate("() => { window.sameDocument = true; }")
    for _visit in range(2):  # the second visit runs surveys.js again: it must not set the form up twice
        page.locator(".md-content a[href*='surveys/midpoint']").first.click()
        page.wait_for_selector("form[data-pb-ready=true]")
        assert page.evaluate("() => getComputedStyle(document.querySelector('.pb-option')).minHeight") == "55px"  # its CSS
        page.locator(".pb-option").first.click()
        assert page.inner_text(".pb-survey__progress-text").startswith("1 of")
        page.go_back()
        page.wait_for_selector(".md-content a[href*='surveys/midpoint']")
    assert page.evaluate("() => window.sameDocument === true")  # Material's instant navigation all along, no page load
    context.close()
    assert errors == []
