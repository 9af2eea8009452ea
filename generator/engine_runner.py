"""An engine started before its pages exist: it imports itself while Playbook generates them.

Input: the engine's name as the only argument (``python -m generator.engine_runner mkdocs``),
then one line on standard input once the staged pages are written: a JSON object with the
engine's command-line arguments (``argv``), the folder to run in (``cwd``) and the environment
variables to set (``environment``, such as SOURCE_DATE_EPOCH). End of input without a line
means "nothing to build" (the generator stopped on an error): the runner exits with 0.
Output: the engine's own command run exactly as ``python -m <engine> <argv>`` runs it (through
``runpy``, so its exit code, output and files are the engine's), after the modules it needs
were imported while Playbook was still working: on two cores the engine's start-up costs the
build nothing. Imports nothing of Playbook but ``generator.cache``, so starting it is cheap.

Two things make the engine's own work cheaper without changing a byte of what it writes:
MkDocs' theme templates (Material's 45, compiled again on every ``mkdocs build``) are kept
compiled in Playbook's private Jinja2 cache folder, checked by their source's checksum
(``keep_theme_templates_compiled``); and once the engine has finished and its output is flushed,
the process ends at once (``os._exit``) rather than tearing down every module one by one.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import runpy
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import jinja2

# Modules each engine imports on every build, loaded ahead; a missing one is simply skipped.
WARM_MODULES = {
    "mkdocs": (  # not mkdocs.__main__ itself: runpy runs that module as __main__
        "click",
        "mkdocs.config",
        "mkdocs.utils",
        "mkdocs.commands.build",
        "mkdocs.config.defaults",
        "mkdocs.structure.pages",
        "mkdocs.structure.nav",
        "material",
        "material.plugins.search.plugin",
    ),
    "zensical": ("zensical.main", "zensical.config", "zensical.collectors", "zensical.extensions.autorefs"),
}
MARKDOWN_MODULES = (
    "markdown",
    "markdown.extensions.abbr",
    "markdown.extensions.admonition",
    "markdown.extensions.attr_list",
    "markdown.extensions.codehilite",
    "markdown.extensions.md_in_html",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pygments.formatters.html",
)


def warm_up(engine: str) -> None:
    """Import what the engine will need (errors are left for the real run to report)."""
    for name in (*WARM_MODULES.get(engine, ()), *MARKDOWN_MODULES):
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def keep_theme_templates_compiled(cache: jinja2.BytecodeCache) -> None:
    """Make MkDocs' theme environments (``Theme.get_env``) keep compiled templates in ``cache``.

    ``cache`` is a ``jinja2.BytecodeCache``: Jinja2 uses a compiled template only while its
    source's checksum is unchanged, so the pages are the same bytes either way. Without MkDocs
    (Zensical renders its templates itself) nothing changes.
    """
    try:
        from mkdocs.theme import Theme
    except ImportError:
        return
    original = Theme.get_env

    def get_env(theme: Theme) -> jinja2.Environment:
        environment = original(theme)
        environment.bytecode_cache = cache
        return environment

    Theme.get_env = get_env  # type: ignore[method-assign,assignment]


def run_engine(engine: str, order: dict[str, Any]) -> int:
    """Run ``python -m <engine> <argv>`` in this process as ``order`` says; its exit code."""
    os.chdir(order["cwd"])
    sys.path.insert(0, os.getcwd())  # as ``python -m`` run in that folder would have it
    os.environ.update(order["environment"])
    sys.argv = [engine, *order["argv"]]
    try:
        runpy.run_module(engine, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            return stop.code or 0
        print(stop.code, file=sys.stderr)  # as Python does for sys.exit("message")
        return 1
    return 0


def end_process(status: int) -> NoReturn:
    """Flush the output and end the process at once, without tearing down every module and object.

    Only for a process whose files are all closed and whose other processes were waited for.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main() -> None:
    """Warm up, wait for the go, then run the engine as ``python -m <engine>`` would."""
    engine = sys.argv[1]
    warm_up(engine)
    if engine == "mkdocs":
        from generator.cache import TEMPLATES

        TEMPLATES.keep_on_disk()
        keep_theme_templates_compiled(TEMPLATES)
    line = sys.stdin.readline()
    if not line.strip():
        return
    end_process(run_engine(engine, json.loads(line)))


if __name__ == "__main__":
    main()
