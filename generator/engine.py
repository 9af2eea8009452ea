"""Stage 7, engine: turn the staged folder into HTML with Material for MkDocs or Zensical.

Input: ``.playbook/build/mkdocs.yml`` and its ``docs/`` folder.
Output: ``.playbook/build/site/``, or a ``PlaybookError`` carrying the engine's own message.
Both engines run as subprocesses of the current Python, so the versions pinned in
pyproject.toml are the ones used; neither runs a plugin of ours (we write none).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

from generator.errors import PlaybookError
from generator.project import Project

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"


def engine_command(engine: str, project: Project, action: str = "build", address: str | None = None) -> list[str]:
    """The command line that runs ``engine`` on the staged config."""
    config = str(project.engine_config)
    if engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", action, "--config-file", config]
        return command + (["--dev-addr", address] if address else []) + (["--quiet"] if action == "build" else [])
    if engine == "zensical":
        command = [sys.executable, "-m", "zensical", action, "--config-file", config]
        return command + (["--dev-addr", address] if address else []) + (["--clean"] if action == "build" else [])
    raise PlaybookError("--engine", 0, 0, (), f"unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}.")


def engine_environment(build_epoch: int) -> dict[str, str]:
    """The environment for an engine run: reproducible dates, no telemetry."""
    environment = dict(os.environ)
    environment["SOURCE_DATE_EPOCH"] = str(build_epoch)
    environment.setdefault("NO_COLOR", "1")
    return environment


def run_engine(engine: str, project: Project, build_epoch: int, extra: Sequence[str] = ()) -> None:
    """Build the staged site; on failure raise with the engine's last lines."""
    command = engine_command(engine, project) + list(extra)
    result = subprocess.run(
        command,
        cwd=project.build_dir,
        env=engine_environment(build_epoch),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (project.staged_site_dir / "index.html").is_file():
        output = (result.stderr + result.stdout).strip().splitlines()[-15:]
        detail = "\n  ".join(output) or "(no output)"
        raise PlaybookError(
            project.display(project.mkdocs_file),
            0,
            0,
            (),
            f"the {engine} engine failed (exit {result.returncode}); site/ was left as it was. Engine output:\n  {detail}",
        )
