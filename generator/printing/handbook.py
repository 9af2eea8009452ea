"""The handbook of one role as a standalone HTML document, ready for the PDF step.

Input: the ``Program``, its content files, the figures (for ``[[hours:…]]`` facts), a ``Renderer``
whose ``linked`` filter is set, the role id and the as-of date.
Output: ``Handbook``: the chapters as the site's own Markdown (the same templates: guidelines,
that role's training modules in learning-path order, the agendas), a key that changes whenever
anything printed changes, and ``html()``, the whole document (cover, table of contents with page
numbers, chapters) from the theme's ``handbook.html.j2``. No personal data is read: only
program.yaml and the Markdown it names. No IO.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.crossref import References
from generator.i18n import gettext as _
from generator.inputs import ContentFile
from generator.model import Program, Role, learning_path
from generator.printing.pdf import document_language
from generator.templating import Renderer
from generator.textsafe import trusted

MARKDOWN_EXTENSIONS = (
    "abbr",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
)
FORMAT_VERSION = "2"
"""Raise when the way a handbook is drawn changes, so cached PDFs are drawn again."""
_HREF = re.compile(r'href="([^"#:]*\.md)(#[^"]*)?"')


@dataclass(frozen=True)
class Chapter:
    """One page of the site, printed: its site path, its title and its Markdown."""

    path: str
    title: str
    text: str

    @property
    def anchor(self) -> str:
        return "page-" + re.sub(r"[^a-z0-9]+", "-", self.path.removesuffix(".md").lower())


@dataclass(frozen=True)
class Part:
    """A group of chapters under one heading (Guidelines, Training, Agendas)."""

    title: str
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class Handbook:
    """A role's handbook before it is drawn."""

    role: Role
    parts: tuple[Part, ...]
    edition: datetime.date

    def key(self, template: str) -> str:
        """A digest of everything printed (and of the template), for the PDF cache."""
        digest = hashlib.sha256(FORMAT_VERSION.encode())
        for item in (self.role.id, self.role.name, self.edition.isoformat(), template):
            digest.update(b"\0" + item.encode("utf-8"))
        for part in self.parts:
            for chapter in part.chapters:
                digest.update(b"\0" + chapter.path.encode() + b"\0" + chapter.text.encode("utf-8"))
        return digest.hexdigest()


def _body(content: Mapping[str, ContentFile], refs: References, relative: str, page: str) -> Any:
    found = content[relative]
    return trusted(refs.expand(found.body, page, relative, found.body_line))


def _guidelines(program: Program, content: Mapping[str, ContentFile], renderer: Renderer, refs: References) -> list[Chapter]:
    chapters = []
    if not program.expectations.is_empty or program.guideline_pages:
        index = renderer.render("guidelines-index.md.j2", pages=())
        chapters.append(Chapter("guidelines/index.md", _("Guidelines"), index))
    for page in program.guideline_pages:
        path = f"guidelines/{page.id}.md"
        text = renderer.render(
            "guideline.md.j2", page=page, body=_body(content, refs, page.file, path), description=content[page.file].description
        )
        chapters.append(Chapter(path, page.title, text))
    return chapters


def _modules(program: Program, role: str, content: Mapping[str, ContentFile], renderer: Renderer, refs: References) -> list[Chapter]:
    chapters = []
    for module in learning_path(program, role):
        path = f"training/{module.id}.md"
        body = _body(content, refs, module.file, path)
        text = renderer.render("module.md.j2", module=module, body=body, description=content[module.file].description)
        chapters.append(Chapter(path, module.title, text))
    return chapters


def _agendas(program: Program, renderer: Renderer) -> list[Chapter]:
    return [
        Chapter(f"agendas/{agenda.id}.md", agenda.title, renderer.render("agenda.md.j2", agenda=agenda, page=f"agendas/{agenda.id}.md"))
        for agenda in program.agendas
    ]


@dataclass(frozen=True)
class Sources:
    """What every role's handbook prints: the programme, its content, the figures and the shared chapters."""

    program: Program
    content: Mapping[str, ContentFile]
    references: References
    guidelines: Part
    agendas: Part


def handbook_sources(program: Program, content: Mapping[str, ContentFile], figures: Mapping[str, object], renderer: Renderer) -> Sources:
    """The chapters shared by every role (guidelines, agendas), rendered once."""
    refs = References(program, figures)
    guidelines = Part(_("Guidelines"), tuple(_guidelines(program, content, renderer, refs)))
    return Sources(program, content, refs, guidelines, Part(_("Agendas"), tuple(_agendas(program, renderer))))


def build_handbook(sources: Sources, renderer: Renderer, role: str, edition: datetime.date) -> Handbook:
    """The chapters of ``role``'s handbook; raises ``ErrorList`` on a broken cross-reference."""
    program, refs = sources.program, sources.references
    training = Part(_("Training"), tuple(_modules(program, role, sources.content, renderer, refs)))
    refs.raise_if_broken()
    parts = (sources.guidelines, training, sources.agendas)
    return Handbook(program.role(role), tuple(part for part in parts if part.chapters), edition)


def _local_links(html: str, chapter: Chapter, anchors: Mapping[str, str]) -> str:
    """Links to pages printed in the handbook point inside it; links to other pages become text."""

    def replace(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(chapter.path), match.group(1)))
        return f'href="#{anchors[target]}"' if target in anchors else 'data-site-page="' + target + '"'

    return _HREF.sub(replace, html)


def chapter_html(chapter: Chapter, anchors: Mapping[str, str]) -> str:
    """A chapter's Markdown as HTML, with the same Markdown extensions as the site."""
    import markdown  # only when a handbook is drawn: a build whose handbooks are cached never imports it

    html = markdown.markdown(chapter.text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    return _local_links(html, chapter, anchors)


def handbook_html(handbook: Handbook, renderer: Renderer) -> str:
    """The whole document: cover, contents and chapters, from the theme's ``handbook.html.j2``."""
    anchors = {chapter.path: chapter.anchor for part in handbook.parts for chapter in part.chapters}
    bodies = {chapter.path: trusted(chapter_html(chapter, anchors)) for part in handbook.parts for chapter in part.chapters}
    return renderer.render("handbook.html.j2", handbook=handbook, bodies=bodies, **document_language())


def template_source(renderer: Renderer) -> str:
    """The text of ``handbook.html.j2`` as the theme provides it (part of the cache key)."""
    loader = renderer.environment.loader
    assert loader is not None
    return loader.get_source(renderer.environment, "handbook.html.j2")[0]
