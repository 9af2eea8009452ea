"""Stage 3, model: validated program.yaml data as typed, frozen objects.

Input: program.yaml data that passed ``validate`` (plain dicts and lists).
Output: ``Program`` and its parts. No IO; every later stage reads only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.matching.model import Matching, build_matching
from generator.progress.model import Cohort, GoalMeasure, build_cohorts, build_measure
from generator.surveys.model import Collector, Survey, build_collector, build_surveys

DEFAULT_MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class Privacy:
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    show_names: bool = False


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class ProgramInfo:
    name: str
    organisation: str
    summary: str
    language: str = "en"
    timezone: str = "UTC"
    contact: Contact | None = None
    theme: str = "default"
    as_of: str | None = None
    home: str | None = None
    privacy: Privacy = field(default_factory=Privacy)


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    description: str
    responsibilities: tuple[str, ...] = ()
    getting_started: tuple[str, ...] = ()


@dataclass(frozen=True)
class Goal:
    id: str
    title: str
    measure: GoalMeasure
    target: float
    description: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Channel:
    name: str
    use_for: str


@dataclass(frozen=True)
class EscalationStep:
    step: str
    contact: str = ""


@dataclass(frozen=True)
class Expectations:
    meeting_cadence: str = ""
    session_minutes: int | None = None
    channels: tuple[Channel, ...] = ()
    confidentiality: tuple[str, ...] = ()
    escalation: tuple[EscalationStep, ...] = ()
    code_of_conduct: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return self == Expectations()


@dataclass(frozen=True)
class GuidelinePage:
    id: str
    title: str
    file: str


@dataclass(frozen=True)
class Exercise:
    title: str
    instructions: str
    minutes: int | None = None


@dataclass(frozen=True)
class TrainingModule:
    id: str
    title: str
    audience: tuple[str, ...]
    duration_minutes: int
    file: str
    objectives: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    reflection: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaItem:
    title: str
    minutes: int
    start_offset: int
    lead: str | None = None
    prompts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agenda:
    id: str
    title: str
    duration_minutes: int
    items: tuple[AgendaItem, ...]
    when: str = ""
    week: int | None = None
    preparation: tuple[str, ...] = ()
    follow_up: tuple[str, ...] = ()

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes for item in self.items)


@dataclass(frozen=True)
class Program:
    """The whole programme definition."""

    info: ProgramInfo
    roles: tuple[Role, ...] = ()
    goals: tuple[Goal, ...] = ()
    expectations: Expectations = field(default_factory=Expectations)
    guideline_pages: tuple[GuidelinePage, ...] = ()
    training: tuple[TrainingModule, ...] = ()
    agendas: tuple[Agenda, ...] = ()
    surveys: tuple[Survey, ...] = ()
    collector: Collector | None = None
    cohorts: tuple[Cohort, ...] = ()
    matching: Matching | None = None

    def module(self, module_id: str) -> TrainingModule:
        return next(module for module in self.training if module.id == module_id)


def _texts(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(data.get(key) or ())


def _build_info(data: dict[str, Any]) -> ProgramInfo:
    contact = data.get("contact")
    privacy = data.get("privacy") or {}
    return ProgramInfo(
        name=data["name"],
        organisation=data["organisation"],
        summary=data["summary"],
        language=data.get("language", "en"),
        timezone=data.get("timezone", "UTC"),
        contact=Contact(contact["name"], contact["email"]) if contact else None,
        theme=data.get("theme", "default"),
        as_of=data.get("as_of"),
        home=data.get("home"),
        privacy=Privacy(
            min_group_size=privacy.get("min_group_size", DEFAULT_MIN_GROUP_SIZE),
            show_names=privacy.get("show_names", False),
        ),
    )


def _build_role(data: dict[str, Any]) -> Role:
    return Role(data["id"], data["name"], data["description"], _texts(data, "responsibilities"), _texts(data, "getting_started"))


def _build_goal(data: dict[str, Any]) -> Goal:
    return Goal(
        id=data["id"],
        title=data["title"],
        measure=build_measure(data["measure"]),
        target=float(data["target"]),
        description=data.get("description", ""),
        unit=data.get("unit", ""),
    )


def _build_expectations(data: dict[str, Any]) -> Expectations:
    return Expectations(
        meeting_cadence=data.get("meeting_cadence", ""),
        session_minutes=data.get("session_minutes"),
        channels=tuple(Channel(item["name"], item["use_for"]) for item in data.get("channels", [])),
        confidentiality=_texts(data, "confidentiality"),
        escalation=tuple(EscalationStep(item["step"], item.get("contact", "")) for item in data.get("escalation", [])),
        code_of_conduct=_texts(data, "code_of_conduct"),
    )


def _build_module(data: dict[str, Any]) -> TrainingModule:
    return TrainingModule(
        id=data["id"],
        title=data["title"],
        audience=tuple(data["audience"]),
        duration_minutes=data["duration_minutes"],
        file=data["file"],
        objectives=_texts(data, "objectives"),
        prerequisites=_texts(data, "prerequisites"),
        exercises=tuple(Exercise(item["title"], item["instructions"], item.get("minutes")) for item in data.get("exercises", [])),
        reflection=_texts(data, "reflection"),
        checklist=_texts(data, "checklist"),
    )


def _build_agenda(data: dict[str, Any]) -> Agenda:
    items, offset = [], 0
    for item in data["items"]:
        items.append(AgendaItem(item["title"], item["minutes"], offset, item.get("lead"), _texts(item, "prompts")))
        offset += item["minutes"]
    return Agenda(
        id=data["id"],
        title=data["title"],
        duration_minutes=data["duration_minutes"],
        items=tuple(items),
        when=data.get("when", ""),
        week=data.get("week"),
        preparation=_texts(data, "preparation"),
        follow_up=_texts(data, "follow_up"),
    )


def build_program(data: dict[str, Any]) -> Program:
    """The ``Program`` for validated program.yaml data."""
    guidelines = data.get("guidelines") or {}
    return Program(
        info=_build_info(data["program"]),
        roles=tuple(_build_role(item) for item in data.get("roles", [])),
        goals=tuple(_build_goal(item) for item in data.get("goals", [])),
        expectations=_build_expectations(guidelines.get("expectations") or {}),
        guideline_pages=tuple(GuidelinePage(item["id"], item["title"], item["file"]) for item in guidelines.get("pages", [])),
        training=tuple(_build_module(item) for item in data.get("training", [])),
        agendas=tuple(_build_agenda(item) for item in data.get("agendas", [])),
        surveys=build_surveys(data.get("surveys", [])),
        collector=build_collector(data.get("collector")),
        cohorts=build_cohorts(data.get("cohorts", [])),
        matching=build_matching(data.get("matching")),
    )


def learning_path(program: Program, role_id: str) -> tuple[TrainingModule, ...]:
    """Modules for ``role_id`` in prerequisite order (ties keep definition order).

    Prerequisites outside the role's audience are included, since they must come first.
    """
    ordered: list[TrainingModule] = []
    seen: set[str] = set()

    def add(module: TrainingModule) -> None:
        if module.id in seen:
            return
        seen.add(module.id)
        for prerequisite in module.prerequisites:
            add(program.module(prerequisite))
        ordered.append(module)

    for module in program.training:
        if role_id in module.audience:
            add(module)
    return tuple(ordered)
