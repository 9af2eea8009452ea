"""Command-line command of the recognition feature: ``certificates``.

Input: the ``playbook`` sub-command parser and the common options parser.
Output: the command registered on it; its handler returns an exit status.
"""

from __future__ import annotations

import argparse
from typing import Any

from generator.project import Project


def cmd_certificates(args: argparse.Namespace) -> int:
    from generator.loading import load_programme
    from generator.recognition.certificates import write_certificates

    project = Project.at(args.project)
    run = write_certificates(load_programme(project), args.cohort)
    for item in run.people:
        verdict = "certified" if item.certified else "not yet: " + "; ".join(item.missing)
        print(f"{item.person.name} ({item.role}): {verdict}")
    certified = sum(1 for item in run.people if item.certified)
    folder = project.display(project.reports_dir / "certificates" / run.cohort.id)
    print(f"{certified} of {len(run.people)} participants certified; certificates in {folder}/ (private: they name people).")
    return 0


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands."""
    certificates = commands.add_parser(
        "certificates", parents=[common], help="write a PDF certificate for each participant of COHORT who met the criteria"
    )
    certificates.add_argument("cohort", metavar="COHORT", help="cohort id, such as pilot")
    certificates.set_defaults(handler=cmd_certificates, extra="pdf")
