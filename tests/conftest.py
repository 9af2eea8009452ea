"""Shared test fixtures: projects copied to temporary folders, built sites, a local
HTTP server and a real headless Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.pipeline import build
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXAMPLE_PARTS = ("program.yaml", "mkdocs.yml", "content", "themes", "hr")


def copy_project(source: Path, target: Path, parts: tuple[str, ...] | None = None) -> Project:
    """Copy a programme (its inputs only, never site/ or .playbook/) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    names = parts or tuple(path.name for path in source.iterdir() if path.name not in ("site", ".playbook", "reports"))
    for name in names:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns(".playbook", "site"))
        elif path.is_file():
            shutil.copy2(path, target / name)
    return Project.at(target)


def in_language(project: Project, code: str) -> Project:
    """The project switched to ``code`` (program.language set, any theme.language in mkdocs.yml dropped)."""
    text = project.program_file.read_text(encoding="utf-8")
    project.program_file.write_text(re.sub(r"(?m)^  language: .*$", f"  language: {code}", text, count=1), encoding="utf-8")
    site = project.mkdocs_file.read_text(encoding="utf-8")
    project.mkdocs_file.write_text(re.sub(r"(?m)^  language: .*\n", "", site), encoding="utf-8")
    return project


def pdf_cache_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new folder for drawn handbook PDFs, named by PLAYBOOK_PDF_CACHE while the generator runs (for fixtures)."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("pdf-cache")
        patch.setenv("PLAYBOOK_PDF_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache of drawn handbook PDFs for every project copy: each distinct handbook is drawn once per run."""
    yield from pdf_cache_in(tmp_path_factory)


@pytest.fixture
def small_project(tmp_path: Path) -> Project:
    """A fresh copy of the small fixture programme."""
    return copy_project(FIXTURES / "small", tmp_path / "small")


@pytest.fixture
def example_project(tmp_path: Path) -> Project:
    """A fresh copy of the repository's example programme."""
    return copy_project(REPO, tmp_path / "example", EXAMPLE_PARTS)


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Project]:
    """The example programme built once per engine for the whole session."""
    cache: dict[str, Project] = {}

    def get(engine: str = "mkdocs") -> Project:
        if engine not in cache:
            project = copy_project(REPO, tmp_path_factory.mktemp(f"example-{engine}"), EXAMPLE_PARTS)
            build(project, engine)
            cache[engine] = project
        return cache[engine]

    return get


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_folder() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1; returns the base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright's Python API."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected files under tests/golden/ from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
