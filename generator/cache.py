"""Caches that keep a long-running preview warm: loaded inputs and compiled templates.

Input: a ``Project`` (its inputs' paths, modification times and sizes) and the loading steps
of ``generator.loading.load_programme`` as functions.
Output: ``LoadCache.remember(part, step)``: the step's earlier result while the files it depends
on are unchanged (same paths, modification times and sizes), else the step run again. The parts:
``document`` (program.yaml; depends on it and on which files exist), ``validate`` (also on the
project's theme files), ``content`` (Markdown; any
file but CSV), ``data:<feature>`` (each feature's data; any file but Markdown). A step that raises
is never remembered, so every located error is reported again on every run.
``TEMPLATES``: a Jinja2 bytecode cache in memory, so templates compile once per process (a
template's source is checked by checksum, an edited template compiles again).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from generator.project import Project

T = TypeVar("T")
Stats = tuple[tuple[str, int, int], ...]  # (path, mtime in ns, size) of each file, sorted


def file_stats(project: Project) -> Stats:
    """Every input file of the project with its modification time and size."""
    stats: list[tuple[str, int, int]] = []
    for path in project.watched_paths():
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for item in files:
            try:
                status = item.stat()
            except OSError:
                continue
            if item.is_file():
                stats.append((item.as_posix(), status.st_mtime_ns, status.st_size))
    return tuple(sorted(stats))


def _part_keys(project: Project, stats: Stats) -> dict[str, Hashable]:
    program = tuple(item for item in stats if item[0] in (project.program_file.as_posix(), project.mkdocs_file.as_posix()))
    names = tuple(item[0] for item in stats)
    document = (program, names)
    themes = project.themes_dir.as_posix() + "/"
    return {
        "document": document,
        "validate": (document, tuple(item for item in stats if item[0].startswith(themes))),
        "content": (document, tuple(item for item in stats if not item[0].endswith(".csv"))),
        "data": (document, tuple(item for item in stats if not item[0].endswith(".md"))),
    }


@dataclass
class LoadCache:
    """Results of loading steps, kept while the files they depend on are unchanged."""

    keys: dict[str, Hashable] = field(default_factory=dict)
    results: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def refresh(self, project: Project) -> None:
        """Look at the files again (once per load)."""
        self.keys = _part_keys(project, file_stats(project))
        self.hits = []

    def remember(self, part: str, step: Callable[[], T]) -> T:
        """The step's earlier result if its files are unchanged, else run it (and keep the result)."""
        key = self.keys.get(part.split(":")[0])
        earlier = self.results.get(part)
        if key is not None and earlier is not None and earlier[0] == key:
            self.hits.append(part)
            result: T = earlier[1]
            return result
        value = step()
        if key is not None:
            self.results[part] = (key, value)
        return value


def remember(cache: LoadCache | None, part: str, step: Callable[[], T]) -> T:
    """``step()`` through ``cache`` when there is one."""
    return step() if cache is None else cache.remember(part, step)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory, by template and source checksum (Jinja2 checks the checksum)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = MemoryBytecodeCache()


def stat_of(path: Path) -> tuple[int, int] | None:
    """A file's (modification time in ns, size), or None when it is missing."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
