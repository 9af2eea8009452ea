"""Start-up: reading the command line loads no feature; the features load on first use of ``FEATURES``;
reading a programme (what ``match``, ``ingest`` or ``links`` do) loads no page-rendering module.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from generator import registry
from generator.cli import build_parser
from tests.conftest import REPO

MODULES_AFTER_PARSING = """
import json, sys
from generator.cli import build_parser
build_parser().parse_args(["build"])
print(json.dumps(sorted(sys.modules)))
"""


MODULES_AFTER_LOADING = """
import json, sys
from generator.loading import load_programme
from generator.project import Project
load_programme(Project.at(sys.argv[1]), content=False)
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(program: str, *arguments: str) -> set[str]:
    """Every module a fresh interpreter holds once ``program`` has run."""
    result = subprocess.run([sys.executable, "-c", program, *arguments], cwd=REPO, capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def test_parsing_the_command_line_loads_no_feature_and_no_model() -> None:
    loaded = modules_after(MODULES_AFTER_PARSING)
    features = sorted(name for name in loaded if name.startswith("generator.") and name.endswith(".feature"))
    assert features == []
    assert {"generator.model", "pydantic", "jinja2", "icalendar"} & loaded == set()
    assert "generator.matching.cli" in loaded  # the features' commands come from their light cli modules


def test_every_command_is_offered_in_the_features_order() -> None:
    parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    assert list(commands.choices) == [
        *("new", "check", "build", "serve", "schema"),
        *("collect", "ingest", "links"),
        *("report", "pack", "remind"),
        "certificates",
        "match",
        "pdf",
    ]


def test_features_load_once_and_other_names_are_refused() -> None:
    assert registry.FEATURES is registry.FEATURES
    with pytest.raises(AttributeError, match="NO_SUCH_NAME"):
        _ = registry.NO_SUCH_NAME


def test_reading_a_programme_loads_no_page_rendering() -> None:
    loaded = modules_after(MODULES_AFTER_LOADING, str(REPO))
    assert "generator.progress.feature" in loaded
    rendering = {"generator.progress.pages", "generator.surveys.pages", "generator.recognition.pages", "generator.printing.output"}
    assert rendering & loaded == set()
