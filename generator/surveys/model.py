"""Survey definitions as typed objects.

Input: validated ``surveys`` and ``collector`` data from program.yaml.
Output: ``Survey`` (sections of ``Question``), ``Destination`` and ``Collector`` dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

LIKERT_LABELS = {
    5: ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
    7: (
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ),
}
DEFAULT_POINTS = {"likert": 5, "rating": 5}
DEFAULT_MAX_LENGTH = {"short_text": 200, "long_text": 2000}
NUMERIC_TYPES = ("likert", "rating", "nps", "number")
TEXT_TYPES = ("short_text", "long_text")
DEFAULT_COLLECTOR_URL = "http://127.0.0.1:8765"
DEFAULT_DATABASE = "playbook.sqlite3"

Answer = int | float | bool | str | tuple[str, ...] | None


@dataclass(frozen=True)
class ShowIf:
    """Ask a question only when an earlier answer is one of ``values``."""

    question: str
    values: tuple[str | int | float | bool, ...]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    help: str = ""
    required: bool = False
    points: int | None = None
    labels: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    option_labels: tuple[str, ...] = ()
    min_picks: int | None = None
    max_picks: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = True
    max_length: int | None = None
    skill: str | None = None
    show_if: ShowIf | None = None

    @cached_property
    def scale(self) -> tuple[int, ...]:
        """The allowed values of a likert, rating or NPS question."""
        if self.type == "nps":
            return tuple(range(11))
        return tuple(range(1, (self.points or 0) + 1))

    @property
    def is_free_text(self) -> bool:
        """Free-text answers are never published."""
        return self.type in TEXT_TYPES


@dataclass(frozen=True)
class SurveySection:
    title: str
    questions: tuple[Question, ...]
    intro: str = ""


@dataclass(frozen=True)
class Destination:
    """Where a form sends its answers: collector, endpoint, netlify or download."""

    type: str
    url: str = ""


@dataclass(frozen=True)
class Survey:
    id: str
    title: str
    opens: str | None = None
    closes: str | None = None
    intro: str = ""
    thanks: str = "Thank you: your answers were received."
    when: str = ""
    dates: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    anonymous: bool = True
    sections: tuple[SurveySection, ...] = ()
    destination: Destination | None = None

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


@dataclass(frozen=True)
class Collector:
    """Where answers go by default and how ``playbook collect`` runs."""

    destination: Destination = field(default_factory=lambda: Destination("collector"))
    url: str = DEFAULT_COLLECTOR_URL
    site_origin: str = ""
    database: str = DEFAULT_DATABASE
    max_body_kb: int = 64
    rate_limit_per_minute: int = 30
    who_can_see: str = ""


def _option(item: str | dict[str, str]) -> tuple[str, str]:
    return (item, item) if isinstance(item, str) else (item["value"], item["label"])


def _show_if(data: dict[str, Any] | None) -> ShowIf | None:
    if not data:
        return None
    values = data["in"] if "in" in data else [data.get("equals", True)]
    return ShowIf(data["question"], tuple(values))


def build_question(data: dict[str, Any]) -> Question:
    """One question, with defaults filled in for its type."""
    kind = data["type"]
    points = data.get("points", DEFAULT_POINTS.get(kind))
    options = [_option(item) for item in data.get("options", [])]
    labels = data.get("labels") or (LIKERT_LABELS.get(points or 0, ()) if kind == "likert" else ())
    return Question(
        id=data["id"],
        type=kind,
        text=data["text"],
        help=data.get("help", ""),
        required=data.get("required", False),
        points=points if kind in DEFAULT_POINTS else None,
        labels=tuple(labels),
        options=tuple(value for value, _ in options),
        option_labels=tuple(label for _, label in options),
        min_picks=data.get("min_picks"),
        max_picks=data.get("max_picks"),
        minimum=data.get("min"),
        maximum=data.get("max"),
        integer=data.get("integer", True),
        max_length=data.get("max_length", DEFAULT_MAX_LENGTH.get(kind)),
        skill=data.get("skill"),
        show_if=_show_if(data.get("show_if")),
    )


def _sections(data: dict[str, Any]) -> tuple[SurveySection, ...]:
    sections = [
        SurveySection(item["title"], tuple(build_question(question) for question in item["questions"]), item.get("intro", ""))
        for item in data.get("sections", [])
    ]
    if data.get("questions"):
        sections.insert(0, SurveySection(data["title"], tuple(build_question(question) for question in data["questions"])))
    return tuple(sections)


def build_destination(data: dict[str, Any] | None) -> Destination | None:
    return Destination(data["type"], data.get("url", "")) if data else None


def build_survey(data: dict[str, Any]) -> Survey:
    return Survey(
        id=data["id"],
        title=data["title"],
        opens=data.get("opens"),
        closes=data.get("closes"),
        intro=data.get("intro", ""),
        thanks=data.get("thanks", Survey.thanks),
        when=data.get("when", ""),
        dates=tuple(data.get("dates", ())),
        audience=tuple(data.get("audience", ())),
        anonymous=data.get("anonymous", True),
        sections=_sections(data),
        destination=build_destination(data.get("destination")),
    )


def build_surveys(data: list[dict[str, Any]]) -> tuple[Survey, ...]:
    """Surveys in definition order."""
    return tuple(build_survey(item) for item in data)


def build_collector(data: dict[str, Any] | None) -> Collector | None:
    """The programme-wide collector settings, if any."""
    if data is None:
        return None
    defaults = Collector()
    return Collector(
        destination=build_destination(data.get("destination")) or defaults.destination,
        url=data.get("url", defaults.url).rstrip("/"),
        site_origin=data.get("site_origin", ""),
        database=data.get("database", defaults.database),
        max_body_kb=data.get("max_body_kb", defaults.max_body_kb),
        rate_limit_per_minute=data.get("rate_limit_per_minute", defaults.rate_limit_per_minute),
        who_can_see=data.get("who_can_see", ""),
    )


def destination_of(survey: Survey, collector: Collector | None) -> Destination:
    """The survey's own destination, else the programme's, else the built-in collector."""
    if survey.destination:
        return survey.destination
    return (collector or Collector()).destination


def collector_url(destination: Destination, collector: Collector | None) -> str:
    """The base address forms post to for the built-in collector."""
    return (destination.url or (collector or Collector()).url).rstrip("/")
