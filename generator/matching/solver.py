"""The assignment: as many pairs as the rules allow, and among those the highest total score.

Input: a score matrix (mentors × mentees, whole numbers), a matrix of allowed cells and each
person's capacity (how many pairs they can take; 0 leaves them out).
Output: the chosen (mentor index, mentee index) cells, sorted.

With capacity one on at least one side, people with several places are expanded into copies and
``scipy.optimize.linear_sum_assignment`` (Hungarian method) finds the exact optimum; the cost of an
allowed cell is ``-(score + BONUS)`` with ``BONUS`` above any total score, so the number of pairs
comes first and the score second. When both sides have capacities above one, the copies could pair
the same two people twice, so ``scipy.optimize.milp`` (HiGHS) solves the transportation problem in
two steps (most pairs, then best score at that number). ``greedy_pairs`` is the baseline a spreadsheet
would give: best remaining cell first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import csr_array

Cell = tuple[int, int]  # mentor (row) index, mentee (column) index
Scores = NDArray[np.int64]  # mentors × mentees, whole numbers
Allowed = NDArray[np.bool_]  # mentors × mentees
Indices = NDArray[np.intp]
_GREEDY_CHUNK = 4096


def optimal_pairs(
    scores: Scores, allowed: Allowed, row_capacity: Sequence[int], col_capacity: Sequence[int], method: str = "auto"
) -> list[Cell]:
    """The optimal cells: most pairs, then the highest total score (deterministic).

    ``method`` is ``auto`` (the Hungarian method when it is exact, else MILP) or ``milp``.
    """
    rows, cols = _usable(allowed, row_capacity, col_capacity)
    if not rows.size or not cols.size or not allowed[np.ix_(rows, cols)].any():
        return []
    both_above_one = max(row_capacity[i] for i in rows) > 1 and max(col_capacity[j] for j in cols) > 1
    if method == "milp" or both_above_one:
        return _milp_pairs(scores, allowed, rows, cols, row_capacity, col_capacity)
    return _assignment_pairs(scores, allowed, rows, cols, row_capacity, col_capacity)


def _usable(allowed: Allowed, row_capacity: Sequence[int], col_capacity: Sequence[int]) -> tuple[Indices, Indices]:
    rows = np.flatnonzero(np.asarray(row_capacity, dtype=np.int64).reshape(allowed.shape[0]) > 0)
    cols = np.flatnonzero(np.asarray(col_capacity, dtype=np.int64).reshape(allowed.shape[1]) > 0)
    return rows, cols


def _assignment_pairs(
    scores: Scores, allowed: Allowed, rows: Indices, cols: Indices, row_capacity: Sequence[int], col_capacity: Sequence[int]
) -> list[Cell]:
    row_copies = np.repeat(rows, [row_capacity[i] for i in rows])
    col_copies = np.repeat(cols, [col_capacity[j] for j in cols])
    block_scores = scores[np.ix_(row_copies, col_copies)].astype(np.float64)
    block_allowed = allowed[np.ix_(row_copies, col_copies)]
    bonus = float(max(int(scores.max(initial=0)), 0) * min(len(row_copies), len(col_copies)) + 1)
    cost = np.where(block_allowed, -(block_scores + bonus), 0.0)
    chosen_rows, chosen_cols = linear_sum_assignment(cost)
    cells = {(int(row_copies[r]), int(col_copies[c])) for r, c in zip(chosen_rows, chosen_cols, strict=True) if block_allowed[r, c]}
    return sorted(cells)


def _milp_pairs(
    scores: Scores, allowed: Allowed, rows: Indices, cols: Indices, row_capacity: Sequence[int], col_capacity: Sequence[int]
) -> list[Cell]:
    cells = [(int(i), int(j)) for i in rows for j in cols if allowed[i, j]]
    count = len(cells)
    row_index = {int(i): k for k, i in enumerate(rows)}
    col_index = {int(j): k for k, j in enumerate(cols)}
    entries = np.ones(2 * count)
    positions = [row_index[i] for i, _ in cells] + [len(rows) + col_index[j] for _, j in cells]
    variables = list(range(count)) * 2
    matrix = csr_array((entries, (positions, variables)), shape=(len(rows) + len(cols), count))
    limits = np.array([row_capacity[i] for i in rows] + [col_capacity[j] for j in cols], dtype=float)
    capacity = LinearConstraint(matrix, -np.inf, limits)
    options = {"mip_rel_gap": 0.0}
    most = milp(-np.ones(count), integrality=np.ones(count), bounds=Bounds(0, 1), constraints=[capacity], options=options)
    pairs = round(-most.fun)
    exactly = LinearConstraint(np.ones((1, count)), pairs, pairs)
    weights = np.array([float(scores[i, j]) for i, j in cells])
    best = milp(-weights, integrality=np.ones(count), bounds=Bounds(0, 1), constraints=[capacity, exactly], options=options)
    return sorted(cell for cell, value in zip(cells, best.x, strict=True) if value > 0.5)


def greedy_pairs(scores: Scores, allowed: Allowed, row_capacity: Sequence[int], col_capacity: Sequence[int]) -> list[Cell]:
    """The baseline: take the best remaining allowed cell (the first row, then column, on a tie) until none fits."""
    left_rows, left_cols = np.array(row_capacity, dtype=np.int64), np.array(col_capacity, dtype=np.int64)
    rows, cols = np.nonzero(allowed)  # row by row, so a stable sort keeps (row, column) order on equal scores
    order = np.argsort(-scores[rows, cols], kind="stable")
    rows, cols = rows[order], cols[order]
    chosen: list[Cell] = []
    for start in range(0, len(rows), _GREEDY_CHUNK):
        block_rows, block_cols = rows[start : start + _GREEDY_CHUNK], cols[start : start + _GREEDY_CHUNK]
        live = (left_rows[block_rows] > 0) & (left_cols[block_cols] > 0)  # cells already full are skipped in bulk
        for i, j in zip(block_rows[live].tolist(), block_cols[live].tolist(), strict=True):
            if left_rows[i] > 0 and left_cols[j] > 0:
                chosen.append((i, j))
                left_rows[i] -= 1
                left_cols[j] -= 1
    return sorted(chosen)


def total_score(scores: Scores, cells: Sequence[Cell]) -> int:
    """The sum of the chosen cells' scores."""
    return sum(int(scores[i, j]) for i, j in cells)
