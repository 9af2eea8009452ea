"""Command-line commands of the surveys feature: ``collect``, ``collect export`` and ``ingest``.

Input: the ``playbook`` sub-command parser and the common options parser.
Output: the commands registered on it; each handler returns an exit status.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.options import port_number
from generator.project import Project

if TYPE_CHECKING:
    from generator.model import Program
    from generator.surveys.collector import Settings


def _project(args: argparse.Namespace) -> Project:
    return Project.at(args.project)


def _settings(args: argparse.Namespace, project: Project) -> tuple[Program, Settings]:
    from generator.loading import load_programme
    from generator.surveys.collector import settings_for
    from generator.surveys.model import collector_of

    program = load_programme(project, content=False, data=False).program
    origins = tuple(args.origin or ())
    settings = settings_for(project, collector_of(program), args.db, origins)
    if isinstance(settings.database, str):
        from generator.extras import require_extra

        require_extra("postgres", "collect --db postgresql://…")
    if getattr(args, "rate_limit", None):
        settings = dataclasses.replace(settings, rate_limit_per_minute=args.rate_limit)
    return program, settings


def cmd_collect(args: argparse.Namespace) -> int:
    from generator.surveys.collector import serve_collector

    project = _project(args)
    _, settings = _settings(args, project)
    return serve_collector(project, settings, args.host, args.port)


def cmd_export(args: argparse.Namespace) -> int:
    from generator.i18n import ngettext
    from generator.surveys.canonical import responses_csv
    from generator.surveys.store import StoreUnavailable, open_store

    project = _project(args)
    program, settings = _settings(args, project)
    if isinstance(settings.database, Path) and not settings.database.is_file():
        print(f"No collector database at {settings.database}; start 'playbook collect' first or pass --db.", file=sys.stderr)
        return 1
    try:
        store = open_store(settings.database)
        responses = store.responses()
        store.close()
    except StoreUnavailable as unavailable:
        print(f"Cannot read the collector's database: {unavailable}", file=sys.stderr)
        return 1
    text = responses_csv(responses, program, spreadsheet=args.spreadsheet)
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    write_output(Path(args.out), text.encode("utf-8", "backslashreplace"))
    follow = "Open it in a spreadsheet (formula cells start with ')." if args.spreadsheet else f"Next: playbook ingest {args.out}"
    wrote = ngettext("Wrote %(num)s response to %(out)s.", "Wrote %(num)s responses to %(out)s.", len(responses))
    print(wrote % {"num": len(responses), "out": args.out}, follow, file=sys.stderr)
    return 0


def write_output(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically: on any failure the existing file stays as it was."""
    from generator.errors import PlaybookError
    from generator.write import write_if_changed

    if path.is_dir():
        raise PlaybookError(str(path), 0, 0, (), "is a folder; give a file name for --out, such as responses.csv.")
    try:
        write_if_changed(path, content)
    except OSError as error:
        raise PlaybookError(
            str(path), 0, 0, (), f"could not be written ({error.strerror or error}); the existing file, if any, is unchanged."
        ) from None


def cmd_ingest(args: argparse.Namespace) -> int:
    from generator.loading import load_programme
    from generator.surveys.ingest import ingest

    project = _project(args)
    program = load_programme(project, content=False, data=False).program
    report = ingest(project, program, [Path(name) for name in args.files], args.cohort)
    print(report.summary())
    for name in report.files_written:
        print(f"Updated {name}")
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    """Write each pair's private links to reports/<cohort>/links.csv; with --revoke, revoke one pair's token first."""
    import datetime

    from generator.errors import PlaybookError
    from generator.loading import load_programme
    from generator.pair_links import revoke
    from generator.progress.model import cohort_tables, find_cohort
    from generator.surveys.pair_report import links_csv
    from generator.write import write_if_changed

    project = _project(args)
    loaded = load_programme(project, content=False)
    cohort = find_cohort(loaded.program, args.cohort)
    pairs = cohort_tables(loaded.data)[cohort.id].pairs
    if args.revoke:
        if args.revoke not in {pair.id for pair in pairs}:
            raise PlaybookError(
                f"content/cohorts/{cohort.id}/roster.csv", 0, 0, (), f"no pair '{args.revoke}' in this roster; give a pair_id from it."
            )
        generation = revoke(project, cohort.id, args.revoke, datetime.date.today())
        print(f"Revoked the link of pair {args.revoke}; its new link (generation {generation}) is in the file below.")
    path = project.reports_dir / cohort.id / "links.csv"
    write_if_changed(path, links_csv(project, loaded.program, cohort.id, pairs).encode("utf-8"))
    print(f"Wrote the private links of {len(pairs)} partnerships to {project.display(path)} (never publish it).")
    return 0


def _collector_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="SQLite file (default: collector.database in program.yaml, else playbook.sqlite3), "
        "or a PostgreSQL URL such as postgresql://user:password@host/db (needs the postgres extra)",
    )
    parser.add_argument(
        "--origin", action="append", metavar="URL", help="site origin allowed to submit (repeatable; default: collector.site_origin)"
    )


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands."""
    collect = commands.add_parser("collect", parents=[common], help="run the survey response collector (SQLite)")
    collect.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    collect.add_argument("--port", type=port_number, default=8765, help="port (default: 8765)")
    collect.add_argument(
        "--rate-limit", type=int, metavar="N", help="submissions per client address per minute (default: collector.rate_limit_per_minute)"
    )
    _collector_options(collect)
    collect.set_defaults(handler=cmd_collect, extra="collect")
    actions = collect.add_subparsers(dest="action", metavar="ACTION")
    export = actions.add_parser("export", parents=[common], help="write every stored response as the canonical CSV")
    _collector_options(export)
    export.add_argument("--out", default="-", metavar="FILE", help="output CSV file (default: print to the screen)")
    export.add_argument(
        "--spreadsheet",
        action="store_true",
        help="neutralise formula cells (=, +, -, @) for opening in a spreadsheet; such a file is not for 'playbook ingest'",
    )
    export.set_defaults(handler=cmd_export, extra="collect")

    ingest = commands.add_parser("ingest", parents=[common], help="import survey answers (CSV or JSON) into content/cohorts/")
    ingest.add_argument(
        "files", nargs="+", metavar="FILE", help="collector export, offline download (.json), Netlify/Formspree export or spreadsheet CSV"
    )
    ingest.add_argument("--cohort", metavar="ID", help="cohort for rows that do not name one")
    ingest.set_defaults(handler=cmd_ingest)

    links = commands.add_parser("links", parents=[common], help="write each pair's private session-log and survey links (reports/)")
    links.add_argument("cohort", metavar="COHORT", help="cohort id")
    links.add_argument("--revoke", metavar="PAIR", help="revoke this pair's current link first (its new link replaces it)")
    links.set_defaults(handler=cmd_links)
