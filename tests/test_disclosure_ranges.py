"""The audit's ranges, found equation by equation, against one linear programme over everything.

Input: generated tables: cells with values and the range a reader knows, some withheld, and
totals that are sums of other cells (a cell may sit in several sums, as the same figure does on
several pages).
Output: for every withheld cell, ``feasible_range`` (exact interval arithmetic when one equation
bounds it, a linear programme over only the equations linked to it otherwise) equals the range a
single linear programme over every equation and every withheld cell gives.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from generator.disclosure import Cell, Equation, feasible_range


def whole_system_range(key: str, cells: dict[str, Cell], equations: list[Equation]) -> tuple[float, float]:
    """The reference: one linear programme over every equation that holds a withheld cell."""
    unknowns = sorted(name for name, cell in cells.items() if cell.withheld)
    rows, constants = [], []
    for equation in equations:
        row, constant = [0.0] * len(unknowns), 0.0
        for name, sign in ((equation.total, -1.0), *((part, 1.0) for part in equation.parts)):
            if name in unknowns:
                row[unknowns.index(name)] += sign
            else:
                constant -= sign * cells[name].value
        if any(row):
            rows.append(row)
            constants.append(constant)
    column = unknowns.index(key)
    if not rows or not any(row[column] for row in rows):
        return cells[key].low, cells[key].high
    bounds = [(cells[name].low, cells[name].high) for name in unknowns]
    found = []
    for sign in (1.0, -1.0):
        objective = np.zeros(len(unknowns))
        objective[column] = sign
        result = linprog(objective, A_eq=np.array(rows), b_eq=np.array(constants), bounds=bounds, method="highs")
        assert result.success
        found.append(sign * float(result.fun))
    return found[0], found[1]


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Cell], list[Equation]]:
    """Parts with values, and totals over random groups of earlier cells (so sums may nest and share parts)."""
    values = {f"p{number}": float(draw(st.integers(0, 30))) for number in range(draw(st.integers(2, 7)))}
    equations = []
    for number in range(draw(st.integers(1, 4))):
        parts = draw(st.lists(st.sampled_from(sorted(values)), min_size=1, max_size=4, unique=True))
        total = f"t{number}"
        values[total] = sum(values[part] for part in parts)
        equations.append(Equation(total, tuple(parts)))
    equations += draw(st.lists(st.sampled_from(equations), max_size=2))  # the same table on another page
    cells = {}
    for key, value in values.items():
        withheld = draw(st.booleans())
        slack_low, slack_high = draw(st.integers(0, 10)), draw(st.integers(0, 10))
        cells[key] = Cell(key, value, value - slack_low, value + slack_high, withheld, withheld)
    return cells, equations


@settings(max_examples=150, deadline=None)
@given(table=tables())
def test_each_withheld_range_is_the_one_a_single_linear_programme_finds(table: tuple[dict[str, Cell], list[Equation]]) -> None:
    cells, equations = table
    for key, cell in cells.items():
        if cell.withheld:
            found = feasible_range(key, cells, equations)
            assert found == pytest.approx(whole_system_range(key, cells, equations), abs=1e-6)


def test_one_equation_is_solved_by_hand() -> None:
    # 60 = sales 30 + finance (withheld, 20 to 30) + legal (withheld, 0 to 4): finance is 26 to 30 and legal 0 to 4.
    cells = {
        "total": Cell("total", 60.0, 0.0, 100.0),
        "sales": Cell("sales", 30.0, 0.0, 60.0),
        "finance": Cell("finance", 26.0, 20.0, 30.0, withheld=True, primary=True),
        "legal": Cell("legal", 4.0, 0.0, 4.0, withheld=True, primary=True),
    }
    equations = [Equation("total", ("sales", "finance", "legal"))]
    assert feasible_range("finance", cells, equations) == (26.0, 30.0)
    assert feasible_range("legal", cells, equations) == (0.0, 4.0)
