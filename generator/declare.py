"""Declaring a section of program.yaml once: types, constraints, defaults and descriptions.

Input: nothing at import (building blocks); ``structure_errors`` takes a declared type and a
``Document``.
Output: annotated value types (``Id``, ``Text``, ``Minutes``, ``Date`` ...), ``DECLARED`` (the
configuration every declared mapping uses), ``describe`` (a field's description and default), and
``structure_errors``, which validates data against a declaration and words every problem as a
located ``PlaybookError``.

Each section is a frozen pydantic dataclass. From that one declaration come the validation
(pydantic collects every error in one pass), the typed objects every later stage reads, their
defaults, and the JSON Schema (``generator.schema``). pydantic's error codes are turned into the
messages users read here, in one place, with "did you mean" hints for unknown keys.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import types
import typing
import zoneinfo
from collections.abc import Iterator
from importlib import resources
from typing import Annotated, Any, Union

import babel
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    Strict,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from generator.errors import KeyPath, PlaybookError, did_you_mean
from generator.load import Document

# Every declared mapping refuses unknown keys; scalars are checked strictly (no "45" for 45).
# Python code may construct objects by attribute name; program.yaml is read by its keys only.
DECLARED = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)

_PATTERN_HINTS: dict[str, str] = {}


def explained(pattern: str, hint: str) -> str:
    """``pattern``, remembered with the words a message uses for a value that does not match it.

    A user never sees a regular expression: ``'18h30' is not a time; write it as HH:MM …``.
    Every ``Field(pattern=…)`` of a declaration uses a pattern made by this function (tested).
    """
    _PATTERN_HINTS[pattern] = hint
    return pattern


ID_PATTERN = explained("^[a-z0-9][a-z0-9-]*$", "is not a valid id; use lowercase letters, digits and hyphens, such as 'digital-skills'")
KEY_PATTERN = explained(
    "^[a-z0-9][a-z0-9_-]*$", "is not a valid key; use lowercase letters, digits, hyphens and underscores, such as 'team_size'"
)
DATE_PATTERN = explained(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "is not a date; write it as YYYY-MM-DD, such as 2026-03-01")
MARKDOWN_PATTERN = explained(r"\.md$", "must name a Markdown file ending in .md")
EMAIL_PATTERN = explained(
    r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", "is not an email address; write one such as mentoring@example.org"
)
LINK_PATTERN = explained(r"^https?://[^\s]+$", "is not a web address; write it in full, starting with https://, without spaces")
LANGUAGE_PATTERN = explained(
    "^[a-z]{2}(-[A-Z]{2})?$", "is not a language code; write a two-letter code such as en, fr or cy, with a country if needed (en-GB)"
)
# Participants' emails in CSV files: looser, since real addresses vary (o'brien@…).
PERSON_EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
POSIX_RULES = "posixrules"  # a file of the time zone database that zoneinfo.available_timezones() leaves out


FIRST_YEAR, LAST_YEAR = 1900, 2999


def _real_date(value: Any) -> Any:
    """Text written YYYY-MM-DD that names a real day (not 2026-02-30)."""
    if not isinstance(value, str):
        return value  # the strict str check words the type error
    if re.fullmatch(DATE_PATTERN, value):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "impossible_date", "'{value}' is not a real date; check the day and the month.", {"value": value}
            ) from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # far years overflow date arithmetic (a week after 9999-12-31)
            raise PydanticCustomError(
                "far_date",
                "'{value}' is not between the years {first} and {last}; check the year.",
                {"value": value, "first": FIRST_YEAR, "last": LAST_YEAR},
            )
    return value


def _to_date(value: Any) -> Any:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value) else value


MAX_NUMBER = 10**15


def _number(value: Any) -> int | float:
    """A finite int or float, unchanged (true/false and text refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("float_type", "expected a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "{value} is not a usable number; write a finite number.", {"value": value})
    if abs(value) > MAX_NUMBER:
        raise PydanticCustomError("number_too_large", "{value} is too large; numbers here stay below 10^15.", {"value": value})
    number: int | float = value
    return number


def _scalar(value: Any) -> str | int | float | bool:
    """One answer value: text, a number or true/false."""
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return _number(value)
    raise PydanticCustomError("scalar_type", "expected text, a number or true/false")


_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\x85\u2028\u2029][\s]*")


def _one_line(value: Any) -> Any:
    """A text as every page shows it: line breaks (a ``|`` or ``>`` block's) made one space, no space at the ends.

    Calendars and mails take the text as it is, and a line break there would end their line;
    a text of spaces only is empty. No-break spaces (French "vous ?") are kept.
    """
    if not isinstance(value, str):
        return value
    folded = _LINE_BREAKS.sub(" ", value).strip(" \t")
    if not folded:
        raise PydanticCustomError("string_too_short", "must not be empty")
    return folded


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The IANA time zone names this machine's database knows (``zoneinfo``)."""
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def _tzdata_zones() -> frozenset[str]:
    """The zones the ``tzdata`` package lists, read as ``zoneinfo.available_timezones`` reads them (none without it)."""
    try:
        with resources.files("tzdata").joinpath("zones").open("r") as listing:
            return frozenset(line.strip() for line in listing if line.strip())
    except (ImportError, FileNotFoundError):
        return frozenset()


def is_known_time_zone(name: str) -> bool:
    """Whether ``name`` is in ``known_time_zones()``; a name ``tzdata`` lists is told without walking the database."""
    if name != POSIX_RULES and name in _tzdata_zones():
        return True  # available_timezones() is tzdata's list plus the system's files, less posixrules
    return name in known_time_zones()


def time_zone_problem(name: str) -> str | None:
    """Why ``name`` is not a usable IANA time zone (with a "did you mean"), or None if it is."""
    if is_known_time_zone(name):
        try:
            zoneinfo.ZoneInfo(name)
            return None
        except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
            pass
    hint = did_you_mean(name, sorted(known_time_zones()))
    return f"'{shown(name)}' is not a known time zone.{hint} Use an IANA name such as Europe/London or America/New_York."


def _time_zone(value: Any) -> Any:
    if isinstance(value, str) and (problem := time_zone_problem(value)):
        raise PydanticCustomError("time_zone", problem.replace("{", "{{").replace("}", "}}"))
    return value


def _language(value: Any) -> Any:
    if isinstance(value, str):
        try:
            babel.Locale.parse(value.replace("-", "_"))
        except (ValueError, babel.UnknownLocaleError):
            raise PydanticCustomError(
                "language", f"'{shown(value)}' is not a language code Playbook knows; use one such as en, en-GB, cy, fr or ar."
            ) from None
    return value


_DATE_SCHEMA = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}

# An id names files and folders of the site (``training/<id>/``, ``downloads/handbook-<role>.pdf``),
# so it stays well inside the 255 bytes a file system allows for one name.
ID_MAX_LENGTH = 80


def _id_length(value: str) -> str:
    """An id that is written right (checked first, so a sentence gets the id message) but too long for a file name."""
    if len(value) > ID_MAX_LENGTH:
        raise PydanticCustomError("string_too_long", "too long", {"max_length": ID_MAX_LENGTH})
    return value


Id = Annotated[str, Strict(), Field(pattern=ID_PATTERN, json_schema_extra={"maxLength": ID_MAX_LENGTH}), AfterValidator(_id_length)]
Key = Annotated[str, Strict(), Field(pattern=KEY_PATTERN)]
_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "description": "The text per language of program.languages, such as {cy: '…', en: '…'}.",
            "propertyNames": {"pattern": LANGUAGE_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
            "minProperties": 1,
        },
    ]
}
# A text people read. In a bilingual programme it may be written per language in program.yaml;
# generator.languages resolves those mappings before validation, so the model always holds a string.
Text = Annotated[str, Strict(), Field(min_length=1), AfterValidator(_one_line), WithJsonSchema(_TEXT_SCHEMA)]
Texts = tuple[Text, ...]
Flag = Annotated[bool, Strict()]
Whole = Annotated[int, Strict()]
Number = Annotated[int | float, PlainValidator(_number), WithJsonSchema({"type": "number"})]
"""A finite number, kept as written (an int stays an int)."""
Scalar = Annotated[str | int | float | bool, PlainValidator(_scalar), WithJsonSchema({"type": ["string", "integer", "number", "boolean"]})]
"""Text, a number or true/false."""
TimeZone = Annotated[str, Strict(), Field(min_length=1), AfterValidator(_time_zone)]
"""An IANA time zone name that this machine's time zone database knows."""
Language = Annotated[str, Strict(), Field(pattern=LANGUAGE_PATTERN), AfterValidator(_language)]
"""A language code (such as en, en-GB, cy) that Babel knows, so dates and numbers can be written in it."""
Minutes = Annotated[int, Strict(), Field(ge=1, le=1440)]
MarkdownFile = Annotated[str, Strict(), Field(pattern=MARKDOWN_PATTERN)]
DateText = Annotated[str, Strict(), Field(pattern=DATE_PATTERN), BeforeValidator(_real_date), WithJsonSchema(_DATE_SCHEMA)]
"""A real day written YYYY-MM-DD, kept as text."""
Date = Annotated[datetime.date, BeforeValidator(_to_date), BeforeValidator(_real_date), Strict(), WithJsonSchema(_DATE_SCHEMA)]
"""A real day written YYYY-MM-DD, as a ``datetime.date``."""


def describe(text: str, default: Any = ..., **constraints: Any) -> Any:
    """A field's description (shown in editors and docs) and its default, if it has one."""
    return Field(default, description=text, **constraints)


_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "scalar_type": "text, a number or true/false",
    "bool_type": "true or false",
    "dataclass_type": "a mapping (key: value lines)",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "tuple_type": "a list (lines starting with '- ')",
    "list_type": "a list (lines starting with '- ')",
    "date_type": "a date written YYYY-MM-DD",
}


def describe_value(value: Any) -> str:
    """A value as a person reads it in a message."""
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"the text '{shown(value)}'"


def _quote_hint(kind: str, value: Any) -> str:
    """How to give text where YAML read a number or true/false.

    An unquoted ``15:00`` is YAML's base-60 number 900, and an unquoted ``no`` (Norwegian's
    language code), ``yes``, ``on`` or ``off`` is true/false.
    """
    if kind in ("bool_type", "int_type", "float_type") and isinstance(value, str):
        return _unquote_hint(kind, value)
    if kind != "string_type" or not isinstance(value, int | float):
        return ""
    if isinstance(value, bool):
        return ' YAML reads an unquoted yes, no, on, off, true or false as true/false; to give it as text, put it in quotes, such as "no".'
    if isinstance(value, int) and 0 <= value < 24 * 60:
        clock = f"{value // 60}:{value % 60:02d}"
        as_text = f' To give it as text, put it in quotes: "{value}".' if value < 60 else ""  # 12 is more likely an id than 0:12
        return f'{as_text} If you wrote the time {clock}, put it in quotes: "{clock}" (YAML reads an unquoted {clock} as a number).'
    return " To give it as text, put it in quotes."


_YAML_BOOLEANS = frozenset({"true", "false", "yes", "no", "on", "off"})


def _unquote_hint(kind: str, text: str) -> str:
    """How to give true/false or a number where the file has it in quotes (``"true"``, ``'45'``): YAML then reads text."""
    word = text.strip()
    meant = word.lower() in _YAML_BOOLEANS if kind == "bool_type" else re.fullmatch(r"[+-]?[0-9]+(\.[0-9]+)?", word) is not None
    return f" Remove the quotes around {word}: YAML reads a quoted value as text." if meant else ""


_CONTROL = {code: f"\\x{code:02x}" for code in (*range(32), 127)} | {10: "\\n", 13: "\\r", 9: "\\t"}


def shown(value: Any) -> str:
    """A value as text for a message: control characters (a trailing newline) written as escapes."""
    return str(value).translate(_CONTROL)


def _excerpt(text: str, length: int = 40) -> str:
    """The start of a long ``text`` for a message, with an ellipsis when cut."""
    return text if len(text) <= length else text[:length] + "…"


def _strip(annotation: Any) -> Any:
    """The declared class or container behind Annotated[...] and ``X | None``."""
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [member for member in typing.get_args(annotation) if member is not type(None)]
        annotation = _strip(members[0]) if len(members) == 1 else annotation
    return annotation


def declared_keys(declaration: Any) -> dict[str, Any]:
    """The keys a declared mapping accepts (aliases where set), with their annotations."""
    fields = getattr(declaration, "__pydantic_fields__", None)
    if fields is None:
        return {}
    return {info.alias or name: info.annotation for name, info in fields.items()}


def declaration_at(root: Any, path: KeyPath) -> Any:
    """The declared type at ``path`` inside ``root`` (None where the path leaves the declaration)."""
    current = _strip(root)
    for part in path:
        if isinstance(part, int):
            args = typing.get_args(current)
            if typing.get_origin(current) not in (tuple, list) or not args:
                return None
            current = _strip(args[0])
        else:
            keys = declared_keys(current)
            if part not in keys:
                return None
            current = _strip(keys[part])
    return current


def _choices(expected: str) -> str:
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def _message(error: ErrorDetails, root: Any) -> Iterator[tuple[KeyPath, str]]:
    """What a person reads for one pydantic error, with the key path it belongs to."""
    path: KeyPath = tuple(error["loc"])
    kind, value, context = error["type"], error["input"], error.get("ctx") or {}
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        key = str(path[-1])
        allowed = sorted(declared_keys(declaration_at(root, path[:-1])))
        yield path, f"unknown key '{key}'.{did_you_mean(key, allowed)} Allowed keys: {', '.join(allowed)}."
    elif kind in ("missing", "missing_argument"):
        key = str(path[-1])
        given = value if isinstance(value, dict) else {}
        if not did_you_mean(key, [str(name) for name in given]):
            yield path[:-1], f"missing required key '{key}'."
    elif kind in _TYPE_NAMES:
        yield path, f"expected {_TYPE_NAMES[kind]}, got {describe_value(value)}.{_quote_hint(kind, value)}"
    elif kind in ("literal_error", "enum"):
        yield path, f"{describe_value(value)} is not allowed; choose one of: {_choices(str(context.get('expected', '')))}."
    elif kind == "string_pattern_mismatch":
        pattern = str(context.get("pattern", ""))
        yield (
            path,
            f"'{shown(value)}' {_PATTERN_HINTS.get(pattern, 'is not written the way this setting needs; see its description in docs/format.md')}.",
        )
    elif kind == "string_too_short":
        yield path, "must not be empty."
    elif kind == "string_too_long":
        yield path, f"'{_excerpt(shown(value))}' is {len(str(value))} characters long; shorten it to at most {context.get('max_length')}."
    elif kind == "too_short":
        count = int(context.get("min_length", 1))
        if not (isinstance(value, list | tuple) and len(value) >= count):  # else its items are wrong, and reported
            yield path, f"needs at least {count} item{'s' if count != 1 else ''}."
    elif kind in ("greater_than_equal", "greater_than"):
        yield path, f"{value} is too small; the minimum is {context.get('ge', context.get('gt'))}."
    elif kind in ("less_than_equal", "less_than"):
        yield path, f"{value} is too large; the maximum is {context.get('le', context.get('lt'))}."
    else:
        yield path, error["msg"].rstrip(".") + "."


def structure_errors(adapter: TypeAdapter[Any], root: Any, document: Document) -> tuple[Any, list[PlaybookError]]:
    """Validate ``document.data`` against a declaration: the typed value, or every problem located."""
    try:
        return adapter.validate_python(document.data, by_alias=True, by_name=False), []
    except ValidationError as invalid:
        errors = [document.error(path, text) for error in invalid.errors() for path, text in _message(error, root)]
        return None, errors
