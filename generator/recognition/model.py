"""The ``stories`` and ``certificates`` sections of program.yaml, and a story's front matter, declared once.

Input: program.yaml data for these sections; the front matter of ``content/stories/*.md``.
Output: ``StorySettings``, ``CertificateCriteria`` and ``StoryFront`` (validated by pydantic, which
also gives the JSON Schema of the two sections), and typed accessors for the programme's settings.
"""

from __future__ import annotations

from typing import Annotated, Literal, cast

from pydantic import Field
from pydantic.dataclasses import dataclass

from generator.declare import DECLARED, Date, Flag, Id, Text, Whole, describe
from generator.model import Program

NAME = "recognition"
Consent = Literal["named", "anonymous", "withdrawn"]
CONSENTS: tuple[str, ...] = ("named", "anonymous", "withdrawn")
MAX_QUOTE = 600


@dataclass(frozen=True, config=DECLARED)
class StorySettings:
    """How success stories from ``content/stories/*.md`` are published."""

    publish_names: Flag = describe(
        "Publish the name of a story whose front matter says consent: named (default true). False publishes every story without a name.",
        True,
    )
    highlight: Annotated[Whole, Field(ge=0, le=6)] = describe(
        "How many of the newest stories the home page shows (default 1; 0 for none).", 1
    )


@dataclass(frozen=True, config=DECLARED)
class CertificateCriteria:
    """What a participant must have done to receive a certificate of completion."""

    sessions_held: Annotated[Whole, Field(ge=0)] = describe("Fewest sessions with status held in the participant's pair (default 0).", 0)
    modules: Literal["all"] | tuple[Id, ...] = describe(
        "Training modules to complete (listed in content/cohorts/<cohort>/training.csv): 'all' for the participant's "
        "learning path, or a list of module ids (default: none).",
        (),
    )
    end_survey: Id | None = describe("A survey that is not anonymous which the participant must have answered.", None)
    signed_by: Text = describe("Who awards the certificate, printed at its foot (default: the programme's contact).", "")


@dataclass(frozen=True, config=DECLARED)
class StoryFront:
    """The front matter of a success story (``content/stories/*.md``)."""

    cohort: Id = describe("The cohort the storyteller took part in.")
    roles: Annotated[tuple[Id, ...], Field(min_length=1)] = describe("The storyteller's roles.")
    consent: Consent = describe("named (publish with the name), anonymous (publish without it) or withdrawn (never publish).")
    date: Date = describe("When the story was told (YYYY-MM-DD).")
    quote: Annotated[str, Field(min_length=1, max_length=MAX_QUOTE)] = describe("The story in a sentence or two.")
    name: Text | None = describe("consent named: the name to publish.", None)
    title: Text | None = describe("A headline for the story.", None)


def story_settings_of(program: Program) -> StorySettings:
    """The programme's story settings (defaults when the section is absent)."""
    return cast(StorySettings | None, program.sections.get("stories")) or StorySettings()


def certificate_criteria_of(program: Program) -> CertificateCriteria | None:
    """The programme's certificate criteria, if it awards certificates."""
    return cast(CertificateCriteria | None, program.sections.get("certificates"))
