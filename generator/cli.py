"""The ``playbook`` command line: new, check, build, serve, schema, and the features' commands.

Input: command-line arguments.
Output: exit status 0 on success, 1 on a user's mistake (every error printed as
FILE:LINE:COL: key.path: message, never a traceback), 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.engine import DEFAULT_ENGINE, ENGINES
from generator.engine_runner import end_process
from generator.errors import ErrorList, PlaybookError
from generator.extras import require_extra
from generator.options import port_number
from generator.project import Project
from generator.registry import register_commands

Handler = Callable[[argparse.Namespace], int]


def _project(args: argparse.Namespace) -> Project:
    return Project.at(args.project)


def require_project_folder(folder: str) -> None:
    """``--project`` names a folder that exists (``playbook new`` makes one; every other command reads one)."""
    path = Path(folder)
    if not path.exists():
        raise PlaybookError(
            "--project", 0, 0, (), f"there is no folder '{folder}'; name the programme's folder, or make one with 'playbook new {folder}'."
        )
    if not path.is_dir():
        raise PlaybookError("--project", 0, 0, (), f"'{folder}' is a file, not a folder; name the folder that holds program.yaml.")


def counted(count: int, singular: str, plural: str) -> str:
    """``1 goal``, ``3 goals``."""
    return f"{count} {singular if count == 1 else plural}"


def cmd_check(args: argparse.Namespace) -> int:
    from generator.api import check

    result = check(_project(args).root)
    if not result.ok:
        raise ErrorList(result.errors)
    print(f"program.yaml: OK: {', '.join(counted(*count) for count in result.counts)}.")
    print_notes(result.notes)
    if getattr(args, "privacy", False):
        return print_privacy_audit(args)
    return 0


def print_privacy_audit(args: argparse.Namespace) -> int:
    """Print the disclosure audit; exit 1 when a withheld figure can be worked out."""
    from generator.api import privacy_audit

    audit = privacy_audit(_project(args).root)
    print("\n".join(audit.lines()))
    return 1 if audit.leaks else 0


def cmd_build(args: argparse.Namespace) -> int:
    from generator.engine import StartedEngine

    project = _project(args)
    with StartedEngine(args.engine, project) as started:  # the engine imports itself while the pipeline loads
        from generator.pipeline import build

        report = build(project, args.engine, started)
    print(
        f"Built {report.pages} pages with {args.engine} into {report.site_dir} "
        f"(generator {report.generator_seconds:.2f} s, engine {report.engine_seconds:.2f} s)."
    )
    print_notes(report.notes)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.serve import serve

    return serve(_project(args), args.engine, args.host, args.port)


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.schema import schema_json

    sys.stdout.write(schema_json())
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from generator.scaffold import scaffold

    target = scaffold(args.directory)
    print(f"Created a starter programme in {target}.\nNext: cd {args.directory} && playbook build")
    return 0


def common_options() -> argparse.ArgumentParser:
    """Options every command takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--project", default=".", metavar="DIR", help="the programme's folder (default: the current folder)")
    return parent


def engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help="site engine (default: mkdocs, Material for MkDocs)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="playbook", description="Build the website of a mentoring programme from program.yaml.")
    parser.add_argument("--version", action="version", version=f"playbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_options()

    new = commands.add_parser("new", parents=[common], help="create a starter programme in DIR")
    new.add_argument("directory", metavar="DIR")
    new.set_defaults(handler=cmd_new)

    check = commands.add_parser("check", parents=[common], help="validate everything, build nothing")
    check.add_argument("--privacy", action="store_true", help="also print the disclosure audit of every published figure")
    check.set_defaults(handler=cmd_check)

    build = commands.add_parser("build", parents=[common], help="build the site into site/")
    engine_option(build)
    build.set_defaults(handler=cmd_build, ends_at_once=True)

    serve = commands.add_parser("serve", parents=[common], help="live preview that rebuilds on every change")
    engine_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=port_number, default=8000, help="port (default: 8000)")
    serve.set_defaults(handler=cmd_serve)

    schema = commands.add_parser("schema", parents=[common], help="print the JSON Schema of program.yaml")
    schema.set_defaults(handler=cmd_schema)

    register_commands(commands, common)  # the features' light cli modules; the features load only once a command runs
    return parser


def print_notes(notes: Sequence[str]) -> None:
    """Things the lead should know though nothing is wrong, after the command's own line (on standard error)."""
    for note in notes:
        print(note, file=sys.stderr)


def report_errors(errors: Sequence[PlaybookError]) -> None:
    for error in errors:
        print(str(error), file=sys.stderr)
    count = len(errors)
    print(f"\n{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` (default: the process's arguments) names; its exit status."""
    return run_command(build_parser().parse_args(argv))


def run() -> NoReturn:
    """The ``playbook`` command (and ``python -m generator``): run it, then end the process.

    A command marked ``ends_at_once`` (``build``: every file it wrote is closed, its engine
    process waited for) ends with ``os._exit`` once its output is flushed, instead of tearing
    down every module and object one by one, which takes a noticeable part of a second after a
    build; its cyclic garbage collector is off from the start (importing Playbook makes a few
    hundred thousand objects and almost no cycles: collecting while importing is 5–10 % of the
    import time; reference counting still frees everything). Any other command (a server, a
    database, a mail queue) ends as usual.
    Pydantic's plugins (third-party observers of validation, looked up among every installed
    package on first use) are off in this process unless the user set PYDANTIC_DISABLE_PLUGINS:
    Playbook's declared models are its own.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = build_parser().parse_args()
    if getattr(args, "ends_at_once", False):
        gc.disable()
    status = run_command(args)
    if getattr(args, "ends_at_once", False):
        end_process(status)
    sys.exit(status)


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command; every user mistake is printed (FILE:LINE: message) and gives 1."""
    handler: Handler = args.handler
    try:
        extra = getattr(args, "extra", None)
        if extra:
            require_extra(extra, args.command)
        if args.command != "new" and isinstance(getattr(args, "project", None), str):
            require_project_folder(args.project)
        return handler(args)
    except ErrorList as errors:
        report_errors(list(errors))
    except PlaybookError as error:
        report_errors([error])
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    return 1


if __name__ == "__main__":
    run()
