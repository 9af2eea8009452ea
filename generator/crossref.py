"""Cross-references and programme facts inside content and program.yaml text.

Input: Markdown (a content file's body, or one line of text from program.yaml), the ``Program``,
the aggregated figures, and the staged path of the page the text lands on.
Output: Markdown where ``[[kind:id]]`` is a link to the item, titled with its name
(``[[module:mentor-foundations]]`` → ``[Mentor foundations](../training/mentor-foundations.md)``),
``[[kind:id|words]]`` is a link with those words, and a fact such as ``[[hours:mentor]]`` is the
value program.yaml holds. An unknown kind or id is a ``PlaybookError`` located at FILE:LINE:COL.

Link kinds: module, guideline, agenda, path (a role's learning path), role (a role's start page),
survey, cohort, goal. Facts: hours (a role's learning path, ``3 h 45 min``), modules (how many
modules in a role's path), minutes (an agenda's or module's length), sessions (a cohort's planned
sessions), pairs (the pairs on a cohort's roster), weeks (how often a cohort's pairs meet), and
``fact:session-minutes``, ``fact:min-group-size``, ``fact:contact``, ``fact:organisation``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import ErrorList, KeyPath, PlaybookError
from generator.i18n import format_duration as duration
from generator.i18n import format_number, in_sentence
from generator.i18n import gettext as _
from generator.load import Document
from generator.model import Program, learning_path
from generator.refs import entries
from generator.textsafe import escape_text

REFERENCE = re.compile(r"\[\[([a-z-]+):([A-Za-z0-9_.-]+)(?:\|([^\]\n]+))?\]\]")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Target:
    """Where a link kind points: its staged page and its title, by id."""

    titles: Mapping[str, str]
    page: Callable[[str], str]


def _named(items: Any, label: str = "title") -> dict[str, str]:
    return {str(item.id): str(getattr(item, label)) for item in items or ()}


def link_targets(program: Program) -> dict[str, Target]:
    """Every kind of item a reference may link to."""
    sections = program.sections
    roles = _named(program.roles, "name")
    return {
        "module": Target(_named(program.training), lambda i: f"training/{i}.md"),
        "guideline": Target(_named(program.guideline_pages), lambda i: f"guidelines/{i}.md"),
        "agenda": Target(_named(program.agendas), lambda i: f"agendas/{i}.md"),
        "path": Target({k: _("%(role)s learning path") % {"role": v} for k, v in roles.items()}, lambda i: f"training/path-{i}.md"),
        "role": Target({k: _("Start here: %(role)s") % {"role": in_sentence(v)} for k, v in roles.items()}, lambda i: f"start/{i}.md"),
        "survey": Target(_named(sections.get("surveys")), lambda i: f"surveys/{i}.md"),
        "cohort": Target(_named(sections.get("cohorts"), "name"), lambda i: f"progress/{i}.md"),
        "goal": Target(_named(sections.get("goals")), lambda i: f"progress/goals/{i}.md"),
    }


def cohort_pairs(figures: Mapping[str, object]) -> dict[str, int | None]:
    """Pairs on each cohort's roster, from the progress figures (empty without them); None for a cohort too small to publish."""
    cohorts = getattr(figures.get("progress"), "cohorts", ())
    return {str(item.cohort.id): sum(item.pairs.values()) if item.published else None for item in cohorts}


def _pairs_text(count: int | None, minimum: int) -> str:
    if count is None:
        return _("withheld: cohort of fewer than %(minimum)s people") % {"minimum": format_number(minimum)}
    return format_number(count)


def facts(program: Program, figures: Mapping[str, object]) -> dict[str, dict[str, str]]:
    """Every fact a reference may write, by kind and id, as display text."""
    paths = {role.id: learning_path(program, role.id) for role in program.roles}
    cohorts = program.sections.get("cohorts") or ()
    expectations = program.expectations
    contact = program.info.contact
    return {
        "hours": {role: duration(sum(m.duration_minutes for m in path)) for role, path in paths.items()},
        "modules": {role: format_number(len(path)) for role, path in paths.items()},
        "minutes": {
            **{module.id: format_number(module.duration_minutes) for module in program.training},
            **{agenda.id: format_number(agenda.duration_minutes) for agenda in program.agendas},
        },
        "sessions": {cohort.id: format_number(cohort.planned_sessions) for cohort in cohorts},
        "weeks": {cohort.id: format_number(cohort.meeting_every_weeks) for cohort in cohorts},
        "pairs": {key: _pairs_text(value, program.info.privacy.min_group_size) for key, value in cohort_pairs(figures).items()},
        "fact": {
            key: value
            for key, value in {
                "session-minutes": str(expectations.session_minutes or ""),
                "min-group-size": str(program.info.privacy.min_group_size),
                "contact": contact.name if contact else "",
                "organisation": program.info.organisation,
            }.items()
            if value
        },
    }


class References:
    """Resolves ``[[kind:id]]`` for one build; collects every broken reference it meets."""

    def __init__(self, program: Program, figures: Mapping[str, object] | None = None) -> None:
        self.targets = link_targets(program)
        self.facts = facts(program, figures or {})
        self.errors: list[PlaybookError] = []

    def resolve(self, match: re.Match[str], page: str, escape: bool) -> str | None:
        """The Markdown for one reference on ``page``, or None when it is broken."""
        kind, key, words = match.group(1), match.group(2), match.group(3)
        if kind in self.facts:
            value = self.facts[kind].get(key)
            return None if value is None or words else (escape_text(value) if escape else value)
        target = self.targets.get(kind)
        if target is None or key not in target.titles:
            return None
        label = escape_text(words.strip() if words else target.titles[key])
        href = posixpath.relpath(target.page(key), posixpath.dirname(page) or ".")
        return f"[{label}]({href})"

    def problem(self, match: re.Match[str]) -> str:
        """Why a reference is broken, and the ids that would work."""
        kind, key, words = match.group(1), match.group(2), match.group(3)
        known = self.facts.get(kind) or (self.targets[kind].titles if kind in self.targets else None)
        if known is None:
            kinds = ", ".join(sorted({*self.targets, *self.facts}))
            return f"unknown reference kind '{kind}' in {match.group(0)}; use one of: {kinds}."
        if key in known and words:
            return f"{match.group(0)}: a fact takes no link text; write [[{kind}:{key}]]."
        return f"{match.group(0)}: no {kind} '{key}'; known: {', '.join(sorted(known)) or 'none'}."

    def expand(self, text: str, page: str, file: str, first_line: int = 1) -> str:
        """``text`` (a content body starting at ``first_line`` of ``file``) with references resolved."""
        lines = text.split("\n")
        for index in _prose_lines(lines):
            lines[index] = self._line(lines[index], page, file, first_line + index, escape=False)
        return "\n".join(lines)

    def inline(self, text: str, page: str, file: str) -> str:
        """One plain-text string from program.yaml, escaped, with its references as links."""
        parts: list[str] = []
        last = 0
        for match in REFERENCE.finditer(text):
            parts.append(escape_text(text[last : match.start()]))
            parts.append(self._resolved(match, page, file, 0, escape=True))
            last = match.end()
        parts.append(escape_text(text[last:]))
        return "".join(parts)

    def problems_in(self, text: str) -> list[str]:
        """Why each broken reference in ``text`` (one value of program.yaml) is broken."""
        return [self.problem(match) for match in REFERENCE.finditer(text) if self.resolve(match, "index.md", escape=True) is None]

    def _line(self, line: str, page: str, file: str, number: int, escape: bool) -> str:
        return REFERENCE.sub(lambda match: self._resolved(match, page, file, number, escape), line)

    def _resolved(self, match: re.Match[str], page: str, file: str, line: int, escape: bool) -> str:
        markdown = self.resolve(match, page, escape)
        if markdown is None:
            self.errors.append(PlaybookError(file, line, match.start() + 1 if line else 0, (), self.problem(match)))
            return match.group(0)
        return markdown

    def raise_if_broken(self) -> None:
        """Raise every broken reference met so far, at once."""
        if self.errors:
            raise ErrorList(sorted(set(self.errors), key=lambda error: (error.file, error.line, error.column)))


# The program.yaml texts that may hold references (rendered with the ``linked`` template filter).
INLINE_TEXTS: tuple[tuple[str, str], ...] = (("roles", "getting_started"), ("agendas", "preparation"), ("agendas", "follow_up"))


def inline_reference_errors(document: Document, program: Program) -> list[PlaybookError]:
    """Every broken ``[[kind:id]]`` in the program.yaml texts of ``INLINE_TEXTS``, at its FILE:LINE:COL.

    Checked with the definition, before any figure exists: a cohort's pairs are known by its id.
    """
    refs = References(program)
    refs.facts["pairs"] = dict.fromkeys(refs.facts["sessions"], "")
    return [
        document.error(text_path, problem)
        for section, key in INLINE_TEXTS
        for path, item in entries(document.data, section)
        for text_path, text in _texts(item.get(key), (*path, key))
        for problem in refs.problems_in(text)
    ]


def _texts(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Each string in a list of texts, a text per language included, with its key path."""
    for index, item in enumerate(value if isinstance(value, list) else ()):
        if isinstance(item, str):
            yield (*path, index), item
        elif isinstance(item, dict):
            yield from (((*path, index, language), text) for language, text in item.items() if isinstance(text, str))


def _prose_lines(lines: list[str]) -> Iterator[int]:
    """The index of each line outside fenced code blocks."""
    fenced = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield index
