"""Time limits for slow clients of ``playbook collect`` (slowloris), on top of uvicorn.

Input: uvicorn's h11 HTTP protocol and the collector's ``Settings``.
Output: ``timed_protocol(header_seconds)``, a protocol class that closes a connection whose request
headers do not arrive complete within ``header_seconds`` (from connecting, or from the end of the
previous response on a kept-alive connection). The body's limit is ``read_body``'s, in the app.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class _HeaderTimedProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's headers."""

    header_seconds = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._start_header_timer()

    def _start_header_timer(self) -> None:
        self._cancel_header_timer()
        self._header_timer = self.loop.call_later(self.header_seconds, self._headers_too_slow)

    def _cancel_header_timer(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:
            self._cancel_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._start_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)


def timed_protocol(header_seconds: float) -> type[Any]:
    """The protocol class uvicorn should use: headers must arrive within ``header_seconds``."""
    return type("HeaderTimedProtocol", (_HeaderTimedProtocol,), {"header_seconds": header_seconds})
