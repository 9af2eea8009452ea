"""The whole pipeline: load → validate → model → aggregate → render → write → engine.

Input: a ``Project`` and an engine name.
Output: ``site/`` replaced by the new site, or an ``ErrorList`` and nothing changed.
Everything is gathered and checked before anything is written (the MkDocs way).
"""

from __future__ import annotations

import datetime
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.aggregate import aggregate
from generator.engine import DEFAULT_ENGINE, run_engine
from generator.errors import ErrorList, PlaybookError, raise_if_any
from generator.inputs import ContentFile, check_program_file, load_content, load_site_config
from generator.load import Document
from generator.model import Program, build_program
from generator.pages import Bundle, Section
from generator.progress.data import load_cohort_data
from generator.project import Project
from generator.render import render_site
from generator.templating import Renderer, theme_folders
from generator.textsafe import escape_text
from generator.validate import validate
from generator.write import engine_config, recover_interrupted_swap, stage, staged_files, swap_site


@dataclass(frozen=True)
class Loaded:
    """A programme read and checked: what every command starts from."""

    project: Project
    document: Document
    program: Program
    content: dict[str, ContentFile]
    tables: dict[str, Any]


def _collect(errors: list[PlaybookError], action: Any, *args: Any) -> Any:
    try:
        return action(*args)
    except PlaybookError as error:
        errors.append(error)
    except ErrorList as many:
        errors.extend(many)
    return None


def load_project(project: Project) -> Loaded:
    """Read and validate everything; raise one ``ErrorList`` with every problem."""
    document = check_program_file(project)
    errors = validate(document, project.root)
    _collect(errors, load_site_config, project)
    raise_if_any(errors)
    content = _collect(errors, load_content, document, project)
    program = build_program(document.data)
    cohort_tables = _collect(errors, load_cohort_data, program, project)
    raise_if_any(errors)
    return Loaded(project, document, program, content, {"progress": cohort_tables})


def build_epoch(project: Project) -> int:
    """SOURCE_DATE_EPOCH if set, else the newest modification time of the inputs.

    Both give the same value for the same input, so two builds are byte-identical.
    """
    configured = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if configured.isdigit():
        return int(configured)
    newest = 0.0
    for path in project.watched_paths():
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        newest = max([newest, *(item.stat().st_mtime for item in files if item.is_file())])
    return int(newest)


def as_of_date(program: Program, epoch: int) -> datetime.date:
    """The date figures are computed for: program.as_of, else the build date (UTC)."""
    if program.info.as_of:
        return datetime.date.fromisoformat(program.info.as_of)
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date()


@dataclass(frozen=True)
class Rendered:
    sections: list[Section]
    files: dict[str, bytes]
    config: str


def render_project(loaded: Loaded, epoch: int) -> Rendered:
    """Aggregate and render: every staged file and the engine config, in memory."""
    program = loaded.program
    as_of = as_of_date(program, epoch)
    figures = aggregate(program, loaded.tables, as_of)
    renderer = Renderer(theme_folders(loaded.project.root, program.info.theme), program)
    sections = render_site(Bundle(program, loaded.content, as_of, figures), renderer)
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


def generate(project: Project) -> tuple[Loaded, Rendered, int, int]:
    """The generator's part: load to write. Returns files written and the build epoch."""
    loaded = load_project(project)
    epoch = build_epoch(project)
    rendered = render_project(loaded, epoch)
    written = stage(project, rendered.files, rendered.config)
    return loaded, rendered, written, epoch


def build(project: Project, engine: str = DEFAULT_ENGINE) -> BuildReport:
    """Build the site; ``site/`` is replaced only if every stage succeeded."""
    recover_interrupted_swap(project)
    started = time.perf_counter()
    _, rendered, written, epoch = generate(project)
    generated = time.perf_counter()
    run_engine(engine, project, epoch)
    swap_site(project)
    finished = time.perf_counter()
    pages = sum(1 for name in rendered.files if name.endswith(".md"))
    return BuildReport(pages, written, generated - started, finished - generated, project.site_dir)
