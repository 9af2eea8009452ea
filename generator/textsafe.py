"""Escaping for user text that lands in generated Markdown or HTML.

Input: any string from YAML, CSV or front matter.
Output: text that Markdown, its extensions and HTML all show literally.

Risky characters become numeric character references (``&#60;``). Markdown
passes those through untouched and browsers show the character, so the same
escaping is safe in Markdown paragraphs, table cells, headings and raw HTML
(element text and quoted attribute values) alike. Direction controls a text leaves
open (a right-to-left override, U+202E) are closed at its end, so they turn only
that text around, never the page after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

# ASCII punctuation that means something to Markdown, its extensions or HTML.
# A hyphen inside a word or date ("well-being", "2026-01-15") and a colon before a
# digit or a space ("10:30", "Note: ...") mean nothing and stay readable.
_RISKY = re.compile(
    r"""[\\`*_{}\[\]()#+!|~<>&"'=^$%@]"""
    r"|(?<![0-9A-Za-z])-|-(?![0-9A-Za-z])"
    r"|:(?![0-9 ]|$)"
)
_WHITESPACE = re.compile(r"[^\S\xa0\u2007\u202f]+")  # no-break spaces (French "vous ?") stay
_LEADING_ORDERED_LIST = re.compile(r"^(\d+)([.)])")
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # left-to-right / right-to-left embedding and override
_ISOLATES = frozenset("\u2066\u2067\u2068")  # left-to-right, right-to-left and first-strong isolate
_POP_EMBEDDING, _POP_ISOLATE = "\u202c", "\u2069"
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def escape_text(value: object) -> str:
    """Escape ``value`` (made a single line) so it always renders as plain text."""
    text = _WHITESPACE.sub(" ", str(value))
    text = _RISKY.sub(lambda match: f"&#{ord(match.group(0))};", text)
    # Some theme templates un-escape titles into <title>; a word joiner after every
    # "<" keeps "</title>" (or any end tag) from ever forming there, and is invisible.
    text = text.replace("&#60;", "&#60;&#8288;")
    return _LEADING_ORDERED_LIST.sub(lambda match: f"{match.group(1)}&#{ord(match.group(2))};", text) + direction_closers(text)


def direction_closers(text: str) -> str:
    """The controls that close every direction embedding, override or isolate ``text`` leaves open ("" for most texts).

    As the Unicode bidirectional algorithm pairs them: a pop-directional-formatting closes the
    last embedding or override opened since the last open isolate (else it does nothing); a
    pop-directional-isolate closes the last open isolate and everything opened after it.
    """
    if _DIRECTION_CONTROLS.search(text) is None:
        return ""
    opened: list[str] = []
    for character in _DIRECTION_CONTROLS.findall(text):
        if character in _EMBEDDINGS or character in _ISOLATES:
            opened.append(_POP_EMBEDDING if character in _EMBEDDINGS else _POP_ISOLATE)
        elif character == _POP_EMBEDDING and opened and opened[-1] == _POP_EMBEDDING:
            opened.pop()
        elif character == _POP_ISOLATE and _POP_ISOLATE in opened:
            del opened[len(opened) - 1 - opened[::-1].index(_POP_ISOLATE) :]
    return "".join(reversed(opened))


def escape_attribute(value: object) -> Markup:
    """Escape ``value`` for a quoted HTML attribute whose value is sent back (a form option).

    The same references as ``escape_text``, but nothing added and no whitespace folded, so the
    browser submits exactly the original text ("<1 year" comes back as "<1 year").
    """
    text = _RISKY.sub(lambda match: f"&#{ord(match.group(0))};", str(value))
    return Markup(re.sub(r"[\t\n\r]", lambda match: f"&#{ord(match.group(0))};", text))


def escape_href(value: object) -> Markup:
    """Escape a checked address (``https://…``, ``mailto:…``) for a quoted ``href`` in Markdown or HTML.

    Only what could end the attribute or the surrounding Markdown table is replaced (``&<>"'``
    as HTML references; ``|``, whitespace and backticks percent-encoded), so the address stays
    readable in the page source and every link checker reads it as written.
    """
    text = re.sub(r"[|\s`]", lambda match: f"%{ord(match.group(0)):02X}", str(value))
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;"))


def finalize(value: object) -> str:
    """Jinja2 ``finalize`` hook: escape everything that is not trusted ``Markup``."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return escape_text(value)


def trusted(markup: str) -> Markup:
    """Mark Markdown or HTML we generated (or a content file's body) as safe to emit."""
    return Markup(markup)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def escape_raw_html(markdown: str) -> str:
    """Markdown with its raw HTML shown as text (``program.escape_html``): every ``<`` that opens
    a tag or comment becomes ``&lt;``, except inside fenced code blocks and code spans, which
    Markdown already shows literally. Markdown formatting itself is kept."""
    return "".join(outside_fences(markdown.splitlines(keepends=True), _escape_outside_code))


def outside_fences(lines: list[str], change: Callable[[str], str]) -> list[str]:
    """Markdown ``lines`` with ``change`` made to each line outside fenced code blocks (the fence lines themselves kept)."""
    changed, fence = [], ""
    for line in lines:
        opening = _FENCE.match(line)
        if fence:
            fence = "" if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) else fence
        elif opening:
            fence = opening.group(1)
        changed.append(line if fence or opening else change(line))
    return changed


def _escape_outside_code(line: str) -> str:
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        parts += [_TAG_START.sub("&lt;", line[last : span.start()]), span.group(0)]
        last = span.end()
    return "".join([*parts, _TAG_START.sub("&lt;", line[last:])])
