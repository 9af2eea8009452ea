"""The labels feature as the core sees it: its declared section.

Input: the core's hooks (``generator.feature.Feature``).
Output: ``LabelsFeature``, registered in ``generator.registry``; other features read names
through ``generator.labels.names.name_of``.
"""

from __future__ import annotations

from generator.feature import Declared, Feature
from generator.labels.model import NAME, Labels


class LabelsFeature(Feature):
    """Names for the ids of skills, levels, departments and statuses."""

    name = NAME
    declared = (Declared(NAME, Labels, Labels(), "Names for ids shown on pages: skills, levels, departments and statuses."),)
