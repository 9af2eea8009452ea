"""Site pages for the surveys feature.

Input: the render ``Bundle`` and the ``Renderer``.
Output: navigation ``Section`` objects with their ``Page`` objects (none yet).
"""

from __future__ import annotations

from generator.pages import Bundle, Section
from generator.templating import Renderer


def survey_sections(bundle: Bundle, renderer: Renderer) -> list[Section]:
    """The surveys section(s) of the site."""
    return []
