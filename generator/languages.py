"""The programme's languages: the theme language both engines use, and texts in several languages.

Input: program.yaml's ``Document`` (``program.language``, ``program.languages``, texts written as a
mapping from language to string) and the user's mkdocs.yml ``Document``.
Output: the engine's ``theme.language`` and ``theme.direction`` for a language code; one
``Document`` per declared language with every text mapping resolved to that language's string;
located errors for a text missing in a declared language and for a ``theme.language`` in
mkdocs.yml that contradicts ``program.language``.

A monolingual programme writes plain strings. A bilingual one declares ``languages: [cy, en]``
under ``program:`` and may write any text as ``{cy: "…", en: "…"}``; the build renders the site
once per language (``site/cy/``, ``site/en/``), the first language being the default.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from importlib.util import find_spec
from typing import Any

import babel

from generator.errors import ErrorList, KeyPath, PlaybookError
from generator.i18n import text_direction
from generator.load import Document
from generator.refs import content_file_refs

LANGUAGE_KEY = ("program", "language")
LANGUAGES_KEY = ("program", "languages")
_LANGUAGE_CODE = re.compile(r"[a-z]{2}(-[A-Z]{2})?")


def _theme_languages() -> frozenset[str]:
    """The interface languages the installed engine themes ship (Material's and Zensical's lists agree)."""
    for package in ("material", "zensical"):
        if find_spec(package) is not None:
            folder = resources.files(package) / "templates" / "partials" / "languages"
            if folder.is_dir():
                return frozenset(item.name.removesuffix(".html") for item in folder.iterdir() if item.name.endswith(".html"))
    return frozenset({"en"})


THEME_LANGUAGES = _theme_languages()


def theme_language(code: str) -> str:
    """The engine theme's language for ``code``: ``pt-BR`` if the theme has it, else ``pt``; English if neither."""
    for candidate in (code, code.split("-")[0]):
        if candidate in THEME_LANGUAGES:
            return candidate
    return "en"


def theme_settings(code: str) -> dict[str, str]:
    """The build-owned ``theme`` settings for ``code``: its language and its text direction."""
    return {"language": theme_language(code), "direction": text_direction(code)}


def site_language_errors(site: Document, code: str) -> list[PlaybookError]:
    """A ``theme.language`` (or ``theme.direction``) in mkdocs.yml that contradicts ``program.language``, located."""
    theme = site.data.get("theme") if isinstance(site.data, dict) else None
    if not isinstance(theme, dict):
        return []
    errors = []
    wanted = theme_settings(code)
    for key in ("language", "direction"):
        if key in theme and theme[key] != wanted[key]:
            errors.append(
                site.error(
                    ("theme", key),
                    f"theme.{key} is '{theme[key]}' but program.language '{code}' gives '{wanted[key]}'; "
                    f"remove theme.{key} from mkdocs.yml: the build sets it from program.language in program.yaml.",
                )
            )
    return errors


def declared_languages(document: Document) -> tuple[str, ...]:
    """``program.languages`` if the programme declares several, else ``program.language`` alone (default ``en``)."""
    info = document.data.get("program") if isinstance(document.data, dict) else None
    info = info if isinstance(info, dict) else {}
    languages = info.get("languages")
    if isinstance(languages, list) and languages and all(isinstance(code, str) for code in languages):
        return tuple(dict.fromkeys(languages))
    language = info.get("language")
    return (language if isinstance(language, str) else "en",)


def is_text_mapping(value: object, languages: tuple[str, ...]) -> bool:
    """Whether ``value`` is a text given per language: a mapping whose keys are all declared languages."""
    return isinstance(value, dict) and bool(value) and len(languages) > 1 and all(key in languages for key in value)


def _texts(value: object, path: KeyPath, languages: tuple[str, ...]) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """Every text mapping inside ``value`` with its key path."""
    if is_text_mapping(value, languages):
        assert isinstance(value, dict)
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key), languages)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index), languages)


def _resolved(value: object, language: str, languages: tuple[str, ...]) -> object:
    if is_text_mapping(value, languages):
        assert isinstance(value, dict)
        return value.get(language)
    if isinstance(value, dict):
        return {key: _resolved(item, language, languages) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item, language, languages) for item in value]
    return value


def language_file(relative: str, code: str) -> str:
    """Where a content file named once in a multilingual program.yaml is for ``code``: ``content/<code>/…``."""
    inside = relative.removeprefix("content/")
    return f"content/{code}/{inside}"


def _get(data: Any, path: KeyPath) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: KeyPath, value: object) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _known_language(code: str) -> bool:
    try:
        babel.Locale.parse(code.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


def declaration_errors(document: Document) -> list[PlaybookError]:
    """``program.language`` that disagrees with ``program.languages``, an unknown language and one listed twice, located."""
    info = document.data.get("program") if isinstance(document.data, dict) else None
    if not isinstance(info, dict) or not isinstance(info.get("languages"), list):
        return []
    listed, errors = info["languages"], []
    language = info.get("language")
    if language is not None and listed and language != listed[0]:
        errors.append(
            document.error(
                LANGUAGE_KEY,
                f"program.language is '{language}' but program.languages starts with '{listed[0]}'; "
                "remove program.language: the first of program.languages is the default language.",
            )
        )
    for index, code in enumerate(listed):
        if isinstance(code, str) and not _known_language(code):
            errors.append(
                document.error(
                    (*LANGUAGES_KEY, index), f"'{code}' is not a language code Playbook knows; use one such as en, en-GB, cy, fr or ar."
                )
            )
        if code in listed[:index]:
            errors.append(
                document.error((*LANGUAGES_KEY, index), f"'{code}' is listed twice in program.languages; list each language once.")
            )
    return errors


def _undeclared_language_errors(document: Document, value: object, path: KeyPath, languages: tuple[str, ...]) -> list[PlaybookError]:
    """A text given per language that also names a language outside ``program.languages`` (``{cy: …, en: …, fr: …}``).

    Labels are left alone: their keys are ids, which may look like language codes.
    """
    if path[:1] == ("labels",):
        return []
    if isinstance(value, list):
        return [
            error for index, item in enumerate(value) for error in _undeclared_language_errors(document, item, (*path, index), languages)
        ]
    if not isinstance(value, dict):
        return []
    keys = [str(key) for key in value]
    extra = [key for key in keys if key not in languages]
    if extra and len(extra) < len(keys) and all(_LANGUAGE_CODE.fullmatch(key) for key in keys):
        return [
            document.error(
                (*path, extra[0]),
                f"'{extra[0]}' is not one of program.languages [{', '.join(languages)}]; remove it, or add it to program.languages.",
            )
        ]
    return [error for key, item in value.items() for error in _undeclared_language_errors(document, item, (*path, key), languages)]


def text_mapping_errors(document: Document) -> list[PlaybookError]:
    """A text given per language that misses one of ``program.languages``, or gives it no string, located."""
    languages = declared_languages(document)
    errors = _undeclared_language_errors(document, document.data, (), languages)
    for path, texts in _texts(document.data, (), languages):
        missing = [code for code in languages if not isinstance(texts.get(code), str | int | float | list) or texts.get(code) == ""]
        if missing:
            message = (
                f"this text has no {' or '.join(missing)} version; program.languages is [{', '.join(languages)}], "
                f"so give every language: {', '.join(f'{code}: …' for code in languages)}."
            )
            errors.append(document.error(path, message))
    return errors


def _with_language(document: Document, code: str) -> Document:
    """``document`` whose ``program.language`` is ``code`` (set when only ``program.languages: [code]`` names it)."""
    info = document.data.get("program") if isinstance(document.data, dict) else None
    if not isinstance(info, dict) or "language" in info or "languages" not in info:
        return document
    return Document(document.file, {**document.data, "program": {**info, "language": code}}, document.positions, document.line_offset)


def language_documents(document: Document) -> dict[str, Document]:
    """program.yaml once per declared language, each text mapping replaced by that language's string.

    Each copy's ``program.language`` is its language. Raises ``ErrorList`` if a text misses a language.
    """
    languages = declared_languages(document)
    errors = declaration_errors(document) + (text_mapping_errors(document) if len(languages) > 1 else [])
    if errors:
        raise ErrorList(errors)
    if len(languages) < 2:
        return {languages[0]: _with_language(document, languages[0])}
    copies = {}
    shared_files = [path for path, _file in content_file_refs(document.data)]  # plain strings: one path for every language
    for code in languages:
        data = _resolved(document.data, code, languages)
        assert isinstance(data, dict)
        for path in shared_files:
            _set(data, path, language_file(_get(data, path), code))
        program = dict(data.get("program") or {})
        program["language"] = code
        data["program"] = program
        copies[code] = Document(document.file, data, document.positions, document.line_offset)
    return copies
