"""``playbook match COHORT``: read, check, solve, then write the roster and the private report.

Input: the ``Project``, a cohort id and an optional as-of date.
Output: ``content/cohorts/<cohort>/roster.csv`` and ``reports/match-<cohort>.html`` (both written
only when every input is valid; otherwise an ``ErrorList`` and nothing written), and a ``MatchRun``
with the proposal and notices for people no rule allows to be paired.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PlaybookError
from generator.loading import as_of_date, build_epoch, load_programme
from generator.matching.model import PARTICIPANTS_FILE, matching_of
from generator.matching.participants import COLUMNS, Participants, load_participants
from generator.matching.proposal import Proposal, propose
from generator.matching.report import render_report, unmatched_reason
from generator.matching.roster import load_roster, roster_text, started_rows
from generator.model import Program
from generator.progress.model import Cohort, find_cohort
from generator.project import Project
from generator.templating import Renderer, theme_folders
from generator.write import write_if_changed


@dataclass(frozen=True)
class MatchRun:
    """What a run wrote and what the lead should know."""

    proposal: Proposal
    roster: Path
    report: Path
    notices: tuple[PlaybookError, ...]


def read_participants(project: Project, program: Program, cohort: Cohort) -> Participants:
    path = project.cohort_dir(cohort.id) / PARTICIPANTS_FILE
    display = project.display(path)
    if not path.is_file():
        message = f"file not found; create it with the columns {','.join(COLUMNS)} (see docs/format.md, Matching)."
        raise PlaybookError(display, 0, 0, (), message)
    return load_participants(path, display, matching_of(program), program.info.timezone, cohort.start)


def notices(proposal: Proposal) -> tuple[PlaybookError, ...]:
    """A located notice for every applicant whom the rules leave without any possible partner."""
    file = proposal.participants.file
    return tuple(
        PlaybookError(
            file, item.person.line, 0, (item.person.id,), unmatched_reason(item, "mentee" if item.person.role == "mentor" else "mentor")
        )
        for item in proposal.unmatched
        if item.candidates == 0
    )


def match_cohort(project: Project, cohort_id: str, as_of: datetime.date | None = None) -> MatchRun:
    """Propose the cohort's pairs and write the roster and report."""
    loaded = load_programme(project, content=False, data=False)
    program = loaded.program
    cohort = find_cohort(program, cohort_id)
    participants = read_participants(project, program, cohort)
    roster_path = project.cohort_dir(cohort.id) / "roster.csv"
    when = as_of or as_of_date(program, build_epoch(project))
    started = started_rows(load_roster(roster_path, project.display(roster_path)), when)
    proposal = propose(loaded.document, matching_of(program), cohort, participants, started, when)
    renderer = Renderer(theme_folders(project.root, program.info.theme), program)
    report_path = project.reports_dir / f"match-{cohort.id}.html"
    html = render_report(proposal, renderer)
    write_if_changed(roster_path, roster_text(pair.row for pair in proposal.pairs).encode("utf-8"))
    write_if_changed(report_path, html.encode("utf-8"))
    return MatchRun(proposal, roster_path, report_path, notices(proposal))
