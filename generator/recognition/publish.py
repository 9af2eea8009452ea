"""Aggregate stage for stories: what each published story may show, and the story counts per cohort.

Input: the loaded ``Story`` objects, the ``Program`` (cohorts, privacy.min_group_size, story settings).
Output: ``RecognitionFigures``: one ``StoryView`` per published story (named or anonymous) and the
counts per cohort as progress ``Figure`` values, protected by the disclosure control, with the
tables handed to the audit (``tables``). No IO.

The privacy rule for a story without a name (consent anonymous, or named while
``stories.publish_names`` is false): its quote and month are shown; its cohort only when at least
``min_group_size`` such stories share that cohort, and its roles only when, in that cohort, every
combination of roles with such stories has at least ``min_group_size`` of them. So no story without a name
points to a group smaller than the programme's threshold, and the count of such stories per cohort
is withheld below the threshold (with complementary suppression, so it cannot be worked out from
the programme-wide total on the Stories page).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.disclosure import Cell, Equation, Table, protect
from generator.model import Program
from generator.progress.aggregate import COUNT, Figure
from generator.progress.model import cohorts_of
from generator.recognition.model import story_settings_of
from generator.recognition.stories import Story
from generator.textsafe import escape_raw_html

STORIES_PAGE = "stories/index.md"


@dataclass(frozen=True)
class StoryView:
    """A story as the site shows it: what is published and nothing else."""

    quote: str
    title: str | None
    body: str
    day: datetime.date
    month_only: bool
    """A story without a name shows only the month and year of its date."""
    name: str | None
    cohort: str | None
    roles: tuple[str, ...]


@dataclass(frozen=True)
class CohortStories:
    """The stories of one cohort, as its page shows them."""

    cohort: str
    named: int
    unnamed: Figure
    stories: tuple[StoryView, ...]


@dataclass(frozen=True)
class RecognitionFigures:
    """Every published story and the counts per cohort, with the audited tables."""

    minimum: int
    stories: tuple[StoryView, ...]
    highlight: tuple[StoryView, ...]
    cohorts: dict[str, CohortStories]
    tables: tuple[Table, ...]


def shows_name(story: Story, program: Program) -> bool:
    """Whether the site may print the storyteller's name: consent named and names published."""
    return story.named and story_settings_of(program).publish_names


def _view(story: Story, named: bool, cohort_shown: bool, roles_shown: bool) -> StoryView:
    front = story.front
    return StoryView(
        front.quote,
        front.title,
        story.body,
        front.date,
        not named,
        front.name if named else None,
        front.cohort if named or cohort_shown else None,
        front.roles if named or roles_shown else (),
    )


def story_views(stories: Sequence[Story], program: Program, withheld: set[str]) -> tuple[StoryView, ...]:
    """Each story as published, under the privacy rule of this module.

    ``withheld``: the cohorts whose count of stories without a name is withheld (their stories never
    show the cohort, so the count cannot be made by counting them).
    """
    minimum = program.info.privacy.min_group_size
    unnamed = [story for story in stories if not shows_name(story, program)]
    by_cohort = Counter(story.front.cohort for story in unnamed)
    by_group = Counter((story.front.cohort, story.front.roles) for story in unnamed)
    # Roles show for all of a cohort's stories without a name or for none: a story left without its
    # roles beside others showing theirs would tell which small group it comes from.
    small_groups = {cohort for (cohort, _), count in by_group.items() if count < minimum}
    views = []
    for story in stories:
        named = shows_name(story, program)
        cohort_shown = by_cohort[story.front.cohort] >= minimum and story.front.cohort not in withheld
        roles_shown = cohort_shown and story.front.cohort not in small_groups
        view = _view(story, named, cohort_shown, roles_shown)
        views.append(replace(view, body=escape_raw_html(view.body)) if program.info.escape_html else view)
    return tuple(views)


def count_tables(stories: Sequence[Story], program: Program) -> tuple[Table, ...]:
    """Per cohort, the stories with and without a name; the programme's total without a name on the Stories page."""
    minimum = program.info.privacy.min_group_size
    unnamed = Counter(story.front.cohort for story in stories if not shows_name(story, program))
    named = Counter(story.front.cohort for story in stories if shows_name(story, program))
    total = sum(unnamed.values())
    tables, parts = [], []
    for cohort in cohorts_of(program):
        count = unnamed[cohort.id]
        part = Cell(
            f"stories:{cohort.id}:unnamed", float(count), 0.0, float(total), withheld=0 < count < minimum, primary=0 < count < minimum
        )
        shown = Cell(f"stories:{cohort.id}:named", float(named[cohort.id]), 0.0, float(named[cohort.id]), known=True)
        tables.append(Table("Stories", f"progress/{cohort.id}.md", (shown, part)))
        parts.append(part.key)
    whole = Cell("stories:unnamed:all", float(total), float(total), float(total), known=True)
    tables.append(Table("Stories without a name", STORIES_PAGE, (whole,), (Equation(whole.key, tuple(parts)),)))
    protected, _ = protect(tables)
    return protected


def _cells(tables: Sequence[Table]) -> dict[str, Cell]:
    return {cell.key: cell for table in tables for cell in table.cells}


def recognition_figures(stories: Sequence[Story], program: Program) -> RecognitionFigures:
    """What the Stories page, the home page and the cohort pages publish."""
    minimum = program.info.privacy.min_group_size
    tables = count_tables(stories, program)
    cells = _cells(tables)
    withheld = {cohort.id for cohort in cohorts_of(program) if cells[f"stories:{cohort.id}:unnamed"].withheld}
    views = story_views(stories, program, withheld)
    cohorts = {}
    for cohort in cohorts_of(program):
        cell = cells[f"stories:{cohort.id}:unnamed"]
        unnamed = Figure(
            None if cell.withheld else cell.value,
            int(cell.value),
            COUNT,
            withheld=cell.withheld,
            secondary=cell.withheld and not cell.primary,
        )
        mine = tuple(view for view in views if view.cohort == cohort.id)
        named = int(cells[f"stories:{cohort.id}:named"].value)
        cohorts[cohort.id] = CohortStories(cohort.id, named, unnamed, mine)
    highlight = views[: story_settings_of(program).highlight]
    return RecognitionFigures(minimum, views, highlight, cohorts, tables)
