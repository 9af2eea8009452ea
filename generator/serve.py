"""Live preview: regenerate staged pages on every change, let the engine serve and reload.

Input: a ``Project``, an engine, and an address (127.0.0.1 by default).
Output: a running preview until Ctrl+C. Changes to program.yaml, content/, themes/ or
mkdocs.yml regenerate the staged Markdown (only changed files are rewritten); the
engine's own ``serve`` notices and reloads the browser. A mistake is printed with its
location and the last good pages stay up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path
from types import FrameType

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.engine import engine_command, engine_environment
from generator.errors import ErrorList, PlaybookError
from generator.pipeline import generate
from generator.project import Project

QUIET_SECONDS = 0.3
_CHANGES = {"created", "deleted", "modified", "moved", "closed"}


class _ChangeFlag(FileSystemEventHandler):
    """Remembers when the last relevant change happened."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.changed_at: float | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return  # reading a file (opened, closed without writing) is not a change
        path = Path(str(event.src_path))
        if ".playbook" in path.parts or path.name.startswith(".tmp-"):
            return
        if path.parent == self.project.root and path.name not in ("program.yaml", "mkdocs.yml"):
            return
        with self.lock:
            self.changed_at = time.monotonic()

    def take_if_quiet(self) -> bool:
        with self.lock:
            if self.changed_at is None or time.monotonic() - self.changed_at < QUIET_SECONDS:
                return False
            self.changed_at = None
            return True


def regenerate(project: Project) -> int | None:
    """Regenerate staged files; print errors instead of stopping. Returns the build epoch."""
    try:
        _, _, written, epoch = generate(project)
    except (ErrorList, PlaybookError) as problem:
        errors = list(problem) if isinstance(problem, ErrorList) else [problem]
        for error in errors:
            print(error, flush=True)
        print("Fix the problems above; the preview keeps the last good pages.", flush=True)
        return None
    os.utime(project.engine_config)  # the user's mkdocs.yml may have changed
    print(f"Regenerated ({written} files changed).", flush=True)
    return epoch


def _watch(project: Project, handler: _ChangeFlag) -> BaseObserver:
    observer = Observer()
    observer.schedule(handler, str(project.root), recursive=False)
    for folder in (project.content_dir, project.themes_dir):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    return observer


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def serve(project: Project, engine: str, host: str, port: int) -> int:
    """Run the preview until the engine stops or the user presses Ctrl+C."""
    epoch = regenerate(project)
    if epoch is None:
        return 1
    command = engine_command(engine, project, "serve", f"{host}:{port}")
    print(f"Preview on http://{host}:{port}/ (Ctrl+C to stop).", flush=True)
    server = subprocess.Popen(command, cwd=project.build_dir, env=engine_environment(epoch))
    signal.signal(signal.SIGTERM, _stop)
    handler = _ChangeFlag(project)
    observer = _watch(project, handler)
    try:
        while server.poll() is None:
            time.sleep(0.1)
            if handler.take_if_quiet():
                regenerate(project)
    finally:
        observer.stop()
        observer.join()
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    return server.returncode or 0
