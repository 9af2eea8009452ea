"""Loading a programme: the one way every command reads and checks a project.

Input: a ``Project`` and what the command needs (content files, features' data files).
Output: ``Loaded`` (the ``Document``, the typed ``Program``, content files and each feature's
data by feature name, mkdocs.yml's settings the build's config states again, and the files of the
theme overrides folder the build stages), or one ``ErrorList`` with every problem. Also the
build's date: ``build_epoch`` (SOURCE_DATE_EPOCH or the newest input) and ``as_of_date``.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.cache import LoadCache, remember
from generator.errors import PlaybookError, collect, raise_if_any
from generator.i18n import N_
from generator.inputs import ContentFile, check_program_file, load_content, load_site_config
from generator.languages import language_documents, site_language_errors
from generator.load import Document
from generator.model import Program
from generator.project import Project
from generator.registry import FEATURES
from generator.static_files import BROKEN_LINK, PRIVATE_FOLDERS, link_target
from generator.templating import BUILTIN_THEMES, DEFAULT_THEME
from generator.validate import validate_program


@dataclass(frozen=True)
class Loaded:
    """A programme read and checked: what every command starts from."""

    project: Project
    document: Document
    program: Program
    content: Mapping[str, ContentFile] = field(default_factory=dict)
    data: Mapping[str, object] = field(default_factory=dict)
    translations: Mapping[str, Translation] = field(default_factory=dict)
    """A multilingual programme's other languages (``program.languages`` after the first), by code."""
    restated: Mapping[str, Any] = field(default_factory=dict)
    """Settings of mkdocs.yml the build's engine config states again, as the engines must read them there (``restated_settings``)."""
    overrides: Mapping[str, Path] = field(default_factory=dict)
    """The files of the theme overrides folder the build stages (``theme_overrides``): staged name → the file copied there."""
    site: Document | None = None
    """mkdocs.yml as read (None when the command asked for no content)."""

    def versions(self) -> dict[str, Translation]:
        """Every language of the programme, the default first: its ``Program`` and content files."""
        return {self.program.info.language: Translation(self.program, self.content), **self.translations}


@dataclass(frozen=True)
class Translation:
    """The programme in one of its languages: program.yaml's texts and content files in that language."""

    program: Program
    content: Mapping[str, ContentFile] = field(default_factory=dict)


def load_programme(project: Project, content: bool = True, data: bool = True, cache: LoadCache | None = None) -> Loaded:
    """Read and validate program.yaml, then (as asked) the site config, content files and features' data.

    Raises one ``ErrorList`` with every problem found; nothing is half-loaded. With a ``cache``
    (the preview's), files unchanged since the last load are not read again.
    """
    if cache is not None:
        cache.refresh(project)
    raw = remember(cache, "document", lambda: check_program_file(project))
    documents = remember(cache, "document:languages", lambda: language_documents(raw))
    (default, document), *others = documents.items()
    program, found = remember(cache, "validate", lambda: validate_program(document, project.root))
    errors = list(found)
    site: Document | None = None
    if content:
        site = collect(errors, lambda: load_site_config(project))
        errors += site_language_errors(site, default) if site is not None and program is not None else []
    inputs = [path for feature in FEATURES for path in feature.input_paths(program, project)] if program is not None else []
    overrides = (collect(errors, lambda: theme_overrides(project, site, inputs)) or {}) if site is not None else {}
    translations = _translations(project, others, content, errors, cache)
    raise_if_any(errors)
    assert program is not None  # validate_program gives a program whenever there is no error
    if cache is not None:  # the preview also watches the folders of mkdocs.yml's own overrides, wherever they are
        cache.learn_inputs(project, (*inputs, *(path for path in overrides.values() if path.is_relative_to(project.root))))
    files = collect(errors, lambda: remember(cache, "content", lambda: load_content(document, project))) if content else {}
    loaded: dict[str, object] = {}
    if data:
        for feature in FEATURES:
            step = functools.partial(feature.load, program, project)
            loaded[feature.name] = collect(errors, functools.partial(remember, cache, f"data:{feature.name}", step))
    raise_if_any(errors)
    return Loaded(project, document, program, files or {}, loaded, translations, restated_settings(project, site), overrides, site)


def restated_settings(project: Project, site: Document | None) -> dict[str, Any]:
    """The settings of mkdocs.yml that the build's config (in .playbook/build/, INHERITing mkdocs.yml) must state again.

    - ``theme.name``: the build's config adds ``theme.language`` and ``theme.direction``; the engines
      merge that with a ``theme:`` mapping, but not with the short form ``theme: material``, and
      with no ``theme`` at all nothing would name one. So the short form's name, else ``material``
      (the theme Playbook's pages are made for), is stated again.
    - ``theme.custom_dir``: under Material, the staged overrides folder (``STAGED_OVERRIDES``), which
      holds Playbook's template overrides with mkdocs.yml's own ``custom_dir`` copied over them;
      under another theme, mkdocs.yml's own folder. The engines read a relative path from the folder
      of the config they were given, so it and ``hooks`` are stated again relative to .playbook/build/.
    - ``theme.palette``: under Material, when mkdocs.yml has none, a light and a dark scheme with a
      toggle (``default_palette``), its labels translated where the config is written.
    """
    data = site.data if site is not None and isinstance(site.data, dict) else {}
    theme = data.get("theme")
    restated: dict[str, Any] = {}
    if not isinstance(theme, dict):
        restated["theme"] = {"name": theme if isinstance(theme, str) else "material"}
    if stages_overrides(data):
        restated["theme"] = {**restated.get("theme", {}), "custom_dir": STAGED_OVERRIDES}
    elif isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str) and not _holds_tag(theme["custom_dir"]):
        restated["theme"] = {"custom_dir": _from_build_folder(project, theme["custom_dir"])}
    if material_theme(data) and not (isinstance(theme, dict) and "palette" in theme):
        restated["theme"] = {**restated.get("theme", {}), "palette": default_palette()}
    hooks = data.get("hooks")
    if isinstance(hooks, list) and all(isinstance(hook, str) for hook in hooks):
        restated["hooks"] = [_from_build_folder(project, hook) for hook in hooks]
    extensions = _with_permalink_title(data.get("markdown_extensions"))
    if extensions is not None:
        restated["markdown_extensions"] = extensions
    return restated


def material_theme(data: Mapping[str, Any]) -> bool:
    """Whether mkdocs.yml's theme is Material: named so, in the short form, or left out (the build names Material then)."""
    theme = data.get("theme")
    name = theme.get("name") if isinstance(theme, dict) else theme
    return name == "material" or "theme" not in data


DARK_TOGGLE = N_("Switch to dark mode")
LIGHT_TOGGLE = N_("Switch to light mode")
"""The labels of the light/dark toggle (the starter's mkdocs.yml once wrote them in English); translated where the config is written."""


def default_palette() -> list[dict[str, Any]]:
    """The palette a Material site gets when mkdocs.yml has none: the system's light or dark scheme, and a toggle between them."""
    return [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "teal",
            "toggle": {"icon": "material/weather-night", "name": DARK_TOGGLE},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "teal",
            "toggle": {"icon": "material/weather-sunny", "name": LIGHT_TOGGLE},
        },
    ]


def english_toggle_palette(site: Document | None) -> bool:
    """Whether mkdocs.yml's ``theme.palette`` labels its toggle with the starter's English texts only (``DARK_TOGGLE``, ``LIGHT_TOGGLE``)."""
    theme = site.data.get("theme") if site is not None and isinstance(site.data, dict) else None
    palette = theme.get("palette") if isinstance(theme, dict) else None
    items = palette if isinstance(palette, list) else []
    names = [item["toggle"].get("name") for item in items if isinstance(item, dict) and isinstance(item.get("toggle"), dict)]
    return bool(names) and all(name in (DARK_TOGGLE, LIGHT_TOGGLE) for name in names)


STAGED_OVERRIDES = "overrides"
"""The folder of .playbook/build/ the build's config names as ``theme.custom_dir`` under Material (``theme_overrides`` lists its files)."""
PLAYBOOK_OVERRIDES = BUILTIN_THEMES / DEFAULT_THEME / "overrides"
"""Playbook's own template overrides for Material (and Zensical): partials that write its escaped titles once-escaped."""


def stages_overrides(data: Mapping[str, Any]) -> bool:
    """Whether the build stages the theme overrides folder: under Material, unless mkdocs.yml names its ``custom_dir`` with a tag (``!ENV``)."""
    theme = data.get("theme")
    own = theme.get("custom_dir") if isinstance(theme, dict) else None
    return material_theme(data) and not _holds_tag(own)


def theme_overrides(project: Project, site: Document, inputs: Sequence[Path] = ()) -> dict[str, Path]:
    """The files of the staged overrides folder, sorted: staged name → the file copied there.

    Playbook's overrides, with the files of mkdocs.yml's own ``theme.custom_dir`` over them (the
    user's file wins, as a theme's override does). Empty unless the build stages the folder
    (``stages_overrides``). Under any theme, raises ``ErrorList`` for a ``custom_dir`` that is not
    a folder inside the project, that holds or lies in a private place (``_private_places``, with the
    folders of ``inputs``, the features' data files: the engines publish every file of a custom_dir
    that is not a template) and for a link in it that leads elsewhere: nothing outside the project is read.
    """
    data = site.data if isinstance(site.data, dict) else {}
    theme = data.get("theme")
    own = theme.get("custom_dir") if isinstance(theme, dict) else None
    mine = _custom_dir_files(project, site, own, inputs) if own is not None and not _holds_tag(own) else {}
    if not stages_overrides(data):
        return {}
    return dict(sorted((_files_in(PLAYBOOK_OVERRIDES) | mine).items()))


def _private_places(project: Project, inputs: Sequence[Path]) -> list[Path]:
    """The places a theme's ``custom_dir`` may neither hold nor lie in: content/'s private folders
    (``PRIVATE_FOLDERS``), reports/, site/, .playbook/, program.yaml and the features' data files ``inputs``."""
    fixed = [project.reports_dir, project.site_dir, project.build_dir.parent, project.program_file]
    return [*(project.content_dir / name for name in PRIVATE_FOLDERS), *fixed, *inputs]


def _folded(path: Path) -> PurePosixPath:
    """``path`` resolved, its name case-folded (as some disks compare names)."""
    return PurePosixPath(path.resolve().as_posix().casefold())


def _first_met(path: Path, places: Mapping[Path, PurePosixPath]) -> Path | None:
    """The first of ``places`` (place → ``_folded`` place) that ``path`` is, holds or lies in, or None."""
    mine = _folded(path)
    return next((place for place, theirs in places.items() if mine == theirs or mine in theirs.parents or theirs in mine.parents), None)


def _files_in(folder: Path) -> dict[str, Path]:
    """Every file (or link) under ``folder`` by its path relative to it; hidden files and folders left out."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder)
        if not any(part.startswith(".") for part in name.parts) and (path.is_symlink() or path.is_file()):
            found[name.as_posix()] = path
    return found


def _custom_dir_files(project: Project, site: Document, own: object, inputs: Sequence[Path]) -> dict[str, Path]:
    """The files of mkdocs.yml's ``theme.custom_dir`` (``own``), checked: a folder inside the project, apart from
    every private place (``_private_places``), no link leading out of it."""
    where = ("theme", "custom_dir")
    if not isinstance(own, str) or not own.strip():
        raise site.error(
            where, "names no folder; write the path of your template overrides folder, such as 'overrides', or remove custom_dir."
        )
    root = project.root.resolve()
    folder = (project.root / own).resolve()
    if not folder.is_relative_to(root):
        raise site.error(
            where, f"'{own}' is outside the project folder, and Playbook reads nothing outside it; move the folder into the project."
        )
    if not folder.is_dir():
        raise site.error(
            where, f"there is no folder '{own}' (paths here are relative to mkdocs.yml's folder); create it, or remove custom_dir."
        )
    places = {place: _folded(place) for place in _private_places(project, inputs)}
    private = _first_met(folder, places)
    if private is not None:
        shown = _shown_place(project, private)
        raise site.error(
            where,
            f"'{own}' holds {shown} or lies in it: the engine would publish every file of this folder that is not a template, "
            f"and Playbook never publishes {shown} as it is; keep your template overrides in a folder of their own, such as 'overrides'.",
        )
    found = _files_in(folder)
    errors = []
    for path in found.values():
        problem = _link_problem(project, path, places)
        if problem:
            errors.append(PlaybookError(path.relative_to(root).as_posix(), 0, 0, (), problem))  # the link itself, not where it leads
    raise_if_any(errors)
    return found


def _link_problem(project: Project, path: Path, places: Mapping[Path, PurePosixPath]) -> str | None:
    """Why the file (or link) ``path`` of an overrides folder cannot be used, or None: a link must lead to a file
    inside the project and outside its private ``places`` (as ``_first_met`` takes them)."""
    target = link_target(path)
    if target is None:
        return BROKEN_LINK
    if not target.is_relative_to(project.root.resolve()):
        return "is a link to a place outside the project folder, and Playbook reads nothing outside it; copy the file itself here instead."
    if not target.is_file():
        return "is a link to a folder; copy the folder itself here instead."
    private = _first_met(target, places)
    if private is not None:
        shown = _shown_place(project, private)
        return f"is a link to {project.display(target)}, in {shown}, which Playbook never publishes as it is; remove the link."
    return None


def _shown_place(project: Project, place: Path) -> str:
    """A private place as the user knows it, a folder with a closing slash (``content/cohorts/``)."""
    return project.display(place.resolve()) + ("/" if place.is_dir() else "")


PERMALINK_TITLE = N_("Permanent link")
"""The title of each heading's link (Python-Markdown's ``toc`` says it in English); translated where the config is written."""


def _with_permalink_title(extensions: object) -> list[Any] | None:
    """mkdocs.yml's ``markdown_extensions`` with ``toc.permalink_title`` added, when ``toc`` makes links and names no title.

    The engines take a list from the build's config in place of mkdocs.yml's, so the whole list
    is stated again; a list holding a YAML tag (``!!python/name:…``, kept as text) is left alone.
    """
    if not isinstance(extensions, list) or _holds_tag(extensions):
        return None
    for index, item in enumerate(extensions):
        settings = item.get("toc") if isinstance(item, dict) and len(item) == 1 else None
        if isinstance(settings, dict) and settings.get("permalink") and "permalink_title" not in settings:
            return [*extensions[:index], {"toc": {**settings, "permalink_title": PERMALINK_TITLE}}, *extensions[index + 1 :]]
    return None


def _holds_tag(value: object) -> bool:
    if isinstance(value, str):
        return value.startswith(("!", "tag:"))
    if isinstance(value, dict):
        return any(_holds_tag(key) or _holds_tag(item) for key, item in value.items())
    return isinstance(value, list) and any(_holds_tag(item) for item in value)


def _from_build_folder(project: Project, path: str) -> str:
    """A path mkdocs.yml gives relative to its own folder, as the build's config must give it (an absolute path stays)."""
    if os.path.isabs(path):
        return path
    return os.path.relpath(project.root / path, project.build_dir).replace(os.sep, "/")


def _translations(
    project: Project, documents: list[tuple[str, Document]], content: bool, errors: list[PlaybookError], cache: LoadCache | None
) -> dict[str, Translation]:
    """Each further language's ``Program`` and content files; problems go to ``errors``."""
    found: dict[str, Translation] = {}
    for code, document in documents:
        program, problems = remember(cache, f"validate:{code}", functools.partial(validate_program, document, project.root))
        errors += problems
        step = functools.partial(load_content, document, project)
        files = collect(errors, functools.partial(remember, cache, f"content:{code}", step)) if content else {}
        if program is not None:
            found[code] = Translation(program, files or {})
    return found


def build_epoch(project: Project) -> int:
    """SOURCE_DATE_EPOCH if set, else the newest modification time of the inputs.

    Both give the same value for the same input, so two builds are byte-identical.
    """
    configured = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if configured.isascii() and configured.isdigit():
        return int(configured)
    newest = 0.0
    for path in project.watched_paths():
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        newest = max([newest, *(item.stat().st_mtime for item in files if item.is_file())])
    return int(newest)


def as_of_date(program: Program, epoch: int) -> datetime.date:
    """The date figures are computed for: program.as_of, else the build date (UTC)."""
    if program.info.as_of:
        return datetime.date.fromisoformat(program.info.as_of)
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date()
