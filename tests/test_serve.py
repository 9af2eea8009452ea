"""``playbook serve``: a live preview on 127.0.0.1 that rebuilds when program.yaml changes."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.project import Project
from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def running_preview(project: Project, engine: str, shows: str) -> Iterator[str]:
    """``playbook serve`` on ``project`` until the block ends; yields its URL once the page shows ``shows``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "generator", "serve", "--project", str(project.root), "--port", str(port), "--engine", engine]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: shows in fetch(url), 60), f"the preview never showed {shows!r}"
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_preview_rebuilds_on_change(engine: str, small_project: Project) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "generator", "serve", "--project", str(small_project.root), "--port", str(port), "--engine", engine]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: "A tiny programme used by the tests." in fetch(url), 60), "preview never came up"
        text = small_project.program_file.read_text(encoding="utf-8")
        small_project.program_file.write_text(
            text.replace("A tiny programme used by the tests.", "Freshly edited summary."), encoding="utf-8"
        )
        assert wait_for(lambda: "Freshly edited summary." in fetch(url), 60), "preview did not rebuild"
        broken = small_project.program_file.read_text(encoding="utf-8").replace("audience: [mentor]", "audience: [mentr]")
        small_project.program_file.write_text(broken, encoding="utf-8")
        time.sleep(2)
        assert "Freshly edited summary." in fetch(url), "a mistake must not take the preview down"
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "unknown role id 'mentr'" in output


def build_preview_site(root: str, out: str, edit: str) -> None:
    """Run in a fresh process: regenerate and build the preview warm; with ``edit``, change a page and build again."""
    import shutil
    from pathlib import Path

    from generator.serve import Preview, regenerate
    from generator.warm_mkdocs import WarmMkDocs

    preview = Preview(Project.at(Path(root)))
    regenerate(preview)
    engine = WarmMkDocs(preview.config_path, preview.project.mkdocs_file, "127.0.0.1", 8000)  # never bound here
    engine.build()
    if edit:
        page = preview.project.root / edit
        page.write_text(page.read_text(encoding="utf-8") + "\n\nAn edited paragraph.\n", encoding="utf-8")
        regenerate(preview)
        engine.build()
    shutil.copytree(engine.site_dir, out)
    engine.stop()


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }


def test_warm_mkdocs_rebuild_equals_a_cold_build(example_project: Project, tmp_path: Path) -> None:
    edited = "content/guidelines/expectations.md"
    for name, edit in (("warm", edited), ("cold", "")):
        code = f"from tests.test_serve import build_preview_site; build_preview_site({str(example_project.root)!r}, {str(tmp_path / name)!r}, {edit!r})"
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=REPO)
    warm, cold = site_files(tmp_path / "warm"), site_files(tmp_path / "cold")
    assert "An edited paragraph." in warm["guidelines/expectations/index.html"].decode("utf-8")
    assert warm.keys() == cold.keys()
    assert [name for name in warm if warm[name] != cold[name]] == []


def test_load_cache_reuses_unchanged_files_and_never_keeps_errors(example_project: Project) -> None:
    from generator.cache import LoadCache
    from generator.errors import ErrorList
    from generator.loading import load_programme

    cache = LoadCache()
    first = load_programme(example_project, cache=cache)
    again = load_programme(example_project, cache=cache)
    assert {"document", "validate", "content", "data:progress"} <= set(cache.hits)
    assert again.program is first.program and again.content is first.content
    page = example_project.root / "content" / "guidelines" / "expectations.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    edited = load_programme(example_project, cache=cache)
    assert "content" not in cache.hits and "data:progress" in cache.hits
    assert "One more line." in edited.content["content/guidelines/expectations.md"].body
    sessions = example_project.root / "content" / "cohorts" / "autumn-2026" / "sessions.csv"
    good = sessions.read_text(encoding="utf-8")
    sessions.write_text(good + "no-such-pair,2026-13-45,abc,,done\n", encoding="utf-8")
    for _ in range(2):  # a located error every time, never a remembered result
        with pytest.raises(ErrorList) as problems:
            load_programme(example_project, cache=cache)
        assert any("sessions.csv:" in str(error) for error in problems.value)
    sessions.write_text(good, encoding="utf-8")
    assert load_programme(example_project, cache=cache).data["progress"] is not None
