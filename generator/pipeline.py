"""The whole pipeline: load → validate → model → aggregate → render → write → engine.

Input: a ``Project`` and an engine name.
Output: ``site/`` replaced by the new site, or an ``ErrorList`` and nothing changed.
Everything is gathered and checked before anything is written (the MkDocs way).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.aggregate import aggregate, disclosure_audit, require_no_leak
from generator.cache import TEMPLATES, LoadCache
from generator.engine import DEFAULT_ENGINE, StartedEngine
from generator.errors import unreadable_file
from generator.i18n import gettext as _
from generator.i18n import language, language_name, text_direction, untranslated_note
from generator.inputs import ContentFile
from generator.languages import theme_settings
from generator.load import collector_paused
from generator.loading import (
    DARK_TOGGLE,
    LIGHT_TOGGLE,
    STAGED_OVERRIDES,
    Loaded,
    as_of_date,
    build_epoch,
    english_toggle_palette,
    load_programme,
)
from generator.model import Program
from generator.pages import Bundle, Section
from generator.project import Project
from generator.render import render_site
from generator.static_files import published_addresses, static_files
from generator.templating import Renderer, theme_folders
from generator.textsafe import escape_text
from generator.write import (
    build_lock,
    copy_if_changed,
    engine_config,
    recover_interrupted_swap,
    stage,
    staged_files,
    swap_site,
    write_if_changed,
)


@dataclass(frozen=True)
class Rendered:
    """Every staged file and the engine config, in memory.

    A multilingual programme has one tree per language: its files under ``<code>/``, ``config``
    builds the default language and ``configs`` holds the others' (file name → text).
    """

    sections: list[Section]
    files: dict[str, bytes]
    config: str
    configs: dict[str, str] = field(default_factory=dict)
    trees: tuple[str, ...] = ()


def render_project(loaded: Loaded, epoch: int) -> Rendered:
    """Aggregate and render: every staged file and the engine config, in memory (each language in turn)."""
    versions = loaded.versions()
    if len(versions) == 1:
        sections, files, config = _render_language(loaded, loaded.program, loaded.content, epoch)
        return Rendered(sections, files, config)
    all_sections: list[Section] = []
    all_files: dict[str, bytes] = {}
    configs: dict[str, str] = {}
    for code, version in versions.items():
        sections, files, config = _render_language(loaded, version.program, version.content, epoch, tuple(versions))
        all_sections += sections
        all_files |= {f"{code}/{name}": data for name, data in files.items()}
        configs[language_config_name(code)] = config
    default = next(iter(versions))
    main = configs.pop(language_config_name(default))
    return Rendered(all_sections, dict(sorted(all_files.items())), main, configs, tuple(versions))


def translated_settings(restated: Mapping[str, Any]) -> dict[str, Any]:
    """The restated settings of mkdocs.yml in the active language (the heading links' title, the light/dark toggle's labels)."""
    translated = dict(restated)
    extensions = restated.get("markdown_extensions")
    if isinstance(extensions, list):
        translated["markdown_extensions"] = [_translated_toc(item) for item in extensions]
    theme = restated.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("palette"), list):
        translated["theme"] = {**theme, "palette": [_translated_toggle(scheme) for scheme in theme["palette"]]}
    return translated


def _translated_toggle(scheme: Any) -> Any:
    toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
    if not isinstance(toggle, dict) or "name" not in toggle:
        return scheme
    name = str(toggle["name"])  # only Playbook's own palette is restated, its labels marked for translation (loading.DARK_TOGGLE)
    return {**scheme, "toggle": {**toggle, "name": _(name)}}


def _translated_toc(item: Any) -> Any:
    settings = item.get("toc") if isinstance(item, dict) else None
    if not isinstance(settings, dict) or "permalink_title" not in settings:
        return item
    title = str(settings["permalink_title"])  # marked for translation where it is set (loading.PERMALINK_TITLE)
    return {"toc": {**settings, "permalink_title": _(title)}}


def language_config_name(code: str) -> str:
    """The engine config file of a language tree, beside the build's ``mkdocs.yml``."""
    return f"mkdocs.{code}.yml"


def _render_language(
    loaded: Loaded, program: Program, content: Mapping[str, ContentFile], epoch: int, trees: tuple[str, ...] = ()
) -> tuple[list[Section], dict[str, bytes], str]:
    """One language's sections, staged files and engine config; ``trees``: every language of a multilingual site."""
    code = program.info.language
    with language(code):
        figures = aggregate(program, loaded.data, as_of_date(program, epoch))
        require_no_leak(disclosure_audit(program, figures))
        renderer = Renderer(theme_folders(loaded.project.root, program.info.theme), program)
        TEMPLATES.keep_on_disk()
        renderer.environment.bytecode_cache = TEMPLATES  # templates compile once per change, kept on disk
        sections = render_site(Bundle(program, dict(content), figures, published_addresses(loaded.project)), renderer)
        assets = renderer.assets()
        files = staged_files(sections, assets)
        restated = translated_settings(loaded.restated)
        theme = {**restated.get("theme", {}), **theme_settings(code)}
        alternates = [{"name": language_name(other), "link": f"../{other}/", "lang": other} for other in trees]
        config = engine_config(
            loaded.project, sections, assets, escape_text(program.info.name), theme, code if trees else "", alternates, restated
        )
    return sections, files, config


@dataclass(frozen=True)
class BuildReport:
    """What a build did and how long each part took (seconds)."""

    pages: int
    files_written: int
    generator_seconds: float
    engine_seconds: float
    site_dir: Path
    notes: tuple[str, ...] = ()
    """What the lead should know though nothing is wrong (a language Playbook has no translation for)."""


def generate(
    project: Project, extra: Mapping[str, bytes] | None = None, cache: LoadCache | None = None
) -> tuple[Loaded, Rendered, int, int]:
    """The generator's part: load to write. Returns files written and the build epoch.

    ``extra`` files (the preview's overlay) are staged next to the pages; ``build`` passes none.
    The preview passes a ``cache`` so unchanged files are not read again.
    """
    loaded = load_programme(project, cache=cache)
    epoch = build_epoch(project)
    rendered = render_project(loaded, epoch)
    tree = f"{rendered.trees[0]}/" if rendered.trees else ""  # a multilingual preview shows the default language's tree
    files = {**rendered.files, **{tree + name: data for name, data in (extra or {}).items()}}
    written = stage(project, files, rendered.config, static_copies(project, rendered))
    written += sum(write_if_changed(project.build_dir / name, text.encode("utf-8")) for name, text in rendered.configs.items())
    written += stage_overrides(project, loaded.overrides)
    return loaded, rendered, written, epoch


def static_copies(project: Project, rendered: Rendered) -> dict[str, Path]:
    """The programme's own images, PDFs and media from content/ (their paths), by staged address in each language's tree."""
    prefixes = [f"{code}/" for code in rendered.trees] or [""]
    own = {name.removeprefix(prefix) for name in rendered.files for prefix in prefixes if name.startswith(prefix)}
    found = static_files(project, own)
    return {prefix + name: path for prefix in prefixes for name, path in found.items()}


def stage_overrides(project: Project, overrides: Mapping[str, Path]) -> int:
    """Copy the theme overrides (staged name → file) into the staged overrides folder, the engine config's ``theme.custom_dir``.

    Copied as the programme's images are (only when size or modification time changed); files no
    longer listed are removed, and the folder with them when none is (a theme other than Material).
    Returns files written.
    """
    folder = project.build_dir / STAGED_OVERRIDES
    written = sum(_copied(project, source, folder / name) for name, source in overrides.items())
    for path in sorted(folder.rglob("*"), reverse=True) if folder.is_dir() else ():
        if not path.is_dir() and path.relative_to(folder).as_posix() not in overrides:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if folder.is_dir() and not overrides:
        folder.rmdir()
    return written


def _copied(project: Project, source: Path, target: Path) -> bool:
    """``copy_if_changed``; a source that vanished or cannot be read mid-copy is the located error the user knows it by."""
    try:
        return copy_if_changed(source, target)
    except OSError as problem:
        if problem.filename is not None and Path(os.fsdecode(problem.filename)) == source:
            raise unreadable_file(project.display(source), problem.strerror or type(problem).__name__) from None
        raise


def _run_engine_per_language(engine: str, started: StartedEngine, project: Project, epoch: int, trees: tuple[str, ...]) -> None:
    """A multilingual site: the engine once per language tree (``site/<code>/``), then the root page.

    The next language's engine starts while the current one builds, so it is ready when needed.
    """
    shutil.rmtree(project.staged_site_dir, ignore_errors=True)  # no tree of a language the programme dropped
    current = started
    for number, code in enumerate(trees):
        upcoming = StartedEngine(engine, project) if number + 1 < len(trees) else None
        try:
            config = project.engine_config if number == 0 else project.build_dir / language_config_name(code)
            current.run(project, epoch, config, code)
        except BaseException:
            if upcoming is not None:
                upcoming.cancel()
            raise
        current = upcoming or current
    write_if_changed(project.staged_site_dir / "index.html", language_index(trees).encode("utf-8"))


def language_index(trees: tuple[str, ...]) -> str:
    """The site's root page: straight on to the default language, with a link to each language in its own words."""
    links = "\n".join(
        f'<li><a href="{code}/" hreflang="{code}" lang="{code}" dir="{text_direction(code)}">{escape_text(language_name(code))}</a></li>'
        for code in trees
    )
    default = trees[0]
    return (
        f'<!doctype html>\n<html lang="{default}" dir="{text_direction(default)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="refresh" content="0; url={default}/">\n<link rel="canonical" href="{default}/">\n'
        f"<title>{escape_text(language_name(default))}</title>\n</head>\n<body>\n<ul>\n{links}\n</ul>\n</body>\n</html>\n"
    )


def build(project: Project, engine: str = DEFAULT_ENGINE, started: StartedEngine | None = None) -> BuildReport:
    """Build the site; ``site/`` is replaced only if every stage succeeded.

    The engine's process is started first (or passed in ``started`` by a caller that started it
    even earlier), so it imports itself while the generator works. A second build of the same
    project at once waits for the first (``build_lock``).
    """
    with build_lock(project), started or StartedEngine(engine, project) as process:
        recover_interrupted_swap(project)
        begun = time.perf_counter()
        with collector_paused():  # a one-off build makes almost no cyclic garbage (the preview keeps collecting)
            loaded, rendered, written, epoch = generate(project)
        generated = time.perf_counter()
        if rendered.trees:
            _run_engine_per_language(engine, process, project, epoch, rendered.trees)
        else:
            process.run(project, epoch)
        swap_site(project)
        finished = time.perf_counter()
    pages = sum(1 for name in rendered.files if name.endswith(".md"))
    return BuildReport(pages, written, generated - begun, finished - generated, project.site_dir, notes_on(loaded))


def notes_on(loaded: Loaded) -> tuple[str, ...]:
    """What ``build`` and ``check`` tell the lead about a programme that has no error."""
    notes = (untranslated_note(loaded.versions()), english_toggle_note(loaded))
    return tuple(note for note in notes if note)


def english_toggle_note(loaded: Loaded) -> str | None:
    """A note, at mkdocs.yml's ``theme.palette``, when its toggle keeps the starter's English labels on a page in another language, or None.

    Named only for the languages whose catalogue translates the labels: there the build's own palette would speak the language.
    """
    if loaded.site is None or not english_toggle_palette(loaded.site):
        return None
    translated = []
    for code in loaded.versions():
        with language(code):
            if _(DARK_TOGGLE) != DARK_TOGGLE:
                translated.append(code)
    if not translated:
        return None
    message = (
        f"note: the light/dark toggle's labels ('{DARK_TOGGLE}', '{LIGHT_TOGGLE}') stay in English on the {', '.join(translated)} pages. "
        "Remove the palette: block from mkdocs.yml to have them in the programme's language (the build then adds the same light "
        "and dark schemes itself), or write the labels in your own words there."
    )
    return str(loaded.site.error(("theme", "palette"), message))
