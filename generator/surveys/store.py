"""The collector's SQLite store of survey responses.

Input: checked ``Response`` values (from the collector).
Output: one row per response id in an SQLite file (a resubmitted id is ignored),
and the stored responses back, for ``playbook collect export``.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
import threading
from pathlib import Path

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


def _answers_json(answers: dict[str, Answer]) -> str:
    return json.dumps({key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()}, sort_keys=True)


def _answers_from_json(text: str) -> dict[str, Answer]:
    data = json.loads(text)
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}


class ResponseStore:
    """Responses in one SQLite file; safe to share between threads of one process."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute("PRAGMA busy_timeout=5000")
        self._connection.execute(SCHEMA)

    def add(self, response: Response) -> bool:
        """Store ``response``; False (and nothing stored) if its id is already there."""
        row = (
            response.response_id,
            response.survey,
            response.cohort,
            response.role,
            response.pair,
            format_time(response.submitted_at),
            _answers_json(response.answers),
        )
        with self._lock:
            cursor = self._connection.execute("INSERT OR IGNORE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        return cursor.rowcount == 1

    def count(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def responses(self) -> list[Response]:
        """Every stored response, by submission time then id."""
        with self._lock:
            rows = self._connection.execute("SELECT * FROM responses ORDER BY submitted_at, response_id").fetchall()
        return [Response(row[0], row[1], row[2], row[3], row[4], parse_time(row[5]), _answers_from_json(row[6])) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def utc_now() -> datetime.datetime:
    """The moment a submission arrives, in UTC, to the second."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
