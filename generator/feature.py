"""The one interface through which a feature plugs into the core.

Input: nothing (definitions). Output: ``Feature``, the base class every feature extends, and
``Declared``, a top-level section of program.yaml that a feature owns.

A feature overrides only the hooks it needs; every hook has a do-nothing default. The core
calls the hooks of the features listed in ``generator.registry`` and never imports a feature
package itself; features never import the pipeline driver (``generator.build``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # names for the hooks' signatures only: the base class imports no stage
    from generator.disclosure import Table
    from generator.errors import KeyPath, PlaybookError
    from generator.load import Document
    from generator.model import Program
    from generator.pages import Bundle, Section
    from generator.project import Project
    from generator.refs import RefIndex
    from generator.templating import Renderer


@dataclass(frozen=True)
class Declared:
    """A top-level section of program.yaml: its key, declared type, default and description."""

    key: str
    kind: Any
    default: Any
    description: str


class Feature:
    """A capability of Playbook: its sections of program.yaml, checks, data, figures and pages.

    Its commands live in its package's ``cli`` module, which ``generator.registry`` registers.
    """

    name: ClassVar[str] = ""
    declared: ClassVar[tuple[Declared, ...]] = ()
    id_sections: ClassVar[Mapping[str, KeyPath]] = {}
    """Kinds of id this feature defines (for cross-references), with the list that holds them."""

    def check(self, document: Document, index: RefIndex) -> list[PlaybookError]:
        """Problems the declarations cannot express (cross-references, orderings), located."""
        return []

    def load(self, program: Program, project: Project) -> object:
        """The feature's data files, checked (raise ``ErrorList`` with every problem)."""
        return None

    def input_paths(self, program: Program, project: Project) -> list[Path]:
        """Files ``load`` reads outside content/ (such as a private HR extract): the preview watches them too."""
        return []

    def check_files(self, program: Program, project: Project, data: Mapping[str, object]) -> list[PlaybookError]:
        """Problems in the data files that only the feature's commands read (``playbook check`` checks them too), located.

        ``data`` holds what every feature's ``load`` gave, by feature name.
        """
        return []

    def figures(self, program: Program, data: object, as_of: datetime.date) -> object:
        """Figures computed from the data, for the feature's pages."""
        return None

    def disclosure(self, program: Program, figures: object) -> tuple[Table, ...]:
        """Every table the feature publishes, with its margins, for the disclosure audit."""
        return ()

    def supply(self, program: Program, figures: Mapping[str, object]) -> Mapping[str, object]:
        """Other features' figures completed with this feature's own, by feature name (default: none).

        Called once every feature has its figures, in registry order; what it returns replaces
        those features' figures. The outcomes feature fills in this way the progress goals that
        are measured from its private HR extract (``metric: retention`` and the like).
        """
        return {}

    def pages(self, bundle: Bundle, renderer: Renderer) -> list[Section]:
        """Navigation sections with their pages, in order."""
        return []

    def summary(self, program: Program) -> list[tuple[int, str, str]]:
        """Counts for ``playbook check``: (count, singular, plural)."""
        return []
