"""Stage 5, render: the programme as Markdown pages, through themed Jinja2 templates.

Input: a ``Bundle`` (the ``Program``, its content files, aggregated figures).
Output: ``Section`` objects holding ``Page`` objects (staged path + text or bytes).

Templates and escaping live in ``generator.templating``; each registered feature adds its
sections through ``Feature.pages``. Content bodies and program.yaml text pass through
``generator.crossref`` on the way, so ``[[module:id]]`` becomes a link and ``[[hours:mentor]]`` a
fact; every broken reference is reported at once, located, before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.content_links import rebased_links
from generator.crossref import References
from generator.i18n import gettext as _
from generator.model import TrainingModule, learning_path
from generator.pages import Bundle, Page, Section
from generator.registry import FEATURES
from generator.start import start_section
from generator.templating import Renderer
from generator.textsafe import trusted

PROGRAM_FILE = "program.yaml"


def _body(bundle: Bundle, refs: References, relative: str, page: str) -> Any:
    content = bundle.content[relative]
    body = rebased_links(content.body, relative, page, bundle.published)  # the page is staged elsewhere than its file
    return trusted(refs.expand(body, page, relative, content.body_line))


def home_section(bundle: Bundle, renderer: Renderer, refs: References) -> Section:
    program = bundle.program
    home = program.info.home
    text = renderer.render(
        "home.md.j2",
        page="index.md",
        intro=_body(bundle, refs, home, "index.md") if home else None,
        paths={role.id: learning_path(program, role.id) for role in program.roles},
        figures=bundle.figures,
    )
    return Section(_("Home"), (Page("index.md", text),))


def guideline_section(bundle: Bundle, renderer: Renderer, refs: References) -> Section | None:
    program = bundle.program
    if not program.guideline_pages and program.expectations.is_empty:
        return None
    pages = [Page("guidelines/index.md", renderer.render("guidelines-index.md.j2", pages=program.guideline_pages))]
    for page in program.guideline_pages:
        content = bundle.content[page.file]
        path = f"guidelines/{page.id}.md"
        body = _body(bundle, refs, page.file, path)
        pages.append(Page(path, renderer.render("guideline.md.j2", page=page, body=body, description=content.description)))
    return Section(_("Guidelines"), tuple(pages))


def training_section(bundle: Bundle, renderer: Renderer, refs: References) -> Section | None:
    program = bundle.program
    if not program.training:
        return None
    paths = {role.id: learning_path(program, role.id) for role in program.roles}
    pages = [Page("training/index.md", renderer.render("training-index.md.j2", paths=paths))]
    for role in program.roles:
        if paths[role.id]:
            text = renderer.render("learning-path.md.j2", role=role, modules=paths[role.id], total=_total(paths[role.id]))
            pages.append(Page(f"training/path-{role.id}.md", text))
    for module in program.training:
        path = f"training/{module.id}.md"
        body = _body(bundle, refs, module.file, path)
        description = bundle.content[module.file].description
        pages.append(Page(path, renderer.render("module.md.j2", module=module, body=body, description=description)))
    return Section(_("Training"), tuple(pages))


def _total(modules: tuple[TrainingModule, ...]) -> int:
    return sum(module.duration_minutes for module in modules)


def agenda_section(bundle: Bundle, renderer: Renderer, refs: References) -> Section | None:
    program = bundle.program
    if not program.agendas:
        return None
    pages = [Page("agendas/index.md", renderer.render("agendas-index.md.j2"))]
    for agenda in program.agendas:
        pages.append(Page(f"agendas/{agenda.id}.md", renderer.render("agenda.md.j2", agenda=agenda, page=f"agendas/{agenda.id}.md")))
    return Section(_("Agendas"), tuple(pages))


CORE_SECTIONS: tuple[Callable[[Bundle, Renderer, References], Section | None], ...] = (
    home_section,
    start_section,
    guideline_section,
    training_section,
    agenda_section,
)


def link_filter(refs: References) -> Callable[[str, str], Any]:
    """The ``linked`` template filter: program.yaml text, escaped, with ``[[kind:id]]`` as links."""

    def linked(text: str, page: str) -> Any:
        return trusted(refs.inline(str(text), page, PROGRAM_FILE))

    return linked


def render_site(bundle: Bundle, renderer: Renderer) -> list[Section]:
    """Every section of the site in navigation order: the core's, then each feature's; empty ones left out.

    Raises ``ErrorList`` with every broken cross-reference, located, if any.
    """
    refs = References(bundle.program, bundle.figures)
    renderer.environment.filters["linked"] = link_filter(refs)
    sections = [section for builder in CORE_SECTIONS if (section := builder(bundle, renderer, refs)) is not None]
    for feature in FEATURES:
        sections.extend(feature.pages(bundle, renderer))
    refs.raise_if_broken()
    return sections
