"""The private cohort report: who is behind or silent, by name, for the cohort lead.

Input: a loaded programme (``generator.loading.Loaded``), a cohort id and the as-of date.
Output: ``reports/<cohort>.html``, a standalone HTML page (inline CSS, no scripts, nothing
from another host) written outside ``site/`` (``reports/`` is git-ignored). It names people,
so it is never part of the published site.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from generator.loading import Loaded, as_of_date, build_epoch
from generator.progress import measures
from generator.progress.aggregate import Part, pair_labels
from generator.progress.data import CohortData
from generator.progress.model import NAME, cohort_tables, find_cohort
from generator.templating import Renderer, theme_folders
from generator.write import write_if_changed

NEEDS_ATTENTION = (measures.SILENT, measures.BEHIND)


def find_cohort_part(loaded: Loaded, cohort_id: str) -> Part:
    """The cohort and its data, or a located error naming the known cohorts."""
    cohort = find_cohort(loaded.program, cohort_id)
    return Part(cohort, cohort_tables(loaded.data).get(cohort_id, CohortData()))


def _silence(row: measures.PairProgress) -> int:
    """Days since the pair last met; a pair that never met counts as the longest silence."""
    return row.days_since if row.days_since is not None else 1_000_000


def pair_progress_rows(part: Part, as_of: datetime.date) -> list[measures.PairProgress]:
    """Every started pair's progress: those needing attention first, longest silence first."""
    grouped = part.sessions_of()
    rows = [measures.pair_progress(pair, grouped.get(pair.id, []), part.cohort, as_of) for pair in part.data.pairs if pair.start <= as_of]
    urgency = {measures.SILENT: 0, measures.BEHIND: 1}
    return sorted(rows, key=lambda row: (urgency.get(row.health, 2), -_silence(row), row.pair.id))


def _labels(loaded: Loaded, part: Part) -> dict[str, str]:
    """The pairs' published pseudonyms (none when the programme has no secret, as on the site)."""
    secret = getattr(loaded.data.get(NAME), "secret", None)
    return pair_labels(part.cohort.id, part.data.pairs, secret) if secret else {}


def render_report(loaded: Loaded, cohort_id: str, as_of: datetime.date) -> str:
    """The report's HTML text."""
    part = find_cohort_part(loaded, cohort_id)
    rows = pair_progress_rows(part, as_of)
    renderer = Renderer(theme_folders(loaded.project.root, loaded.program.info.theme), loaded.program)
    return renderer.render(
        "report.html.j2",
        cohort=part.cohort,
        as_of=as_of,
        state=measures.cohort_state(part.cohort, as_of),
        attention=[row for row in rows if row.health in NEEDS_ATTENTION],
        rows=rows,
        labels=_labels(loaded, part),
    )


def write_report(loaded: Loaded, cohort_id: str) -> Path:
    """Write ``reports/<cohort>.html``; returns its path."""
    as_of = as_of_date(loaded.program, build_epoch(loaded.project))
    text = render_report(loaded, cohort_id, as_of)
    path = loaded.project.reports_dir / f"{cohort_id}.html"
    write_if_changed(path, text.encode("utf-8"))
    return path
