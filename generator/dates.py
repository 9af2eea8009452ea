"""Dates as people write them: exactly YYYY-MM-DD, and a real day.

Input: text from a CSV cell, a form or the command line.
Output: ``strict_date`` (the day, or None) and ``date_argument`` (an argparse ``type=`` that
refuses anything else with a plain message). Imports nothing of Playbook, so the command line
stays light.
"""

from __future__ import annotations

import argparse
import datetime
import re

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def strict_date(text: str) -> datetime.date | None:
    """The day ``text`` names if written exactly YYYY-MM-DD and real; None otherwise.

    ``datetime.date.fromisoformat`` alone also takes 20260113 and 2026-W03-1, and Unicode digits.
    """
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def date_argument(text: str) -> datetime.date:
    """A date given on the command line (``type=`` of an argparse option): written YYYY-MM-DD and real."""
    day = strict_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, such as 2026-11-20.")
    return day
