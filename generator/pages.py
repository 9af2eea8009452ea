"""The objects the render stage produces and reads.

Input: nothing (type definitions). Output: ``Page``, ``Section`` and ``Bundle``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.inputs import ContentFile
from generator.model import Program


@dataclass(frozen=True)
class Page:
    """One staged file: ``path`` is relative to the docs folder."""

    path: str
    content: str | bytes
    in_nav: bool = True
    title: str | None = None
    """The navigation title of a file that is not a Markdown page (such as a PDF); None for pages."""


@dataclass(frozen=True)
class Section:
    """A navigation section (a tab in Material) and its pages, in order."""

    title: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Bundle:
    """Everything the render stage reads."""

    program: Program
    content: dict[str, ContentFile]
    figures: Mapping[str, object] = field(default_factory=dict)
    published: frozenset[str] = frozenset()
    """The programme's own files published from content/ (``images/logo.png``), which content files may link to."""
