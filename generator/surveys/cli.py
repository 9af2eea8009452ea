"""Command-line commands of the surveys feature.

Input: the ``playbook`` sub-command parser and the common options parser.
Output: the feature's commands registered on it (none yet).
"""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands."""
