"""Stage 3, model: the core sections of program.yaml, declared once, and the ``Program``.

Input: program.yaml data (plain dicts and lists), validated against these declarations by
``generator.schema``.
Output: frozen, typed objects: ``ProgramInfo``, ``Role``, ``Guidelines``, ``TrainingModule``,
``Agenda`` and the ``Program`` that holds them plus each feature's sections. No IO.

Each class below is the single declaration of its section: pydantic derives the validation, the
defaults and the JSON Schema from it. Features declare their own sections the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import Field
from pydantic.dataclasses import dataclass

from generator.declare import (
    DECLARED,
    EMAIL_PATTERN,
    DateText,
    Flag,
    Id,
    Language,
    MarkdownFile,
    Minutes,
    Text,
    Texts,
    TimeZone,
    Whole,
    describe,
)
from generator.errors import PlaybookError, did_you_mean
from generator.project import PROGRAM_FILE

DEFAULT_MIN_GROUP_SIZE = 5
TOGETHER = "together"
Section = TypeVar("Section")


@dataclass(frozen=True, config=DECLARED)
class Privacy:
    """What the published site may show about people."""

    min_group_size: Annotated[Whole, Field(ge=1)] = describe(
        "Figures about fewer people than this are withheld (default 5).", DEFAULT_MIN_GROUP_SIZE
    )
    show_names: Flag = describe("Publish participants' names (default false).", False)


@dataclass(frozen=True, config=DECLARED)
class Contact:
    """Who participants contact with questions."""

    name: Text = describe("A team or role to contact (not a participant).")
    email: Annotated[str, Field(pattern=EMAIL_PATTERN, json_schema_extra={"format": "email"})] = describe("Contact address.")


@dataclass(frozen=True, config=DECLARED)
class ProgramInfo:
    """Who runs the programme and how the site behaves."""

    name: Text = describe("The programme's name, shown as the site's headline.")
    organisation: Text = describe("Who runs the programme.")
    summary: Text = describe("One or two sentences shown on the home page.")
    home: MarkdownFile | None = describe("Optional Markdown file with the home page's introduction.", None)
    language: Language = describe("Language code, such as en or en-GB: the language of every page Playbook writes and of the theme.", "en")
    languages: tuple[Language, ...] = describe(
        "For a bilingual or multilingual site: its languages, the default first, such as [cy, en]. Each gets its own tree"
        " (site/cy/, site/en/) with a language switcher; any text may then be a mapping from language to string"
        " (see docs/i18n.md).",
        (),
    )
    timezone: TimeZone = describe("IANA time zone for dates and calendars, such as Europe/London.", "UTC")
    contact: Contact | None = describe("Who participants contact with questions.", None)
    theme: Id = describe("Folder under themes/ searched before themes/default/.", "default")
    as_of: DateText | None = describe("Optional: the date the progress pages are computed for (default: the build date).", None)
    privacy: Privacy = describe("What the published site may show about people.", Privacy())
    escape_html: Flag = describe(
        "Show raw HTML written in content files as text instead of passing it to the site"
        " (default false: the organisation's own content is trusted; see docs/security.md).",
        False,
    )


@dataclass(frozen=True, config=DECLARED)
class Role:
    """A role people take in the programme."""

    id: Id = describe("Role id, used by training audiences and agenda leads.")
    name: Text = describe("Role name, such as Mentor.")
    description: Text = describe("What this role is.")
    responsibilities: Texts = describe("What someone in this role commits to.", ())
    getting_started: Texts = describe("Ordered first steps, shown on the home page.", ())


@dataclass(frozen=True, config=DECLARED)
class Channel:
    """A way to communicate."""

    name: Text = describe("Channel name.")
    use_for: Text = describe("What the channel is for.")


@dataclass(frozen=True, config=DECLARED)
class EscalationStep:
    """One escalation step."""

    step: Text = describe("What to do.")
    contact: Text | None = describe("Who to contact.", None)


@dataclass(frozen=True, config=DECLARED)
class Expectations:
    """Structured expectations, shown as 'at a glance'."""

    meeting_cadence: Text | None = describe("How often pairs meet.", None)
    session_minutes: Minutes | None = describe("How long a session lasts.", None)
    channels: tuple[Channel, ...] = describe("Agreed ways to communicate.", ())
    confidentiality: Texts = describe("Confidentiality boundaries.", ())
    escalation: tuple[EscalationStep, ...] = describe("Ordered steps when something goes wrong.", ())
    code_of_conduct: Texts = describe("Behaviour everyone commits to.", ())

    @property
    def is_empty(self) -> bool:
        return self == Expectations()


@dataclass(frozen=True, config=DECLARED)
class GuidelinePage:
    """A guideline page."""

    id: Id = describe("Page id.")
    title: Text = describe("Page title.")
    file: MarkdownFile = describe("Markdown file with the page's prose.")


@dataclass(frozen=True, config=DECLARED)
class Guidelines:
    """The programme handbook."""

    expectations: Expectations = describe("Structured expectations, shown as 'at a glance'.", Expectations())
    pages: tuple[GuidelinePage, ...] = describe("Guideline pages in reading order.", ())


@dataclass(frozen=True, config=DECLARED)
class Exercise:
    """A practical exercise."""

    title: Text = describe("Exercise title.")
    instructions: Text = describe("What to do.")
    minutes: Minutes | None = describe("Time it takes.", None)


@dataclass(frozen=True, config=DECLARED)
class TrainingModule:
    """A training module."""

    id: Id = describe("Module id, used by prerequisites.")
    title: Text = describe("Module title.")
    audience: Annotated[tuple[Id, ...], Field(min_length=1)] = describe("Roles this module is for.")
    duration_minutes: Minutes = describe("How long the module takes.")
    file: MarkdownFile = describe("Markdown file with the module's content.")
    objectives: Texts = describe("What a learner can do afterwards.", ())
    prerequisites: tuple[Id, ...] = describe("Modules to complete first.", ())
    exercises: tuple[Exercise, ...] = describe("Practical exercises.", ())
    reflection: Texts = describe("Reflection prompts.", ())
    checklist: Texts = describe("Checklist items.", ())


@dataclass(frozen=True, config=DECLARED)
class AgendaItem:
    """One timed agenda item."""

    title: Text = describe("Item title.")
    minutes: Minutes = describe("Time for this item.")
    lead: Id | None = describe(f"A role id, or '{TOGETHER}'.", None)
    prompts: Texts = describe("Questions or prompts for this item.", ())


@dataclass(frozen=True, config=DECLARED)
class Agenda:
    """A session agenda."""

    id: Id = describe("Agenda id.")
    title: Text = describe("Agenda title.")
    duration_minutes: Minutes = describe("Session length.")
    items: Annotated[tuple[AgendaItem, ...], Field(min_length=1)] = describe("Timed items in order.")
    when: Text | None = describe("When in the programme, such as 'Week 1'.", None)
    week: Annotated[Whole, Field(ge=1, le=520)] | None = describe("Programme week number.", None)
    preparation: Texts = describe("What to prepare.", ())
    follow_up: Texts = describe("What to do afterwards.", ())

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def schedule(self) -> tuple[tuple[int, AgendaItem], ...]:
        """Each item with the minute it starts at, counted from the session's start."""
        starts, offset = [], 0
        for item in self.items:
            starts.append((offset, item))
            offset += item.minutes
        return tuple(starts)


@dataclass(frozen=True)
class Program:
    """The whole programme definition: the core sections, and each feature's by top-level key.

    Features read their own sections through typed accessors in their packages; templates may
    also write ``program.<key>`` for any section.
    """

    info: ProgramInfo
    roles: tuple[Role, ...] = ()
    guidelines: Guidelines = field(default_factory=Guidelines)
    training: tuple[TrainingModule, ...] = ()
    agendas: tuple[Agenda, ...] = ()
    sections: Mapping[str, Any] = field(default_factory=dict)

    @property
    def expectations(self) -> Expectations:
        return self.guidelines.expectations

    @property
    def guideline_pages(self) -> tuple[GuidelinePage, ...]:
        return self.guidelines.pages

    def section(self, key: str, kind: type[Section]) -> Section:
        """A feature's section by its top-level key, as the type its feature declared."""
        value = self.sections[key]
        if not isinstance(value, kind):
            raise TypeError(f"section '{key}' holds {type(value).__name__}, not {kind.__name__}")
        return value

    def __getattr__(self, key: str) -> object:
        """``program.<key>`` for a feature's section (for templates; code uses the typed accessors)."""
        sections = self.__dict__.get("sections", {})
        if key in sections:
            return sections[key]
        raise AttributeError(key)

    def module(self, module_id: str) -> TrainingModule:
        return lookup(self.training, module_id, "training module", ("training",))

    def agenda(self, agenda_id: str) -> Agenda:
        return lookup(self.agendas, agenda_id, "agenda", ("agendas",))

    def role(self, role_id: str) -> Role:
        return lookup(self.roles, role_id, "role", ("roles",))


class Identified(Protocol):
    """Anything declared with an ``id``."""

    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=Identified)


def lookup(items: tuple[Item, ...], item_id: str, kind: str, where: tuple[str, ...]) -> Item:
    """The item called ``item_id``, or a located error naming the known ids."""
    for item in items:
        if item.id == item_id:
            return item
    known = [item.id for item in items]
    raise PlaybookError(
        PROGRAM_FILE, 0, 0, where, f"no {kind} '{item_id}'.{did_you_mean(item_id, known)} Known: {', '.join(known) or 'none defined'}."
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
