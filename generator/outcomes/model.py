"""The ``outcomes`` section of program.yaml, declared once.

Input: program.yaml data for this section (validated by pydantic against the class here).
Output: ``Outcomes`` (where the private HR extract lives and the windows measured) and the
typed accessor ``outcomes_of``.
"""

from __future__ import annotations

from typing import Annotated, cast

from pydantic import Field
from pydantic.dataclasses import dataclass

from generator.declare import DECLARED, Whole, describe, explained
from generator.model import Program

CsvFile = Annotated[
    str,
    Field(
        pattern=explained(
            r"^[^/~.][^\s]*\.csv$",
            "must name a CSV file inside the project, such as hr/employees.csv (not starting with /, ~ or a dot; no spaces)",
        )
    ),
]


@dataclass(frozen=True, config=DECLARED)
class Outcomes:
    """Retention, promotions and internal moves of participants, from a private HR extract."""

    employees: CsvFile = describe("The HR extract, one row per employee (private: keep it out of git).", "hr/employees.csv")
    changes: CsvFile = describe("Dated promotions and internal moves (private).", "hr/changes.csv")
    windows_months: Annotated[tuple[Annotated[Whole, Field(ge=1, le=60)], ...], Field(min_length=1)] = describe(
        "Months after a cohort starts at which outcomes are measured (default 6 and 12).", (6, 12)
    )


def outcomes_of(program: Program) -> Outcomes | None:
    """The outcomes settings, or None when the programme measures no outcomes."""
    return cast(Outcomes | None, program.sections["outcomes"])
