"""Translations of the text Playbook writes, and formatting of dates and numbers by locale.

Input: a language code (``program.language``, such as ``cy`` or ``en-GB``).
Output: ``gettext``/``ngettext``/``pgettext`` and the Babel formatters, bound to the active language.

The catalogues are ``generator/locale/<lang>/LC_MESSAGES/messages.po`` (committed, edited by
translators). Babel compiles one the first time its language is used, and the compiled copy is
kept in the user's private cache folder by the ``.po`` file's checksum (``cache.derived_bytes``),
so nothing binary is committed, an edited catalogue is used at the next run, and an unchanged one
is not parsed again by the next build. A language without a
catalogue (or English, the source language) gets the source text.

Use:

- in templates, ``{{ _("Next session") }}``, ``{{ _("Due %(day)s", day=d | date) }}`` and
  ``{% trans count=n %}…{% pluralize %}…{% endtrans %}`` (Jinja2's i18n extension, set up by ``install``
  for ``templating.Renderer``): the catalogue's text is trusted, each value put into it is escaped;
- in Python, ``from generator.i18n import gettext as _`` and call it when the text is produced,
  not at import; mark module-level constants with ``N_("…")`` and translate them where used;
- ``with language(code):`` around the work of one language (the pipeline does this per build and
  per language tree).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

import babel
import jinja2
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.support import NullTranslations, Translations
from markupsafe import Markup

from generator.cache import derived_bytes
from generator.textsafe import finalize

SOURCE_LANGUAGE = "en"
NOUN_CAPITALISING_LANGUAGES = frozenset({"de", "lb"})  # languages that write every noun with a capital letter
_active: ContextVar[str] = ContextVar("playbook_language", default=SOURCE_LANGUAGE)


def locale_folder() -> Path:
    """The folder holding one ``<lang>/LC_MESSAGES/messages.po`` per shipped language."""
    return Path(str(resources.files("generator"))) / "locale"


def shipped_languages() -> tuple[str, ...]:
    """The languages with a catalogue, plus English, sorted."""
    folder = locale_folder()
    found = {path.parent.parent.name for path in folder.glob("*/LC_MESSAGES/messages.po")} if folder.is_dir() else set()
    return tuple(sorted(found | {SOURCE_LANGUAGE}))


def untranslated_note(codes: Iterable[str]) -> str | None:
    """A note naming the languages among ``codes`` that no shipped catalogue serves (Playbook's own texts stay English there), or None."""
    missing = sorted({code for code in codes if catalogue_language(code) not in shipped_languages()})
    if not missing:
        return None
    return (
        f"Note: Playbook's own texts (headings, labels, the words around figures) have no translation into {', '.join(missing)} yet, "
        f"so they are in English there; dates, numbers and the theme follow the language. Translated: {', '.join(shipped_languages())}. "
        "docs/i18n.md explains how to add a language."
    )


def catalogue_language(code: str) -> str:
    """The catalogue that serves ``code``: ``en-GB`` → ``en``, ``pt-BR`` → ``pt_BR`` if shipped, else ``pt``."""
    exact = code.replace("-", "_")
    if (locale_folder() / exact / "LC_MESSAGES" / "messages.po").is_file():
        return exact
    return code.split("-")[0]


@functools.cache
def translations(code: str) -> NullTranslations:
    """The compiled catalogue for ``code`` (cached per process, and on disk per version of its ``.po``); the source text if there is none."""
    catalogue = catalogue_language(code)
    path = locale_folder() / catalogue / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return NullTranslations()
    source = path.read_bytes()
    compile_it = functools.partial(_compiled_catalogue, catalogue)
    try:
        return Translations(io.BytesIO(derived_bytes(source, compile_it, f"{catalogue} .mo by babel {babel.__version__}")))
    except Exception:  # a damaged copy in the cache folder: compile again
        return Translations(io.BytesIO(compile_it(source)))


def _compiled_catalogue(catalogue: str, source: bytes) -> bytes:
    """The ``.mo`` bytes of a ``.po`` catalogue (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo  # imported only when no compiled copy is kept
    from babel.messages.pofile import read_po

    compiled = io.BytesIO()
    write_mo(compiled, read_po(io.BytesIO(source), locale=catalogue), use_fuzzy=False)
    return compiled.getvalue()


def babel_locale(code: str | None = None) -> babel.Locale:
    """The Babel locale of ``code`` (default: the active language)."""
    return _parsed_locale(code or _active.get())


@functools.cache
def _parsed_locale(code: str) -> babel.Locale:
    """``babel.Locale.parse`` once per language (a big programme formats thousands of numbers)."""
    return babel.Locale.parse(code.replace("-", "_"))


def active_language() -> str:
    """The language text is being produced in now."""
    return _active.get()


@contextlib.contextmanager
def language(code: str) -> Iterator[str]:
    """Produce text in ``code`` inside the ``with`` block."""
    token = _active.set(code)
    try:
        yield code
    finally:
        _active.reset(token)


def gettext(message: str) -> str:
    """``message`` in the active language."""
    return translations(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` in the active language (real plural rules)."""
    return translations(_active.get()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, told apart from the same English in another ``context``."""
    return str(translations(_active.get()).pgettext(context, message))


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    """``ngettext`` with a context."""
    return str(translations(_active.get()).npgettext(context, singular, plural, count))


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translate it where it is used)."""
    return message


def format_number(value: float, digits: int | None = None) -> str:
    """A number in the active locale (``1234.5`` → ``1,234.5`` in English, ``1.234,5`` in German)."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return _formatted(babel_numbers.format_decimal, value, pattern, _active.get())


def format_signed(value: float, digits: int = 0) -> str:
    """A number with its sign always shown, in the active locale (``+6``, ``-0.25``; ``+0,25`` in French)."""
    decimals = "." + "0" * digits if digits else ""
    pattern = f"+#,##0{decimals};-#,##0{decimals}"
    return _formatted(babel_numbers.format_decimal, value, pattern, _active.get())


def format_percent(fraction: float, digits: int = 0) -> str:
    """A fraction as a percentage in the active locale (``0.5`` → ``50%``, ``50 %`` in French)."""
    pattern = None if digits == 0 else "#,##0." + "0" * digits + "%"
    return _formatted(babel_numbers.format_percent, fraction, pattern, _active.get())


def format_date(day: datetime.date, style: str = "long") -> str:
    """A date in the active locale (``long``: ``25 November 2026``; ``medium``, ``short``, or a CLDR pattern)."""
    return _formatted(babel_dates.format_date, day, style, _active.get())


def format_time(moment: datetime.time, style: str = "short") -> str:
    """A time of day in the active locale."""
    return _formatted(babel_dates.format_time, moment, style, _active.get())


@functools.lru_cache(maxsize=16384, typed=True)
def _formatted(formatter: Callable[..., str], value: Any, style: str | None, code: str) -> str:
    """``formatter(value, format=style)`` in language ``code``, once per distinct value (Babel reads the pattern on every call).

    ``typed``: ``1`` and ``1.0`` (equal, but written differently) are kept apart.
    """
    return formatter(value, format=style, locale=babel_locale(code))


def format_duration(minutes: int | None) -> str:
    """A length of time for people (``90`` → ``1 h 30 min``), in the active language."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return gettext("{minutes} min").format(minutes=format_number(rest))
    if not rest:
        return gettext("{hours} h").format(hours=format_number(hours))
    return gettext("{hours} h {minutes} min").format(hours=format_number(hours), minutes=format_number(rest))


def language_name(code: str) -> str:
    """The language's own name for itself, as a language switcher shows it (``cy`` → ``Cymraeg``)."""
    name = babel_locale(code).get_display_name(babel_locale(code)) or code
    return name[:1].upper() + name[1:]


def in_sentence(name: str) -> str:
    """A role or item ``name`` as written inside a sentence of the active language ("I am a mentor").

    Each word is lowercased, except a word with a capital after its first letter (``HR``, ``McKinsey``),
    and nothing is lowercased in a language that capitalises every noun (German: "Ich bin Mentorin").
    """
    if babel_locale().language in NOUN_CAPITALISING_LANGUAGES:
        return name
    return re.sub(r"\S+", _word_in_sentence, name)


def _word_in_sentence(match: re.Match[str]) -> str:
    word = match[0]
    return word if any(letter.isupper() for letter in word[1:]) else word.lower()


def text_direction(code: str | None = None) -> str:
    """``rtl`` for right-to-left languages (Arabic, Hebrew, …), else ``ltr``."""
    return (babel_locale(code).character_order == "right-to-left" and "rtl") or "ltr"


def _filled(text: str, variables: Mapping[str, object]) -> Markup:
    """A translated template text with its ``%(name)s`` variables escaped (``finalize``) and filled in.

    The catalogue's text is ours (trusted: it may hold Markdown or HTML); every variable is escaped
    where it lands, so YAML, CSV and front matter strings always show as text.
    """
    return Markup(text % {name: _template_value(value) for name, value in variables.items()})


def _template_value(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return finalize(value)


@functools.cache
def playbook_messages() -> frozenset[str]:
    """Every text Playbook marks for translation: the singular msgids of ``messages.pot`` (kept on disk per version of it)."""
    path = locale_folder() / "messages.pot"
    if not path.is_file():
        return frozenset()
    source = path.read_bytes()
    try:
        return frozenset(json.loads(derived_bytes(source, _message_ids, f"msgids by babel {babel.__version__}")))
    except ValueError:  # a damaged copy in the cache folder
        return frozenset(json.loads(_message_ids(source)))


def _message_ids(source: bytes) -> bytes:
    """The singular msgids of a ``.pot`` file, as a sorted JSON list."""
    from babel.messages.pofile import read_po  # imported only when no kept copy is current

    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(io.BytesIO(source)) if message.id}
    return json.dumps(sorted(ids), ensure_ascii=False).encode("utf-8")


def template_gettext(message: str, template_texts: Callable[[], frozenset[str]], /, **variables: object) -> Markup:
    """``_("…")`` and ``{% trans %}`` in templates (Jinja2's newstyle gettext).

    A text written in a template (Playbook's, marked for translation, or one in the programme's
    own theme: ``template_texts``) is trusted and filled in. Anything else given without
    variables is a value (a survey's own ``thanks`` text, a status read from a file): it is
    escaped like every value and never read as a ``%`` format, so "<b>" or "100%" show as typed.
    """
    if not variables and message not in playbook_messages() and message not in template_texts():
        return Markup(finalize(message))
    return _filled(gettext(message), variables)


def template_ngettext(singular: str, plural: str, count: int, /, **variables: object) -> Markup:
    """``{% trans count=n %}…{% pluralize %}…{% endtrans %}`` in templates; ``num`` is ``count``."""
    variables.setdefault("num", count)
    return _filled(ngettext(singular, plural, count), variables)


def template_pgettext(context: str, message: str, /, **variables: object) -> Markup:
    """``pgettext("context", "…")`` in templates."""
    return _filled(pgettext(context, message), variables)


def template_npgettext(context: str, singular: str, plural: str, count: int, /, **variables: object) -> Markup:
    """``npgettext`` in templates."""
    variables.setdefault("num", count)
    return _filled(npgettext(context, singular, plural, count), variables)


def install(environment: jinja2.Environment, template_texts: Callable[[], frozenset[str]] = frozenset) -> None:
    """Give ``environment`` the i18n extension bound to the active language, and the locale filters.

    ``template_texts`` gives the texts written in the programme's own theme templates (asked only
    about a text that is not Playbook's): they are template texts, not values.
    """

    def gettext_in_templates(message: str, /, **variables: object) -> Markup:
        return template_gettext(message, template_texts, **variables)

    environment.add_extension("jinja2.ext.i18n")
    environment.newstyle_gettext = True  # type: ignore[attr-defined]  # read by the i18n extension
    environment.globals.update(
        gettext=gettext_in_templates,
        ngettext=template_ngettext,
        pgettext=template_pgettext,
        npgettext=template_npgettext,
    )
    environment.filters.update(
        in_sentence=in_sentence, duration=format_duration, number=format_number, percent=format_percent, date=format_date, time=format_time
    )
    environment.globals.update(text_direction=text_direction, active_language=active_language)
