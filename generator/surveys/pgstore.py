"""The collector's PostgreSQL store, so several collectors behind a load balancer share one database.

Input: a ``postgresql://`` URL (``playbook collect --db URL``) and checked ``Response`` values.
Output: the same table and behaviour as the SQLite ``ResponseStore``: one row per response id (a
resubmitted id is ignored, ``ON CONFLICT DO NOTHING``), every response back for ``collect export``.
A response is acknowledged only after its INSERT committed (autocommit). A failing database raises
``StoreUnavailable`` (503). A dropped connection (server restarted) is reopened and the statement
tried once more (both statements are idempotent), so the collector recovers by itself.
Needs the ``postgres`` extra (psycopg).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from generator.surveys.canonical import Response, parse_time
from generator.surveys.store import SCHEMA, _unavailable, answers_from_json, redact, stored_row

_INSERT = "INSERT INTO responses VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (response_id) DO NOTHING"


class PostgresStore:
    """Responses in a PostgreSQL table; safe to share between threads of one process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path: Path | str = redact(url)
        self._lock = threading.Lock()
        self._connection: Any = None
        self._run(SCHEMA)

    def _connect(self) -> Any:
        import psycopg

        if self._connection is None or self._connection.closed or self._connection.broken:
            self._connection = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        return self._connection

    def _run(self, sql: str, row: tuple[str, ...] = ()) -> Any:
        import psycopg

        with self._lock:
            for attempt in (1, 2):
                try:
                    return self._connect().execute(sql, row)
                except psycopg.OperationalError as error:
                    if attempt == 2 or not (self._connection is not None and self._connection.broken):
                        raise _unavailable(error) from None
                except psycopg.Error as error:
                    raise _unavailable(error) from None
        return None  # not reached: the second attempt returns or raises

    def add(self, response: Response) -> bool:
        """Store ``response``; False (and nothing stored) if its id is already there."""
        row = stored_row(response)
        return bool(self._run(_INSERT, row).rowcount == 1)

    def count(self) -> int:
        return int(self._run("SELECT COUNT(*) FROM responses").fetchone()[0])

    def responses(self) -> list[Response]:
        """Every stored response, by submission time then id."""
        rows = self._run("SELECT * FROM responses ORDER BY submitted_at, response_id").fetchall()
        return [Response(row[0], row[1], row[2], row[3], row[4], parse_time(row[5]), answers_from_json(row[6])) for row in rows]

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
