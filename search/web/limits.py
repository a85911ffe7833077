"""What a request may bring, checked before Django reads anything (issue 19).

A server hands Django a request's body to read (Django's ASGI handler wrote a POST of
gigabytes to a temporary file at ~250 MB/s before the CSRF check refused it). No view of
this app takes a body at all, so a body is refused before it is read — a declared
``Content-Length`` over the limit at once, a chunked one as soon as it passes the limit —
with a 413 that closes the connection; a body within the limit is read on the event loop
before the application runs, so a slow sender holds a socket, never a thread. A request
with both ``Transfer-Encoding`` and ``Content-Length`` (a smuggling attempt: a parser reads it
as chunked and keeps the connection) is a 400 that closes it (RFC 9112 §6.1), and a
request target longer than a proxy would pass is a 414.

``guard_asgi`` wraps the ASGI application ``make run`` serves, ``guard_wsgi`` the WSGI one
(``make dev``, the sync-worker benchmark): the same rules, from ``refusal``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

from django.conf import settings

log = logging.getLogger("search")

MAX_TARGET_BYTES = 8 * 1024  # path and query string: nginx's large_client_header_buffers

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_REASONS = {400: "Bad Request", 413: "Content Too Large", 414: "URI Too Long"}
_MESSAGES = {
    400: "Bad request: Transfer-Encoding and Content-Length together.\n",
    413: "Request body too large: this site takes no request bodies.\n",
    414: "Request target too long.\n",
}


def max_body_bytes() -> int:
    """The largest body any request may carry: Django's own limit for a parsed body (no
    form of this site posts anything; a forged POST this small still meets the CSRF
    check and its 403 page)."""
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def refusal(target_bytes: int, content_length: str | None, chunked: bool) -> int | None:
    """The status a request is refused with before its body is read, or None."""
    if target_bytes > MAX_TARGET_BYTES:
        return 414
    if chunked and content_length is not None:
        return 400
    if content_length is not None:
        length = content_length.strip()
        if not length.isdigit():
            return 400
        if int(length) > max_body_bytes():
            return 413
    return None


def _asgi_headers(scope: Scope) -> tuple[str | None, bool]:
    length: str | None = None
    chunked = False
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            length = value.decode("latin-1")
        elif name.lower() == b"transfer-encoding":
            chunked = True
    return length, chunked


def _response(status: int) -> tuple[list[tuple[bytes, bytes]], bytes]:
    body = _MESSAGES[status].encode()
    return [(b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")], body


async def _refuse(send: Send, status: int) -> None:
    headers, body = _response(status)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive) -> list[Message] | None:
    """The request's body messages, read on the event loop before the application runs
    (a slow body holds a socket, never one of the application's threads); None once the
    body passes the limit (a chunked one: its length was not declared)."""
    messages: list[Message] = []
    received = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages  # the client is gone: the application hears it
        received += len(message.get("body", b""))
        if received > max_body_bytes():
            return None
        if not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """``receive`` that first gives back the messages already read."""
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


def guard_asgi(app: ASGIApp) -> ASGIApp:
    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b""))
        length, chunked = _asgi_headers(scope)
        status = refusal(target, length, chunked)
        if status is not None:
            log.warning("refused %s %s: %d", scope["method"], scope["path"][:80], status)
            await _refuse(send, status)
            return
        messages = await _read_body(receive)
        if messages is None:
            log.warning("refused %s %s: a body over %d bytes", scope["method"],
                        scope["path"][:80], max_body_bytes())
            await _refuse(send, 413)
            return
        await app(scope, _replay(messages, receive), send)

    return guarded


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def guard_wsgi(app: WSGIApp) -> WSGIApp:
    """The same rules for a WSGI server (which hands Django an unread body stream; a
    chunked body of unknown length is refused: no view takes one)."""

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]
                ) -> Iterable[bytes]:
        target = len(environ.get("PATH_INFO", "").encode("latin-1", "replace")) + len(
            environ.get("QUERY_STRING", ""))
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        length = environ.get("CONTENT_LENGTH") or None
        status = refusal(target, length, chunked)
        if status is None and chunked:
            status = 413
        if status is None:
            return app(environ, start_response)
        headers, body = _response(status)
        start_response(f"{status} {_REASONS[status]}",
                       [(k.decode().title(), v.decode()) for k, v in headers
                        if k != b"connection"])
        return [body]

    return guarded
