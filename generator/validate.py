"""Stage 2, validate: every problem in program.yaml, located, in one run.

Input: a ``Document`` (program.yaml parsed with positions) and the project root.
Output: a sorted list of ``PlaybookError`` (empty when the programme is valid).
It checks the JSON Schema (types, unknown keys with "did you mean" hints) and the
cross-references the schema cannot express (ids, cycles, files, dates, minutes).
Feature packages add their own checks through ``check_*`` functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from generator.errors import KeyPath, PlaybookError, did_you_mean, sort_errors
from generator.load import Document, resolve_inside
from generator.matching.checks import check_matching
from generator.progress.checks import check_progress
from generator.refs import RefIndex, entries
from generator.schema import DATE_PATTERN, ID_PATTERN, program_schema
from generator.surveys.checks import check_surveys

_TYPE_NAMES = {
    "object": "a mapping (key: value lines)",
    "array": "a list (lines starting with '- ')",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}

_PATTERN_HINTS = {
    ID_PATTERN: "is not a valid id; use lowercase letters, digits and hyphens, such as 'digital-skills'",
    DATE_PATTERN: "is not a date; write it as YYYY-MM-DD, such as 2026-03-01",
    r"\.md$": "must name a Markdown file ending in .md",
}

TOGETHER = "together"


def _validator() -> Draft202012Validator:
    return Draft202012Validator(program_schema(), format_checker=FormatChecker())


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text '{value}'"


def _schema_messages(error: ValidationError) -> Iterator[tuple[KeyPath, str]]:
    path: KeyPath = tuple(error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = error.schema.get("properties", {}).keys()
        for key in sorted(set(instance) - set(allowed)):
            yield (*path, key), f"unknown key '{key}'.{did_you_mean(key, allowed)} Allowed keys: {', '.join(sorted(allowed))}."
    elif kind == "required" and isinstance(instance, dict):
        for key in value:
            if key not in instance and not did_you_mean(key, instance):
                yield path, f"missing required key '{key}'."
    elif kind == "type":
        expected = value if isinstance(value, str) else value[0]
        yield path, f"expected {_TYPE_NAMES.get(expected, expected)}, got {_describe(instance)}."
    elif kind == "enum":
        yield path, f"{_describe(instance)} is not allowed; choose one of: {', '.join(map(str, value))}."
    elif kind == "pattern":
        hint = _PATTERN_HINTS.get(value, f"does not match the expected form ({value})")
        yield path, f"'{instance}' {hint}."
    elif kind == "format":
        yield path, f"'{instance}' is not a valid {value}."
    elif kind == "minLength":
        yield path, "must not be empty."
    elif kind == "minItems":
        yield path, f"needs at least {value} item{'s' if value != 1 else ''}."
    elif kind in ("minimum", "maximum"):
        yield path, f"{instance} is too {'small' if kind == 'minimum' else 'large'}; the {kind} is {value}."
    else:
        yield path, error.message + "."


def schema_errors(document: Document) -> list[PlaybookError]:
    """Errors against the JSON Schema, each at the line of the offending key."""
    if document.data is None:
        return [document.error((), "program.yaml is empty; start with a 'program:' section (see 'playbook new').")]
    if not isinstance(document.data, dict):
        return [document.error((), f"expected a mapping of sections (program:, roles:, ...), got {_describe(document.data)}.")]
    return [document.error(path, message) for error in _validator().iter_errors(document.data) for path, message in _schema_messages(error)]


_ID_SECTIONS = {
    "role": ("roles",),
    "goal": ("goals",),
    "guideline page": ("guidelines", "pages"),
    "training module": ("training",),
    "agenda": ("agendas",),
    "survey": ("surveys",),
    "cohort": ("cohorts",),
}


def build_index(document: Document) -> tuple[RefIndex, list[PlaybookError]]:
    """Collect ids by kind and report duplicates."""
    index, errors = RefIndex(), []
    for kind, keys in _ID_SECTIONS.items():
        first_seen: dict[str, KeyPath] = {}
        for path, item in entries(document.data, *keys):
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
    return index, errors


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
    items = agenda.get("items") if isinstance(agenda.get("items"), list) else []
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


def date_order_errors(document: Document) -> list[PlaybookError]:
    """End dates before start dates (cohorts) and closing before opening (surveys)."""
    errors = []
    for keys, first, last in ((("cohorts",), "start", "end"), (("surveys",), "opens", "closes")):
        for path, item in entries(document.data, *keys):
            begin, end = item.get(first), item.get(last)
            if isinstance(begin, str) and isinstance(end, str) and end < begin:
                errors.append(document.error((*path, last), f"{last} {end} is before {first} {begin}; swap them or fix the date."))
    return errors


def content_file_errors(document: Document, root: Path) -> list[PlaybookError]:
    """Content files that leave the project or do not exist."""
    errors = []
    for path, value in content_file_refs(document.data):
        try:
            resolved = resolve_inside(root, value, document.file, path, document.where(path))
        except PlaybookError as error:
            errors.append(error)
            continue
        if not resolved.is_file():
            errors.append(document.error(path, f"content file '{value}' does not exist; create it or fix the path."))
    return errors


def content_file_refs(data: Any) -> list[tuple[KeyPath, str]]:
    """Every ``file:`` reference to a Markdown file, with its key path."""
    refs = []
    program = data.get("program") if isinstance(data, dict) else None
    if isinstance(program, dict) and isinstance(program.get("home"), str):
        refs.append((("program", "home"), program["home"]))
    for keys in (("guidelines", "pages"), ("training",)):
        for path, item in entries(data, *keys):
            if isinstance(item.get("file"), str):
                refs.append(((*path, "file"), item["file"]))
    return refs


def validate(document: Document, root: Path) -> list[PlaybookError]:
    """Every error in the programme definition, sorted by place."""
    errors = schema_errors(document)
    if not isinstance(document.data, dict):
        return errors
    index, duplicate_errors = build_index(document)
    errors += duplicate_errors
    errors += reference_errors(document, index)
    errors += date_order_errors(document)
    errors += content_file_errors(document, root)
    for check in (check_surveys, check_progress, check_matching):
        errors += check(document, index)
    return sort_errors(errors)
