"""The ``matching`` section of program.yaml, declared once.

Input: program.yaml data for this section (validated by pydantic against the classes here).
Output: ``Matching`` (weights, hard constraints, levels, pins, forbids); the same classes give the
JSON Schema and the defaults.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, cast

from pydantic import AfterValidator, Field
from pydantic.dataclasses import dataclass

from generator.declare import DECLARED, Flag, Id, Number, Text, Whole, describe
from generator.model import Program

DEFAULT_INTAKE_SURVEY = "intake"
PARTICIPANTS_FILE = "participants.csv"  # in each cohort folder: the applicants `playbook match` pairs
Person = Annotated[str, Field(min_length=1, max_length=200)]
Weight = Annotated[Number, Field(ge=0, le=100), AfterValidator(float)]


@dataclass(frozen=True, config=DECLARED)
class Weights:
    """How much each criterion counts in a pair's score (0 turns it off)."""

    skills: Weight = describe("Skills one person offers that the other wants to learn (both ways). Default 4.", 4.0)
    availability: Weight = describe("Weekly hours both are available. Default 2.", 2.0)
    meeting: Weight = describe("Shared ways to meet (video, in-person, chat). Default 1.", 1.0)
    language: Weight = describe("At least one shared language. Default 1.", 1.0)
    department: Weight = describe("Mentor and mentee work in different departments. Default 1.", 1.0)


DEFAULT_WEIGHTS: dict[str, float] = dataclasses.asdict(Weights())
CRITERIA = tuple(DEFAULT_WEIGHTS)


@dataclass(frozen=True, config=DECLARED)
class Constraints:
    """Rules no proposed pair may break."""

    separate_reporting_lines: Flag = describe(
        "Never pair someone with their manager, their manager's manager, and so on. Default true.", True
    )
    different_department: Flag = describe("Never pair two people of the same department. Default false.", False)
    shared_language: Flag = describe("Never pair two people without a common language. Default false.", False)
    min_level_gap: Annotated[Whole, Field(ge=-20, le=20)] | None = describe(
        "The mentee's level must be at least this many levels above the mentor's (reverse mentoring: 1 or more).", None
    )
    min_overlap_hours: Annotated[Whole, Field(ge=0, le=168)] = describe(
        "Hours a week both must be available (each availability slot is 4 hours). Default 0.", 0
    )


@dataclass(frozen=True, config=DECLARED)
class PairRule:
    """A pair never to propose (in every cohort when no cohort is given)."""

    mentor: Person = describe("The mentor's id in participants.csv.")
    mentee: Person = describe("The mentee's id in participants.csv.")
    cohort: Id | None = describe("Cohort id the pair belongs to.", None)
    note: Text = describe("Why (shown in the private report only).", "")

    def applies_to(self, cohort: str) -> bool:
        return self.cohort in (None, cohort)


@dataclass(frozen=True, config=DECLARED)
class Pin(PairRule):
    """A pair the lead fixes."""

    cohort: Id = describe("Cohort id the pair belongs to.")


@dataclass(frozen=True, config=DECLARED)
class Matching:
    """How `playbook match` proposes mentor–mentee pairs from content/cohorts/<cohort>/participants.csv."""

    levels: Annotated[tuple[Text, ...], Field(min_length=1)] = describe(
        "Job levels from the most junior to the most senior; participants' levels must be one of these "
        "(without this list, levels are whole numbers).",
        (),
    )
    intake_survey: Id = describe(
        "The survey whose answers `playbook match --from-intake` turns into participants.csv. Default intake.", DEFAULT_INTAKE_SURVEY
    )
    criteria: Weights = Field(
        default=Weights(), alias="weights", description="How much each criterion counts in a pair's score (0 turns it off)."
    )
    constraints: Constraints = describe("Rules no proposed pair may break.", Constraints())
    pins: tuple[Pin, ...] = describe("Pairs the lead fixes by hand.", ())
    forbids: tuple[PairRule, ...] = describe("Pairs the lead rules out.", ())

    @property
    def weights(self) -> dict[str, float]:
        """Each criterion's weight by name."""
        return dataclasses.asdict(self.criteria)

    def pins_for(self, cohort: str) -> tuple[tuple[int, Pin], ...]:
        """The cohort's pins with their place in program.yaml's ``matching.pins``."""
        return tuple((index, rule) for index, rule in enumerate(self.pins) if rule.applies_to(cohort))

    def forbids_for(self, cohort: str) -> tuple[PairRule, ...]:
        return tuple(rule for rule in self.forbids if rule.applies_to(cohort))


def matching_of(program: Program) -> Matching:
    """The matching rules (the defaults when program.yaml has no ``matching`` section)."""
    return cast(Matching | None, program.sections["matching"]) or Matching()
