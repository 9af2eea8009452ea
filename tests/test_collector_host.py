"""``playbook collect --host`` with an address nothing can listen on: a host that does not resolve
(``not-a-host.invalid``, ``999.1.1.1``, ``a b``), an empty one, one that is not this computer's, or a
port already taken. uvicorn printed its own unlocated ``ERROR: [Errno -2] ...`` and exited with 3 (an
empty host even listened on every network); now each is ``playbook serve``'s message,
``HOST:PORT: cannot serve there (REASON); choose another --host or --port.``, with exit status 1.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.project import Project
from tests.conftest import FIXTURES, copy_project
from tests.hosts import ADDRESSES, BAD_NAMES

REFUSAL = re.compile(r"(?P<host>.*):(?P<port>\d+): cannot serve there \((?P<reason>[^()\n]+)\); choose another --host or --port\.")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return copy_project(FIXTURES / "small", tmp_path_factory.mktemp("collect-host") / "small")


@pytest.fixture(scope="module")
def served() -> Iterator[list[tuple[object, ...]]]:
    """uvicorn never really serves here: it records the addresses it listens on. Handed no sockets
    (before the fix), it binds the host itself, failing its own way: a log line and ``SystemExit(3)``."""
    handed: list[tuple[object, ...]] = []

    def run(server: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        for listener in sockets or [server.config.bind_socket()]:
            handed.append(listener.getsockname())
            if not sockets:
                listener.close()
        server.started = True

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uvicorn.Server, "run", run)
        yield handed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def collect(project: Project, host: str, port: int) -> int:
    database = project.root / "answers.sqlite3"
    return main(["collect", "--project", str(project.root), "--db", str(database), f"--host={host}", "--port", str(port)])


@pytest.mark.parametrize(
    ("host", "shown", "reason"),
    [
        ("not-a-host.invalid", "not-a-host.invalid", None),
        ("999.1.1.1", "999.1.1.1", None),
        ("a b", "'a b'", None),
        ("", "''", "no address given; 127.0.0.1 is this computer only"),
        ("   ", "'   '", "no address given; 127.0.0.1 is this computer only"),
        ("a..b", "a..b", "not a host name or address"),
        ("x" * 64 + ".example", "x" * 64 + ".example", "not a host name or address"),
        ("192.0.2.1", "192.0.2.1", "Cannot assign requested address"),
    ],
)
def test_a_host_nothing_can_listen_on_is_named_with_what_to_change(
    project: Project, served: list[tuple[object, ...]], capsys: pytest.CaptureFixture[str], host: str, shown: str, reason: str | None
) -> None:
    port = free_port()
    assert collect(project, host, port) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ERROR:" not in err
    refusal = REFUSAL.fullmatch(err.splitlines()[0])
    assert refusal, err
    assert refusal["host"] == shown and refusal["port"] == str(port)
    if reason:
        assert refusal["reason"] == reason
    assert served == []


def test_a_port_already_taken_is_named(project: Project, served: list[tuple[object, ...]], capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert collect(project, "127.0.0.1", port) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"127.0.0.1:{port}: cannot serve there (Address already in use); choose another --host or --port.\n")


def test_a_good_host_is_served_on_sockets_bound_to_it(
    project: Project, served: list[tuple[object, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    assert collect(project, "127.0.0.1", port) == 0
    assert served[-1] == ("127.0.0.1", port)
    assert f"Collecting survey answers at http://127.0.0.1:{port}/api/responses" in capsys.readouterr().out


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=st.one_of(BAD_NAMES, ADDRESSES))
def test_any_host_is_either_bound_or_refused_with_its_place(
    project: Project, served: list[tuple[object, ...]], capsys: pytest.CaptureFixture[str], host: str
) -> None:
    """Names that cannot be spelt in DNS, blanks, and every IPv4 address (this computer's, or not; no lookup
    leaves the machine): the collector gets sockets bound to HOST:PORT, or the user gets the one-line refusal."""
    port = free_port()
    served.clear()
    status = collect(project, host, port)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    if status == 0:
        assert served and all(address[1] == port for address in served)
        assert all(address[0] == host for address in served)
        return
    assert status == 1 and served == []
    refusal = REFUSAL.fullmatch(captured.err.splitlines()[0])
    assert refusal, captured.err
    assert refusal["host"] in (host, repr(host)) and refusal["port"] == str(port)
