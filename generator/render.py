"""Stage 5, render: the programme as Markdown pages, through themed Jinja2 templates.

Input: a ``Bundle`` (the ``Program``, its content files, aggregated figures).
Output: ``Section`` objects holding ``Page`` objects (staged path + text or bytes).

Templates and escaping live in ``generator.templating``; each registered feature adds its
sections through ``Feature.pages``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.model import TrainingModule, learning_path
from generator.pages import Bundle, Page, Section
from generator.registry import FEATURES
from generator.templating import Renderer
from generator.textsafe import trusted


def _body(bundle: Bundle, relative: str) -> Any:
    return trusted(bundle.content[relative].body)


def home_section(bundle: Bundle, renderer: Renderer) -> Section:
    program = bundle.program
    home = program.info.home
    text = renderer.render(
        "home.md.j2",
        intro=_body(bundle, home) if home else None,
        paths={role.id: learning_path(program, role.id) for role in program.roles},
    )
    return Section("Home", (Page("index.md", text),))


def guideline_section(bundle: Bundle, renderer: Renderer) -> Section | None:
    program = bundle.program
    if not program.guideline_pages and program.expectations.is_empty:
        return None
    pages = [Page("guidelines/index.md", renderer.render("guidelines-index.md.j2", pages=program.guideline_pages))]
    for page in program.guideline_pages:
        content = bundle.content[page.file]
        pages.append(
            Page(
                f"guidelines/{page.id}.md",
                renderer.render("guideline.md.j2", page=page, body=_body(bundle, page.file), description=content.description),
            )
        )
    return Section("Guidelines", tuple(pages))


def training_section(bundle: Bundle, renderer: Renderer) -> Section | None:
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
        text = renderer.render(
            "module.md.j2", module=module, body=_body(bundle, module.file), description=bundle.content[module.file].description
        )
        pages.append(Page(f"training/{module.id}.md", text))
    return Section("Training", tuple(pages))


def _total(modules: tuple[TrainingModule, ...]) -> int:
    return sum(module.duration_minutes for module in modules)


def agenda_section(bundle: Bundle, renderer: Renderer) -> Section | None:
    program = bundle.program
    if not program.agendas:
        return None
    pages = [Page("agendas/index.md", renderer.render("agendas-index.md.j2"))]
    pages += [Page(f"agendas/{agenda.id}.md", renderer.render("agenda.md.j2", agenda=agenda)) for agenda in program.agendas]
    return Section("Agendas", tuple(pages))


CORE_SECTIONS: tuple[Callable[[Bundle, Renderer], Section | None], ...] = (
    home_section,
    guideline_section,
    training_section,
    agenda_section,
)


def render_site(bundle: Bundle, renderer: Renderer) -> list[Section]:
    """Every section of the site in navigation order: the core's, then each feature's; empty ones left out."""
    sections = [section for builder in CORE_SECTIONS if (section := builder(bundle, renderer)) is not None]
    for feature in FEATURES:
        sections.extend(feature.pages(bundle, renderer))
    return sections
