"""The JSON Schema of program.yaml: the single source of truth for its format.

Input: the schema fragments of the core and of each feature package.
Output: ``program_schema()``, a JSON Schema (draft 2020-12) used by ``validate``,
printed by ``playbook schema`` and committed as ``program.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from generator.matching.schema import MATCHING_SCHEMA
from generator.progress.schema import COHORT_SCHEMA, GOAL_MEASURE_SCHEMA
from generator.surveys.schema import COLLECTOR_SCHEMA, SURVEY_SCHEMA

Schema = dict[str, Any]

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
# Participants' emails in CSV files: looser, since real addresses vary (o'brien@…).
PERSON_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def identifier(description: str) -> Schema:
    """An id: lowercase letters, digits and hyphens."""
    return {"type": "string", "pattern": ID_PATTERN, "description": description}


def text(description: str) -> Schema:
    """A non-empty line or paragraph of plain text."""
    return {"type": "string", "minLength": 1, "description": description}


def texts(description: str) -> Schema:
    """A list of plain-text items."""
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "description": description}


def date(description: str) -> Schema:
    """A calendar date written YYYY-MM-DD."""
    return {"type": "string", "pattern": DATE_PATTERN, "format": "date", "description": description}


def minutes(description: str) -> Schema:
    """A whole number of minutes, at least one."""
    return {"type": "integer", "minimum": 1, "maximum": 1440, "description": description}


def content_file(description: str) -> Schema:
    """A Markdown file inside the project, relative to its root."""
    return {"type": "string", "pattern": r"\.md$", "description": description}


def strict_object(properties: dict[str, Schema], required: list[str], description: str) -> Schema:
    """A mapping that refuses unknown keys."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def list_of(item: Schema, description: str, min_items: int = 0) -> Schema:
    """A list of ``item``."""
    return {"type": "array", "items": item, "minItems": min_items, "description": description}


PROGRAM = strict_object(
    {
        "name": text("The programme's name, shown as the site's headline."),
        "organisation": text("Who runs the programme."),
        "summary": text("One or two sentences shown on the home page."),
        "home": content_file("Optional Markdown file with the home page's introduction."),
        "language": {"type": "string", "pattern": "^[a-z]{2}(-[A-Z]{2})?$", "description": "Language code, such as en or en-GB."},
        "timezone": {"type": "string", "minLength": 1, "description": "IANA time zone for dates and calendars, such as Europe/London."},
        "contact": strict_object(
            {
                "name": text("A team or role to contact (not a participant)."),
                "email": {"type": "string", "format": "email", "pattern": EMAIL_PATTERN, "description": "Contact address."},
            },
            ["name", "email"],
            "Who participants contact with questions.",
        ),
        "theme": identifier("Folder under themes/ searched before themes/default/."),
        "as_of": date("Optional: the date the progress pages are computed for (default: the build date)."),
        "privacy": strict_object(
            {
                "min_group_size": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Figures about fewer people than this are withheld (default 5).",
                },
                "show_names": {"type": "boolean", "description": "Publish participants' names (default false)."},
            },
            [],
            "What the published site may show about people.",
        ),
    },
    ["name", "organisation", "summary"],
    "Who runs the programme and how the site behaves.",
)

ROLE = strict_object(
    {
        "id": identifier("Role id, used by training audiences and agenda leads."),
        "name": text("Role name, such as Mentor."),
        "description": text("What this role is."),
        "responsibilities": texts("What someone in this role commits to."),
        "getting_started": texts("Ordered first steps, shown on the home page."),
    },
    ["id", "name", "description"],
    "A role people take in the programme.",
)

GOAL = strict_object(
    {
        "id": identifier("Goal id."),
        "title": text("The goal in one line."),
        "description": text("Why the goal matters."),
        "measure": GOAL_MEASURE_SCHEMA,
        "target": {"type": "number", "description": "The value of the measure that counts as met."},
        "unit": text("Unit shown next to the figures, such as points or %."),
    },
    ["id", "title", "measure", "target"],
    "A programme goal and the measure it is judged by.",
)

EXPECTATIONS = strict_object(
    {
        "meeting_cadence": text("How often pairs meet."),
        "session_minutes": minutes("How long a session lasts."),
        "channels": list_of(
            strict_object(
                {"name": text("Channel name."), "use_for": text("What the channel is for.")}, ["name", "use_for"], "A way to communicate."
            ),
            "Agreed ways to communicate.",
        ),
        "confidentiality": texts("Confidentiality boundaries."),
        "escalation": list_of(
            strict_object({"step": text("What to do."), "contact": text("Who to contact.")}, ["step"], "One escalation step."),
            "Ordered steps when something goes wrong.",
        ),
        "code_of_conduct": texts("Behaviour everyone commits to."),
    },
    [],
    "Structured expectations, shown as 'at a glance'.",
)

GUIDELINE_PAGE = strict_object(
    {"id": identifier("Page id."), "title": text("Page title."), "file": content_file("Markdown file with the page's prose.")},
    ["id", "title", "file"],
    "A guideline page.",
)

GUIDELINES = strict_object(
    {"expectations": EXPECTATIONS, "pages": list_of(GUIDELINE_PAGE, "Guideline pages in reading order.")},
    [],
    "The programme handbook.",
)

EXERCISE = strict_object(
    {"title": text("Exercise title."), "minutes": minutes("Time it takes."), "instructions": text("What to do.")},
    ["title", "instructions"],
    "A practical exercise.",
)

MODULE = strict_object(
    {
        "id": identifier("Module id, used by prerequisites."),
        "title": text("Module title."),
        "audience": list_of(identifier("A role id."), "Roles this module is for.", min_items=1),
        "duration_minutes": minutes("How long the module takes."),
        "objectives": texts("What a learner can do afterwards."),
        "prerequisites": list_of(identifier("A module id."), "Modules to complete first."),
        "file": content_file("Markdown file with the module's content."),
        "exercises": list_of(EXERCISE, "Practical exercises."),
        "reflection": texts("Reflection prompts."),
        "checklist": texts("Checklist items."),
    },
    ["id", "title", "audience", "duration_minutes", "file"],
    "A training module.",
)

AGENDA_ITEM = strict_object(
    {
        "title": text("Item title."),
        "minutes": minutes("Time for this item."),
        "lead": {"type": "string", "pattern": ID_PATTERN, "description": "A role id, or 'together'."},
        "prompts": texts("Questions or prompts for this item."),
    },
    ["title", "minutes"],
    "One timed agenda item.",
)

AGENDA = strict_object(
    {
        "id": identifier("Agenda id."),
        "title": text("Agenda title."),
        "when": text("When in the programme, such as 'Week 1'."),
        "week": {"type": "integer", "minimum": 1, "maximum": 520, "description": "Programme week number."},
        "duration_minutes": minutes("Session length."),
        "preparation": texts("What to prepare."),
        "items": list_of(AGENDA_ITEM, "Timed items in order.", min_items=1),
        "follow_up": texts("What to do afterwards."),
    },
    ["id", "title", "duration_minutes", "items"],
    "A session agenda.",
)


def program_schema() -> Schema:
    """The whole JSON Schema of program.yaml."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://playbook.invalid/program.schema.json",
        "title": "Playbook programme definition (program.yaml)",
        "type": "object",
        "additionalProperties": False,
        "required": ["program"],
        "properties": {
            "program": PROGRAM,
            "roles": list_of(ROLE, "Roles in the programme."),
            "goals": list_of(GOAL, "Programme goals."),
            "guidelines": GUIDELINES,
            "training": list_of(MODULE, "Training modules."),
            "agendas": list_of(AGENDA, "Session agendas."),
            "surveys": list_of(SURVEY_SCHEMA, "Surveys."),
            "collector": COLLECTOR_SCHEMA,
            "cohorts": list_of(COHORT_SCHEMA, "Cohorts."),
            "matching": MATCHING_SCHEMA,
        },
    }


def schema_json() -> str:
    """The schema as stable, pretty JSON text (what ``playbook schema`` prints)."""
    return json.dumps(program_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
