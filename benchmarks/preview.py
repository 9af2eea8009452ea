"""Benchmark: from a saved edit to the updated page in a real browser, ``playbook serve`` against the bare engine.

Input: a temporary copy of the example; headless Chromium (/usr/bin/chromium) via Playwright.
Output: for each engine, the median seconds from saving a content file (a guideline's Markdown)
to the browser showing the new text under ``playbook serve``, next to the target (0.5 s with
Zensical, 0.8 s with MkDocs); and the same for the bare engine's own ``serve`` on the same staged
pages when the staged Markdown itself is edited, with the ratio between the two.

Run: ``.venv/bin/python benchmarks/preview.py [--runs 7] [--engine mkdocs --engine zensical]``
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.build_example import copy_example
from generator.engine import engine_command
from generator.project import Project

TARGETS = {"mkdocs": 0.8, "zensical": 0.5}
EDITED = "content/guidelines/expectations.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} never came up")


def page_url(project: Project, base: str) -> tuple[str, Path]:
    """The URL of the page the edited file becomes, and that page's staged Markdown."""
    relative = EDITED.removeprefix("content/")
    staged = project.staged_docs_dir / relative
    if not staged.is_file():
        raise SystemExit(f"no staged page {relative} for {EDITED}")
    return base + relative.removesuffix(".md") + "/", staged


def time_edits(page: object, url: str, edit: Callable[[str], None], runs: int) -> list[float]:
    """Seconds from each saved edit to the browser showing its text."""
    page.goto(url, wait_until="load")  # type: ignore[attr-defined]
    times = []
    for run in range(runs):
        marker = f"Benchmark marker {run} {time.time_ns()}"
        time.sleep(1.0)  # let the previous rebuild (and any settling) finish
        started = time.perf_counter()
        edit(marker)
        while not _shows(page, marker):
            if time.perf_counter() - started > 30:
                raise SystemExit(f"{url} never showed the edit")
            time.sleep(0.005)
        times.append(time.perf_counter() - started)
    return times


def _shows(page: object, marker: str) -> bool:
    try:
        return bool(page.evaluate(f"document.body !== null && document.body.innerText.includes({marker!r})"))  # type: ignore[attr-defined]
    except Exception:  # the page is reloading
        return False


def appender(path: Path) -> Callable[[str], None]:
    original = path.read_text(encoding="utf-8")
    return lambda marker: path.write_text(f"{original.rstrip()}\n\n{marker}\n", encoding="utf-8")


def playbook_preview(project: Project, engine: str, page: object, runs: int) -> tuple[list[float], Path, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "generator", "serve", "--project", str(project.root), "--port", str(port), "--engine", engine]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(base)
        url, staged = page_url(project, base)
        times = time_edits(page, url, appender(project.root / EDITED), runs)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return times, staged, url.removeprefix(base)


def bare_engine(project: Project, engine: str, staged: Path, path: str, page: object, runs: int) -> list[float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = engine_command(engine, project, "serve", f"127.0.0.1:{port}")
    server = subprocess.Popen(command, cwd=project.build_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(base)
        return time_edits(page, base + path, appender(staged), runs)
    finally:
        server.terminate()
        server.wait(timeout=20)


def measure(engine: str, runs: int, browser: object) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        project = copy_example(Path(folder))
        page = browser.new_page()  # type: ignore[attr-defined]
        ours, staged, path = playbook_preview(project, engine, page, runs)
        bare = bare_engine(project, engine, staged, path, page, runs)
        page.close()
    return statistics.median(ours), statistics.median(bare)


def report(engines: list[str], runs: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for engine in engines:
            ours, bare = measure(engine, runs, browser)
            target = TARGETS[engine]
            verdict = "met" if ours <= target else "NOT met"
            print(f"preview {engine:<8} saved edit → page in the browser: {ours:.2f} s (target ≤ {target} s: {verdict})")
            print(f"  bare {engine} serve, same staged pages: {bare:.2f} s → ratio {ours / bare:.2f} × bare engine (median of {runs})")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--engine", action="append", choices=sorted(TARGETS))
    args = parser.parse_args()
    report(args.engine or ["mkdocs", "zensical"], args.runs)


if __name__ == "__main__":
    main()
