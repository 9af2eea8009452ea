"""Load stage for success stories: ``content/stories/*.md``, front matter checked.

Input: the ``Program`` (cohort and role ids) and the ``Project``.
Output: every ``Story`` whose consent is named or anonymous, sorted newest first, or one
``ErrorList`` with every problem located at FILE:LINE:COL of the front matter. A story whose
consent is ``withdrawn`` is dropped before anything else in it is read, so it never reaches a page
and nothing else in it can stop a build.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from generator.declare import structure_errors
from generator.errors import ErrorList, PlaybookError, collect, did_you_mean, raise_if_any
from generator.load import Document, date_meant, existing_inside, read_text, split_front_matter
from generator.model import Program
from generator.progress.model import cohorts_of
from generator.project import Project
from generator.recognition.model import CONSENTS, StoryFront

STORIES_FOLDER = "stories"
_FRONT = TypeAdapter(StoryFront)


@dataclass(frozen=True)
class Story:
    """A story that may be published (consent named or anonymous)."""

    file: str
    front: StoryFront
    body: str

    @property
    def named(self) -> bool:
        return self.front.consent == "named"

    @property
    def date(self) -> datetime.date:
        return self.front.date


def story_files(project: Project) -> list[Path]:
    """The Markdown files of ``content/stories/``, sorted by name."""
    folder = project.content_dir / STORIES_FOLDER
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def _consent_errors(front: Document) -> list[PlaybookError]:
    if "consent" not in front.data:
        return [front.error((), f"missing required key 'consent'; write one of: {', '.join(CONSENTS)}.")]
    consent = front.data["consent"]
    if consent not in CONSENTS:
        hint = did_you_mean(str(consent), CONSENTS)
        return [front.error(("consent",), f"'{consent}' is not a consent.{hint} Write one of: {', '.join(CONSENTS)}.")]
    return []


def _about_consent(error: PlaybookError) -> bool:
    return error.key_path[:1] == ("consent",) or "'consent'" in error.message


def _id_errors(front: Document, program: Program) -> list[PlaybookError]:
    """Unknown cohort and role ids, read from the raw front matter so they are reported with any other mistake."""
    errors: list[PlaybookError] = []
    cohorts = [cohort.id for cohort in cohorts_of(program)]
    cohort = front.data.get("cohort")
    if isinstance(cohort, str) and cohort not in cohorts:
        known = ", ".join(sorted(cohorts)) or "none"
        errors.append(front.error(("cohort",), f"unknown cohort '{cohort}'.{did_you_mean(cohort, cohorts)} Known cohorts: {known}."))
    roles = [role.id for role in program.roles]
    given = front.data.get("roles")
    for index, role in enumerate(given if isinstance(given, list) else []):
        if isinstance(role, str) and role not in roles:
            errors.append(
                front.error(("roles", index), f"unknown role '{role}'.{did_you_mean(role, roles)} Known roles: {', '.join(roles)}.")
            )
    return errors


def _reference_errors(front: Document, story: StoryFront, program: Program) -> list[PlaybookError]:
    errors: list[PlaybookError] = []
    cohort = next((cohort for cohort in cohorts_of(program) if cohort.id == story.cohort), None)
    if cohort is not None and story.date < cohort.start:
        errors.append(front.error(("date",), f"{story.date} is before the cohort '{cohort.id}' starts ({cohort.start}); fix the date."))
    if story.consent == "named" and not story.name:
        errors.append(
            front.error(("consent",), "consent is named but there is no 'name:'; add the name to publish, or write consent: anonymous.")
        )
    if story.consent == "anonymous" and story.name:
        errors.append(front.error(("name",), "an anonymous story must not carry a name; remove 'name:' or write consent: named."))
    return errors


def _with_date_meant(front: Document, error: PlaybookError) -> PlaybookError:
    """A refused ``date`` with the day it seems to mean (``24/06/2026``: 2026-06-24)."""
    written = front.data.get("date")
    meant = date_meant(written) if error.key_path == ("date",) and isinstance(written, str) else ""
    return dataclasses.replace(error, message=f"{error.message.rstrip('.')}; {meant}.") if meant else error


def parse_story(text: str, file: str, program: Program) -> Story | None:
    """One story file: the ``Story``, None when withdrawn, or an ``ErrorList``."""
    front, body, _ = split_front_matter(text, file)
    if front is None:
        raise PlaybookError(file, 1, 1, (), "a story starts with front matter between '---' lines (cohort, roles, consent, date, quote).")
    if not isinstance(front.data, dict):
        raise PlaybookError(file, 2, 1, (), "the front matter must be a mapping of keys such as 'consent: named'.")
    errors = _consent_errors(front)
    if not errors and front.data["consent"] == "withdrawn":
        return None
    story, found = structure_errors(_FRONT, StoryFront, front)
    errors += [_with_date_meant(front, error) for error in found if not (errors and _about_consent(error))]  # consent: said once
    said = {error.key_path for error in found}
    errors += [error for error in _id_errors(front, program) if error.key_path not in said and error.key_path[:1] not in said]
    if story is not None:
        errors += _reference_errors(front, story, program)
    raise_if_any(errors)
    return Story(file, story, body.strip())


def load_stories(program: Program, project: Project) -> tuple[Story, ...]:
    """Every publishable story, newest first (then by file name); every problem at once."""
    stories: list[Story] = []
    errors: list[PlaybookError] = []
    for path in story_files(project):
        display = project.display(path)

        def read(path: Path = path, display: str = display) -> Story | None:
            existing_inside(project.root, path, display)
            return parse_story(read_text(path, display), display, program)

        found = collect(errors, read)
        if found is not None:
            stories.append(found)
    if errors:
        raise ErrorList(errors)
    return tuple(sorted(stories, key=_newest_first))


def _newest_first(story: Story) -> tuple[int, str]:
    return (-story.date.toordinal(), story.file)
