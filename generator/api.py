"""The public Python API: build or check a programme folder.

Input: a programme's folder (and, for ``build``, an engine name).
Output: ``build`` returns a ``BuildReport``; ``check`` returns a ``CheckResult`` listing every
problem (empty when the programme is valid). ``build`` raises ``generator.errors.ErrorList`` for
a user's mistake, with every problem located; nothing is written then.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.aggregate import aggregate, disclosure_audit
from generator.cache import SLOW_OUTPUTS
from generator.disclosure import Audit
from generator.engine import DEFAULT_ENGINE, site_setting_errors
from generator.errors import ErrorList, PlaybookError, raise_if_any
from generator.loading import as_of_date, build_epoch, load_programme
from generator.pipeline import BuildReport, notes_on, render_project, static_copies
from generator.pipeline import build as build_site
from generator.project import Project
from generator.registry import FEATURES


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found: every problem, and what the programme holds when it is valid."""

    errors: tuple[PlaybookError, ...]
    counts: tuple[tuple[int, str, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def build(project_dir: str | Path, engine: str = DEFAULT_ENGINE) -> BuildReport:
    """Build the programme in ``project_dir`` into its ``site/`` folder."""
    return build_site(Project.at(project_dir), engine)


def check(project_dir: str | Path) -> CheckResult:
    """Check everything in ``project_dir`` (program.yaml, content, site config, data); build nothing."""
    try:
        loaded = load_programme(Project.at(project_dir))
        with SLOW_OUTPUTS.set_to("never"):  # in memory: what build would refuse, check refuses; no PDF is drawn
            rendered = render_project(loaded, build_epoch(loaded.project))
        static_copies(loaded.project, rendered)  # the programme's own images and files: a link out of the project, a clash
        raise_if_any(site_setting_errors(loaded.project, config=rendered.config))  # a mkdocs.yml setting the engine would refuse
        raise_if_any(error for feature in FEATURES for error in feature.check_files(loaded.program, loaded.project, loaded.data))
    except ErrorList as problems:
        return CheckResult(tuple(problems))
    except PlaybookError as problem:
        return CheckResult((problem,))
    program = loaded.program
    counts = [
        (len(program.roles), "role", "roles"),
        (len(program.guideline_pages), "guideline page", "guideline pages"),
        (len(program.training), "training module", "training modules"),
        (len(program.agendas), "agenda", "agendas"),
    ]
    for feature in FEATURES:
        counts += feature.summary(program)
    return CheckResult((), tuple(counts), notes_on(loaded))


def privacy_audit(project_dir: str | Path) -> Audit:
    """The disclosure audit a build runs: every published table and the range of each withheld figure."""
    loaded = load_programme(Project.at(project_dir), content=False)
    as_of = as_of_date(loaded.program, build_epoch(loaded.project))
    return disclosure_audit(loaded.program, aggregate(loaded.program, loaded.data, as_of))
