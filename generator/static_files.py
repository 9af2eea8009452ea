"""The programme's own images, PDFs and media under content/, published beside its pages.

Input: a ``Project`` and the staged files the build made (their paths, to refuse a clash).
Output: ``static_files``: each image, PDF, audio or video file under content/ (its path, for
``write.stage`` to copy; it is never read into memory) by its address relative to content/
(``content/images/logo.png`` → ``images/logo.png``), so a page's relative
link (``![Team](../images/team.jpg)``) and mkdocs.yml's ``theme.logo: images/logo.png`` find it;
or one ``ErrorList`` with every problem, located.

Only these kinds of file are published, never a data file (CSV, spreadsheets, YAML) and nothing
under content/cohorts/ (the rosters and answers) or content/stories/ (a story, and so a photo
beside it, is published only with its teller's consent, by the recognition feature). A hidden file or folder is skipped.
A link leading out of the project, or a file at an address Playbook publishes its own file at,
is an error that names it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path, PurePath

from generator.errors import PlaybookError, raise_if_any
from generator.project import Project

PUBLISHED_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".pdf", ".mp3", ".mp4", ".m4a", ".ogg", ".webm"}
)
PRIVATE_FOLDERS: dict[str, str] = {  # the folders of content/ never published as they are, and why
    "cohorts": "which holds the cohorts' rosters and answers and is never published",
    "stories": "whose stories are published only with their teller's consent, by the recognition feature",
}


def private_folder(relative: PurePath) -> str | None:
    """The private folder of content/ (``PRIVATE_FOLDERS``) that ``relative`` (a path under content/) lies in, or None.

    Names are compared case-folded, as some disks do (``content/Cohorts/`` is ``content/cohorts/`` there).
    """
    first = relative.parts[0].casefold() if relative.parts else ""
    return first if first in PRIVATE_FOLDERS else None


def _publishable(relative: PurePath) -> bool:
    """A path under content/ of a published kind, outside the private folders and hidden places."""
    return (
        bool(relative.parts)
        and private_folder(relative) is None
        and not any(part.startswith(".") for part in relative.parts)
        and relative.suffix.casefold() in PUBLISHED_SUFFIXES
    )


def _candidates(content: Path) -> Iterator[Path]:
    """Files (and links) under ``content`` whose own name is publishable, in path order."""
    for path in sorted(content.rglob("*")):
        if _publishable(path.relative_to(content)) and (path.is_file() or path.is_symlink()):
            yield path


def published_addresses(project: Project) -> frozenset[str]:
    """The addresses ``static_files`` publishes (whether each can be read is its to say), for links to them."""
    content = project.content_dir
    return frozenset(path.relative_to(content).as_posix() for path in _candidates(content)) if content.is_dir() else frozenset()


def static_files(project: Project, generated: Collection[str]) -> dict[str, Path]:
    """Every published file under content/ (its path) by its address in the site; raises ``ErrorList`` with every problem."""
    content = project.content_dir
    if not content.is_dir():
        return {}
    found: dict[str, Path] = {}
    errors: list[PlaybookError] = []
    for path in _candidates(content):
        address = path.relative_to(content).as_posix()
        shown = f"{project.display(content)}/{address}"  # the link itself, not where it leads
        problem = _link_problem(project, path)
        if problem:
            errors.append(PlaybookError(shown, 0, 0, (), problem))
        elif address in generated:
            errors.append(PlaybookError(shown, 0, 0, (), f"Playbook publishes its own file at '{address}'; move or rename this one."))
        else:
            problem = _unreadable(path)
            if problem:
                errors.append(PlaybookError(shown, 0, 0, (), f"cannot be read ({problem}); check that it can be opened."))
            else:
                found[address] = path
    raise_if_any(errors)
    return found


def _unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be opened for reading, or None (it is opened, not read: files may be large)."""
    try:
        with path.open("rb"):
            return None
    except OSError as problem:
        return problem.strerror or type(problem).__name__


BROKEN_LINK = "is a broken link (or one that leads back to itself); replace it with the file itself or remove it."


def link_target(path: Path) -> Path | None:
    """Where the file (or link) ``path`` leads, links on the way followed; None for a broken link or one that leads back to itself."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None


def _link_problem(project: Project, path: Path) -> str | None:
    """Why the file ``path`` leads to may not be published, or None: a link is judged by the file it leads to.

    A link (or a folder on the way that is one) must lead to a file that would be published in its
    own right: inside content/, of a published kind, outside content/cohorts/, content/stories/
    and hidden places. A roster renamed by a link (``images/chart.png`` → ``cohorts/…/roster.csv``)
    never is.
    """
    target = link_target(path)
    if target is None:
        return BROKEN_LINK
    if not target.is_relative_to(project.root.resolve()):
        return "is a link to a file outside the project folder; copy the file here instead."
    content = project.content_dir.resolve()
    if not target.is_file() or not target.is_relative_to(content) or not _publishable(target.relative_to(content)):
        return (
            f"is a link to {project.display(target)}, which Playbook never publishes (only images, PDFs and media under content/, "
            "outside content/cohorts/ and content/stories/); copy the file itself here instead."
        )
    return None
