"""The feature registry: the one core module that names feature packages.

Input: nothing. Output: ``FEATURES``, every feature in navigation order. The rest of the core
loops over this tuple; adding a capability means adding its package and one line here.
"""

from __future__ import annotations

from generator.feature import Feature
from generator.labels.feature import LabelsFeature
from generator.matching.feature import MatchingFeature
from generator.outcomes.feature import OutcomesFeature
from generator.printing.feature import PrintingFeature
from generator.progress.feature import ProgressFeature
from generator.recognition.feature import RecognitionFeature
from generator.surveys.feature import SurveysFeature

FEATURES: tuple[Feature, ...] = (
    SurveysFeature(),
    ProgressFeature(),
    RecognitionFeature(),
    OutcomesFeature(),
    MatchingFeature(),
    PrintingFeature(),
    LabelsFeature(),
)
