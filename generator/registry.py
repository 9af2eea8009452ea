"""The feature registry: the one core module that names feature packages.

Input: nothing. Output: ``FEATURES``, every feature in navigation order, and
``register_commands``, which adds the features' sub-commands to the ``playbook`` parser. The rest
of the core loops over ``FEATURES``; adding a capability means adding its package and one line
here (and its ``cli.register`` in ``_command_registrars`` when it has commands).

The features, with their pydantic models, are imported the first time ``FEATURES`` is read;
the commands come from each feature's light ``cli`` module, so the command line is read (and
``playbook --help`` or ``--version`` answered) without loading any feature.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.feature import Feature

    FEATURES: tuple[Feature, ...]

Registrar = Callable[[Any, argparse.ArgumentParser], None]


def _features() -> tuple[Feature, ...]:
    """Every feature, in navigation order (its place sets the tab order)."""
    from generator.labels.feature import LabelsFeature
    from generator.matching.feature import MatchingFeature
    from generator.outcomes.feature import OutcomesFeature
    from generator.printing.feature import PrintingFeature
    from generator.progress.feature import ProgressFeature
    from generator.recognition.feature import RecognitionFeature
    from generator.surveys.feature import SurveysFeature

    return (
        SurveysFeature(),
        ProgressFeature(),
        RecognitionFeature(),
        OutcomesFeature(),
        MatchingFeature(),
        PrintingFeature(),
        LabelsFeature(),
    )


def _command_registrars() -> tuple[Registrar, ...]:
    """Each feature's ``cli.register``, in the features' order (the order ``playbook --help`` lists them)."""
    from generator.matching import cli as matching
    from generator.printing import cli as printing
    from generator.progress import cli as progress
    from generator.recognition import cli as recognition
    from generator.surveys import cli as surveys

    return (surveys.register, progress.register, recognition.register, matching.register, printing.register)


def register_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """Add every feature's sub-commands (each sets ``handler`` and, when one is needed, ``extra``)."""
    for register in _command_registrars():
        register(commands, common)


def __getattr__(name: str) -> Any:
    """``FEATURES``, imported on first use and kept."""
    if name == "FEATURES":
        features = _features()
        globals()["FEATURES"] = features
        return features
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
