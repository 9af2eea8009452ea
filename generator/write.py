"""Stage 6, write: staged Markdown and the engine config, then the atomic swap of ``site/``.

Input: rendered ``Section`` objects, theme assets and the ``Project``.
Output: files under ``.playbook/build/`` (rewritten only when their bytes changed, so the
engines' incremental builds work; the programme's own images and media copied only when their
size or modification time changed, as rsync's quick check does, so a preview save never reads
them again; stale files removed), and later ``site/`` replaced
by the engine's output in one rename, only after a successful build. ``build_lock`` makes a
second build of the same project wait for the first (or give up with a clear message).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import yaml

from generator.assets import link_page_assets, minified, page_only
from generator.errors import PlaybookError, unreadable_file
from generator.inputs import load_site_config
from generator.pages import Section
from generator.project import Project

ASSET_PREFIX = "assets/playbook"
OUTGOING = Path(".playbook") / "site-outgoing"  # the previous site during a swap, under the project root
DISCARDED = "discarded-"  # a previous site being deleted in the background: .playbook/discarded-<pid>-<clock>


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` atomically unless the file already holds exactly it."""
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def staged_files(sections: list[Section], assets: dict[str, bytes]) -> dict[str, bytes]:
    """Every file of the staged docs folder, by relative path, sorted."""
    files = {page.path: _as_bytes(page.content) for section in sections for page in section.pages}
    files.update({f"{ASSET_PREFIX}/{name}": data for name, data in minified(assets).items()})
    return dict(sorted(files.items()))


def _nav_entry(section: Section) -> dict[str, str] | dict[str, list[str | dict[str, str]]]:
    paths: list[str | dict[str, str]] = [
        page.path if page.title is None else {page.title: page.path}  # a titled file, such as a PDF
        for page in section.pages
        if page.in_nav and (page.path.endswith(".md") or page.title is not None)
    ]
    if paths == ["index.md"]:  # the home page: a single link, whatever the language calls it
        return {section.title: "index.md"}
    return {section.title: paths}


def engine_config(
    project: Project,
    sections: list[Section],
    assets: dict[str, bytes],
    site_name: str,
    theme: Mapping[str, object] | None = None,
    tree: str = "",
    alternates: Sequence[Mapping[str, str]] = (),
    restated: Mapping[str, object] | None = None,
) -> str:
    """The engine config: INHERITs the user's mkdocs.yml and adds what the build owns.

    ``theme``: the build-owned theme settings (language, direction); ``tree``: the language folder of
    a multilingual site (``docs/<tree>`` → ``site/<tree>``); ``alternates``: its language switcher;
    ``restated``: settings of mkdocs.yml stated again (``loading.restated_settings``; its theme part is in ``theme``).
    Every page loads the assets no page asks for by marker; the others load only where asked
    (``generator.assets``).
    """
    inherit = os.path.relpath(project.mkdocs_file, project.build_dir)
    markers = page_only(page.content for section in sections for page in section.pages if isinstance(page.content, str))
    shared = [name for name in assets if name not in markers]
    config: dict[str, object] = {
        "INHERIT": Path(inherit).as_posix(),
        "site_name": site_name,
        "docs_dir": f"docs/{tree}" if tree else "docs",
        "site_dir": f"site/{tree}" if tree else "site",
    }
    if theme:
        config["theme"] = dict(theme)
    config |= {key: value for key, value in (restated or {}).items() if key != "theme"}
    if alternates:
        config["extra"] = {"alternate": [dict(item) for item in alternates]}
    config |= {
        "nav": [_nav_entry(section) for section in sections],
        "extra_css": [f"{ASSET_PREFIX}/{name}" for name in shared if name.endswith(".css")],
        "extra_javascript": [{"path": f"{ASSET_PREFIX}/{name}", "defer": True} for name in shared if name.endswith(".js")],
    }
    header = "# Written by Playbook for every build; edit mkdocs.yml in the project instead.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)


def stage(project: Project, files: dict[str, bytes], config: str, copies: Mapping[str, Path] | None = None) -> int:
    """Write the staged docs and config, copy ``copies`` (staged address → source file); delete staged files that are gone.

    Returns files written. Pages get their asset tags here, where the site config says how the
    engine lays out pages.
    """
    copies = copies or {}
    files = link_page_assets(files, directory_urls(project))
    docs = project.staged_docs_dir
    written = sum(_staged(project, docs / name, functools.partial(write_if_changed, docs / name, data)) for name, data in files.items())
    written += sum(
        _staged(project, docs / name, functools.partial(copy_if_changed, source, docs / name), source) for name, source in copies.items()
    )
    _remove_stale(docs, set(files) | set(copies))
    written += _staged(project, project.engine_config, functools.partial(write_if_changed, project.engine_config, config.encode("utf-8")))
    return written


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` atomically, keeping its modification time, unless both have the same size and time."""
    known = source.stat()
    with contextlib.suppress(FileNotFoundError):
        there = target.stat()
        if there.st_size == known.st_size and there.st_mtime_ns == known.st_mtime_ns:
            return False
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    os.close(handle)
    try:
        shutil.copyfile(source, temporary)
        os.utime(temporary, ns=(known.st_atime_ns, known.st_mtime_ns))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _staged(project: Project, path: Path, write: Callable[[], bool], source: Path | None = None) -> bool:
    """``write()``, which writes ``path`` in the build's own folder (from ``source``, a file of the programme's, when copied).

    A file the system refuses (a name too long, a full disk) is a located error; so is a source
    that vanished or cannot be read while it is copied, named as the user knows it.
    """
    try:
        return write()
    except OSError as problem:
        reason = problem.strerror or type(problem).__name__
        if source is not None and problem.filename is not None and Path(os.fsdecode(problem.filename)) == source:
            raise unreadable_file(project.display(source), reason) from None
        raise PlaybookError(
            project.display(path),
            0,
            0,
            (),
            f"the build could not write this file ({reason}); free some disk space, or shorten the id or file name it is made from. "
            "site/ was left as it was.",
        ) from None


def directory_urls(project: Project) -> bool:
    """Whether the engine writes ``page/index.html`` (mkdocs.yml ``use_directory_urls``, default true) or ``page.html``."""
    return load_site_config(project).data.get("use_directory_urls", True) is not False


def _remove_stale(folder: Path, keep: set[str]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def swap_site(project: Project) -> None:
    """Replace ``site/`` with the engine's fresh output in one rename.

    The engine wrote into ``.playbook/build/site`` (same filesystem), so the old site
    stays whole until it is renamed aside and the new one renamed into place; an
    interrupted swap is repaired by ``recover_interrupted_swap`` on the next run. The old
    site is then deleted by a process of its own (``discard``): the build does not wait for it.
    """
    outgoing = project.root / OUTGOING
    discard(outgoing)  # left by a run that was cut short after its swap
    if project.site_dir.exists():
        os.replace(project.site_dir, outgoing)
    os.replace(project.staged_site_dir, project.site_dir)
    discard(outgoing)


def discard(folder: Path) -> None:
    """Delete ``folder`` (if there is one) without waiting: renamed out of the way at once, removed by a detached process.

    The process deletes every discarded folder still there (``.playbook/discarded-*``: one whose
    deletion was cut short too), so none piles up.
    """
    if not folder.exists():
        return
    bin_folder = folder.parent
    os.replace(folder, bin_folder / f"{DISCARDED}{os.getpid()}-{time.monotonic_ns()}")
    script = "import pathlib, shutil, sys\nfor path in pathlib.Path(sys.argv[1]).glob(sys.argv[2] + '*'): shutil.rmtree(path, True)"
    subprocess.Popen(  # -I -S: no user site, no site-packages; it needs only the standard library
        [sys.executable, "-I", "-S", "-c", script, str(bin_folder), DISCARDED],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def recover_interrupted_swap(project: Project) -> None:
    """If a swap was cut between its two renames, put the previous site back."""
    outgoing = project.root / OUTGOING
    if outgoing.is_dir() and not project.site_dir.exists():
        os.replace(outgoing, project.site_dir)


def lock_path(project: Project) -> Path:
    """The build lock of ``project``: in the system's temporary folder, so a build refused before it
    writes anything leaves nothing in the project."""
    key = hashlib.sha256(str(project.root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"playbook-build-{key}.lock"


@contextlib.contextmanager
def build_lock(project: Project, wait_seconds: float = 600.0) -> Iterator[None]:
    """Hold the project's build lock: a second build of the same project waits for the first.

    It says so on stderr, and after ``wait_seconds`` gives up with a ``PlaybookError`` instead of
    running an engine over a half-written build folder. The lock is an ``flock`` on ``lock_path``,
    released by the system even if the build is killed.
    """
    path = lock_path(project)
    with path.open("a+b") as handle:
        _acquire(handle.fileno(), project, wait_seconds)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _acquire(descriptor: int, project: Project, wait_seconds: float) -> None:
    deadline, told = time.monotonic() + wait_seconds, False
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise PlaybookError(
                    project.display(project.root),
                    0,
                    0,
                    (),
                    f"another build of this project is still running after {wait_seconds:g} s; wait for it to finish, then build again.",
                ) from None
            if not told:
                print("Another build of this project is running; waiting for it to finish…", file=sys.stderr)
                told = True
            time.sleep(0.2)
