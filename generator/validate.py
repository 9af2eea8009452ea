"""Stage 2, validate: every problem in program.yaml, located, in one run; then the typed model.

Input: a ``Document`` (program.yaml parsed with positions) and the project root.
Output: the ``Program`` (when there is no problem) and a sorted list of ``PlaybookError``.
The declarations (``generator.schema``) check structure and types; the checks here cover the
cross-references a declaration cannot express (ids, cycles, files, minutes), and each
registered feature adds its own through ``Feature.check``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.crossref import inline_reference_errors
from generator.declare import ID_PATTERN
from generator.errors import KeyPath, PlaybookError, did_you_mean, sort_errors
from generator.load import Document, resolve_inside
from generator.model import TOGETHER, Program
from generator.refs import RefIndex, content_file_refs, entries
from generator.registry import FEATURES
from generator.schema import parse_program
from generator.static_files import PRIVATE_FOLDERS, private_folder
from generator.templating import DEFAULT_THEME, theme_errors

ID = re.compile(ID_PATTERN.strip("^$"))

CORE_ID_SECTIONS: dict[str, KeyPath] = {
    "role": ("roles",),
    "guideline page": ("guidelines", "pages"),
    "training module": ("training",),
    "agenda": ("agendas",),
}


# Pages the build writes itself, by the kind of id whose pages sit beside them: an item with
# such an id would silently replace that page (a module 'index' would be the Training overview).
RESERVED_PAGES: dict[str, dict[str, str]] = {
    "guideline page": {"index": "guidelines/index.md"},
    "training module": {"index": "training/index.md"},
    "agenda": {"index": "agendas/index.md"},
    "survey": {"index": "surveys/index.md"},
    "cohort": {"index": "progress/index.md", "goals": "progress/goals/ (the goals' pages)"},
}


def reserved_id_errors(document: Document, index: RefIndex, sections: dict[str, KeyPath]) -> list[PlaybookError]:
    """Ids whose page would take the place of one the build writes (``RESERVED_PAGES``, ``training/path-<role>.md``)."""
    errors = []
    for kind, keys in sections.items():
        reserved = dict(RESERVED_PAGES.get(kind, {}))
        if kind == "training module":
            reserved.update({f"path-{role}": f"training/path-{role}.md (the learning path)" for role in index.ids.get("role", ())})
        for path, item in entries(document.data, *(str(key) for key in keys)):
            ident = item.get("id")
            page = reserved.get(ident) if isinstance(ident, str) else None
            if page is not None:
                message = f"the {kind} id '{ident}' would take the place of {page}, which Playbook writes itself; choose another id."
                errors.append(document.error((*path, "id"), message))
    return errors


def build_index(document: Document) -> tuple[RefIndex, list[PlaybookError]]:
    """Collect ids by kind (the core's and every feature's) and report duplicates."""
    index, errors = RefIndex(), []
    sections = dict(CORE_ID_SECTIONS)
    for feature in FEATURES:
        sections.update(feature.id_sections)
    for kind, keys in sections.items():
        first_seen: dict[str, KeyPath] = {}
        for path, item in entries(document.data, *(str(key) for key in keys)):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in first_seen:
                line = document.where(first_seen[ident])[0]
                errors.append(
                    document.error((*path, "id"), f"duplicate {kind} id '{ident}' (first defined on line {line}); ids must be unique.")
                )
            else:
                first_seen[ident] = (*path, "id")
        index.ids[kind] = set(first_seen)
    return index, errors + reserved_id_errors(document, index, sections)


def reference_errors(document: Document, index: RefIndex) -> list[PlaybookError]:
    """Unknown role and module references, prerequisite cycles, agenda timing."""
    errors: list[PlaybookError] = []
    for path, module in entries(document.data, "training"):
        errors += _unknown_in_list(document, index, (*path, "audience"), module.get("audience"), "role")
        errors += _unknown_in_list(document, index, (*path, "prerequisites"), module.get("prerequisites"), "training module")
    errors += _cycle_errors(document)
    for path, agenda in entries(document.data, "agendas"):
        errors += _agenda_errors(document, index, path, agenda)
    return errors


def _unknown_in_list(document: Document, index: RefIndex, path: KeyPath, values: Any, kind: str) -> list[PlaybookError]:
    if not isinstance(values, list):
        return []
    return [
        index.unknown(document, (*path, position), kind, value)
        for position, value in enumerate(values)
        if isinstance(value, str) and not index.has(kind, value)
    ]


def prerequisite_graph(data: Any) -> dict[str, list[str]]:
    """Module id → prerequisite ids (only well-formed entries)."""
    graph: dict[str, list[str]] = {}
    for _, module in entries(data, "training"):
        prerequisites = module.get("prerequisites") or []
        if isinstance(module.get("id"), str) and isinstance(prerequisites, list):
            graph[module["id"]] = [item for item in prerequisites if isinstance(item, str)]
    return graph


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """One cycle in ``graph`` as a list of ids (first repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt in graph and not state.get(nxt):
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if not state.get(start):
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def _cycle_errors(document: Document) -> list[PlaybookError]:
    cycle = find_cycle(prerequisite_graph(document.data))
    if not cycle:
        return []
    path = next(p for p, module in entries(document.data, "training") if module.get("id") == cycle[0])
    return [document.error((*path, "prerequisites"), f"prerequisites form a cycle: {' → '.join(cycle)}; remove one of these links.")]


def _agenda_errors(document: Document, index: RefIndex, path: KeyPath, agenda: dict[str, Any]) -> list[PlaybookError]:
    errors = []
    raw_items = agenda.get("items")
    items: list[Any] = raw_items if isinstance(raw_items, list) else []
    for position, item in enumerate(items):
        lead = item.get("lead") if isinstance(item, dict) else None
        if isinstance(lead, str) and lead != TOGETHER and not index.has("role", lead):
            known = sorted(index.ids.get("role", set()))
            errors.append(
                document.error(
                    (*path, "items", position, "lead"),
                    f"unknown role id '{lead}'.{did_you_mean(lead, [*known, TOGETHER])} "
                    f"Use a role id ({', '.join(known)}) or '{TOGETHER}'.",
                )
            )
    total = sum(item.get("minutes", 0) for item in items if isinstance(item, dict) and isinstance(item.get("minutes"), int))
    duration = agenda.get("duration_minutes")
    if isinstance(duration, int) and total > duration:
        errors.append(
            document.error(
                (*path, "duration_minutes"),
                f"agenda items add up to {total} minutes but the session lasts {duration}; shorten items or lengthen the session.",
            )
        )
    return errors


def content_file_errors(document: Document, root: Path) -> list[PlaybookError]:
    """Content files that leave the project, lie in a private folder of content/, or do not exist."""
    errors = []
    for path, value in content_file_refs(document.data):
        try:
            resolved = resolve_inside(root, value, document.file, path, document.where(path))
        except PlaybookError as error:
            errors.append(error)
            continue
        content = (root / "content").resolve()
        private = private_folder(resolved.relative_to(content)) if resolved.is_relative_to(content) else None
        if private:
            errors.append(
                document.error(path, f"'{value}' is under content/{private}/, {PRIVATE_FOLDERS[private]}; move the page out of it.")
            )
        elif resolved.is_dir():
            errors.append(document.error(path, f"'{value}' is a folder, not a file; name a Markdown file inside it."))
        elif not resolved.is_file():
            errors.append(document.error(path, f"content file '{value}' does not exist; create it or fix the path."))
    return errors


def missing_theme_errors(document: Document, root: Path, theme: object) -> list[PlaybookError]:
    """``program.theme`` naming a folder that is not under ``themes/`` (its overrides would be silently unused)."""
    if not isinstance(theme, str) or not ID.fullmatch(theme) or theme == DEFAULT_THEME or (root / "themes" / theme).is_dir():
        return []
    folders = sorted(path.name for path in (root / "themes").iterdir() if path.is_dir()) if (root / "themes").is_dir() else []
    message = (
        f"there is no folder themes/{theme}.{did_you_mean(theme, folders)} Create it (with templates/ or assets/), "
        f"or remove program.theme to use the default theme."
    )
    return [document.error(("program", "theme"), message)]


def validate_program(document: Document, root: Path) -> tuple[Program | None, list[PlaybookError]]:
    """The ``Program`` and every error in the programme definition, sorted by place.

    The program is None whenever there is an error, so nothing is built from a broken definition.
    """
    program, errors = parse_program(document)
    if not isinstance(document.data, dict):
        return None, errors
    index, duplicate_errors = build_index(document)
    errors += duplicate_errors
    errors += reference_errors(document, index)
    errors += content_file_errors(document, root)
    info = document.data.get("program")
    theme = info.get("theme") if isinstance(info, dict) else None
    errors += theme_errors(root, theme if isinstance(theme, str) and ID.fullmatch(theme) else DEFAULT_THEME)
    errors += missing_theme_errors(document, root, theme)
    for feature in FEATURES:
        errors += feature.check(document, index)
    if program is not None and not errors:
        errors += inline_reference_errors(document, program)
    return (program if not errors else None), sort_errors(errors)
