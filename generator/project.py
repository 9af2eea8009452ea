"""Where a programme's files live.

Input: the project folder (``--project``).
Output: ``Project``, the paths every stage agrees on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROGRAM_FILE = "program.yaml"
MKDOCS_FILE = "mkdocs.yml"


@dataclass(frozen=True)
class Project:
    """The folders and files of one programme."""

    root: Path

    @classmethod
    def at(cls, folder: str | Path) -> Project:
        """The project in ``folder`` (made absolute)."""
        return cls(Path(folder).resolve())

    @property
    def program_file(self) -> Path:
        return self.root / PROGRAM_FILE

    @property
    def mkdocs_file(self) -> Path:
        return self.root / MKDOCS_FILE

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def themes_dir(self) -> Path:
        return self.root / "themes"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def build_dir(self) -> Path:
        """Owned by the build: staged Markdown, engine config and engine output."""
        return self.root / ".playbook" / "build"

    @property
    def staged_docs_dir(self) -> Path:
        return self.build_dir / "docs"

    @property
    def staged_site_dir(self) -> Path:
        return self.build_dir / "site"

    @property
    def engine_config(self) -> Path:
        return self.build_dir / "mkdocs.yml"

    def cohort_dir(self, cohort_id: str) -> Path:
        """Where a cohort's data files live: ``content/cohorts/<cohort-id>/``."""
        return self.content_dir / "cohorts" / cohort_id

    @property
    def reports_dir(self) -> Path:
        """Private reports for cohort leads: outside ``site/`` and git-ignored."""
        return self.root / "reports"

    def display(self, path: Path) -> str:
        """A path as the user knows it: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def watched_paths(self) -> list[Path]:
        """Inputs whose change calls for a rebuild."""
        return [self.program_file, self.content_dir, self.themes_dir, self.mkdocs_file]
