"""Themed Jinja2 templates with Playbook's filters and safe escaping.

Input: the theme folders in lookup order and the ``Program``.
Output: ``Renderer``, which renders ``*.md.j2`` templates to Markdown and lists theme assets.

Templates are looked up in ``themes/<program.theme>/templates`` first, then in the
project's ``themes/default/templates``, then in the default theme that ships with
Playbook (``generator/themes`` in the installed package, found with
``importlib.resources``), so a programme overrides one template without copying the rest. Every
``{{ value }}`` is escaped by ``textsafe.finalize``; trusted Markdown is ``Markup``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from generator.model import Program
from generator.textsafe import escape_text, finalize, trusted

DEFAULT_THEME = "default"


def builtin_themes() -> Path:
    """The folder of the themes that ship with Playbook.

    A wheel carries them inside the package as ``generator/themes`` (pyproject.toml maps
    the repository's ``themes/`` there at build time). An editable install or a plain
    checkout imports ``generator`` from the repository, where setuptools cannot map that
    folder into the package (pypa/setuptools#4943), so the repository's ``themes/``,
    beside the package, is used instead.
    """
    package = Path(str(resources.files("generator")))
    packaged = package / "themes"
    return packaged if packaged.is_dir() else package.parent / "themes"


BUILTIN_THEMES = builtin_themes()


def theme_folders(project_root: Path, theme: str) -> list[Path]:
    """Theme folders in lookup order, without duplicates, existing ones only."""
    candidates = [project_root / "themes" / theme, project_root / "themes" / DEFAULT_THEME, BUILTIN_THEMES / DEFAULT_THEME]
    folders: list[Path] = []
    for folder in candidates:
        resolved = folder.resolve()
        if resolved.is_dir() and resolved not in folders:
            folders.append(resolved)
    return folders


def clock(minutes: int) -> str:
    """An offset in minutes as h:mm (``25`` → ``0:25``)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration(minutes: int | None) -> str:
    """A length of time for people (``90`` → ``1 h 30 min``)."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


class Renderer:
    """A Jinja2 environment over the theme folders, with Playbook's filters."""

    def __init__(self, folders: list[Path], program: Program) -> None:
        self.folders = folders
        self.environment = jinja2.Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder / "templates") for folder in folders]),
            finalize=finalize,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        roles = {role.id: role.name for role in program.roles}
        self.environment.filters.update(
            clock=clock,
            duration=duration,
            role_name=lambda role_id: roles.get(role_id, "Together" if role_id == "together" else role_id),
            trusted=trusted,
            escape=escape_text,
        )
        self.environment.globals.update(program=program)

    def render(self, template: str, **context: Any) -> str:
        """Render ``template`` with ``context``; output ends with one newline."""
        return self.environment.get_template(template).render(**context).rstrip() + "\n"

    def assets(self) -> dict[str, bytes]:
        """Theme assets by relative path; the programme's theme wins over the default."""
        found: dict[str, bytes] = {}
        for folder in reversed(self.folders):
            asset_dir = folder / "assets"
            if asset_dir.is_dir():
                for path in sorted(asset_dir.rglob("*")):
                    if path.is_file():
                        found[path.relative_to(asset_dir).as_posix()] = path.read_bytes()
        return dict(sorted(found.items()))
