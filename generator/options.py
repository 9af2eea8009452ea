"""Command-line option types that the core's and the features' commands share.

Input: the text of an option as typed. Output: its value, or ``argparse.ArgumentTypeError``
with what to type instead (argparse prints it with the command's usage and exits with 2).
Also the one message for a ``--host`` and ``--port`` that a serving command cannot listen on
(known only when it tries): ``HOST:PORT: cannot serve there (REASON); choose another --host or --port.``
"""

from __future__ import annotations

import argparse

from generator.errors import PlaybookError


def port_number(text: str) -> int:
    """``--port``: a whole number from 1 to 65535."""
    digits = text.strip()
    if not digits.isdecimal() or not 1 <= int(digits) <= 65535:  # not isdigit: "¹" is a digit int() cannot read
        raise argparse.ArgumentTypeError(f"'{text}' is not a port; give a whole number from 1 to 65535, such as 8000")
    return int(digits)


def cannot_serve(host: str, port: int, reason: str) -> PlaybookError:
    """The problem for a ``--host``/``--port`` pair nothing can listen on; a host that is empty or
    holds spaces or unprintable characters is shown quoted, so the reader sees exactly what was typed."""
    plain = host.isprintable() and bool(host) and not any(character.isspace() for character in host)
    shown = host if plain else repr(host)
    return PlaybookError(f"{shown}:{port}", 0, 0, (), f"cannot serve there ({reason}); choose another --host or --port.")
