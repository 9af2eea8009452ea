"""The collector's SQLite store of survey responses.

Input: checked ``Response`` values (from the collector); ``open_store`` takes ``--db``: an SQLite
path, or a ``postgresql://`` URL (``generator.surveys.pgstore``).
Output: one row per response id in an SQLite file (a resubmitted id is ignored),
and the stored responses back, for ``playbook collect export``.

Durability: a response is acknowledged only after its INSERT committed with ``synchronous=FULL``
(WAL journal), so a crash or ``kill -9`` right after the reply loses nothing. A write that fails
(disk full, I/O error) raises ``StoreUnavailable`` and stores nothing; the next write is tried
afresh, so the collector recovers by itself when space returns.
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

from generator.surveys.canonical import Response, format_time, parse_time
from generator.surveys.model import Answer

SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    response_id TEXT PRIMARY KEY,
    survey TEXT NOT NULL,
    cohort TEXT NOT NULL,
    role TEXT NOT NULL,
    pair TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    answers TEXT NOT NULL
)
"""


def answers_json(answers: dict[str, Answer]) -> str:
    return json.dumps({key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()}, sort_keys=True)


def answers_from_json(text: str) -> dict[str, Answer]:
    data = json.loads(text)
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}


class StoreUnavailable(Exception):
    """The database cannot take a response right now (disk full, locked, gone); nothing was stored.

    ``str()`` is the reason for the sender; ``detail`` the database's own first line.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.detail = detail


def _unavailable(error: Exception) -> StoreUnavailable:
    text = str(error).lower()
    if "full" in text or "no space" in text:
        reason = "the collector's disk is full, so this answer was not stored; try again later (the organisers must free space)"
    else:
        reason = f"the collector's database is unavailable ({error}), so this answer was not stored; try again in a minute"
    return StoreUnavailable(reason, (str(error).splitlines() or [""])[0])


def stored_row(response: Response) -> tuple[str, ...]:
    """A response as one row of the ``responses`` table (both databases)."""
    return (
        response.response_id,
        response.survey,
        response.cohort,
        response.role,
        response.pair,
        format_time(response.submitted_at),
        answers_json(response.answers),
    )


class ResponseStore:
    """Responses in one SQLite file; safe to share between threads of one process."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path: Path | str = path
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=FULL")
        self._connection.execute("PRAGMA busy_timeout=5000")
        self._connection.execute(SCHEMA)

    def add(self, response: Response) -> bool:
        """Store ``response``; False (and nothing stored) if its id is already there."""
        row = stored_row(response)
        try:
            with self._lock:
                cursor = self._connection.execute("INSERT OR IGNORE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as error:
            raise _unavailable(error) from None
        return cursor.rowcount == 1

    def count(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def responses(self) -> list[Response]:
        """Every stored response, by submission time then id."""
        with self._lock:
            rows = self._connection.execute("SELECT * FROM responses ORDER BY submitted_at, response_id").fetchall()
        return [Response(row[0], row[1], row[2], row[3], row[4], parse_time(row[5]), answers_from_json(row[6])) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def utc_now() -> datetime.datetime:
    """The moment a submission arrives, in UTC, to the second."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(database: str | Path) -> bool:
    """Whether ``--db`` names a PostgreSQL server (a URL) rather than an SQLite file."""
    return isinstance(database, str) and database.startswith(POSTGRES_SCHEMES)


def redact(url: str) -> str:
    """A database URL fit to print: the password replaced by ***."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


class Store(Protocol):
    """What the collector and ``collect export`` need of a store (SQLite or PostgreSQL)."""

    path: Path | str

    def add(self, response: Response) -> bool: ...

    def count(self) -> int: ...

    def responses(self) -> list[Response]: ...

    def close(self) -> None: ...


def open_store(database: str | Path) -> Store:
    """The store ``--db`` names: a PostgreSQL URL, else an SQLite file."""
    if is_database_url(database):
        from generator.surveys.pgstore import PostgresStore

        return PostgresStore(str(database))
    return ResponseStore(Path(database))
