"""The wheel as a new user gets it, checked the way a new user would use it.

Input: the repository's working tree (pyproject.toml, generator/, themes/), copied to a
temporary folder so the build leaves nothing behind in the repository.
Output: assertions that the wheel carries the default theme, the starter and py.typed but
no tests or example content, and that a fresh virtual environment outside the repository,
with the wheel installed by plain pip, runs ``playbook new``, ``check``, ``build`` and
``build --engine zensical``. Before the [zensical] extra is installed, that command (and
``match`` and ``collect``, whose extras are never installed here) stops with a short
message and exit 1; once it is installed, it builds the site.

Every subprocess runs with the repository off ``PYTHONPATH`` and ``PATH`` and with its
working directory outside the repository, so the installed wheel is what runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.wheel

NOT_SOURCES = (".git", ".venv", "node_modules", "site", ".playbook", "reports", "build", "dist", "*.egg-info", "__pycache__", ".*cache")
INSTALL_TIMEOUT = 600


def clean_environment() -> dict[str, str]:
    """This process's environment without anything that points Python at the repository."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON") and key != "VIRTUAL_ENV"}
    path = [entry for entry in environment.get("PATH", "").split(os.pathsep) if entry and not Path(entry).resolve().is_relative_to(REPO)]
    environment["PATH"] = os.pathsep.join(path)
    return environment


def run(command: list[str | Path], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in ``cwd`` with the clean environment; never raises on failure."""
    assert not cwd.resolve().is_relative_to(REPO), f"{cwd} is inside the repository"
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env=clean_environment(), capture_output=True, text=True, timeout=timeout, check=False
    )


def succeeded(result: subprocess.CompletedProcess[str]) -> str:
    """The output of a command that must have exited 0, with its output on failure."""
    assert result.returncode == 0, f"{result.args} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder outside the repository."""
    folder = tmp_path_factory.mktemp("wheel")
    assert not folder.resolve().is_relative_to(REPO)
    return folder


@pytest.fixture(scope="module")
def wheel(outside: Path) -> Path:
    """The wheel built with pip from a copy of the repository's working tree."""
    source = outside / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    succeeded(run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", outside / "dist", source], outside))
    (built,) = (outside / "dist").glob("playbook_mentoring-*.whl")
    return built


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_carries_the_theme_starter_and_types(wheel: Path) -> None:
    names = wheel_names(wheel)
    assert "generator/themes/default/templates/home.md.j2" in names
    assert "generator/py.typed" in names
    for source in sorted((REPO / "themes" / "default").rglob("*")):
        if source.is_file():
            assert f"generator/themes/default/{source.relative_to(REPO / 'themes' / 'default').as_posix()}" in names
    assert any(name.endswith(".css") for name in names) and any(name.endswith(".js") for name in names)
    for name in ("program.yaml", "mkdocs.yml", "gitignore.txt", "content/home.md"):
        assert f"generator/starter/{name}" in names


def test_wheel_carries_every_package_file_and_nothing_else(wheel: Path) -> None:
    """A new subpackage or data file under generator/ must be listed in pyproject.toml."""
    names = wheel_names(wheel)
    sources = {
        path.relative_to(REPO).as_posix() for path in (REPO / "generator").rglob("*") if path.is_file() and "__pycache__" not in path.parts
    }
    assert sorted(sources - names) == [], "add these to [tool.setuptools] packages or package-data in pyproject.toml"
    assert not [name for name in names if name.startswith(("tests/", "content/", "docs/", "themes/"))]
    assert {name.split("/")[0] for name in names} == {"generator", f"{'-'.join(wheel.name.split('-')[:2])}.dist-info"}
    assert not [name for name in names if "/tests/" in name or "__pycache__" in name or name.endswith((".pyc", ".egg-info"))]


def test_wheel_metadata_declares_the_extras(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(archive.read(name).decode() for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT" in metadata
    assert "Requires-Dist: mkdocs<2,>=1.6" in metadata
    for extra in ("match", "collect", "zensical", "test"):
        assert f"Provides-Extra: {extra}" in metadata
    # The disclosure audit (linear programming) runs in every build, so scipy is a core dependency.
    assert "Requires-Dist: scipy<2,>=1.11\n" in metadata
    assert "Requires-Dist: zensical==" in metadata and 'extra == "zensical"' in metadata


def built_site(project: Path) -> None:
    """Assert that ``project`` has a built site with its home and an agenda page."""
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "agendas" / "first-session" / "index.html").is_file()
    assert (project / "site" / "assets" / "playbook" / "playbook.css").is_file()


def assert_extras_missing(python: Path, playbook: Path, project: Path) -> None:
    """Without extras, the core leaves out starlette, uvicorn and zensical; their commands say so."""
    probe = "import importlib.util as u; print([m for m in ('starlette', 'uvicorn', 'zensical') if u.find_spec(m)])"
    assert succeeded(run([python, "-c", probe], project)).strip() == "[]"
    for arguments, extra in ((["build", "--engine", "zensical"], "zensical"), (["collect"], "collect")):
        missing = run([playbook, *arguments], project)
        assert missing.returncode == 1, missing.stderr
        assert f"needs the optional part [{extra}]" in missing.stderr and f"pip install 'playbook-mentoring[{extra}]'" in missing.stderr
        assert "Traceback" not in missing.stderr


def test_a_new_user_installs_the_wheel_and_builds_a_site(wheel: Path, outside: Path) -> None:
    environment = outside / "env"
    succeeded(run([sys.executable, "-m", "venv", environment], outside))
    python, playbook = environment / "bin" / "python", environment / "bin" / "playbook"
    succeeded(run([python, "-m", "pip", "install", "--quiet", wheel], outside, INSTALL_TIMEOUT))
    where = succeeded(run([python, "-c", "import generator.templating as t; print(t.__file__); print(t.BUILTIN_THEMES)"], outside))
    assert all(Path(line).is_relative_to(environment) for line in where.split()), where

    work = outside / "work"
    work.mkdir()
    assert "Created a starter programme" in succeeded(run([playbook, "new", "ours"], work))
    project = work / "ours"
    assert "OK" in succeeded(run([playbook, "check"], project))
    assert "Built" in succeeded(run([playbook, "build", "--project", project], work))
    built_site(project)

    assert_extras_missing(python, playbook, project)

    succeeded(run([python, "-m", "pip", "install", "--quiet", f"{wheel}[zensical]"], outside, INSTALL_TIMEOUT))
    shutil.rmtree(project / "site")
    assert "with zensical" in succeeded(run([playbook, "build", "--engine", "zensical", "--project", project], work))
    built_site(project)
