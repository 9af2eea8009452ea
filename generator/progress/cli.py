"""Command-line commands of the progress feature.

Input: the ``playbook`` sub-command parser and the common options parser.
Output: ``playbook report COHORT`` (the cohort lead's private report), ``playbook pack COHORT``
(each pair's private calendar and start sheet under reports/) and ``playbook remind COHORT
[--as-of DATE] [--send]`` (due reminders written to reports/outbox/, delivered once with --send).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from generator.dates import date_argument
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


def cmd_pack(args: argparse.Namespace) -> int:
    from generator.i18n import ngettext
    from generator.loading import load_programme
    from generator.progress.pack import write_packs

    project = Project.at(args.project)
    folders = write_packs(load_programme(project, content=False), args.cohort)
    where = project.display(project.reports_dir / args.cohort)
    wrote = ngettext(
        "Wrote %(num)s private pair pack to %(where)s/<pair>/ (calendar.ics, start.html): it names people, so keep it out of site/.",
        "Wrote %(num)s private pair packs to %(where)s/<pair>/ (calendar.ics, start.html): they name people, so keep them out of site/.",
        len(folders),
    )
    print(wrote % {"num": len(folders), "where": where})
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    from generator.i18n import ngettext
    from generator.loading import load_programme
    from generator.progress.remind import remind

    project = Project.at(args.project)
    result = remind(load_programme(project, content=False), args.cohort, args.as_of, args.send, os.environ)
    outbox = project.display(project.reports_dir / "outbox")
    print(
        ngettext("Wrote %(num)s due message to %(outbox)s/.", "Wrote %(num)s due messages to %(outbox)s/.", len(result.written))
        % {"num": len(result.written), "outbox": outbox}
    )
    if args.send:
        print(f"Sent {result.delivered}; {result.already_sent} had been sent before (see {outbox}/sent.log).")
    else:
        print("Dry run: nothing was sent. Add --send to deliver them over SMTP.")
    return 0


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands."""
    report = commands.add_parser("report", parents=[common], help="write a cohort lead's private report to reports/COHORT.html")
    report.add_argument("cohort", metavar="COHORT", help="cohort id from program.yaml")
    report.set_defaults(handler=cmd_report)
    pack = commands.add_parser("pack", parents=[common], help="write each pair's private calendar and start sheet to reports/COHORT/PAIR/")
    pack.add_argument("cohort", metavar="COHORT", help="cohort id from program.yaml")
    pack.set_defaults(handler=cmd_pack)
    reminder = commands.add_parser("remind", parents=[common], help="write due reminders to reports/outbox/ (--send delivers them)")
    reminder.add_argument("cohort", metavar="COHORT", help="cohort id from program.yaml")
    reminder.add_argument(
        "--as-of", type=date_argument, default=None, metavar="DATE", help="the day to remind for (default: program.as_of or today)"
    )
    reminder.add_argument(
        "--send", action="store_true", help="deliver over SMTP with STARTTLS (PLAYBOOK_SMTP_* settings); each message once"
    )
    reminder.set_defaults(handler=cmd_remind)
