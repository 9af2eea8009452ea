"""Stage 1 (continued), load: the files program.yaml refers to, and the site config.

Input: a validated program.yaml ``Document`` and the ``Project``.
Output: ``ContentFile`` objects (front matter checked, Markdown body; its raw HTML shown as text
when ``program.escape_html`` is true) and the user's ``mkdocs.yml`` keys, or located errors (all
of them, at once).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ErrorList, PlaybookError, did_you_mean
from generator.load import (
    Document,
    existing_inside,
    load_yaml_file,
    parse_yaml,
    read_text,
    split_front_matter,
)
from generator.project import Project
from generator.refs import content_file_refs
from generator.site_config import site_config_errors
from generator.textsafe import escape_raw_html

FRONT_MATTER_KEYS = ("description", "title")

# Keys the build writes into its own engine config. Setting them in mkdocs.yml
# too would clash (INHERIT merges lists differently in the two engines).
BUILD_OWNED_KEYS = ("docs_dir", "extra_css", "extra_javascript", "nav", "site_dir")


@dataclass(frozen=True)
class ContentFile:
    """A Markdown file from content/, split into front matter and body."""

    path: str
    body: str
    title: str | None = None
    description: str | None = None
    body_line: int = 1
    """The line of the file the body starts on (after any front matter)."""


def _front_matter_errors(front: Document) -> list[PlaybookError]:
    if front.data is None:
        return []
    if not isinstance(front.data, dict):
        return [front.error((), "front matter must be a mapping of keys such as 'title: ...'.")]
    errors = []
    for key, value in front.data.items():
        if key not in FRONT_MATTER_KEYS:
            hint = did_you_mean(key, FRONT_MATTER_KEYS)
            errors.append(front.error((key,), f"unknown front matter key '{key}'.{hint} Allowed keys: {', '.join(FRONT_MATTER_KEYS)}."))
        elif not isinstance(value, str) or not value.strip():
            errors.append(front.error((key,), _front_matter_value_problem(value)))
    return errors


def _front_matter_value_problem(value: Any) -> str:
    """Why a front matter ``title`` or ``description`` is not text, and how to write it."""
    if value is None or isinstance(value, str):
        return "expected text, got nothing; write the text after the colon, or remove the line."
    if isinstance(value, bool | int | float):
        read_as = "true/false" if isinstance(value, bool) else f"the number {value}"
        return f"expected text, got {read_as}; to give it as text, put it in quotes."
    return "expected one line of text, got a list or mapping; put text holding [ ] { } or ': ' in quotes."


def read_content_file(project: Project, relative: str) -> ContentFile:
    """Read one content file and check its front matter."""
    text = read_text(project.root / relative, relative)
    front, body, first_line = split_front_matter(text, relative)
    if front is not None:
        errors = _front_matter_errors(front)
        if errors:
            raise ErrorList(errors)
    data: dict[str, Any] = front.data if front is not None and isinstance(front.data, dict) else {}
    return ContentFile(relative, body, data.get("title"), data.get("description"), first_line)


def load_content(document: Document, project: Project) -> dict[str, ContentFile]:
    """Every content file program.yaml refers to, keyed by its path."""
    files: dict[str, ContentFile] = {}
    errors: list[PlaybookError] = []
    info = document.data.get("program") if isinstance(document.data, dict) else None
    escape = isinstance(info, dict) and info.get("escape_html") is True
    for _, relative in content_file_refs(document.data):
        if relative in files or not (project.root / relative).exists():
            continue  # a missing file is reported at its program.yaml line by validate.content_file_errors
        try:
            found = read_content_file(project, relative)
            files[relative] = dataclasses.replace(found, body=escape_raw_html(found.body)) if escape else found
        except PlaybookError as error:
            errors.append(error)
        except ErrorList as many:
            errors.extend(many)
    if errors:
        raise ErrorList(errors)
    return files


def load_site_config(project: Project) -> Document:
    """The user's mkdocs.yml (must exist, be a mapping and leave build-owned keys alone).

    MkDocs' own tags (``!ENV``, ``!!python/name:``) are allowed; only the top-level keys are checked.
    """
    display = project.display(project.mkdocs_file)
    _refuse_if_not_a_file(project.mkdocs_file, "the site's name, theme and extensions (see 'playbook new')")
    if not project.mkdocs_file.is_file():
        raise PlaybookError(
            display, 0, 0, (), "mkdocs.yml is missing; it holds the site's name, theme and extensions (see 'playbook new')."
        )
    existing_inside(project.root, project.mkdocs_file, project.mkdocs_file.name)
    document = parse_yaml(read_text(project.mkdocs_file, display), display, foreign_tags=True)
    if not isinstance(document.data, dict):
        raise PlaybookError(display, 1, 1, (), "mkdocs.yml must be a mapping of settings such as 'site_name: ...'.")
    errors = [
        document.error((key,), f"'{key}' is set by the Playbook build; remove it from mkdocs.yml.")
        for key in BUILD_OWNED_KEYS
        if key in document.data
    ]
    errors += site_config_errors(document)
    if errors:
        raise ErrorList(errors)
    return document


def check_program_file(project: Project) -> Document:
    """Read program.yaml with every guard (exists, size, UTF-8, YAML)."""
    display = project.display(project.program_file)
    _refuse_if_not_a_file(project.program_file, "the programme (run 'playbook new DIR' to start one)")
    if not project.program_file.is_file():
        raise PlaybookError(
            display, 0, 0, (), f"no program.yaml in {project.root}; run 'playbook new DIR' to start a programme, or pass --project."
        )
    existing_inside(project.root, project.program_file, project.program_file.name)
    return load_yaml_file(project.program_file, display)


def _refuse_if_not_a_file(path: Path, holds: str) -> None:
    """Refuse a settings file (program.yaml, mkdocs.yml) that is there but is a folder or a broken link, saying which."""
    if path.is_dir():
        kind = "a folder, not a file"
    elif path.is_symlink() and not path.exists():
        kind = "a link to a file that does not exist"
    else:
        return
    message = f"is {kind}; remove or rename it and write {path.name} as a file here: it holds {holds}."
    raise PlaybookError(path.name, 0, 0, (), message)
