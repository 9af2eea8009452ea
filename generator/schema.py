"""The whole program.yaml, assembled from the core's declarations and each feature's.

Input: the core sections (``generator.model``) and every registered feature's ``declared`` sections.
Output: ``program_declaration()`` (the pydantic model of the whole file), ``parse_program`` (a
``Document`` to a ``Program`` or located errors), ``program_schema()`` (the JSON Schema, draft
2020-12, printed by ``playbook schema`` and committed as ``program.schema.json``).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model

from generator.declare import describe_value, structure_errors
from generator.errors import PlaybookError
from generator.load import Document
from generator.model import Agenda, Guidelines, Program, ProgramInfo, Role, TrainingModule
from generator.registry import FEATURES

Schema = dict[str, Any]

CORE_SECTIONS: dict[str, tuple[Any, Any]] = {
    "program": (ProgramInfo, Field(description="Who runs the programme and how the site behaves.")),
    "roles": (tuple[Role, ...], Field((), description="Roles in the programme.")),
    "guidelines": (Guidelines, Field(Guidelines(), description="The programme handbook.")),
    "training": (tuple[TrainingModule, ...], Field((), description="Training modules.")),
    "agendas": (tuple[Agenda, ...], Field((), description="Session agendas.")),
}


@functools.cache
def program_declaration() -> type[BaseModel]:
    """The model of the whole file: core sections first, then each feature's, in registry order."""
    sections = dict(CORE_SECTIONS)
    for feature in FEATURES:
        for section in feature.declared:
            sections[section.key] = (section.kind, Field(section.default, description=section.description))
    config = ConfigDict(extra="forbid", frozen=True, title="Playbook programme definition (program.yaml)")
    return create_model("ProgramDefinition", __config__=config, **sections)  # type: ignore[call-overload,no-any-return]


@functools.cache
def _adapter() -> TypeAdapter[Any]:
    return TypeAdapter(program_declaration())


def to_program(definition: BaseModel) -> Program:
    """The ``Program`` for a validated definition: core sections as fields, features' by key."""
    features = {section.key: getattr(definition, section.key) for feature in FEATURES for section in feature.declared}
    values = {key: getattr(definition, key) for key in CORE_SECTIONS}
    return Program(
        info=values["program"],
        roles=values["roles"],
        guidelines=values["guidelines"],
        training=values["training"],
        agendas=values["agendas"],
        sections=features,
    )


def parse_program(document: Document) -> tuple[Program | None, list[PlaybookError]]:
    """The typed ``Program`` for a program.yaml ``Document``, or every structural problem located."""
    if document.data is None:
        return None, [document.error((), "program.yaml is empty; start with a 'program:' section (see 'playbook new').")]
    if not isinstance(document.data, dict):
        return None, [document.error((), f"expected a mapping of sections (program:, roles:, ...), got {describe_value(document.data)}.")]
    definition, errors = structure_errors(_adapter(), program_declaration(), document)
    return (to_program(definition) if definition is not None else None), errors


def build_program(data: dict[str, Any]) -> Program:
    """The ``Program`` for program.yaml data that is known to be valid (tests, generated programmes)."""
    return to_program(_adapter().validate_python(data, by_alias=True, by_name=False))


def _without_titles(node: Any) -> Any:
    """pydantic names every schema after its class; editors show descriptions, so titles go."""
    if isinstance(node, dict):
        return {key: _without_titles(value) for key, value in node.items() if not (key == "title" and isinstance(value, str))}
    if isinstance(node, list):
        return [_without_titles(item) for item in node]
    return node


def program_schema() -> Schema:
    """The whole JSON Schema of program.yaml."""
    generated = _without_titles(_adapter().json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://playbook.invalid/program.schema.json",
        "title": "Playbook programme definition (program.yaml)",
        **generated,
    }


def schema_json() -> str:
    """The schema as stable, pretty JSON text (what ``playbook schema`` prints)."""
    return json.dumps(program_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
