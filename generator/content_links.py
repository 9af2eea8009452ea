"""Relative links from a content file to the programme's own files, as its staged page must write them.

Input: a content file's Markdown body, its path (``content/basics.md``), the path of the page it
becomes (``guidelines/basics.md``, relative to the staged docs folder) and the addresses of the
files published from content/ (``images/team.png``; ``generator.static_files``).
Output: the body with each relative link or image that leads (from the content file's folder) to
one of those files rewritten to lead there from the page: ``images/team.png`` in
``content/basics.md`` becomes ``../images/team.png`` on ``guidelines/basics.md``. Inline links
and images, reference definitions and the ``src``/``href`` of raw HTML are rewritten; code
(fenced blocks and spans) and every other link (absolute, to a page, to an anchor, to a file
that is not published) are left exactly as written.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from urllib.parse import quote, unquote, urlsplit

from generator.textsafe import outside_fences

CODE_SPAN = re.compile(r"(`+).+?\1")
INLINE = re.compile(r"(\]\(\s*)(<[^>\n]+>|[^\s()<>]+)")
REFERENCE = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*)(<[^>\n]+>|\S+)")
HTML_ATTRIBUTE = re.compile(r"(\b(?:src|href)\s*=\s*)(\"[^\"\n]*\"|'[^'\n]*')", re.IGNORECASE)
CONTENT = "content/"


def _moved(target: str, source_folder: str, page_folder: str, published: Collection[str]) -> str | None:
    """``target`` as written on the page, if it leads from ``source_folder`` to a published file; else None."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    address = posixpath.normpath(posixpath.join(source_folder, unquote(parts.path)))
    if address not in published:
        return None
    moved = quote(posixpath.relpath(address, page_folder or "."), safe="/")
    return moved + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _rewritten(found: re.Match[str], source_folder: str, page_folder: str, published: Collection[str]) -> str:
    lead, target = found.group(1), found.group(2)
    opening, closing = (target[0], target[-1]) if target[:1] in "<\"'" else ("", "")
    moved = _moved(target[len(opening) : len(target) - len(closing)], source_folder, page_folder, published)
    return found.group(0) if moved is None else f"{lead}{opening}{moved}{closing}"


def _line_rewritten(line: str, source_folder: str, page_folder: str, published: Collection[str]) -> str:
    """One line outside fenced code, its code spans kept as they are."""
    pieces, last = [], 0
    for span in CODE_SPAN.finditer(line):
        pieces += [_text_rewritten(line[last : span.start()], source_folder, page_folder, published), span.group(0)]
        last = span.end()
    return "".join([*pieces, _text_rewritten(line[last:], source_folder, page_folder, published)])


def _text_rewritten(text: str, source_folder: str, page_folder: str, published: Collection[str]) -> str:
    for pattern in (REFERENCE, INLINE, HTML_ATTRIBUTE):
        text = pattern.sub(lambda found: _rewritten(found, source_folder, page_folder, published), text)
    return text


def rebased_links(body: str, source: str, page: str, published: Collection[str]) -> str:
    """``body`` of the content file ``source`` with its links to ``published`` files rewritten for the staged ``page``."""
    if not published or not source.startswith(CONTENT):
        return body
    source_folder = posixpath.dirname(source.removeprefix(CONTENT))
    page_folder = posixpath.dirname(page)
    if source_folder == page_folder:
        return body
    return "\n".join(outside_fences(body.split("\n"), lambda line: _line_rewritten(line, source_folder, page_folder, published)))
