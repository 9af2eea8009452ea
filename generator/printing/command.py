"""``playbook pdf [--role ROLE]``: the handbooks, written straight into ``site/downloads/``.

Input: the ``Project`` and, optionally, one role id.
Output: ``site/downloads/handbook-<role>.pdf`` for each role (or the one asked for), written
atomically; a multilingual programme gets one per language, under ``site/<language>/downloads/``
as its build stages them. The drawn PDFs go to the build's cache too, so the next
``playbook build`` stages the same bytes without drawing them again. Nothing personal is printed:
the chapters come from program.yaml and its Markdown (the figures are loaded only for facts such
as [[hours:mentor]]).
"""

from __future__ import annotations

from pathlib import Path

from generator.i18n import language
from generator.pages import Bundle
from generator.printing.output import handbook_pages, write_handbooks
from generator.project import Project
from generator.templating import Renderer, theme_folders


def print_handbooks(project: Project, role: str | None = None) -> list[Path]:
    """Write the handbooks; returns the files written."""
    from generator.aggregate import aggregate  # core stages that loop over the registry: imported when the command runs
    from generator.crossref import References
    from generator.loading import as_of_date, build_epoch, load_programme
    from generator.render import link_filter

    loaded = load_programme(project)
    versions = loaded.versions()
    written = []
    for code, version in versions.items():
        program = version.program
        with language(code):
            as_of = as_of_date(program, build_epoch(project))
            figures = aggregate(program, loaded.data, as_of)
            renderer = Renderer(theme_folders(project.root, program.info.theme), program)
            renderer.environment.filters["linked"] = link_filter(References(program, figures))
            pages = handbook_pages(Bundle(program, dict(version.content), figures), renderer, project.root, as_of, role)
        site = project.site_dir / code if len(versions) > 1 else project.site_dir
        written += write_handbooks(site, pages)
    return written
