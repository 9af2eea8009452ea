"""Disclosure control and its audit: no withheld figure can be worked out from what is published.

Input: ``Table``s handed over by the features (``Feature.disclosure``) after the aggregate
stage: their ``Cell``s (a true value, what a reader knows of it before reading, published or
withheld, and whether the threshold rule withheld it) and the additive equations between them
(a total and its parts). A cell has one key across every table, so the same figure on the cohort
page, the dashboard and a goal page is one unknown.
Output: an ``Audit`` with, for every cell the threshold rule withheld, the range of values it
could take given everything published: exactly, by interval arithmetic, when one equation links
it to the other withheld cells, else by linear programming (``scipy.optimize.linprog``) over the
equations linked to it; ``protect`` adds secondary (complementary) suppression until no range is
narrower than a reader knew beforehand. Also the keyed pseudonyms (HMAC-SHA256 with the
programme's secret) and where that secret is read from. No other IO; imports no feature.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

SECRET_ENV = "PLAYBOOK_SECRET"
SECRET_FILE = ".playbook-secret"
TOLERANCE = 1e-6
PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Cell:
    """One figure: its true value, the range a reader knows beforehand, and whether it is published."""

    key: str
    value: float
    low: float
    high: float
    withheld: bool = False
    primary: bool = False
    """Withheld by the threshold rule (a sensitive cell that the audit must protect)."""
    known: bool = False
    """Known to readers whatever the site shows (such as a remainder they can count): never withheld to protect another."""


@dataclass(frozen=True)
class Equation:
    """``total`` = the sum of ``parts`` (keys of cells)."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A published table: where it appears, its cells and the sums that tie them together."""

    name: str
    page: str
    cells: tuple[Cell, ...]
    equations: tuple[Equation, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A primary cell: what a reader knew before and the range the published figures leave open."""

    key: str
    table: str
    page: str
    known: tuple[float, float]
    found: tuple[float, float]

    @property
    def safe(self) -> bool:
        return self.found[0] <= self.known[0] + TOLERANCE and self.found[1] >= self.known[1] - TOLERANCE

    def line(self) -> str:
        verdict = "protected" if self.safe else "LEAKS"
        return f"{self.page}: {self.table}: {self.key}: withheld, could be {_num(self.found[0])} to {_num(self.found[1])} ({verdict})"


@dataclass(frozen=True)
class Audit:
    """The audit of every published table."""

    tables: int
    cells: int
    withheld: int
    findings: tuple[Finding, ...]
    audited: tuple[str, ...] = ()
    """One line per table: its page, its name, how many figures and how many withheld."""

    @property
    def leaks(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.safe)

    def lines(self) -> list[str]:
        head = f"Disclosure audit: {self.tables} tables, {self.cells} figures, {self.withheld} withheld"
        head += f", {len(self.findings)} by the threshold rule, {len(self.leaks)} leaking."
        return [head, *self.audited, *(finding.line() for finding in self.findings)]


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def merged_cells(tables: Iterable[Table]) -> dict[str, Cell]:
    """Every cell by key; a key withheld in one table and published in another counts as published."""
    cells: dict[str, Cell] = {}
    for table in tables:
        for cell in table.cells:
            seen = cells.get(cell.key)
            if seen is None:
                cells[cell.key] = cell
            elif seen.withheld and not cell.withheld:
                cells[cell.key] = replace(cell, primary=seen.primary or cell.primary)
    return cells


Row = tuple[dict[str, float], float]
"""One equation over the withheld cells: ``sum(coefficient × cell) = constant``."""


def _rows(cells: Mapping[str, Cell], equations: Iterable[Equation]) -> list[Row]:
    """The equations that hold a withheld cell, as rows over the withheld cells (each distinct row once)."""
    rows: dict[tuple[tuple[str, float], ...], Row] = {}
    for equation in equations:
        row: dict[str, float] = {}
        constant = 0.0
        for key, sign in ((equation.total, -1.0), *((part, 1.0) for part in equation.parts)):
            if cells[key].withheld:
                row[key] = row.get(key, 0.0) + sign
            else:
                constant -= sign * cells[key].value
        row = {key: value for key, value in row.items() if value}
        if row:
            rows.setdefault((*sorted(row.items()), ("", round(constant, 9))), (row, constant))
    return list(rows.values())


def _linked(key: str, rows: Sequence[Row]) -> list[Row]:
    """The rows that tie ``key`` to other withheld cells, directly or through others: the only ones that bound it."""
    reached, found, changed = {key}, [False] * len(rows), True
    while changed:
        changed = False
        for number, (row, _) in enumerate(rows):
            if not found[number] and reached & row.keys():
                found[number], changed = True, True
                reached |= row.keys()
    return [row for row, wanted in zip(rows, found, strict=True) if wanted]


def _one_row_range(key: str, row: Row, cells: Mapping[str, Cell]) -> tuple[float, float] | None:
    """The exact range of ``key`` under one equation and every cell's bounds (None when they contradict)."""
    coefficients, constant = row
    others_low = sum(min(a * cells[name].low, a * cells[name].high) for name, a in coefficients.items() if name != key)
    others_high = sum(max(a * cells[name].low, a * cells[name].high) for name, a in coefficients.items() if name != key)
    own = coefficients[key]
    ends = sorted(((constant - others_high) / own, (constant - others_low) / own))
    low, high = max(ends[0], cells[key].low), min(ends[1], cells[key].high)
    return (low, high) if low <= high + TOLERANCE else None


def _linear_programme_range(key: str, rows: Sequence[Row], cells: Mapping[str, Cell]) -> tuple[float, float] | None:
    """The range of ``key`` under several equations, by linear programming (None when they contradict)."""
    import numpy as np  # imported here: most audits need no linear programme, and numpy and scipy are slow to import
    from scipy.optimize import linprog

    unknowns = sorted({name for row, _ in rows for name in row})
    matrix = np.array([[row.get(name, 0.0) for name in unknowns] for row, _ in rows], dtype=float)
    constants = np.array([constant for _, constant in rows], dtype=float)
    bounds = [(cells[name].low, cells[name].high) for name in unknowns]
    found = []
    for sign in (1.0, -1.0):
        objective = np.zeros(len(unknowns))
        objective[unknowns.index(key)] = sign
        result = linprog(objective, A_eq=matrix, b_eq=constants, bounds=bounds, method="highs")
        if not result.success:
            return None
        found.append(sign * float(result.fun))
    return found[0], found[1]


def feasible_range(key: str, cells: Mapping[str, Cell], equations: Sequence[Equation]) -> tuple[float, float]:
    """The least and greatest value the withheld cell ``key`` can take, given every published cell.

    Only the equations linked to ``key`` through withheld cells can bound it. One such equation
    gives the range exactly by interval arithmetic; several are solved as a linear programme
    (``scipy.optimize.linprog``). When the published figures contradict the bounds, the cell is
    treated as pinned to its value.
    """
    return _range(key, _rows(cells, equations), cells)


def _range(key: str, all_rows: Sequence[Row], cells: Mapping[str, Cell]) -> tuple[float, float]:
    rows = _linked(key, all_rows)
    if not rows:
        return cells[key].low, cells[key].high
    found = _one_row_range(key, rows[0], cells) if len(rows) == 1 else _linear_programme_range(key, rows, cells)
    return found if found is not None else (cells[key].value, cells[key].value)


def audit(tables: Sequence[Table]) -> Audit:
    """For every cell withheld by the threshold rule, the range the published figures leave open."""
    cells = merged_cells(tables)
    equations = [equation for table in tables for equation in table.equations]
    where = {cell.key: table for table in tables for cell in table.cells if cell.primary}
    rows = _rows(cells, equations)
    findings = tuple(
        Finding(key, where[key].name, where[key].page, (cell.low, cell.high), _range(key, rows, cells))
        for key, cell in sorted(cells.items())
        if cell.withheld and cell.primary
    )
    withheld = sum(1 for cell in cells.values() if cell.withheld)
    audited = tuple(
        f"{table.page}: {table.name}: {len(table.cells)} figures, {sum(1 for cell in table.cells if cells[cell.key].withheld)} withheld"
        for table in tables
    )
    return Audit(len(tables), len(cells), withheld, findings, audited)


def _complement(leak: Finding, cells: Mapping[str, Cell], equations: Sequence[Equation]) -> str | None:
    """The smallest published part (else total) of an equation that holds the leaking cell."""
    candidates: list[tuple[int, float, str]] = []
    for equation in equations:
        keys = (equation.total, *equation.parts)
        if leak.key in keys:
            candidates += [(0, cells[key].value, key) for key in equation.parts if not (cells[key].withheld or cells[key].known)]
            total = cells[equation.total]
            candidates += [(1, total.value, total.key)] if not (total.withheld or total.known) else []
    return min(candidates)[2] if candidates else None


def withhold(tables: Sequence[Table], key: str) -> tuple[Table, ...]:
    """The tables with the cell ``key`` withheld wherever it appears."""
    return tuple(replace(t, cells=tuple(replace(c, withheld=True) if c.key == key else c for c in t.cells)) for t in tables)


def protect(tables: Sequence[Table], rounds: int = 1000) -> tuple[tuple[Table, ...], Audit]:
    """Secondary suppression: withhold more cells, one at a time, until the audit finds no leak."""
    current = tuple(tables)
    for _ in range(rounds):
        result = audit(current)
        if not result.leaks:
            return current, result
        cells = merged_cells(current)
        equations = [equation for table in current for equation in table.equations]
        extra = _complement(result.leaks[0], cells, equations)
        if extra is None:
            return current, result
        current = withhold(current, extra)
    return current, audit(current)


def leak_message(finding: Finding) -> str:
    """What a programme lead reads when a withheld figure can be worked out."""
    return (
        f"the withheld figure '{finding.key}' in '{finding.table}' on {finding.page} can be worked out from the published "
        f"figures (it must lie between {_num(finding.found[0])} and {_num(finding.found[1])}); raise privacy.min_group_size "
        "or remove the figure that gives it away, then build again (playbook check --privacy shows every withheld figure)."
    )


def read_secret(root: Path) -> bytes | None:
    """The programme's pseudonym secret: ``$PLAYBOOK_SECRET``, else the git-ignored ``.playbook-secret``."""
    text = os.environ.get(SECRET_ENV, "")
    path = root / SECRET_FILE
    if not text.strip() and path.is_file():
        text = path.read_text(encoding="utf-8")
    return text.strip().encode("utf-8") or None


def pseudonym(secret: bytes, scope: str, identifier: str, length: int) -> str:
    """A keyed pseudonym: letters from HMAC-SHA256(secret, scope/identifier); without the secret it reveals nothing."""
    digest = hmac.new(secret, f"{scope}/{identifier}".encode(), hashlib.sha256).digest()
    return "".join(PSEUDONYM_ALPHABET[byte % len(PSEUDONYM_ALPHABET)] for byte in digest[:length])
