"""Stage 7, engine: turn the staged folder into HTML with Material for MkDocs or Zensical.

Input: ``.playbook/build/mkdocs.yml`` and its ``docs/`` folder.
Output: ``.playbook/build/site/``, or a ``PlaybookError`` carrying the engine's own message.
Both engines run as subprocesses of the current Python, so the versions pinned in
pyproject.toml are the ones used; neither runs a plugin of ours (we write none).
``StartedEngine``: ``playbook build`` starts the engine's process first (``engine_runner``), so
it imports the engine on the second core while Playbook generates; ``run`` then hands it the
staged config, and the engine builds exactly as ``python -m <engine> build`` would.
Zensical is the optional part [zensical]; without it the command stops with a
``PlaybookError`` that says how to install it, before the engine is started.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.errors import ErrorList, PlaybookError
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
    environment.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's notice about MkDocs 2 on every run: not the user's to act on
    return environment


ANSI_CODES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PYTHON_TYPE = re.compile(r"<class '(\w+)'>")
TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list": "a list",
    "dict": "a mapping",
    "NoneType": "nothing",
}


def _plain_words(reason: str) -> str:
    """MkDocs' reason in one line, Python's type names in words (``<class 'bool'>`` → "true or false").

    A reason that carries a traceback (an extension that failed to load) keeps its first line and the error it ends with.
    """
    lines = [line.strip() for line in reason.strip().splitlines() if line.strip()]
    shown = lines[0] if len(lines) < 2 else f"{lines[0].rstrip('.')}: {lines[-1]}"
    return PYTHON_TYPE.sub(lambda found: TYPE_WORDS.get(found[1], found[1]), shown)


def refused_settings(config_file: Path, text: str | None = None) -> list[tuple[str, str]]:
    """(setting, reason) for each setting of ``config_file`` (and the file it INHERITs) that MkDocs' own config schema refuses.

    ``text``, when given, is the config's text, read as if it were at ``config_file`` (``playbook
    check`` writes no file). MkDocs' schema is the reference for mkdocs.yml, whichever engine
    builds: asked by ``check``, and by a build only after an engine failed, to say where. A
    config MkDocs cannot even read gives no settings.
    """
    from mkdocs.config.defaults import MkDocsConfig  # only when asked: the build's start stays light

    config = MkDocsConfig(config_file_path=str(config_file))
    try:
        with _named_stream(text, config_file) if text is not None else config_file.open(encoding="utf-8") as stream:
            config.load_file(stream)  # MkDocs finds an INHERITed file from the stream's name
        with tempfile.TemporaryDirectory() if text is not None else contextlib.nullcontext("") as empty:
            if empty:  # the staged pages and theme overrides do not exist: MkDocs would stop at them before the user's settings
                config.load_dict({"docs_dir": empty, **_unstaged_theme(config.get("theme"), empty)})
            failed, _ = config.validate()
    except Exception:  # diagnosing a failure must not hide it: the engine's own lines are reported instead
        return []
    return [(str(key), str(error)) for key, error in failed]


def _unstaged_theme(theme: object, empty: str) -> dict[str, object]:
    """The ``theme`` setting with ``empty`` for the staged overrides folder it names (``loading.STAGED_OVERRIDES``), or nothing."""
    from generator.loading import STAGED_OVERRIDES  # only when asked, as above

    if isinstance(theme, dict) and theme.get("custom_dir") == STAGED_OVERRIDES:
        return {"theme": {**theme, "custom_dir": empty}}
    return {}


def _named_stream(text: str, config_file: Path) -> io.StringIO:
    """``text`` as a stream named like the file it would be read from."""
    stream = io.StringIO(text)
    stream.name = str(config_file)
    return stream


def site_setting_errors(project: Project, engine: str | None = None, config: str | None = None) -> list[PlaybookError]:
    """Each setting of mkdocs.yml that MkDocs' schema refuses, at its line (none: a failure has another cause).

    ``engine`` names the engine that failed (a build); ``config`` is the engine config's text when
    it was not written (``check``). Settings the build writes itself are left to the engine's own lines.
    """
    from generator.inputs import load_site_config

    try:
        site = load_site_config(project)
    except (PlaybookError, ErrorList):
        return []
    who = f"the {engine} engine" if engine else "the engine"
    return [
        site.error(
            (key,), f"{who} cannot use this setting: {_plain_words(reason).rstrip('.')}. Fix it in mkdocs.yml; site/ was left as it was."
        )
        for key, reason in refused_settings(project.engine_config, config)
        if isinstance(site.data, dict) and key in site.data
    ]


def require_built(engine: str, project: Project, tree: str, code: int, stdout: str, stderr: str) -> None:
    """Raise, with the engine's last lines, unless the engine exited well and wrote the tree's home page."""
    if code != 0 or not (project.staged_site_dir / tree / "index.html").is_file():
        output = ANSI_CODES.sub("", stderr + stdout).strip().splitlines()
        located = site_setting_errors(project, engine) if code != 0 else []
        if located:
            raise ErrorList(located)
        detail = "\n  ".join(output[-15:]) or "(no output)"
        raise PlaybookError(
            project.display(project.mkdocs_file),
            0,
            0,
            (),
            f"the {engine} engine failed (exit {code}); site/ was left as it was. Engine output:\n  {detail}",
        )


class StartedEngine:
    """An engine process started before the pages exist; it imports the engine meanwhile.

    ``run`` hands it the staged config and waits for the build (the same command line,
    folder and environment as ``engine_command`` and ``engine_environment`` give); ``cancel`` (the generator stopped on an error)
    lets it exit without building. Use it once, as a context manager, so it never outlives the build.
    """

    def __init__(self, engine: str, project: Project) -> None:
        engine_command(engine, project)  # an unknown engine or a missing extra is reported before anything starts
        self.engine = engine
        self.process = subprocess.Popen(  # -P: no folder on the import path until the runner is in the build folder
            [sys.executable, "-P", "-m", "generator.engine_runner", engine],
            cwd=project.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, project: Project, build_epoch: int, config: Path | None = None, tree: str = "") -> None:
        """Build the staged site (or one language ``tree`` of it, with its ``config``); on failure raise with the engine's last lines."""
        command = engine_command(self.engine, project, config=config)
        environment = engine_environment(build_epoch)  # the runner has this process's environment already: send what it adds
        order = {
            "argv": command[3:],  # after: python -m <engine>
            "cwd": str(project.build_dir),
            "environment": {name: environment[name] for name in ("SOURCE_DATE_EPOCH", "NO_COLOR")},
        }
        stdout, stderr = self.process.communicate(json.dumps(order) + "\n")
        require_built(self.engine, project, tree, self.process.returncode, stdout, stderr)

    def cancel(self) -> None:
        """Let the process exit without building (nothing happens if it already finished)."""
        if self.process.returncode is None:
            try:
                self.process.communicate("", timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()

    def __enter__(self) -> StartedEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process.returncode is None and exc_info[0] is not None and not isinstance(exc_info[1], Exception):
            self.process.kill()  # interrupted (Ctrl+C): stop at once
        self.cancel()
