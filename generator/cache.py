"""Caches that keep a long-running preview warm: loaded inputs and compiled templates.

Input: a ``Project`` (its inputs' paths, modification times and sizes) and the loading steps
of ``generator.loading.load_programme`` as functions.
Output: ``LoadCache.remember(part, step)``: the step's earlier result while the files it depends
on are unchanged (same paths, modification times and sizes), else the step run again. The parts:
``document`` (program.yaml; depends on it and on which files exist), ``validate`` (also on the
project's theme files), ``content`` (Markdown; any
file but CSV), ``data:<feature>`` (each feature's data; any file but Markdown). A step that raises
is never remembered, so every located error is reported again on every run.
``COHORTS``: the preview's per-cohort results (each cohort's checked data and figures), kept
while the programme and the cohort's folder are unchanged.
``SLOW_OUTPUTS``: whether slow outputs (PDFs) are drawn, or their last copy shown (preview, check).
``TEMPLATES``: a Jinja2 bytecode cache in memory, so templates compile once per process, and (once
a build or the theme check asks) in the user's private Jinja2 cache folder, so they compile, and
their syntax is checked, once per change (a
template's source is checked by checksum, an edited template compiles again); files unused for
30 days are pruned from that folder once a day (``prune_template_cache``).
``derived_bytes(source, derive, kind)``: ``derive(source)``, kept in the same private folder by the
source's checksum (the translation catalogues compiled from their ``.po`` files).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2

from generator.project import Project

T = TypeVar("T")
Stats = tuple[tuple[str, int, int], ...]  # (path, mtime in ns, size) of each file, sorted


def file_stats(project: Project, paths: tuple[Path, ...] | None = None) -> Stats:
    """Every file of ``paths`` (files and folders; by default the project's watched inputs) with its modification time and size."""
    stats: list[tuple[str, int, int]] = []
    for path in project.watched_paths() if paths is None else paths:
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for item in files:
            try:
                status = item.stat()
            except OSError:
                continue
            if item.is_file():
                stats.append((item.as_posix(), status.st_mtime_ns, status.st_size))
    return tuple(sorted(stats))


def _part_keys(project: Project, stats: Stats, elsewhere: Stats) -> dict[str, Hashable]:
    """The key of each loading step: the files it depends on; ``elsewhere``, files features read outside the watched folders, are data."""
    program = tuple(item for item in stats if item[0] in (project.program_file.as_posix(), project.mkdocs_file.as_posix()))
    names = tuple(item[0] for item in stats)
    document = (program, names)
    themes = project.themes_dir.as_posix() + "/"
    return {
        "document": document,
        "validate": (document, tuple(item for item in stats if item[0].startswith(themes))),
        "content": (document, tuple(item for item in stats if not item[0].endswith(".csv"))),
        "data": (document, tuple(item for item in stats if not item[0].endswith(".md")), elsewhere),
    }


@dataclass
class LoadCache:
    """Results of loading steps, kept while the files they depend on are unchanged."""

    keys: dict[str, Hashable] = field(default_factory=dict)
    results: dict[str, tuple[Hashable, Any]] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    inputs: tuple[Path, ...] = ()
    """Files the features read outside the watched folders (``Feature.input_paths``), as the last load named them."""

    def refresh(self, project: Project) -> None:
        """Look at the files again (once per load)."""
        self.keys = _part_keys(project, file_stats(project), file_stats(project, self.inputs))
        self.hits = []

    def learn_inputs(self, project: Project, inputs: tuple[Path, ...]) -> None:
        """The files the features read elsewhere, as the programme just validated names them; before the data is read.

        Only data depends on them, so a change of these names re-reads nothing else.
        """
        if inputs != self.inputs:
            self.inputs = inputs
            self.keys = _part_keys(project, file_stats(project), file_stats(project, inputs)) | {
                part: key for part, key in self.keys.items() if part != "data"
            }

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


SIMPLE_VALUES = (int, float, str, bytes, tuple, datetime.date, type(None))


def _same(earlier: object, now: object) -> bool:
    """The same object, or an equal plain value (a date, a number, a secret, the stats of a folder)."""
    return earlier is now or (isinstance(now, SIMPLE_VALUES) and type(earlier) is type(now) and earlier == now)


@dataclass
class CohortMemo:
    """Results the preview keeps: per cohort (``COHORTS``), so a CSV edit re-reads and re-aggregates only
    its cohort, and per feature (``FIGURES``), so a content edit works out no figure again.

    ``recall(key, inputs, step)`` gives the earlier result of ``step`` for ``key`` while every
    input is the same object (the ``Program``, a cohort's data) or an equal plain value, and the
    files of ``paths`` (a cohort's folder) have the same names, modification times and sizes. Off
    unless ``enabled`` (``playbook serve`` turns it on): a one-off build keeps nothing.
    """

    enabled: bool = False
    entries: dict[Hashable, tuple[tuple[object, ...], object]] = field(default_factory=dict)
    runs: list[Hashable] = field(default_factory=list)
    """The keys whose step ran (not recalled) since the preview last cleared it: for tests and benchmarks."""

    def recall(self, key: Hashable, inputs: tuple[object, ...], step: Callable[[], T], folder: Path | None = None) -> T:
        """``step()``, or its earlier result while its inputs (and ``folder``'s files) are unchanged."""
        if not self.enabled:
            return step()
        inputs = (*inputs, folder_stats(folder)) if folder is not None else inputs
        earlier = self.entries.get(key)
        if earlier is not None and len(earlier[0]) == len(inputs) and all(map(_same, earlier[0], inputs)):
            result: T = cast(T, earlier[1])
            return result
        self.runs.append(key)
        value = step()
        self.entries[key] = (inputs, value)
        return value


def folder_stats(folder: Path) -> Stats:
    """The files directly in ``folder`` with their modification times and sizes (empty when it is missing)."""
    if not folder.is_dir():
        return ()
    found = ((path.name, stat_of(path)) for path in sorted(folder.iterdir()))
    return tuple((name, *stats) for name, stats in found if stats is not None)


COHORTS = CohortMemo()
FIGURES = CohortMemo()
"""Each feature's figures, kept by the preview while its data and the programme are the same objects (a content edit)."""


@dataclass
class SlowOutputs:
    """How slow outputs (the handbook PDFs) are made in this process.

    ``draw`` (``playbook build``, ``playbook pdf``): draw what changed. ``last`` (the preview): show
    the last drawn copy rather than drawing on every save; draw only when there is none.
    ``never`` (``playbook check``): show the last drawn copy if any, draw nothing, write nothing.
    """

    mode: str = "draw"

    @contextlib.contextmanager
    def set_to(self, mode: str) -> Iterator[None]:
        """Use ``mode`` inside the ``with`` block."""
        earlier, self.mode = self.mode, mode
        try:
            yield
        finally:
            self.mode = earlier


SLOW_OUTPUTS = SlowOutputs()


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory, by template and source checksum (Jinja2 checks the checksum).

    With ``keep_on_disk``, they are kept on disk as well, so a fresh ``playbook build`` does not
    compile unchanged templates again. The disk copy is Jinja2's per-user cache folder (made
    private to the user, outside the project, so no file of a project can plant compiled code); it
    only saves time: one that cannot be made, read or written is ignored.
    """

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}
        self.disk: jinja2.FileSystemBytecodeCache | None = None

    def keep_on_disk(self) -> None:
        """Keep compiled templates in the user's private cache folder too (once per process); prune it."""
        folder = private_cache_folder()
        if self.disk is None and folder is not None:
            self.disk = jinja2.FileSystemBytecodeCache(str(folder), pattern=CACHE_FILE_PATTERN)
            prune_template_cache(folder, time.time())

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                self.store[bucket.key] = bucket.bytecode_to_string()
                with contextlib.suppress(OSError):  # marks it as used, so pruning keeps it
                    os.utime(Path(self.disk.directory) / (CACHE_FILE_PATTERN % bucket.key))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            with contextlib.suppress(OSError):
                self.disk.dump_bytecode(bucket)


def private_cache_folder() -> Path | None:
    """Jinja2's per-user cache folder (made, private to this user, outside any project), or None when there is none."""
    try:
        return Path(jinja2.FileSystemBytecodeCache().directory)
    except (OSError, RuntimeError):  # RuntimeError: Jinja2 found no folder private to this user
        return None


def derived_bytes(source: bytes, derive: Callable[[bytes], bytes], kind: str) -> bytes:
    """``derive(source)``, kept in the private cache folder by the checksum of ``kind`` and ``source``.

    ``kind`` names what ``derive`` makes and how (include the version of the library that makes
    it), so a change of either never gives an old copy. The copy only saves time: one that cannot
    be read or written is made again; it is written atomically, so it is never half there.
    """
    folder = private_cache_folder()
    if folder is None:
        return derive(source)
    path = folder / (CACHE_FILE_PATTERN % hashlib.sha256(kind.encode("utf-8") + b"\0" + source).hexdigest())
    with contextlib.suppress(OSError):
        kept = path.read_bytes()
        os.utime(path)  # marks it as used, so pruning keeps it
        return kept
    made = derive(source)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(made)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
    return made


CACHE_FILE_PATTERN = "__playbook_%s.cache"
PRUNE_EVERY_SECONDS = 24 * 3600
KEEP_UNUSED_SECONDS = 30 * 24 * 3600
PRUNED_MARKER = "__playbook_pruned"


def prune_template_cache(folder: Path, now: float) -> int:
    """Remove Playbook's compiled templates unused for ``KEEP_UNUSED_SECONDS`` (at most once a day).

    Each project folder and template has its own file, so without pruning the folder would grow
    with every project ever built (every test run makes hundreds). Returns how many were removed.
    """
    marker = folder / PRUNED_MARKER
    last = stat_of(marker)
    if last is not None and now - last[0] / 1e9 < PRUNE_EVERY_SECONDS:
        return 0
    removed = 0
    for path in folder.glob(CACHE_FILE_PATTERN % "*"):
        found = stat_of(path)
        if found is not None and now - found[0] / 1e9 > KEEP_UNUSED_SECONDS:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    with contextlib.suppress(OSError):
        marker.touch()
    return removed


TEMPLATES = MemoryBytecodeCache()


def stat_of(path: Path) -> tuple[int, int] | None:
    """A file's (modification time in ns, size), or None when it is missing."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
