"""Command-line option types that the core's and the features' commands share.

Input: the text of an option as typed. Output: its value, or ``argparse.ArgumentTypeError``
with what to type instead (argparse prints it with the command's usage and exits with 2).
"""

from __future__ import annotations

import argparse


def port_number(text: str) -> int:
    """``--port``: a whole number from 1 to 65535."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port; give a whole number from 1 to 65535, such as 8000")
    return int(text)
