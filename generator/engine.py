"""Stage 7, engine: turn the staged folder into HTML with Material for MkDocs or Zensical.

Input: ``.playbook/build/mkdocs.yml`` and its ``docs/`` folder.
Output: ``.playbook/build/site/``, or a ``PlaybookError`` carrying the engine's own message.
Both engines run as subprocesses of the current Python, so the versions pinned in
pyproject.toml are the ones used; neither runs a plugin of ours (we write none).
Zensical is the optional part [zensical]; without it the command stops with a
``PlaybookError`` that says how to install it, before the engine is started.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.errors import PlaybookError
from generator.extras import require_extra
from generator.project import Project

BUILD_FLAG = {"mkdocs": "--quiet", "zensical": "--clean"}  # what each engine's build (not serve) adds
ENGINES = tuple(BUILD_FLAG)
DEFAULT_ENGINE = "mkdocs"


def engine_command(
    engine: str, project: Project, action: str = "build", address: str | None = None, config: Path | None = None
) -> list[str]:
    """The command line that runs ``engine`` on the staged config (or on ``config``, such as the preview's)."""
    if engine not in BUILD_FLAG:
        raise PlaybookError("--engine", 0, 0, (), f"unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}.")
    if engine == "zensical":
        require_extra("zensical", f"{action} --engine zensical")
    command = [sys.executable, "-m", engine, action, "--config-file", str(config or project.engine_config)]
    return command + (["--dev-addr", address] if address else []) + ([BUILD_FLAG[engine]] if action == "build" else [])


def engine_environment(build_epoch: int) -> dict[str, str]:
    """The environment for an engine run: reproducible dates, no telemetry."""
    environment = dict(os.environ)
    environment["SOURCE_DATE_EPOCH"] = str(build_epoch)
    environment.setdefault("NO_COLOR", "1")
    return environment


def run_engine(engine: str, project: Project, build_epoch: int, config: Path | None = None, tree: str = "") -> None:
    """Build the staged site (or one language ``tree`` of it, with its ``config``); on failure raise with the engine's last lines."""
    command = engine_command(engine, project, config=config)
    result = subprocess.run(
        command, cwd=project.build_dir, env=engine_environment(build_epoch), capture_output=True, text=True, check=False
    )
    if result.returncode != 0 or not (project.staged_site_dir / tree / "index.html").is_file():
        output = (result.stderr + result.stdout).strip().splitlines()[-15:]
        detail = "\n  ".join(output) or "(no output)"
        raise PlaybookError(
            project.display(project.mkdocs_file),
            0,
            0,
            (),
            f"the {engine} engine failed (exit {result.returncode}); site/ was left as it was. Engine output:\n  {detail}",
        )
