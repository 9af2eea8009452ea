"""Site pages for recognition: the Stories page.

Input: the render ``Bundle`` (its ``figures["recognition"]``) and the ``Renderer``.
Output: a "Stories" ``Section`` with ``stories/index.md`` when the programme has published stories,
and the stories part of each cohort page (``cohort_stories``, placed by the progress feature's
cohort page). The home page's highlight comes from the same figures (``stories-highlight.md.j2``).
"""

from __future__ import annotations

from markupsafe import Markup

from generator.i18n import gettext as _
from generator.pages import Bundle, Page, Section
from generator.recognition.model import NAME
from generator.recognition.publish import STORIES_PAGE, RecognitionFigures
from generator.templating import Renderer
from generator.textsafe import trusted


def story_sections(bundle: Bundle, renderer: Renderer) -> list[Section]:
    """The Stories section (none when no story is published)."""
    figures = bundle.figures.get(NAME)
    if not isinstance(figures, RecognitionFigures) or not figures.stories:
        return []
    page = Page(STORIES_PAGE, renderer.render("stories.md.j2", figures=figures))
    return [Section(_("Stories"), (page,))]


def cohort_stories(figures: object, renderer: Renderer) -> dict[str, Markup]:
    """The recognition part of each cohort page, by cohort id (none for a cohort without stories)."""
    if not isinstance(figures, RecognitionFigures):
        return {}
    return {
        cohort: trusted(renderer.render("cohort-stories.md.j2", mine=mine, minimum=figures.minimum))
        for cohort, mine in figures.cohorts.items()
        if mine.named or mine.unnamed.withheld or mine.unnamed.value
    }
