"""Theme assets on the site: minified, and each loaded only by the pages that use it.

Input: the theme's assets (name → bytes, from ``Renderer.assets``), the staged Markdown pages,
and whether the engine writes directory URLs (``use_directory_urls`` in mkdocs.yml, default true).
Output: ``minified(assets)``, the same files with comments and spare whitespace removed;
``page_only(pages)``, the assets that only some pages load; ``link_page_assets(files, …)``, the
pages with their asset markers replaced by ``<link>``/``<script>`` tags relative to each page's
HTML file, so they work from a web server, under a sub-path and from ``file://`` alike.

A template asks for page assets with one marker line, ``<!-- playbook:assets surveys.css
surveys.js -->``; an asset no page asks for is loaded by every page (the engine config's
``extra_css``/``extra_javascript``). The tags sit in the page content, not in ``<head>``:
Material's instant navigation swaps the content and runs its scripts, but not a new head.

The minifiers are rcssmin and rjsmin (the field-standard pair, C-accelerated): they keep strings,
template literals and regular expressions as they are, and drop comments and spare whitespace.
tests/test_assets.py checks the CSS against tinycss2's parse and runs the JavaScript in Chromium.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping

import rcssmin
import rjsmin

ASSET_PREFIX = "assets/playbook"
MARKER = re.compile(r"^<!-- playbook:assets ((?:[\w.-]+ ?)+) -->$", re.MULTILINE)

# --- which page loads what -----------------------------------------------------------------


def requested(page: str) -> list[str]:
    """The asset names a page's markers ask for, in order."""
    return [name for found in MARKER.findall(page) for name in found.split()]


def page_only(pages: Iterable[str]) -> set[str]:
    """Every asset some page asks for with a marker (so not every page loads it)."""
    return {name for page in pages for name in requested(page)}


def output_folder(page: str, directory_urls: bool) -> str:
    """The folder of the HTML file the engine writes for Markdown ``page`` ("" for the site root)."""
    folder, name = posixpath.split(page)
    if directory_urls and name not in ("index.md", "README.md"):
        return posixpath.join(folder, name.removesuffix(".md"))
    return folder


def asset_roots(files: Iterable[str]) -> set[str]:
    """The docs folders that hold assets: "" for the docs root, "fr/" for a language's tree."""
    return {path.split(f"{ASSET_PREFIX}/")[0] for path in files if f"{ASSET_PREFIX}/" in path}


def asset_root(page: str, roots: set[str]) -> str:
    """The docs folder ``page`` belongs to: the deepest folder above it that holds assets ("" for the docs root)."""
    folders = [page.rsplit("/", depth)[0] + "/" for depth in range(page.count("/"), 0, -1)]
    return next((folder for folder in folders if folder in roots), "")


def asset_tags(page: str, names: Iterable[str], directory_urls: bool, styles: Mapping[str, bytes] | None = None) -> str:
    """The tags that load ``names`` from ``page``'s HTML file (paths relative to one docs folder).

    A stylesheet found in ``styles`` (name → minified bytes) is written inline, in a ``<style>``: it
    costs no request and does not hold up the first paint; one that could not be inlined as it is
    (it names a ``url()`` relative to itself, or closes the element) is linked like a script.
    """
    tags = []
    for name in names:
        href = posixpath.relpath(f"{ASSET_PREFIX}/{name}", output_folder(page, directory_urls) or ".")
        inline = (styles or {}).get(name, b"").decode("utf-8").strip()
        if name.endswith(".css") and inline and "url(" not in inline and "</" not in inline:
            tags.append(f"<style>{inline}</style>")
        elif name.endswith(".css"):
            tags.append(f'<link rel="stylesheet" href="{href}">')
        elif name.endswith(".js"):
            tags.append(f'<script src="{href}" defer></script>')
    return f'<div class="pb-assets" hidden>{"".join(tags)}</div>'  # one raw HTML block, so Markdown leaves it whole


def link_page_assets(files: Mapping[str, bytes], directory_urls: bool) -> dict[str, bytes]:
    """The staged files with every page's asset markers replaced by its tags (its stylesheets inline)."""
    linked, roots = dict(files), asset_roots(files)
    assets = {
        root: {
            path.removeprefix(f"{root}{ASSET_PREFIX}/"): data for path, data in files.items() if path.startswith(f"{root}{ASSET_PREFIX}/")
        }
        for root in roots
    }
    for path, data in files.items():
        if path.endswith(".md") and b"<!-- playbook:assets " in data:
            root = asset_root(path, roots)
            linked[path] = _with_tags(path.removeprefix(root), data.decode("utf-8"), directory_urls, assets.get(root, {})).encode("utf-8")
    return linked


def _with_tags(page: str, text: str, directory_urls: bool, styles: Mapping[str, bytes]) -> str:
    return MARKER.sub(lambda found: asset_tags(page, found.group(1).split(), directory_urls, styles), text)


def minified(assets: Mapping[str, bytes]) -> dict[str, bytes]:
    """The assets with their CSS and JavaScript minified; other files (and text that is not UTF-8) as they are."""
    result = {}
    for name, data in assets.items():
        minify = MINIFIERS.get(posixpath.splitext(name)[1])
        try:
            result[name] = minify(data.decode("utf-8")).encode("utf-8") if minify else data
        except UnicodeDecodeError:
            result[name] = data
    return result


def minify_css(text: str) -> str:
    """CSS without comments and spare whitespace (rcssmin); strings are kept exactly."""
    return str(rcssmin.cssmin(text))


def minify_js(text: str) -> str:
    """JavaScript without comments and spare whitespace (rjsmin); every literal is kept exactly."""
    return str(rjsmin.jsmin(text))


MINIFIERS: dict[str, Callable[[str], str]] = {".css": minify_css, ".js": minify_js}
