"""Command-line commands of the progress feature.

Input: the ``playbook`` sub-command parser and the common options parser.
Output: ``playbook report COHORT``, which writes the cohort lead's private report.
"""

from __future__ import annotations

import argparse
from typing import Any

from generator.project import Project


def cmd_report(args: argparse.Namespace) -> int:
    from generator.loading import load_programme
    from generator.progress.report import write_report

    project = Project.at(args.project)
    path = write_report(load_programme(project, content=False), args.cohort)
    print(
        f"Wrote the private report {project.display(path)}: it names people, so keep it out of site/ and share it only with the cohort lead."
    )
    return 0


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands."""
    report = commands.add_parser("report", parents=[common], help="write a cohort lead's private report to reports/COHORT.html")
    report.add_argument("cohort", metavar="COHORT", help="cohort id from program.yaml")
    report.set_defaults(handler=cmd_report)
