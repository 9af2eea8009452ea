"""An engine started before its pages exist: it imports itself while Playbook generates them.

Input: the engine's name as the only argument (``python -m generator.engine_runner mkdocs``),
then one line on standard input once the staged pages are written: a JSON object with the
engine's command-line arguments (``argv``), the folder to run in (``cwd``) and the environment
variables to set (``environment``, such as SOURCE_DATE_EPOCH). End of input without a line
means "nothing to build" (the generator stopped on an error): the runner exits with 0.
Output: the engine's own command run exactly as ``python -m <engine> <argv>`` runs it (through
``runpy``, so its exit code, output and files are the engine's), after the modules it needs
were imported while Playbook was still working: on two cores the engine's start-up costs the
build nothing. Imports nothing of Playbook, so starting it is cheap.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import runpy
import sys

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


def main() -> None:
    """Warm up, wait for the go, then run the engine as ``python -m <engine>`` would."""
    engine = sys.argv[1]
    warm_up(engine)
    line = sys.stdin.readline()
    if not line.strip():
        return
    order = json.loads(line)
    os.chdir(order["cwd"])
    sys.path.insert(0, os.getcwd())  # as ``python -m`` run in that folder would have it
    os.environ.update(order["environment"])
    sys.argv = [engine, *order["argv"]]
    runpy.run_module(engine, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
