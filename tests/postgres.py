"""A throwaway PostgreSQL server for the collector tests, from Debian's ``postgresql`` package.

``./dev test`` installs the package; ``postgres_server`` runs ``initdb`` and ``pg_ctl`` from
``/usr/lib/postgresql/<version>/bin`` in a temporary folder (as the ``postgres`` user when the tests
run as root, since PostgreSQL refuses to run as root), listening on 127.0.0.1 only, with trust
authentication for that address; it is stopped at the end of the session. Without the package the
PostgreSQL cases are skipped, unless ``PLAYBOOK_REQUIRE_POSTGRES=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session", name="postgres_server")
def postgres_server_fixture() -> Iterator[str]:
    """The base URL (without database name) of a running throwaway server."""
    binaries = _bin_dir()
    if binaries is None or (not shutil.which("runuser") and os.geteuid() == 0):
        if os.environ.get("PLAYBOOK_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is not installed; run ./dev test, which installs Debian's postgresql package")
        pytest.skip("PostgreSQL is not installed (./dev test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="playbook-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "cwd": folder}
    subprocess.run(_as_owner([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]), **run)  # type: ignore[call-overload]
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c full_page_writes=off"
    start = [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
    subprocess.run(_as_owner(start), **run)  # type: ignore[call-overload]
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(server: str) -> str:
    """A new, empty database on ``server``; its URL."""
    import psycopg

    name = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"], name="database")
def database_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Every collector test runs against SQLite and against a real PostgreSQL server."""
    if request.param == "sqlite":
        return tmp_path / "responses.sqlite"
    return fresh_database(request.getfixturevalue("postgres_server"))


def rows(database: Path | str) -> list[tuple[str, str, str]]:
    if isinstance(database, str):
        import psycopg

        with psycopg.connect(database) as server:
            return server.execute("SELECT response_id, survey, answers FROM responses ORDER BY response_id").fetchall()
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT response_id, survey, answers FROM responses ORDER BY response_id").fetchall()
