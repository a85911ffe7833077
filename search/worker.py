"""The gunicorn worker ``make run`` uses: uvicorn's event loop in front of Django.

Why (issue: slow clients): with gunicorn's sync workers, a client that sends its headers
slowly holds a whole worker until the timeout, and two such clients stopped a two-core
site. Here the event loop reads requests — however slowly they arrive — without
occupying anything but a socket, and Django runs a request only once it is complete.
Django runs a complete request on one of a pool of threads (``search.asgi``), so
requests of one process run side by side, sharing its cores under the GIL; a search's
CPU budget (``query.budget``) bounds what each can take.

A socket is still a resource (issue 19: 2,100 held sockets made every new request a 503):
uvicorn starts its keep-alive timer only after a response, so a connection that sends
nothing, or its headers a byte at a time, stayed open for good. ``ReadTimeoutProtocol``
gives the request line and headers, and then the body, a deadline of their own that
arriving bytes do not extend. In production a buffering reverse proxy sits in front
(README, Deploying) and caps connections per client; these bounds are the app's own.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn_worker import UvicornWorker

HEADER_TIMEOUT = 10.0  # seconds for a request line and headers, from the first byte awaited
BODY_TIMEOUT = 10.0  # seconds for a body (no view takes one; small ones meet the CSRF check)
MAX_CONNECTIONS = 200  # per worker: open connections and requests in flight, then 503s
MAX_HEADER_BYTES = 16 * 1024  # a request line and headers still incomplete


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


class ReadTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with deadlines for reading a request: headers must be
    complete ``HEADER_TIMEOUT`` seconds after the connection opened or the previous
    response ended, a body ``BODY_TIMEOUT`` seconds after its headers. On expiry the
    connection is closed (with a 408 when part of a request had arrived)."""

    _deadline: asyncio.TimerHandle | None = None
    _phase: str | None = None  # "headers", "body" or None (nothing being read)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch_reading()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_reading()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        self._arm(None)
        super().connection_lost(exc)

    def _watch_reading(self) -> None:
        if self.transport is None or self.transport.is_closing():
            self._arm(None)
        elif self.conn.their_state is h11.IDLE:
            self._arm("headers")
        elif self.conn.their_state is h11.SEND_BODY:
            self._arm("body")
        else:  # the request is complete: the app's time is bounded elsewhere
            self._arm(None)

    def _arm(self, phase: str | None) -> None:
        if phase == self._phase:
            return  # arriving bytes do not extend a deadline
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._phase = phase
        if phase is not None:
            seconds = HEADER_TIMEOUT if phase == "headers" else BODY_TIMEOUT
            self._deadline = self.loop.call_later(seconds, self._expired)

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        started = self._phase == "body" or bool(self.conn.trailing_data[0])
        self._phase = None
        if started and self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n"
                                 b"connection: close\r\n\r\n")
        self.transport.close()


class Worker(UvicornWorker):
    CONFIG_KWARGS: dict[str, Any] = {
        "loop": "asyncio",
        "http": ReadTimeoutProtocol,
        "lifespan": "off",
        # X-Forwarded-Proto/For are believed only behind a proxy that sets them
        # (DJANGO_HTTPS=1, from the addresses in --forwarded-allow-ips)
        "proxy_headers": _flag("DJANGO_HTTPS"),
        # idle and slow connections cost a socket each and requests a thread each: past
        # this many per worker, new requests get a 503 at once (the proxy in front caps
        # connections per client; see README, Deploying)
        "limit_concurrency": MAX_CONNECTIONS,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
    }
