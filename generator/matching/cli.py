"""Command-line commands of the matching feature.

Input: the ``playbook`` sub-command parser and the common options parser.
Output: ``playbook match COHORT`` registered on it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from generator.dates import date_argument
from generator.project import Project


def cmd_match(args: argparse.Namespace) -> int:
    from generator.matching.run import match_cohort

    project = Project.at(args.project)
    if args.from_intake:
        from generator.matching.intake import write_participants_from_intake

        written, previous = write_participants_from_intake(project, args.cohort)
        print(f"Wrote {project.display(written)} from the intake survey answers.")
        if previous is not None:
            print(f"The file it replaced is kept, private, in {project.display(previous)}.")
    run = match_cohort(project, args.cohort, args.as_of)
    for notice in run.notices:
        print(f"{notice}", file=sys.stderr)
    proposal = run.proposal
    new = sum(1 for pair in proposal.pairs if pair.source != "started")
    print(
        f"{len(proposal.pairs)} pairs for {proposal.cohort.id} ({new} pinned or proposed, total score {proposal.optimal_total / 100:.1f}; "
        f"a best-pair-first pass would reach {proposal.greedy_total / 100:.1f}); {len(proposal.unmatched)} applicants without a pair.\n"
        f"Roster: {project.display(run.roster)}\nReport (private, names people): {project.display(run.report)}"
    )
    return 0


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``playbook match``."""
    match = commands.add_parser(
        "match", parents=[common], help="propose mentor–mentee pairs for COHORT from content/cohorts/COHORT/participants.csv"
    )
    match.add_argument("cohort", metavar="COHORT", help="cohort id from program.yaml")
    match.add_argument(
        "--as-of",
        type=date_argument,
        metavar="YYYY-MM-DD",
        help="pairs starting on or before this date are kept (default: program.as_of, else the build date)",
    )
    match.add_argument("--from-intake", action="store_true", help="first write participants.csv from the cohort's intake survey answers")
    match.set_defaults(handler=cmd_match, extra="match")
