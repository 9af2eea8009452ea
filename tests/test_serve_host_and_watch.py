"""``playbook serve``: the address it listens on, and the folders it watches.

- ``--host``/``--port`` nothing should or could listen on (an empty host, which the socket layer takes
  for every network interface; one with spaces; ``999.1.1.1``; a name that does not resolve; an address
  that is not this computer's; a port already taken) is refused before anything is generated or
  started, with either engine, as ``playbook collect`` refuses it: on standard error,
  ``HOST:PORT: cannot serve there (REASON); choose another --host or --port.``, exit status 1.
  Before, MkDocs listened on every interface for ``--host ""`` and printed its refusals on standard
  output after generating; Zensical started, said ``Preview on ...`` and then failed its own way.
- A folder whose files the preview reads (content/, themes/, the folder of a file a feature reads
  such as the outcomes' HR extract) that is missing when the preview starts, or is deleted and made
  again, is watched from the moment it appears. Before, themes/ and content/ were watched only if they
  existed at the start, an input's folder only once a save elsewhere found it, and never again once
  deleted (its watch followed the deleted folder). A cohort's new folder under content/ was seen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.overlay import ERRORS
from generator.project import Project
from generator.serve import FolderWatches
from tests.conftest import FIXTURES, REPO, copy_project
from tests.hosts import ADDRESSES, BAD_NAMES
from tests.test_serve import fetch, free_port, wait_for

REFUSAL = re.compile(r"(?P<host>.*):(?P<port>\d+): cannot serve there \((?P<reason>[^()\n]+)\); choose another --host or --port\.")
ENGINES = ("mkdocs", "zensical")
BLANK = "no address given; 127.0.0.1 is this computer only"


def run_serve(project: Project, engine: str, host: str, port: int, seconds: float = 15) -> tuple[int | None, str, str]:
    """``playbook serve`` in its own process group: its exit status (None if it was still serving after
    ``seconds``, then stopped with its engine), standard output and standard error."""
    command = [sys.executable, "-m", "generator", "serve", "--project", str(project.root), "--engine", engine]
    server = subprocess.Popen(
        [*command, f"--host={host}", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        start_new_session=True,
    )
    try:
        out, err = server.communicate(timeout=seconds)
        return server.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGTERM)
        out, err = server.communicate(timeout=20)
        return None, out, err


def refused(err: str, shown: str, port: int) -> re.Match[str]:
    assert "Traceback" not in err, err
    refusal = REFUSAL.fullmatch(err.splitlines()[0]) if err else None
    assert refusal, err
    assert refusal["host"] == shown and refusal["port"] == str(port), err
    assert err.endswith("\n1 problem found; nothing was written.\n"), err
    return refusal


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("host", "shown", "reason"),
    [
        ("", "''", BLANK),
        ("   ", "'   '", BLANK),
        ("a b", "'a b'", None),
        ("999.1.1.1", "999.1.1.1", None),
        ("not-a-host.invalid", "not-a-host.invalid", None),
        ("192.0.2.1", "192.0.2.1", "Cannot assign requested address"),  # TEST-NET-1: never this computer's
    ],
)
def test_a_host_nothing_should_listen_on_is_refused_before_anything_starts(
    small_project: Project, engine: str, host: str, shown: str, reason: str | None
) -> None:
    port = free_port()
    status, out, err = run_serve(small_project, engine, host, port)
    assert status == 1, (status, out, err)
    assert out == "", "nothing is generated or started, so nothing is said on standard output"
    refusal = refused(err, shown, port)
    if reason:
        assert refusal["reason"] == reason
    assert not (small_project.root / ".playbook").exists(), "nothing was generated"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_port_already_taken_is_refused_before_anything_starts(small_project: Project, engine: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, out, err = run_serve(small_project, engine, "127.0.0.1", port)
    assert (status, out) == (1, ""), (status, out, err)
    assert refused(err, "127.0.0.1", port)["reason"] == "Address already in use"
    assert not (small_project.root / ".playbook").exists()


def serve_while_the_port_is_taken_during_generation(root: str, port: int) -> None:
    """Run in a fresh process: ``playbook serve`` whose port someone takes after the address was
    checked, while the programme is generated; the MkDocs server then cannot bind it."""
    import generator.serve

    generate = generator.serve.regenerate
    holder: list[socket.socket] = []

    def regenerate_then_take_the_port(preview: generator.serve.Preview) -> generator.serve.Outcome:
        outcome = generate(preview)
        if not holder:
            holder.append(socket.create_server(("127.0.0.1", port)))
        return outcome

    generator.serve.regenerate = regenerate_then_take_the_port
    sys.exit(main(["serve", "--project", root, "--engine", "mkdocs", "--host", "127.0.0.1", "--port", str(port)]))


def test_a_port_taken_while_generating_is_reported_on_standard_error(small_project: Project) -> None:
    port = free_port()
    code = f"from tests.test_serve_host_and_watch import serve_while_the_port_is_taken_during_generation as run; run({str(small_project.root)!r}, {port})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 1, done
    assert "Regenerated" in done.stdout and "Preview on" not in done.stdout and "cannot serve" not in done.stdout
    assert refused(done.stderr, "127.0.0.1", port)["reason"] == "Address already in use"


def binds(host: str, port: int) -> bool:
    """Whether an IPv4 server socket can be bound to ``host:port`` on this computer right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((host, port))
        except (OSError, UnicodeError):
            return False
    return True


@pytest.fixture(scope="module")
def started() -> Iterator[list[tuple[str, str, int]]]:
    """The preview never starts here: it records the engine, host and port it would have generated and served with."""
    calls: list[tuple[str, str, int]] = []

    def record(_project: Project, engine: str, host: str, port: int, *_rest: object) -> int:
        calls.append((engine, host, port))
        return 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.serve._preview", record)
        yield calls


@pytest.fixture(scope="module")
def idle_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("serve-host") / "small")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=st.one_of(BAD_NAMES, ADDRESSES), engine=st.sampled_from(ENGINES))
def test_any_host_is_either_served_or_refused_with_its_place(
    idle_project: Project, started: list[tuple[str, str, int]], capsys: pytest.CaptureFixture[str], host: str, engine: str
) -> None:
    """Names that cannot be spelt in DNS, blanks, and every IPv4 address (this computer's or not; no lookup
    leaves the machine): the preview starts on HOST:PORT only where a server can listen, never for a blank
    host (every interface); anything else (a blank, a NUL, which the C library reads as the end of the name,
    a name DNS cannot spell, an address nothing can be bound to) is the one-line refusal on standard error, before any start."""
    port = free_port()
    started.clear()
    status = main(["serve", "--project", str(idle_project.root), "--engine", engine, f"--host={host}", "--port", str(port)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if status == 0:
        assert started == [(engine, host, port)]
        assert host.strip() and binds(host, port)
        return
    assert status == 1 and started == [] and captured.out == ""
    refusal = REFUSAL.fullmatch(captured.err.splitlines()[0])
    assert refusal, captured.err
    assert refusal["host"] in (host, repr(host)) and refusal["port"] == str(port)
    assert not host.strip() or not host.isprintable() or not spelt_in_dns(host) or not binds(host, port)


def spelt_in_dns(host: str) -> bool:
    """Whether ``host`` can be written as a DNS name (the socket layer reads '000…0', a label over 63, as 0.0.0.0)."""
    try:
        host.encode("idna")
    except UnicodeError:
        return False
    return True


# --- folders that appear while the preview runs ---

HEADER = "person_id,email,level,department,start_date,leaving_date,leaving_reason\n"
BAD_EMPLOYEE = "e99999,someone@example.org,professional,People,not-a-date,,\n"
BAD_SESSION = "pair_id,date,minutes,agenda,status\nnobody,2026-13-45,abc,,held\n"
PAUSE = 1.0  # long enough for the preview to regenerate after the previous step (the small programme: ~0.3 s)

Step = Callable[[Path], None]


def measuring_outcomes(folder: str) -> Callable[[Path], None]:
    """The programme measures outcomes from an HR extract in ``folder`` (which does not exist yet)."""

    def prepare(root: Path) -> None:
        with (root / "program.yaml").open("a", encoding="utf-8") as program:
            program.write(f"outcomes:\n  employees: {folder}/employees.csv\n  changes: {folder}/changes.csv\n  windows_months: [6]\n")

    return prepare


def with_extract(folder: str) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        measuring_outcomes(folder)(root)
        (root / folder).mkdir(parents=True)
        (root / folder / "employees.csv").write_text(HEADER, encoding="utf-8")

    return prepare


def make_folder(relative: str) -> Step:
    return lambda root: (root / relative).mkdir(parents=True)


def write(relative: str, text: str) -> Step:
    return lambda root: (root / relative).write_text(text, encoding="utf-8")


def remove(relative: str) -> Step:
    return lambda root: shutil.rmtree(root / relative)


def move_content_away(root: Path) -> None:
    (root / "content").rename(root.parent / "content-saved")


def bring_content_files(root: Path) -> None:
    for page in (root.parent / "content-saved").iterdir():
        shutil.copy2(page, root / "content" / page.name)


def errors_at(prefix: str) -> Callable[[list[dict[str, str]]], bool]:
    return lambda errors: any(error["location"].startswith(prefix) for error in errors)


def no_errors(errors: list[dict[str, str]]) -> bool:
    return errors == []


SCENARIOS = {
    "a cohort's folder under content/": (
        lambda root: None,
        [make_folder("content/cohorts/pilot"), write("content/cohorts/pilot/sessions.csv", BAD_SESSION)],
        errors_at("content/cohorts/pilot/sessions.csv:2"),
    ),
    "themes/, missing at the start": (
        lambda root: None,
        [make_folder("themes/default/templates"), write("themes/default/templates/home.md.j2", "{% if %}\n")],
        errors_at("themes/default/templates/home.md.j2:1"),
    ),
    "content/, missing at the start": (move_content_away, [make_folder("content"), bring_content_files], no_errors),
    "an extract's folder, made one folder at a time": (
        measuring_outcomes("private/hr"),
        [make_folder("private"), make_folder("private/hr"), write("private/hr/employees.csv", HEADER + BAD_EMPLOYEE)],
        errors_at("private/hr/employees.csv:2"),
    ),
    "an extract's folder, deleted and made again": (
        with_extract("hr"),
        [remove("hr"), make_folder("hr"), write("hr/employees.csv", HEADER + BAD_EMPLOYEE)],
        errors_at("hr/employees.csv:2"),
    ),
}


def shown_errors(url: str) -> list[dict[str, str]] | None:
    text = fetch(url)
    return list(json.loads(text)) if text.strip().startswith("[") else None


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_folder_made_while_the_preview_runs_is_watched_at_once(small_project: Project, scenario: str) -> None:
    """Each step is a separate save, long enough after the one before for the preview to have
    regenerated; the last writes a file into the new folder, and nothing else is saved afterwards."""
    prepare, steps, expected = SCENARIOS[scenario]
    prepare(small_project.root)
    port = free_port()
    errors_url = f"http://127.0.0.1:{port}/{ERRORS}"
    command = [sys.executable, "-m", "generator", "serve", "--project", str(small_project.root), "--port", str(port)]
    server = subprocess.Popen([*command, "--engine", "mkdocs"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        assert wait_for(lambda: shown_errors(errors_url) is not None, 15), "the preview never came up"
        assert not expected(shown_errors(errors_url) or [])
        for step in steps:
            time.sleep(PAUSE)
            step(small_project.root)
        assert wait_for(lambda: expected(shown_errors(errors_url) or []), 6), shown_errors(errors_url)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert binds("127.0.0.1", port), "the stopped preview freed its port"


# --- the watches themselves, for any folder layout ---

SEGMENT = st.text(alphabet="abcdxyz-_0", min_size=1, max_size=6)


def seen(watches: FolderWatches, seconds: float = 3.0) -> bool:
    """Whether the preview's change flag reports a change (after its quiet time) within ``seconds``."""
    flag = watches.flag
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if flag.take_if_quiet():
            return True
        time.sleep(0.01)
    return False


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    folders=st.lists(SEGMENT, min_size=1, max_size=3),
    existing=st.integers(min_value=0, max_value=3),
    recreate=st.booleans(),
)
def test_an_inputs_folder_is_watched_however_it_comes_to_exist(tmp_path: Path, folders: list[str], existing: int, recreate: bool) -> None:
    """A file a feature reads at ``A/B/C/data.csv``: any part of its folder exists at the start (or all of
    it, or none), the rest is made one folder at a time (each seen, as the preview loop then follows the
    watches), optionally after the existing part was deleted; then writing the file is seen."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis runs every example in one test's tmp_path
    existing = min(existing, len(folders))
    target = root.joinpath(*folders)
    if existing:
        root.joinpath(*folders[:existing]).mkdir(parents=True)
    inputs = (target / "data.csv",)
    watches = FolderWatches(Project.at(root))
    watches.start()
    try:
        watches.follow(inputs)
        made = existing
        if recreate and existing:
            shutil.rmtree(root / folders[0])
            assert seen(watches), "the deletion is seen"
            watches.follow(inputs)
            made = 0
        for depth in range(made + 1, len(folders) + 1):
            root.joinpath(*folders[:depth]).mkdir()
            assert seen(watches), f"{'/'.join(folders[:depth])} appearing is seen"
            watches.follow(inputs)
        (target / "data.csv").write_text("a,b\n", encoding="utf-8")
        assert seen(watches), "the file written into the new folder is seen"
    finally:
        watches.stop()
