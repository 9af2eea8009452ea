"""The whole pipeline: load → validate → model → aggregate → render → write → engine.

Input: a ``Project`` and an engine name.
Output: ``site/`` replaced by the new site, or an ``ErrorList`` and nothing changed.
Everything is gathered and checked before anything is written (the MkDocs way).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.aggregate import aggregate, disclosure_audit, require_no_leak
from generator.cache import TEMPLATES, LoadCache
from generator.engine import DEFAULT_ENGINE, run_engine
from generator.i18n import language
from generator.loading import Loaded, as_of_date, build_epoch, load_programme
from generator.pages import Bundle, Section
from generator.project import Project
from generator.render import render_site
from generator.templating import Renderer, theme_folders
from generator.textsafe import escape_text
from generator.write import build_lock, engine_config, recover_interrupted_swap, stage, staged_files, swap_site


@dataclass(frozen=True)
class Rendered:
    """Every staged file and the engine config, in memory."""

    sections: list[Section]
    files: dict[str, bytes]
    config: str


def render_project(loaded: Loaded, epoch: int) -> Rendered:
    """Aggregate and render: every staged file and the engine config, in memory."""
    program = loaded.program
    as_of = as_of_date(program, epoch)
    figures = aggregate(program, loaded.data, as_of)
    require_no_leak(disclosure_audit(program, figures))
    renderer = Renderer(theme_folders(loaded.project.root, program.info.theme), program)
    renderer.environment.bytecode_cache = TEMPLATES  # templates compile once per process
    with language(program.info.language):
        sections = render_site(Bundle(program, dict(loaded.content), figures), renderer)
        assets = renderer.assets()
        files = staged_files(sections, assets)
        config = engine_config(loaded.project, sections, assets, escape_text(program.info.name))
    return Rendered(sections, files, config)


@dataclass(frozen=True)
class BuildReport:
    """What a build did and how long each part took (seconds)."""

    pages: int
    files_written: int
    generator_seconds: float
    engine_seconds: float
    site_dir: Path


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
    written = stage(project, {**rendered.files, **(extra or {})}, rendered.config)
    return loaded, rendered, written, epoch


def build(project: Project, engine: str = DEFAULT_ENGINE) -> BuildReport:
    """Build the site; ``site/`` is replaced only if every stage succeeded.

    A second build of the same project at once waits for the first (``build_lock``).
    """
    with build_lock(project):
        recover_interrupted_swap(project)
        started = time.perf_counter()
        _, rendered, written, epoch = generate(project)
        generated = time.perf_counter()
        run_engine(engine, project, epoch)
        swap_site(project)
        finished = time.perf_counter()
    pages = sum(1 for name in rendered.files if name.endswith(".md"))
    return BuildReport(pages, written, generated - started, finished - generated, project.site_dir)
