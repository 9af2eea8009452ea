"""The disclosure audit and secondary suppression on tables worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.disclosure import Cell, Equation, Table, audit, feasible_range, merged_cells, protect, pseudonym, read_secret


def department_table(withheld: set[str], primary: set[str]) -> Table:
    """60 people: Sales 30, Finance 26, Legal 4 (Legal is below a threshold of 5)."""
    values = {"total": 60.0, "sales": 30.0, "finance": 26.0, "legal": 4.0}
    cells = tuple(
        Cell(key, value, 1.0 if key in primary else 0.0, 4.0 if key in primary else 60.0, key in withheld, key in primary)
        for key, value in values.items()
    )
    return Table("Participants by department", "progress/c.md", cells, (Equation("total", ("sales", "finance", "legal")),))


def test_naive_suppression_leaks_by_subtraction() -> None:
    # By hand: legal = 60 - 30 - 26 = 4, exactly, although the page says only "fewer than 5".
    result = audit([department_table({"legal"}, {"legal"})])
    assert [(f.key, f.found) for f in result.findings] == [("legal", (4.0, 4.0))]
    assert len(result.leaks) == 1
    assert any("LEAKS" in line for line in result.lines())


def test_secondary_suppression_withholds_the_smallest_complement() -> None:
    # Withholding finance too: legal + finance = 30, legal in [1, 4], finance in [0, 60] -> legal in [1, 4].
    tables, result = protect([department_table({"legal"}, {"legal"})])
    cells = merged_cells(tables)
    assert cells["finance"].withheld and not cells["sales"].withheld and not cells["total"].withheld
    assert result.leaks == ()
    assert result.findings[0].found == (1.0, 4.0)


def test_two_primary_cells_can_still_pin_each_other() -> None:
    # total 20 = a 3 + b 2 + c 15; a, b withheld (in [1, 4]) and c published -> a + b = 5,
    # so a is in [1, 4]: safe. With total 20 = a 4 + b 1 + c 15 -> a + b = 5 too: also safe.
    # But total 10 = a 4 + b 4 + c 2: a + b = 8 forces a = b = 4.
    def table(a: float, b: float, c: float) -> Table:
        cells = (
            Cell("t", a + b + c, 0, 100),
            Cell("a", a, 1, 4, True, True),
            Cell("b", b, 1, 4, True, True),
            Cell("c", c, 0, 100),
        )
        return Table("T", "p", cells, (Equation("t", ("a", "b", "c")),))

    assert audit([table(3, 2, 15)]).leaks == ()
    pinned = audit([table(4, 4, 2)])
    assert {f.key: f.found for f in pinned.findings} == {"a": (4.0, 4.0), "b": (4.0, 4.0)}
    fixed, result = protect([table(4, 4, 2)])
    assert result.leaks == () and merged_cells(fixed)["c"].withheld


def test_the_same_figure_on_two_pages_is_one_unknown() -> None:
    # Cohort page withholds satisfaction sum of cohort B (3 answers, sum in [3, 15]); the goal page
    # publishes the all-cohorts sum 52 and cohort A's sum 40: B = 12 exactly.
    cohort = Table("Satisfaction", "progress/b.md", (Cell("sum:b", 12, 3, 15, True, True),))
    goal = Table(
        "Goal",
        "progress/goals/g.md",
        (Cell("sum:a", 40, 0, 100), Cell("sum:b", 12, 3, 15, True, True), Cell("sum:all", 52, 0, 200)),
        (Equation("sum:all", ("sum:a", "sum:b")),),
    )
    assert feasible_range("sum:b", merged_cells([cohort, goal]), goal.equations) == (12.0, 12.0)
    _, result = protect([cohort, goal])
    assert result.leaks == ()


def test_unrelated_withheld_cell_keeps_its_prior_range() -> None:
    table = Table("T", "p", (Cell("x", 2, 1, 4, True, True),))
    assert audit([table]).findings[0].found == (1, 4)


def test_pseudonyms_are_keyed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert pseudonym(b"one", "c", "p1", 6) == pseudonym(b"one", "c", "p1", 6)
    assert pseudonym(b"one", "c", "p1", 6) != pseudonym(b"two", "c", "p1", 6)
    monkeypatch.delenv("PLAYBOOK_SECRET", raising=False)
    assert read_secret(tmp_path) is None
    (tmp_path / ".playbook-secret").write_text("from-file\n", encoding="utf-8")
    assert read_secret(tmp_path) == b"from-file"
    monkeypatch.setenv("PLAYBOOK_SECRET", "from-env")
    assert read_secret(tmp_path) == b"from-env"
