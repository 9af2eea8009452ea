"""MkDocs kept warm inside ``playbook serve``: rebuilt the moment Playbook has staged a change.

Input: the preview's engine config (``.playbook/build/preview.yml``), the user's mkdocs.yml it
inherits, an address, and calls to
``rebuild()`` from the preview loop after each regeneration.
Output: MkDocs' own live-reload server (``mkdocs.livereload.LiveReloadServer``, the one
``mkdocs serve`` runs) serving a temporary site folder on the address; browsers reload after
each rebuild. Nothing polls: ``mkdocs serve`` would look at the files every 0.5 s and start a
cold build; here a rebuild starts as soon as it is asked for, and it is warm: every page is
built (so the navigation is exact), but a page whose Markdown is unchanged reuses its HTML and
its search entries from the last build, a page whose HTML, navigation and config are unchanged
is written from memory, the theme's templates stay compiled and the theme's file
list is read once.
(MkDocs' own ``--dirty`` builds are not used: they leave the navigation of rebuilt pages wrong.)
These caches are installed only in the preview's process (``install_caches``); ``playbook
build``'s engine process keeps only the compiled theme templates, on disk
(``generator.engine_runner``).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import jinja2
import mkdocs.commands.build as mkdocs_build
from mkdocs import utils as mkdocs_utils
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.cache import MemoryBytecodeCache
from generator.engine_runner import keep_theme_templates_compiled

_THEME_TEMPLATES = MemoryBytecodeCache()
_THEME_FILES: dict[Hashable, list[tuple[str, str]]] = {}
_PAGES: dict[Hashable, tuple[Any, ...]] = {}
_SEARCH: dict[Hashable, list[dict[str, Any]]] = {}
_HTML: dict[Hashable, bytes] = {}
_CONFIG: list[bytes] = [b""]  # the preview config and the user's mkdocs.yml of the build under way
_installed: list[bool] = []


def _files_key(files: Files) -> Hashable:
    key = getattr(files, "_playbook_key", None)
    if key is None:
        key = tuple(sorted(file.src_uri for file in files))
        files._playbook_key = key  # type: ignore[attr-defined]
    return key


def _cached_render(original: Callable[[Page, MkDocsConfig, Files], None]) -> Callable[[Page, MkDocsConfig, Files], None]:
    """``Page.render`` that reuses the HTML of unchanged Markdown (same page, extensions and files)."""

    def render(page: Page, config: MkDocsConfig, files: Files) -> None:
        extensions = repr((config["markdown_extensions"], config["mdx_configs"]))
        key = (page.file.src_uri, page.markdown, extensions, _files_key(files))
        if key in _PAGES:
            page.content, page.toc, page._title_from_render, page.present_anchor_ids = _PAGES[key]
            return
        original(page, config, files)
        _PAGES[key] = (page.content, page.toc, page._title_from_render, page.present_anchor_ids)

    return render


def _cached_theme_files(original: Callable[[Files, jinja2.Environment, MkDocsConfig], None]) -> Callable[..., None]:
    """``Files.add_files_from_theme`` that lists the theme's folders once per process."""

    def add_files_from_theme(files: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates), config.use_directory_urls)
        if key not in _THEME_FILES:
            probe = Files([])
            original(probe, env, config)
            _THEME_FILES[key] = [(file.src_uri, file.src_dir or "") for file in probe]
        for path, folder in _THEME_FILES[key]:
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    return add_files_from_theme


def _cached_search_entries(original: Callable[[Any, Page], None]) -> Callable[[Any, Page], None]:
    """Material's ``SearchIndex.add_entry_from_context`` that reuses the entries of an unchanged page."""

    def add_entry_from_context(index: Any, page: Page) -> None:
        key = (page.url, page.title, page.content, repr(page.meta), repr(page.toc))
        if key in _SEARCH:
            index.entries.extend(dict(entry) for entry in _SEARCH[key])
            return
        start = len(index.entries)
        original(index, page)
        _SEARCH[key] = [dict(entry) for entry in index.entries[start:]]

    return add_entry_from_context


def _outline(items: Any) -> Hashable:
    """The navigation as plain values: titles, addresses and children, in order."""
    return tuple((str(item.title), getattr(item, "url", None), _outline(getattr(item, "children", None) or ())) for item in items)


def _cached_build_page(original: Callable[..., None]) -> Callable[..., None]:
    """MkDocs' ``_build_page`` that writes the earlier HTML of a page whose content, navigation and config are unchanged.

    The page's ``page_context`` event still runs, so plugins (search) still see every page.
    """

    def build_page(
        page: Page, config: MkDocsConfig, doc_files: Any, nav: Any, env: Any, dirty: bool = False, excluded: bool = False
    ) -> None:
        if not hasattr(nav, "_playbook_outline"):
            nav._playbook_outline = _outline(nav.items)
        key = (page.file.src_uri, page.content, repr(page.toc), repr(page.meta), excluded, nav._playbook_outline, _CONFIG[0])
        html = _HTML.get(key)
        if html is None:
            original(page, config, doc_files, nav, env, dirty, excluded)
            destination = Path(page.file.abs_dest_path)
            if destination.is_file():
                _HTML[key] = destination.read_bytes()
            return
        page.active = True
        try:
            context = mkdocs_build.get_context(nav, doc_files, config, page)
            config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        finally:
            page.active = False
        mkdocs_utils.write_file(html, page.file.abs_dest_path)

    return build_page


def install_caches() -> None:
    """Make MkDocs in this process reuse unchanged pages' HTML, compiled theme templates and the theme's file list."""
    if _installed:
        return
    _installed.append(True)
    Page.render = _cached_render(Page.render)  # type: ignore[method-assign,assignment]
    keep_theme_templates_compiled(_THEME_TEMPLATES)
    Files.add_files_from_theme = _cached_theme_files(Files.add_files_from_theme)  # type: ignore[method-assign]
    mkdocs_build._build_page = _cached_build_page(mkdocs_build._build_page)
    try:
        from material.plugins.search.plugin import SearchIndex  # type: ignore[import-untyped]
    except ImportError:  # another theme: its search is left as it is
        return
    SearchIndex.add_entry_from_context = _cached_search_entries(SearchIndex.add_entry_from_context)


class WarmMkDocs:
    """MkDocs' live-reload server in this process, rebuilt on request."""

    def __init__(self, config_file: Path, site_config: Path, host: str, port: int) -> None:
        install_caches()
        self.config_file = config_file
        self.site_config = site_config
        self.site_dir = tempfile.mkdtemp(prefix="playbook-preview-")
        self.server = LiveReloadServer(builder=self.build, host=host, port=port, root=self.site_dir)
        self.server.build_delay = 0.01  # MkDocs waits this long for more changes before building
        self.serve_url = _serve_url(host, port, "/")
        self.loop = threading.Thread(target=self.server._build_loop, daemon=True)  # MkDocs' own build loop

    def build(self) -> None:
        """Build the whole site into the served folder (warm)."""
        _CONFIG[0] = self.config_file.read_bytes() + b"\0" + self.site_config.read_bytes()
        config = load_config(config_file=str(self.config_file), site_dir=self.site_dir)
        config.site_url = self.serve_url
        build(config, serve_url=self.serve_url)

    def start(self) -> None:
        """Build the site once, then serve it (raises ``OSError`` if the address is taken)."""
        self.server.watch(str(self.config_file.parent))  # makes pages carry MkDocs' reload script; its poller is never started
        self.server.server_bind()
        self.server.server_activate()
        self.build()
        self.server.serve_thread.start()
        self.loop.start()

    def rebuild(self) -> None:
        """Rebuild now; browsers reload when it is done."""
        with self.server._rebuild_cond:  # as MkDocs' own file watcher asks for a rebuild
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def alive(self) -> bool:
        return self.loop.is_alive()

    def stop(self) -> None:
        self.server.shutdown()
        shutil.rmtree(self.site_dir, ignore_errors=True)
