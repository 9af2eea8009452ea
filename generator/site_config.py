"""The theme, plugins and Markdown extensions a user's mkdocs.yml names, checked against what is installed.

Input: mkdocs.yml as a ``Document`` (``load_site_config`` reads it).
Output: a located ``PlaybookError`` (mkdocs.yml:LINE:COL, with "did you mean") for a theme that
is not installed or not named (entry points ``mkdocs.themes``), for each plugin
that no installed package provides and each Markdown extension that cannot be found, so a
misspelt name stops ``playbook check`` instead of the engine (MkDocs stops on an unknown plugin
with an unlocated message; both engines stop on an unknown extension, Zensical with a traceback).

Plugins are the entry points of the group ``mkdocs.plugins`` (a name may leave out the theme's
prefix, as MkDocs allows: ``search`` is ``material/search`` under the Material theme); one that
sets ``enabled: false`` is not checked. Zensical runs no MkDocs plugins, but MkDocs and Material
are always installed, so the same names are checked whichever engine builds. An extension is an
entry point of ``markdown.extensions`` or a module (``pymdownx.details``, ``module:Class``),
looked up without importing it: checking runs no code of the user's choosing.
Speed: a name whose module is found (MkDocs' ``search``, a theme's ``<theme>.plugins.<name>``,
Python-Markdown's ``markdown.extensions.<name>``, a dotted module) needs no reading of every
package's entry points (about 5 ms); lookups are kept for the process (about 1 ms the first time).
"""

from __future__ import annotations

import functools
import importlib.util
import pkgutil
from collections.abc import Iterator
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any

from generator.errors import KeyPath, PlaybookError, did_you_mean
from generator.load import Document


@functools.cache
def _entry_point_names(group: str) -> tuple[str, ...]:
    """The names installed packages register in ``group`` (read once per process, only for a name found no quicker way)."""
    import importlib.metadata  # here, not at the top: about 5 ms to import, and rarely needed

    return tuple(sorted({entry.name for entry in importlib.metadata.entry_points(group=group)}))


def _named(section: Any, key: str) -> Iterator[tuple[KeyPath, str, Any]]:
    """(key path, name, settings) of each item of a plugins or markdown_extensions section (a list or a mapping)."""
    if isinstance(section, dict):
        yield from (((key, name), name, settings) for name, settings in section.items())
    elif isinstance(section, list):
        for index, item in enumerate(section):
            if isinstance(item, str):
                yield (key, index), item, None
            elif isinstance(item, dict) and len(item) == 1:
                name, settings = next(iter(item.items()))
                yield (key, index, name), name, settings


def _plain_name(name: object) -> bool:
    """Whether ``name`` is written as plain text (a tagged value, such as ``!ENV NAME``, is the engine's to read)."""
    return isinstance(name, str) and not name.startswith(("!", "tag:"))


@functools.lru_cache(maxsize=256)
def _found_part(dotted: str) -> tuple[tuple[str, ...], ModuleSpec | None]:
    """The longest leading part of the module path ``dotted`` that exists, and its spec: found without importing anything.

    Kept for the process, as the entry points are (a package installed while ``playbook serve`` runs is seen after a restart).
    """
    parts = dotted.split(".")
    try:
        spec = importlib.util.find_spec(parts[0]) if parts[0] else None
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return (), None
    depth = 1
    while depth < len(parts) and parts[depth] and spec.submodule_search_locations is not None:
        child = PathFinder.find_spec(".".join(parts[: depth + 1]), list(spec.submodule_search_locations))
        if child is None:
            break
        spec, depth = child, depth + 1
    return tuple(parts[:depth]), spec


def _module_found(dotted: str) -> bool:
    """Whether the module ``dotted`` can be imported."""
    return len(_found_part(dotted)[0]) == len(dotted.split("."))


def _modules_near(dotted: str) -> list[str]:
    """The modules beside the one ``dotted`` names (``pymdownx.details`` … for ``pymdownx.detials``), for "did you mean"."""
    found, spec = _found_part(dotted)
    if spec is None or spec.submodule_search_locations is None:
        return []
    return [f"{'.'.join(found)}.{module.name}" for module in pkgutil.iter_modules(list(spec.submodule_search_locations))]


def _plugin_module_found(name: str, theme: str) -> bool:
    """Whether the plugin's own module is installed: MkDocs' ``search`` or a theme's (``material/tags``, or ``tags`` under Material).

    Most programmes name only these; any other name is looked up among every package's entry points.
    """
    if name == "search":
        return _module_found("mkdocs.contrib.search")
    prefix, _, plugin = name.rpartition("/")
    package = prefix or theme
    return bool(package.isidentifier() and plugin.isidentifier()) and _module_found(f"{package}.plugins.{plugin}")


def _theme_name(data: dict[str, Any]) -> str:
    theme = data.get("theme")
    name = theme.get("name") if isinstance(theme, dict) else theme
    return name if isinstance(name, str) else ""


def _plugin_errors(document: Document, data: dict[str, Any]) -> list[PlaybookError]:
    theme = _theme_name(data)
    errors = []
    for path, name, settings in _named(data.get("plugins"), "plugins"):
        if not _plain_name(name) or _plugin_module_found(name, theme) or (isinstance(settings, dict) and settings.get("enabled") is False):
            continue
        installed = _entry_point_names("mkdocs.plugins")
        if name in installed or f"{theme}/{name}" in installed:
            continue
        choices = [*installed, *(plugin.split("/", 1)[1] for plugin in installed if plugin.startswith(f"{theme}/"))]
        message = (
            f"no installed package provides the plugin '{name}'.{did_you_mean(name, choices)} Installed plugins: {', '.join(installed)}. "
            "Fix the name, install its package, or remove it (Zensical runs no MkDocs plugins)."
        )
        errors.append(document.error(path, message))
    return errors


BUILT_IN_THEMES = ("mkdocs", "readthedocs")  # shipped inside MkDocs itself


def _theme_errors(document: Document, data: dict[str, Any]) -> list[PlaybookError]:
    """A located error when ``theme`` names a theme no installed package provides (no name is MkDocs' default)."""
    if "theme" not in data:
        return []
    theme = data["theme"]
    name = theme.get("name") if isinstance(theme, dict) else theme
    path = ("theme", "name") if isinstance(theme, dict) and "name" in theme else ("theme",)
    if name is None and not (isinstance(theme, dict) and theme.get("custom_dir")):
        return [document.error(path, "no theme is named; write 'name: material' under theme:, as Playbook's pages are made for it.")]
    if name is None or (isinstance(name, str) and not _plain_name(name)):
        return []
    if not isinstance(name, str):
        return [document.error(path, "a theme's name is text, such as 'material'.")]
    if name in BUILT_IN_THEMES or (name == "material" and _module_found("material")):
        return []
    installed = _entry_point_names("mkdocs.themes")
    if name in installed:
        return []
    message = (
        f"no installed package provides the theme '{name}'.{did_you_mean(name, installed)} Installed themes: {', '.join(installed)}. "
        "Playbook's pages are made for 'material'."
    )
    return [document.error(path, message)]


def _extension_errors(document: Document, data: dict[str, Any]) -> list[PlaybookError]:
    errors = []
    for path, name, _ in _named(data.get("markdown_extensions"), "markdown_extensions"):
        if not _plain_name(name) or _module_found(name.partition(":")[0]) or _module_found(f"markdown.extensions.{name}"):
            continue
        registered = _entry_point_names("markdown.extensions")
        if name in registered:
            continue
        hint = did_you_mean(name, [*registered, *_modules_near(name)])
        message = (
            f"the Markdown extension '{name}' is not installed.{hint} Built in: {', '.join(registered)}; "
            "others are modules such as pymdownx.details. Fix the name, install its package, or remove it."
        )
        errors.append(document.error(path, message))
    return errors


def site_config_errors(document: Document) -> list[PlaybookError]:
    """A located error for the theme, each plugin and each Markdown extension of mkdocs.yml that is not installed."""
    data = document.data
    if not isinstance(data, dict):
        return []
    return _theme_errors(document, data) + _plugin_errors(document, data) + _extension_errors(document, data)
