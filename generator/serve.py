"""Live preview: regenerate only what changed on every save, show mistakes over the page.

Input: a ``Project``, an engine, and an address (127.0.0.1 by default).
Output: a running preview until Ctrl+C, or, before anything is generated or started, a
``PlaybookError`` for an address nothing should or can listen on (``options.check_can_serve``: a
blank host, which the socket layer takes for every network interface, a host that is not this
computer's, a port in use). Changes to program.yaml, content/, themes/,
mkdocs.yml or a file a feature reads elsewhere in the project (``Feature.input_paths``, such as
the outcomes' HR extract) regenerate the staged Markdown. Each of those folders is watched from the
moment it exists: one missing at the start, or deleted and made again, is awaited from the nearest
folder above it (``FolderWatches``). Files unchanged since the last run are not read
again (``generator.cache.LoadCache``: a Markdown edit re-reads content, a CSV edit re-reads
data), templates stay compiled, and only changed staged files are rewritten. MkDocs runs warm
in this process (``generator.warm_mkdocs``) and rebuilds the changed pages the moment they are
staged; Zensical runs its own ``serve`` and rebuilds incrementally. The engine is given a
preview-only config that adds the error overlay (``generator.overlay``): a mistake is printed
with its location and shown over every preview page until the next good save; the last good
pages stay up underneath (also when the preview starts with errors, if a build ran before).
"""

from __future__ import annotations

import ipaddress
import os
import signal
import socket
import stat
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Protocol

import yaml
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from generator.cache import COHORTS, FIGURES, SLOW_OUTPUTS, LoadCache, stat_of
from generator.engine import engine_command, engine_environment
from generator.errors import ErrorList, PlaybookError, unreadable_file
from generator.loading import build_epoch
from generator.options import cannot_serve, check_can_serve
from generator.overlay import ERRORS as OVERLAY_ERRORS
from generator.overlay import errors_json, overlay_files, preview_config
from generator.pipeline import generate
from generator.project import Project
from generator.write import write_if_changed

QUIET_SECONDS = 0.05  # editors save in several steps; wait for this much calm
TICK_SECONDS = 0.01
PREVIEW_CONFIG = "preview.yml"
_CHANGES = {"created", "deleted", "modified", "moved", "closed"}


class _ChangeFlag(FileSystemEventHandler):
    """Remembers when the last relevant change happened."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.inputs: frozenset[Path] = frozenset()  # files the features read outside content/ (such as an HR extract)
        self.folders: frozenset[Path] = frozenset()  # their folders, but the project's own
        self.changed_at: float | None = None
        self.lock = threading.Lock()
        self.event = threading.Event()

    def learn(self, inputs: tuple[Path, ...]) -> None:
        """The files the features read elsewhere, as the last load named them."""
        self.inputs = frozenset(inputs)
        self.folders = frozenset(path.parent for path in inputs) - {self.project.root}

    def read_folders(self) -> dict[Path, bool]:
        """Every folder whose files the preview reads, and whether its subfolders' are read too."""
        return {folder: False for folder in sorted(self.folders)} | {self.project.content_dir: True, self.project.themes_dir: True}

    def concerns(self, path: Path) -> bool:
        """Whether a change at ``path`` can change the preview: program.yaml, mkdocs.yml, a file a feature
        reads, anything in content/ or themes/ or an input's folder, or a folder on the way to one of them."""
        if ".playbook" in path.parts or path.name.startswith(".tmp-"):
            return False
        project = self.project
        if path in (project.program_file, project.mkdocs_file) or path in self.inputs or path.parent in self.folders:
            return True
        if path.is_relative_to(project.content_dir) or path.is_relative_to(project.themes_dir):
            return True
        return any(folder.is_relative_to(path) for folder in self.read_folders())  # the project's folder itself, too

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return  # reading a file (opened, closed without writing) is not a change
        if not self.concerns(Path(str(event.src_path))):
            return
        with self.lock:
            self.changed_at = time.monotonic()
        self.event.set()

    def take_if_quiet(self) -> bool:
        with self.lock:
            if self.changed_at is None or time.monotonic() - self.changed_at < QUIET_SECONDS:
                return False
            self.changed_at = None
            self.event.clear()
            return True

    def wait(self, seconds: float) -> None:
        """Sleep until a change arrives or ``seconds`` pass."""
        self.event.wait(seconds if self.changed_at is None else TICK_SECONDS)


@dataclass
class Preview:
    """What the preview remembers between regenerations."""

    project: Project
    cache: LoadCache = field(default_factory=LoadCache)
    site_config: tuple[int, int] | None = None

    @property
    def config_path(self) -> Path:
        """The preview's engine config: the build's, plus the error overlay."""
        return self.project.build_dir / PREVIEW_CONFIG


@dataclass(frozen=True)
class Outcome:
    """One regeneration: its epoch (None after errors) and the staged files it wrote."""

    epoch: int | None
    written: int


def regenerate(preview: Preview) -> Outcome:
    """Regenerate staged files; show errors (terminal and overlay) instead of stopping.

    Each cohort's data and figures are recalled while its folder and the programme are unchanged
    (``cache.COHORTS``), so a CSV edit re-reads and re-aggregates only its cohort; each feature's
    figures are recalled while its data is unchanged (``cache.FIGURES``: a content edit).
    """
    project = preview.project
    COHORTS.enabled = FIGURES.enabled = True
    SLOW_OUTPUTS.mode = "last"
    COHORTS.runs.clear()
    FIGURES.runs.clear()
    try:
        _, rendered, written, epoch = generate(project, overlay_files(), preview.cache)
    except (ErrorList, PlaybookError) as problem:
        return _show_errors(project, list(problem) if isinstance(problem, ErrorList) else [problem])
    except Exception as problem:  # a preview outlives any one save: it reports the fault and keeps serving
        return _show_errors(project, [unexpected_error(project, problem)])
    config_changed = write_if_changed(preview.config_path, preview_config(rendered.config).encode("utf-8"))
    site_config = stat_of(project.mkdocs_file)
    if site_config != preview.site_config:
        config_changed = True
        os.utime(preview.config_path)  # the user's mkdocs.yml changed: engines that watch files reload it
    preview.site_config = site_config
    print(f"Regenerated ({written} files changed).", flush=True)
    return Outcome(epoch, written + config_changed)


def unexpected_error(project: Project, problem: Exception) -> PlaybookError:
    """A problem generation did not foresee, as the preview reports it.

    A file that vanished or could not be read while an editor was saving it names that file;
    anything else is a fault in Playbook, named as one, with its type and message.
    """
    if isinstance(problem, OSError) and problem.filename:
        where = project.display(Path(os.fsdecode(problem.filename)))
        reason = problem.strerror or type(problem).__name__
        return unreadable_file(where, reason)
    return PlaybookError(
        project.display(project.program_file),
        0,
        0,
        (),
        f"Playbook stopped on an unexpected {type(problem).__name__} ({problem}) while reading this programme. "
        "This is a fault in Playbook, not in your files: the preview keeps the last good pages; "
        "please report it with the change you just saved.",
    )


def _show_errors(project: Project, errors: list[PlaybookError]) -> Outcome:
    """Print the problems with their places and put them in the overlay; the last good pages stay."""
    for error in errors:
        print(error, flush=True)
    print("Fix the problems above; the preview shows them over the last good pages.", flush=True)
    written = write_if_changed(project.staged_docs_dir / OVERLAY_ERRORS, errors_json(errors))
    return Outcome(None, int(written))


class _Engine(Protocol):
    def alive(self) -> bool: ...
    def changed(self, outcome: Outcome) -> None: ...
    def stop(self) -> int: ...


class _Subprocess:
    """An engine's own ``serve`` in a subprocess; it watches the staged files itself."""

    def __init__(self, command: list[str], project: Project, epoch: int) -> None:
        self.process = subprocess.Popen(command, cwd=project.build_dir, env=engine_environment(epoch))

    def alive(self) -> bool:
        return self.process.poll() is None

    def changed(self, outcome: Outcome) -> None:
        pass

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        return self.process.returncode or 0


class _Warm:
    """MkDocs in this process, told to rebuild right after each regeneration."""

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        from generator.warm_mkdocs import WarmMkDocs

        self.mkdocs = WarmMkDocs(preview.config_path, preview.project.mkdocs_file, host, port)
        self.mkdocs.start()

    def alive(self) -> bool:
        return self.mkdocs.alive()

    def changed(self, outcome: Outcome) -> None:
        if outcome.written:
            self.mkdocs.rebuild()

    def stop(self) -> int:
        self.mkdocs.stop()
        return 0


def _identity(folder: Path) -> tuple[int, int] | None:
    """The folder's device and inode (a folder made again at the same place is another one), or None if there is none."""
    try:
        status = folder.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


def _nearest_folder(path: Path) -> Path:
    """``path`` if it is a folder, else the nearest folder above it."""
    while _identity(path) is None and path.parent != path:
        path = path.parent
    return path


class FolderWatches:
    """The observer's watches: the project's folder (program.yaml, mkdocs.yml, files read there), content/
    and themes/ with their subfolders, and the folder of each file a feature reads elsewhere.

    A folder that is missing is awaited: the nearest folder above it that exists is watched, so its
    appearing is a change; ``follow``, called before each regeneration and whenever a load names the
    files it reads (before it reads them), then watches it. A folder deleted, or moved away and made
    again, is watched anew (its old watch followed the old folder).
    """

    def __init__(self, project: Project) -> None:
        self.flag = _ChangeFlag(project)
        self.observer = Observer()
        self.scheduled: dict[tuple[Path, bool], tuple[ObservedWatch, tuple[int, int]]] = {}

    def start(self) -> None:
        """Watch the folders that exist, then start (so no save made while starting up is missed)."""
        self.follow(())
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join()

    def wanted(self) -> set[tuple[Path, bool]]:
        """The folders to watch now, each with whether its subfolders are watched too."""
        wanted = {(self.flag.project.root, False)}
        for folder, recursive in self.flag.read_folders().items():
            present = _nearest_folder(folder)
            wanted.add((present, recursive and present == folder))
        return wanted

    def follow(self, inputs: tuple[Path, ...]) -> None:
        """Watch the folders of the files the features read (``inputs``) and those the preview reads itself, as they are now."""
        self.flag.learn(inputs)
        wanted = self.wanted()
        for key, (watch, identity) in list(self.scheduled.items()):
            if key not in wanted or _identity(key[0]) != identity:
                self.observer.unschedule(watch)
                del self.scheduled[key]
        for folder, recursive in sorted(wanted - self.scheduled.keys()):
            self._schedule(folder, recursive)

    def _schedule(self, folder: Path, recursive: bool) -> None:
        identity = _identity(folder)
        if identity is None:
            return  # gone since: the watch above it reports that, and the next ``follow`` awaits it again
        try:
            watch = self.observer.schedule(self.flag, str(folder), recursive=recursive)
        except OSError:
            return
        self.scheduled[(folder, recursive)] = (watch, identity)


class _WatchingCache(LoadCache):
    """The preview's load cache: when a load names the files the features read, their folders are watched before they are read."""

    def __init__(self, watches: FolderWatches) -> None:
        super().__init__()
        self.watches = watches

    def learn_inputs(self, project: Project, inputs: tuple[Path, ...]) -> None:
        self.watches.follow(inputs)
        super().learn_inputs(project, inputs)


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def listening_family(engine: str, host: str) -> socket.AddressFamily:
    """The addresses the engine's server listens on for ``host``: MkDocs' takes IPv6 for an IPv6
    address and IPv4 for anything else; Zensical's, the first address of the name that it can bind."""
    if engine != "mkdocs":
        return socket.AF_UNSPEC
    try:
        return socket.AF_INET6 if isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address) else socket.AF_INET
    except ValueError:
        return socket.AF_INET


def _start_engine(engine: str, preview: Preview, host: str, port: int, epoch: int) -> _Engine:
    command = engine_command(engine, preview.project, "serve", f"{host}:{port}", preview.config_path)
    if engine == "mkdocs":
        return _Warm(preview, host, port)
    return _Subprocess(command, preview.project, epoch)


def last_good_pages(preview: Preview) -> int | None:
    """When the programme has errors from the start: serve the pages of the last build, under the overlay."""
    project = preview.project
    if not project.engine_config.is_file() or not project.staged_docs_dir.is_dir():
        return None
    for name, data in overlay_files().items():
        if name != OVERLAY_ERRORS:
            write_if_changed(project.staged_docs_dir / name, data)
    write_if_changed(preview.config_path, preview_config(project.engine_config.read_text(encoding="utf-8")).encode("utf-8"))
    preview.site_config = stat_of(project.mkdocs_file)
    return build_epoch(project)


FIRST_PAGE = """# Nothing to show yet

The programme has problems, so Playbook has not made its pages yet. They are listed over
this page, each with its file and line. Fix them and save: this page then becomes the
programme's home page by itself.
"""


def first_pages(preview: Preview) -> int:
    """When the programme has errors from the start and was never built: one page under the overlay.

    Its engine config stands alone (the user's mkdocs.yml may be what is broken); the first good
    save replaces the page and the config with the programme's own.
    """
    project = preview.project
    for name, data in overlay_files().items():
        if name != OVERLAY_ERRORS:
            write_if_changed(project.staged_docs_dir / name, data)
    write_if_changed(project.staged_docs_dir / "index.md", FIRST_PAGE.encode("utf-8"))
    config = {"site_name": "Playbook preview", "docs_dir": "docs", "site_dir": "site", "theme": {"name": "material", "font": False}}
    write_if_changed(preview.config_path, preview_config(yaml.safe_dump(config, sort_keys=False)).encode("utf-8"))
    return build_epoch(project)


def serve(project: Project, engine: str, host: str, port: int) -> int:
    """Run the preview until the engine stops or the user presses Ctrl+C.

    An address nothing should or can listen on is a ``PlaybookError`` before anything is generated or started.
    """
    check_can_serve(host, port, listening_family(engine, host))
    watches = FolderWatches(project)
    watches.start()  # watching starts first, so no save made while starting up is missed
    try:
        return _preview(project, engine, host, port, watches)
    finally:
        watches.stop()


def _preview(project: Project, engine: str, host: str, port: int, watches: FolderWatches) -> int:
    preview = Preview(project, cache=_WatchingCache(watches))
    epoch = regenerate(preview).epoch
    if epoch is None:
        epoch = last_good_pages(preview)
    if epoch is None:
        epoch = first_pages(preview)
    try:
        running = _start_engine(engine, preview, host, port, epoch)
    except OSError as error:  # taken since it was checked
        raise cannot_serve(host, port, error.strerror or type(error).__name__) from None
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address, as a URL writes it
    print(f"Preview on http://{shown}:{port}/ (Ctrl+C to stop).", flush=True)
    signal.signal(signal.SIGTERM, _stop)
    flag = watches.flag
    try:
        while running.alive():
            flag.wait(0.5)
            if flag.take_if_quiet():
                watches.follow(preview.cache.inputs)  # a folder that just appeared is watched before it is read
                running.changed(regenerate(preview))
    finally:
        code = running.stop()
    return code
