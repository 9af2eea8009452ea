"""The ``surveys`` and ``collector`` sections of program.yaml, declared once.

Input: program.yaml data for these sections (validated by pydantic against the classes here).
Output: ``Survey`` (sections of ``Question``), ``Destination`` and ``Collector`` objects, with
every default filled in for its question type. The same classes give the JSON Schema.
"""

from __future__ import annotations

from dataclasses import field
from functools import cached_property
from typing import Annotated, Any, Literal, cast

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic.dataclasses import dataclass

from generator.declare import DECLARED, LINK_PATTERN, DateText, Flag, Id, Key, Number, Scalar, Text, Whole, describe, explained
from generator.i18n import N_
from generator.model import Program

LIKERT_LABELS = {
    5: (N_("Strongly disagree"), N_("Disagree"), N_("Neither agree nor disagree"), N_("Agree"), N_("Strongly agree")),
    7: (
        N_("Strongly disagree"),
        N_("Disagree"),
        N_("Somewhat disagree"),
        N_("Neither agree nor disagree"),
        N_("Somewhat agree"),
        N_("Agree"),
        N_("Strongly agree"),
    ),
}
DEFAULT_POINTS = {"likert": 5, "rating": 5}
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000, "story": 600}
DEFAULT_COLLECTOR_URL = "http://127.0.0.1:8765"
DEFAULT_DATABASE = "playbook.sqlite3"
DEFAULT_THANKS = N_("Thank you: your answers were received.")  # translated on the page
SESSION_LOG_ID = "session-log"
"""The built-in form a partnership logs its sessions with (a reserved survey id)."""
SESSION_LOG_FIELDS = ("date", "minutes", "agenda", "status", "milestone", "note")
# Option values end up in CSV cells joined with "|" and in form field values.
OPTION_VALUE_PATTERN = explained(
    r"^[^|,\s]([^|,]*[^|,\s])?$", "is not a usable option value; leave out commas and '|', and start and end it with a letter or digit"
)

QuestionType = Literal["likert", "rating", "nps", "single", "multiple", "yes_no", "number", "date", "short_text", "long_text", "story"]
When = Literal["before", "after-session", "midpoint", "end", "dates", "application"]
DestinationType = Literal["collector", "endpoint", "netlify", "download"]
Answer = int | float | bool | str | tuple[str, ...] | None
Count = Annotated[Whole, Field(ge=0)]
OptionValue = Annotated[str, Field(pattern=OPTION_VALUE_PATTERN)]
COLLECTOR_URL_PATTERN = explained(
    r"^https?://[^\s/]+(/[^\s]*)?$", "is not a web address; write it in full, such as https://forms.example.org/mentoring, without spaces"
)
ORIGIN_PATTERN = explained(
    r"^https?://[^\s/]+$", "is not a site address; write only its start, such as https://mentoring.example.org (no path)"
)
DATABASE_PATTERN = explained(
    r"^[^/~][^\s]*$",
    "is not a usable database location; write a path inside the project (not starting with / or ~) or a postgresql:// address, without spaces",
)


@dataclass(frozen=True, config=DECLARED)
class Option:
    """A choice with a label."""

    value: OptionValue = describe("Stored value (no '|' or ',').")
    label: Text = describe("What respondents see.")


def _option_from_text(value: Any) -> Any:
    return {"value": value, "label": value} if isinstance(value, str) else value


Choice = Annotated[
    Option,
    BeforeValidator(_option_from_text, json_schema_input_type=OptionValue | Option),
    Field(description="A choice: its value (stored in the answers), or a mapping with value and label."),
]


@dataclass(frozen=True, config=DECLARED)
class ShowIf:
    """Ask this question only when an earlier answer matches (equals or in)."""

    question: Key = describe("An earlier question of the same survey.")
    equals: Scalar | None = describe("Show when the answer is this value.", None)
    any_of: Annotated[tuple[Scalar, ...], Field(min_length=1)] | None = Field(
        default=None, alias="in", description="Show when the answer is one of these."
    )

    @property
    def values(self) -> tuple[str | int | float | bool, ...]:
        """The answers that show the question."""
        if self.any_of is not None:
            return self.any_of
        return (True if self.equals is None else self.equals,)


@dataclass(frozen=True, config=DECLARED)
class Question:
    """A question."""

    id: Key = describe("Question id (lowercase letters, digits, '-' or '_'), unique in its survey; its answer column is <survey>.<id>.")
    type: QuestionType = describe("Kind of answer.")
    text: Text = describe("The question as respondents read it.")
    help: Text = describe("A hint shown under the question.", "")
    required: Flag = describe("An answer is needed to submit (default false).", False)
    points: Annotated[Whole, Field(ge=2, le=10)] | None = describe("likert: 5 or 7 (default 5); rating: 1..N (default 5).", None)
    labels: tuple[Text, ...] = describe("likert: one label per point, lowest first.", ())
    choices: Annotated[tuple[Choice, ...], Field(min_length=2)] = Field(
        default=(), alias="options", description="single / multiple: the choices."
    )
    min_picks: Count | None = describe("multiple: fewest choices allowed.", None)
    max_picks: Annotated[Whole, Field(ge=1)] | None = describe("multiple: most choices allowed.", None)
    minimum: Number | None = Field(default=None, alias="min", description="number: smallest value allowed.")
    maximum: Number | None = Field(default=None, alias="max", description="number: largest value allowed.")
    integer: Flag = describe("number: whole numbers only (default true).", True)
    max_length: Annotated[Whole, Field(ge=1)] | None = describe(
        "short_text / long_text: most characters allowed (defaults 200 / 2000).", None
    )
    skill: Id | None = describe("Skill id: the same skill asked in a baseline and an end survey forms a before/after pair.", None)
    show_if: ShowIf | None = describe("Ask this question only when an earlier answer matches (equals or in).", None)

    def __post_init__(self) -> None:
        """Fill in the defaults that depend on the question's type."""
        points = self.points or DEFAULT_POINTS.get(self.type)
        object.__setattr__(self, "points", points if self.type in DEFAULT_POINTS else None)
        if self.type == "likert" and not self.labels:
            object.__setattr__(self, "labels", LIKERT_LABELS.get(points or 0, ()))
        if self.max_length is None:
            object.__setattr__(self, "max_length", DEFAULT_MAX_LENGTH.get(self.type))

    @property
    def options(self) -> tuple[str, ...]:
        """The stored values of the choices."""
        return tuple(choice.value for choice in self.choices)

    @property
    def option_labels(self) -> tuple[str, ...]:
        """What respondents see for each choice."""
        return tuple(choice.label for choice in self.choices)

    @cached_property
    def scale(self) -> tuple[int, ...]:
        """The allowed values of a likert, rating or NPS question."""
        if self.type == "nps":
            return tuple(range(11))
        return tuple(range(1, (self.points or 0) + 1))


@dataclass(frozen=True, config=DECLARED)
class SurveySection:
    """A group of questions, shown as one fieldset."""

    title: Text = describe("Heading of this group of questions.")
    questions: Annotated[tuple[Question, ...], Field(min_length=1)] = describe("Questions in order.")
    intro: Text = describe("A sentence shown above the questions.", "")


@dataclass(frozen=True, config=DECLARED)
class Destination:
    """Where the answers of a form are sent."""

    type: DestinationType = describe("collector, endpoint (HTTPS JSON POST), netlify or download.")
    url: Annotated[str, Field(pattern=LINK_PATTERN)] = describe("collector: its public address; endpoint: the HTTPS URL.", "")


@dataclass(frozen=True, config=DECLARED)
class Survey:
    """A survey."""

    id: Id = describe("Survey id.")
    title: Text = describe("Survey title.")
    intro: Text = describe("What the survey is for, shown above the form.", "")
    thanks: Text = describe("Shown after a successful submission.", DEFAULT_THANKS)
    when: When = describe("When it is sent.", "")
    dates: tuple[DateText, ...] = describe("when: dates — the dates it is sent.", ())
    audience: Annotated[tuple[Id, ...], Field(min_length=1)] = describe("Roles who answer.", ())
    anonymous: Flag = describe("Answers are not linked to a pair (default true).", True)
    opens: DateText | None = describe("First day answers are accepted.", None)
    closes: DateText | None = describe("Last day answers are accepted.", None)
    destination: Destination | None = describe("Where the answers of a form are sent.", None)
    # At least one question in all: checked with the survey's other rules (surveys/checks.py).
    grouped: tuple[SurveySection, ...] = Field(default=(), alias="sections", description="Groups of questions.")
    listed: tuple[Question, ...] = Field(default=(), alias="questions", description="Questions (when there is one group).")

    @cached_property
    def sections(self) -> tuple[SurveySection, ...]:
        """Every group of questions in order; plain ``questions`` form a first group titled like the survey."""
        first = (SurveySection(title=self.title, questions=self.listed),) if self.listed else ()
        return (*first, *self.grouped)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question, flat, in order."""
        return tuple(question for section in self.sections for question in section.questions)

    @cached_property
    def question_ids(self) -> tuple[str, ...]:
        """Every question id, in order."""
        return tuple(question.id for question in self.questions)

    def question(self, question_id: str) -> Question:
        return next(question for question in self.questions if question.id == question_id)


def _no_trailing_slash(url: str) -> str:
    return url.rstrip("/")


@dataclass(frozen=True, config=DECLARED)
class Collector:
    """Where survey answers go by default and how 'playbook collect' runs."""

    destination: Destination = field(default_factory=lambda: Destination(type="collector"))
    url: Annotated[str, Field(pattern=COLLECTOR_URL_PATTERN), AfterValidator(_no_trailing_slash)] = describe(
        "Public address of 'playbook collect' (default http://127.0.0.1:8765).", DEFAULT_COLLECTOR_URL
    )
    site_origin: Annotated[str, Field(pattern=ORIGIN_PATTERN)] = describe(
        "Origin of the published site; the only origin allowed to submit.", ""
    )
    database: Annotated[str, Field(pattern=DATABASE_PATTERN)] = describe(
        "SQLite file, relative to the project (default playbook.sqlite3).", DEFAULT_DATABASE
    )
    max_body_kb: Annotated[Whole, Field(ge=1, le=1024)] = describe("Largest submission accepted (default 64).", 64)
    rate_limit_per_minute: Annotated[Whole, Field(ge=1)] = describe("Submissions per client address per minute (default 30).", 30)
    who_can_see: Text = describe("Who can read the answers, shown on every survey page.", "")


def surveys_of(program: Program) -> tuple[Survey, ...]:
    """The programme's surveys, in program.yaml order."""
    return cast(tuple[Survey, ...], program.sections["surveys"])


def collector_of(program: Program) -> Collector | None:
    """The programme-wide collector settings, if any."""
    return cast(Collector | None, program.sections["collector"])


def destination_of(survey: Survey, collector: Collector | None) -> Destination:
    """The survey's own destination, else the programme's, else the built-in collector."""
    if survey.destination:
        return survey.destination
    return (collector or Collector()).destination


def collector_url(destination: Destination, collector: Collector | None) -> str:
    """The base address forms post to for the built-in collector."""
    return (destination.url or (collector or Collector()).url).rstrip("/")
