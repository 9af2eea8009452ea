"""Themed Jinja2 templates with Playbook's filters and safe escaping.

Input: the theme folders in lookup order and the ``Program``.
Output: ``Renderer``, which renders ``*.md.j2`` templates to Markdown and lists theme assets.
``theme_errors`` checks a project's theme (links, template syntax) at ``check`` and ``build`` time;
a template found valid is remembered by its source's checksum in ``generator.cache.TEMPLATES``, so
an unchanged template is parsed once, not on every run.

Templates are looked up in ``themes/<program.theme>/templates`` first, then in the
project's ``themes/default/templates``, then in the default theme that ships with
Playbook (``generator/themes`` in the installed package, found with
``importlib.resources``), so a programme overrides one template without copying the rest. Every
``{{ value }}`` is escaped by ``textsafe.finalize`` (each distinct string once per renderer);
trusted Markdown is ``Markup``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext

from generator import i18n
from generator.cache import TEMPLATES
from generator.errors import PlaybookError
from generator.model import Program
from generator.textsafe import escape_attribute, escape_href, escape_text, finalize, trusted

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
    """Theme folders in lookup order, without duplicates, existing ones only.

    A project's theme folder that is a link resolving outside the project is refused (located):
    nothing outside the project is read or published.
    """
    root = project_root.resolve()
    candidates = [project_root / "themes" / theme, project_root / "themes" / DEFAULT_THEME]
    folders: list[Path] = []
    for folder in candidates:
        resolved = folder.resolve()
        if not resolved.is_relative_to(root):
            raise PlaybookError(
                f"themes/{folder.name}",
                0,
                0,
                (),
                "this theme folder is a link to a place outside the project; copy the theme into themes/ instead.",
            )
        if resolved.is_dir() and resolved not in folders:
            folders.append(resolved)
    builtin = (BUILTIN_THEMES / DEFAULT_THEME).resolve()
    return [*folders, builtin] if builtin not in folders else folders


class _InsideLoader(jinja2.FileSystemLoader):
    """A template loader that refuses a template whose file is a link leaving its theme folder."""

    def __init__(self, folder: Path, display: str) -> None:
        super().__init__(folder)
        self.folder, self.display = folder.resolve(), display

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if filename and not Path(filename).resolve().is_relative_to(self.folder):
            raise PlaybookError(
                f"{self.display}/{template}", 0, 0, (), "this template is a link to a file outside the project; copy the file here instead."
            )
        return source, filename, uptodate


def finalize_once() -> Callable[[object], str]:
    """``textsafe.finalize`` that escapes each distinct plain string once (a build repeats the same words thousands of times)."""
    escaped: dict[str, str] = {}

    def finalize_value(value: object) -> str:
        if type(value) is not str:  # Markup (a str subclass) is trusted as it is; numbers and None are cheap
            return finalize(value)
        found = escaped.get(value)
        if found is None:
            found = escaped[value] = finalize(value)
        return found

    return finalize_value


def theme_texts(environment: jinja2.Environment, folders: list[Path]) -> frozenset[str]:
    """The texts written for translation (``_("…")``, ``{% trans %}``) in the templates of ``folders``: the programme's own theme.

    A template that does not parse gives none here; rendering it reports the mistake at its line.
    """
    found: set[str] = set()
    builtin = BUILTIN_THEMES / DEFAULT_THEME / "templates"
    for folder in folders:
        for path in sorted(folder.rglob("*.j2")) if folder.is_dir() else []:
            try:
                source = path.read_text(encoding="utf-8")
                if _same_text(builtin / path.relative_to(folder), source):
                    continue  # a copy of Playbook's own template: its texts are Playbook's
                calls = list(jinja2.ext.extract_from_ast(environment.parse(source)))
            except (jinja2.TemplateSyntaxError, OSError, UnicodeDecodeError):
                continue
            for _, _, message in calls:
                singular = message if isinstance(message, str) else message[0] if message else None
                if singular:
                    found.add(singular)
    return frozenset(found)


def _same_text(path: Path, text: str) -> bool:
    """Whether the file ``path`` exists and holds exactly ``text``."""
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def clock(minutes: int) -> str:
    """An offset in minutes as h:mm (``25`` → ``0:25``)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


class Renderer:
    """A Jinja2 environment over the theme folders, with Playbook's filters."""

    def __init__(self, folders: list[Path], program: Program, language: str | None = None) -> None:
        self.folders = folders
        self.language = language or program.info.language
        self.environment = jinja2.Environment(
            loader=jinja2.ChoiceLoader([_InsideLoader(folder / "templates", _display(folder) + "/templates") for folder in folders]),
            finalize=finalize_once(),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
            auto_reload=False,  # a renderer serves one run: its templates are read once, not checked on every page
        )
        own = [folder / "templates" for folder in folders if folder != (BUILTIN_THEMES / DEFAULT_THEME).resolve()]
        i18n.install(self.environment, functools.cache(functools.partial(theme_texts, self.environment, own)))
        roles = {role.id: role.name for role in program.roles}
        self.environment.filters.update(
            clock=clock,
            role_name=lambda role_id: roles.get(role_id, i18n.gettext("Together") if role_id == "together" else role_id),
            trusted=trusted,
            escape=escape_text,
            attribute=escape_attribute,
            href=escape_href,
        )
        self.environment.globals.update(program=program)

    def render(self, template: str, **context: Any) -> str:
        """Render ``template`` with ``context`` in the renderer's language; output ends with one newline.

        A theme template's mistake (Jinja syntax, an undefined name) is a located ``PlaybookError``.
        """
        try:
            with i18n.language(self.language):
                return self.environment.get_template(template).render(**context).rstrip() + "\n"
        except jinja2.TemplateSyntaxError as error:
            raise PlaybookError(
                _display(Path(error.filename or template)), error.lineno, 0, (), f"template syntax error: {error.message}."
            ) from None
        except jinja2.TemplateError as error:
            file, line = _template_frame(error, template)
            raise PlaybookError(
                file, line, 0, (), f"template error: {error.message or error}; check the names this template uses."
            ) from None

    def assets(self) -> dict[str, bytes]:
        """Theme assets by relative path; the programme's theme wins over the default.

        A file or folder under assets/ that is a link resolving outside its theme is refused.
        """
        found: dict[str, bytes] = {}
        for folder in reversed(self.folders):
            asset_dir = folder / "assets"
            if asset_dir.is_dir():
                for path in sorted(asset_dir.rglob("*")):
                    _refuse_outside(path, folder)
                    if path.is_file():
                        found[path.relative_to(asset_dir).as_posix()] = path.read_bytes()
        return dict(sorted(found.items()))


def _display(path: Path) -> str:
    """A theme path as users see it: from ``themes/`` on."""
    parts = path.parts
    return "/".join(parts[parts.index("themes") :]) if "themes" in parts else path.as_posix()


def _refuse_outside(path: Path, folder: Path) -> None:
    if not path.resolve().is_relative_to(folder):
        raise PlaybookError(_display(path), 0, 0, (), "this file is a link to a place outside the project; copy the file here instead.")


def _template_frame(error: BaseException, template: str) -> tuple[str, int]:
    """The template file and line an error was raised from (Jinja keeps them in the traceback)."""
    frame, found = error.__traceback__, (template, 0)
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (_display(Path(filename)), frame.tb_lineno)
        frame = frame.tb_next
    return found


def theme_errors(project_root: Path, theme: str) -> list[PlaybookError]:
    """What ``build`` would refuse in the project's themes, found at ``check`` time.

    Links leaving the project (a theme folder, a template, an asset) and template syntax errors,
    each located. Undefined names show only when a template renders, so ``build`` reports those.
    """
    try:
        folders = theme_folders(project_root, theme)
    except PlaybookError as error:
        return [error]
    errors: list[PlaybookError] = []
    TEMPLATES.keep_on_disk()
    for folder in folders:
        if not folder.is_relative_to(project_root.resolve()):
            continue  # the built-in theme ships with Playbook
        for path in sorted(folder.rglob("*")):
            try:
                _refuse_outside(path, folder)
                if path.suffix == ".j2" and path.is_file():
                    _check_syntax(path, path.read_text(encoding="utf-8"))
            except PlaybookError as error:
                errors.append(error)
            except jinja2.TemplateSyntaxError as error:
                errors.append(PlaybookError(_display(path), error.lineno, 0, (), f"template syntax error: {error.message}."))
            except (UnicodeDecodeError, OSError) as error:
                errors.append(PlaybookError(_display(path), 0, 0, (), f"cannot be read as UTF-8 text ({error})."))
    return errors


_SYNTAX = jinja2.Environment(extensions=["jinja2.ext.i18n"])
"""Jinja2 with the syntax the renderer accepts (its i18n extension: {% trans %}): what ``theme_errors`` checks templates against."""
SYNTAX_CHECKED = "playbook-syntax-checked:"
"""The prefix of the names under which ``TEMPLATES`` remembers that a template's source has no syntax error."""


def _check_syntax(path: Path, source: str) -> None:
    """Raise ``TemplateSyntaxError`` if ``source`` (the template at ``path``) is not valid Jinja2.

    A source found valid is remembered in ``TEMPLATES`` (by its checksum, as Jinja2 keeps compiled
    templates, under a name of its own so no template's compiled code is touched), so an unchanged
    template is not parsed again, in this process or the next.
    """
    bucket = TEMPLATES.get_bucket(_SYNTAX, SYNTAX_CHECKED + path.name, str(path), source)
    if bucket.code is not None:
        return
    _SYNTAX.parse(source, path.name, str(path))
    bucket.code = _VALID
    TEMPLATES.set_bucket(bucket)


_VALID = compile("", "<valid template>", "exec")
"""What ``TEMPLATES`` keeps for a template found valid: an empty code object, never run."""
