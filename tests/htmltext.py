"""Small helpers to read built HTML pages in tests (stdlib html.parser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

_SKIP_TEXT = {"script", "style", "svg", "title"}


@dataclass
class ParsedPage:
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: str = ""
    article: str = ""
    scripts: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    CDATA_CONTENT_ELEMENTS = ("script", "style", "title", "textarea")  # read as text, as browsers do

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self.stack: list[str] = []
        self.chunks: list[str] = []
        self.article_chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        self.chunks.append(" ")
        self.article_chunks.append(" ")

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.page.scripts.append(data)
        elif not (set(self.stack) & _SKIP_TEXT):
            self.chunks.append(data)
            if "article" in self.stack:
                self.article_chunks.append(data)


def parse_html(path: Path) -> ParsedPage:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    collector.page.text = " ".join("".join(collector.chunks).split())
    collector.page.article = " ".join("".join(collector.article_chunks).split())
    return collector.page


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
