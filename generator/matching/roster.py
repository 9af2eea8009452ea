"""The cohort roster that matching writes and the progress pages read.

Input: an existing ``content/cohorts/<cohort>/roster.csv`` (optional) and the as-of date.
Output: the pairs to keep as they are (started on or before the as-of date), and the roster
CSV text for a list of rows (fixed columns, ``\\n`` line ends, deterministic).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from pathlib import Path

from generator.dates import strict_date
from generator.errors import PlaybookError, raise_if_any
from generator.load import CsvRow, CsvTable, date_advice, load_csv_file
from generator.progress.data import ROSTER_COLUMNS, ROSTER_KNOWN, SLOT_COLUMNS
from generator.surveys.answers import csv_cell


def load_roster(path: Path, display: str) -> CsvTable | None:
    """The existing roster, or None when the cohort has none yet."""
    return load_csv_file(path, display, ROSTER_COLUMNS, known=ROSTER_KNOWN) if path.is_file() else None


def _start(table: CsvTable, row: CsvRow) -> datetime.date | PlaybookError:
    text = row.values["start"].strip()
    day = strict_date(text)
    if day is None:
        return table.error(row.line, f"start '{text}' is not a date; {date_advice(text, '2026-09-14')}.", "start")
    return day


def started_rows(table: CsvTable | None, as_of: datetime.date) -> tuple[CsvRow, ...]:
    """Rows whose partnership started on or before ``as_of``: they are kept exactly as they are.

    A group's later rows may leave ``start`` empty: they take the group's first row's start.
    """
    if table is None:
        return ()
    kept, errors, group_start = [], [], dict[str, datetime.date]()
    for row in table.rows:
        pair_id = row.values["pair_id"].strip()
        inherited = group_start.get(pair_id) if not row.values["start"].strip() else None
        start = inherited or _start(table, row)
        if isinstance(start, PlaybookError):
            errors.append(start)
            continue
        group_start.setdefault(pair_id, start)
        if start <= as_of:
            kept.append(row)
    raise_if_any(errors)
    return tuple(kept)


def pair_number(pair_id: str, cohort: str) -> int | None:
    """``pilot-07`` → 7 for cohort ``pilot``; None for any other form."""
    found = re.fullmatch(rf"{re.escape(cohort)}-(\d+)", pair_id)
    return int(found.group(1)) if found else None


def roster_text(rows: Iterable[dict[str, str]]) -> str:
    """The roster as CSV text with the fixed header, plus the agreed-slot columns when any row sets them."""
    rows = list(rows)
    slot = tuple(column for column in SLOT_COLUMNS if any(row.get(column) for row in rows))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=(*ROSTER_COLUMNS, *slot), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows({column: csv_cell(value) for column, value in row.items()} for row in rows)
    return buffer.getvalue()
