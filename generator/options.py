"""Command-line option types that the core's and the features' commands share.

Input: the text of an option as typed. Output: its value, or ``argparse.ArgumentTypeError``
with what to type instead (argparse prints it with the command's usage and exits with 2).
Also the one message for a ``--host`` and ``--port`` that a serving command cannot listen on:
``HOST:PORT: cannot serve there (REASON); choose another --host or --port.`` (``cannot_serve``), and
``check_can_serve``, which finds that out before a command starts anything by binding a socket there
and releasing it at once.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from generator.errors import PlaybookError

if TYPE_CHECKING:
    import socket

BLANK_HOST = "no address given; 127.0.0.1 is this computer only"


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


def check_can_serve(host: str, port: int, family: socket.AddressFamily | None = None) -> None:
    """Raise ``cannot_serve`` unless a server can listen on ``host:port`` now.

    ``host`` is resolved (``listening_addresses``: a blank host or one that does not resolve is refused),
    and a socket is bound, as servers bind theirs, to the first address that takes it, then closed: a
    host that is not this computer's, or whose port is taken, is refused with the reason.
    """
    reason = _cannot_bind(listening_addresses(host, port, family))
    if reason is not None:
        raise cannot_serve(host, port, reason)


Address = tuple[int, int, int, tuple[Any, ...]]  # family, socket type, protocol, address


def listening_addresses(host: str, port: int, family: socket.AddressFamily | None = None) -> list[Address]:
    """The addresses, each once, a server for ``host:port`` would listen on (of ``family``, by default any).

    Raises ``cannot_serve`` for a blank host (the socket layer would take it for every network
    interface), a host with a character that is not printable (a NUL ends the name the C library
    reads) and a host that does not resolve or cannot be spelt in DNS.
    """
    import socket  # here: the other commands never need it, and it is 3 ms of every start

    if not host.strip():
        raise cannot_serve(host, port, BLANK_HOST)
    if not host.isprintable():  # the C library reads a name only up to a NUL: '0\x00x' would be 0.0.0.0, every interface
        raise cannot_serve(host, port, "not a host name or address")
    try:
        found = socket.getaddrinfo(host, port, family or socket.AF_UNSPEC, socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (UnicodeError, ValueError):  # the name cannot be spelt in DNS (an empty or over-long label, a NUL)
        raise cannot_serve(host, port, "not a host name or address") from None
    except OSError as error:
        raise cannot_serve(host, port, error.strerror or str(error)) from None
    return list(dict.fromkeys((int(found_family), int(kind), protocol, address) for found_family, kind, protocol, _, address in found))


def _cannot_bind(addresses: list[Address]) -> str | None:
    """None once a socket bound to one of ``addresses`` (address reusable at once on POSIX, as servers
    bind) was closed again; else why the first could not be bound."""
    import socket

    reasons: list[str] = []
    for family, kind, protocol, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            if os.name == "posix":
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                reasons.append(error.strerror or str(error))
                continue
        return None
    return reasons[0] if reasons else "no address found"
