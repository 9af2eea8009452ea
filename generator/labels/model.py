"""The ``labels`` section of program.yaml, declared once.

Input: ``labels:`` with one mapping per kind of id (``skills``, ``levels``, ``departments``,
``statuses``), each from an id to the name readers see.
Output: the frozen ``Labels`` and its accessor ``labels_of(program)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, cast

from pydantic.dataclasses import dataclass

from generator.declare import DECLARED, Id, Text, describe
from generator.model import Program

NAME = "labels"
Kind = Literal["skill", "level", "department", "status"]


@dataclass(frozen=True, config=DECLARED)
class Labels:
    """Names for ids that appear on pages; an id without a name here takes its survey option's label, else a readable form of itself."""

    skills: Mapping[Id, Text] = describe(
        "A name for each skill id used by survey questions and matching, such as 'ai-tools: AI tools'.", {}
    )
    levels: Mapping[Id, Text] = describe("A name for each level id (matching.levels, the roster's level columns).", {})
    departments: Mapping[Id, Text] = describe("A name for each department id in the roster, when it holds ids rather than names.", {})
    statuses: Mapping[Id, Text] = describe(
        "Names that replace the built-in ones of pair statuses and health (active, completed, ended-early, on-track, behind-plan, silent).",
        {},
    )

    def declared(self, kind: Kind) -> Mapping[str, str]:
        """The names declared for ``kind``."""
        return {"skill": self.skills, "level": self.levels, "department": self.departments, "status": self.statuses}[kind]


def labels_of(program: Program) -> Labels:
    return cast(Labels, program.sections.get(NAME) or Labels())
