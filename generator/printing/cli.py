"""Command-line command of the printing feature: ``pdf``.

Input: the ``playbook`` sub-command parser and the common options parser.
Output: the command registered on it; its handler returns an exit status.
"""

from __future__ import annotations

import argparse
from typing import Any

from generator.project import Project


def cmd_pdf(args: argparse.Namespace) -> int:
    from generator.printing.command import print_handbooks

    project = Project.at(args.project)
    for path in print_handbooks(project, args.role):
        print(f"Wrote {project.display(path)}")
    return 0


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands."""
    pdf = commands.add_parser(
        "pdf", parents=[common], help="write the handbook of each role (or of --role) as site/downloads/handbook-<role>.pdf"
    )
    pdf.add_argument("--role", metavar="ROLE", help="only this role's handbook (a role id from program.yaml)")
    pdf.set_defaults(handler=cmd_pdf, extra="pdf")
