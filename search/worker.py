"""The gunicorn worker ``make run`` uses: uvicorn's event loop in front of Django.

Why (issue: slow clients): with gunicorn's sync workers, a client that sends its headers
slowly holds a whole worker until the timeout, and two such clients stopped a two-core
site. Here the event loop reads requests — however slowly they arrive — without
occupying anything but a socket, and Django runs a request only once it is complete,
on the loop's thread, one after another (``web.wsgi_on_loop``); a search's CPU budget
(``query.budget``) bounds what each can take.

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

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn_worker import UvicornWorker

HEADER_TIMEOUT = 10.0  # seconds for a request line and headers, from the first byte awaited
BODY_TIMEOUT = 10.0  # seconds for a body (no view takes one; small ones meet the CSRF check)
MAX_CONNECTIONS = 200  # per worker: open connections and requests in flight, then 503s
MAX_HEADER_BYTES = 16 * 1024  # a request line and headers still incomplete


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


class _Refused(Exception):
    """A request refused while its head is read: the parser stops, the client gets
    ``status`` and the connection closes."""

    def __init__(self, status: bytes) -> None:
        super().__init__(status)
        self.status = status


_TOO_LONG = b"414 URI Too Long"
_TOO_LARGE = b"431 Request Header Fields Too Large"


class ReadTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol (llhttp, in C) with deadlines for reading a request:
    headers must be complete ``HEADER_TIMEOUT`` seconds after the connection opened or
    the previous response ended, a body ``BODY_TIMEOUT`` seconds after its headers. On
    expiry the connection is closed (with a 408 when part of a request had arrived). A
    request line and headers over ``MAX_HEADER_BYTES`` are refused as they arrive (414
    for the target, 431 for the headers): llhttp sets no bound of its own."""

    _deadline: asyncio.TimerHandle | None = None
    _phase: str | None = None  # "headers", "body" or None (nothing being read)
    _begun = False  # bytes of a request have arrived since the last response
    _head_bytes = 0  # bytes received since the last request's headers were complete
    _in_body = False  # a request's headers are complete, its body not yet

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm("headers")

    def data_received(self, data: bytes) -> None:
        """uvicorn's, with the parser stopped by a refusal, and a head that keeps growing
        refused: llhttp holds a header's value until it ends, however long it gets."""
        self._unset_keepalive_if_required()
        if not self._in_body:
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:  # a callback's error too
            if isinstance(error.__context__, _Refused):
                self._refuse(error.__context__.status)
            else:  # as uvicorn answers (a CONNECT's target is not a URL to llhttp)
                self.logger.warning("Invalid HTTP request received.")
                self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserUpgrade:
            self._unsupported_upgrade_warning()  # no WebSocket here: an ordinary request
        if self._in_body and self._phase is None:
            self._arm("body")  # headers complete, the body still to come
        elif not self._in_body and self._head_bytes > MAX_HEADER_BYTES \
                and not self.transport.is_closing():
            self._refuse(_TOO_LARGE)

    # -- the parser's callbacks ------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._begun = True
        self._arm("headers")

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > MAX_HEADER_BYTES:
            raise _Refused(_TOO_LONG)

    def on_headers_complete(self) -> None:
        self._arm(None)  # a body's deadline, if one follows, once this data is parsed
        self._in_body = True
        self._head_bytes = 0  # counted again from the next request's first byte
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_body = False
        self._arm(None)  # the request is complete: the app's time is bounded elsewhere

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing():
            self._arm(None)
        elif self.cycle is None or self.cycle.response_complete:
            self._begun = False
            self._arm("headers")  # idle: waiting for the next request

    def connection_lost(self, exc: Exception | None) -> None:
        self._arm(None)
        super().connection_lost(exc)

    # -- bounds ------------------------------------------------------------------------

    def _refuse(self, status: bytes) -> None:
        self._arm(None)
        self.transport.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\n"
                             b"connection: close\r\n\r\n")
        self.transport.close()

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
        started = self._phase == "body" or self._begun
        self._phase = None
        if started and (self.cycle is None or self.cycle.response_complete
                        or not self.cycle.response_started):
            self.transport.write(b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n"
                                 b"connection: close\r\n\r\n")
        self.transport.close()


class Worker(UvicornWorker):
    CONFIG_KWARGS: dict[str, Any] = {
        "loop": "uvloop",
        "http": ReadTimeoutProtocol,
        "lifespan": "off",
        "ws": "none",
        # X-Forwarded-Proto/For are believed only behind a proxy that sets them
        # (DJANGO_HTTPS=1, from the addresses in --forwarded-allow-ips)
        "proxy_headers": _flag("DJANGO_HTTPS"),
        # idle and slow connections cost a socket each and requests a thread each: past
        # this many per worker, new requests get a 503 at once (the proxy in front caps
        # connections per client; see README, Deploying)
        "limit_concurrency": MAX_CONNECTIONS,
    }
