"""Django's WSGI handler run on uvicorn's event loop, one request at a time per process.

uvicorn's loop reads requests however slowly they arrive (``search.worker``: deadlines,
connection caps), and ``limits.guard_asgi`` reads a request's body before the
application sees it. A request reaches Django complete, then, and nothing in it waits on
a client: the middleware chain and the view run straight through on the loop's thread,
and the response is handed to uvicorn whole, which writes it as the client takes it.
Every request of this app is CPU work (a search, a page, an export), so a process gets
through them fastest one after another; a search's CPU budget (``query.budget``) bounds
how long one may hold the others up, and ``make run`` runs one process per core.

Why not threads (issue 21): a pool of threads took the same requests in turn under the
GIL, paying for a hop to a thread and back, for the loop and the threads taking the GIL
from one another, and for a searcher per thread: ~15% fewer requests a second than this.
Django's own ASGI handler moved each request between the loop and fresh threads six
times (half the requests a second), and a general WSGI-to-ASGI bridge (a2wsgi) made a
round trip to the loop per message. Every response this app sends is small (pages, JSON,
a table's export, static files of a few hundred KB at most), so holding one whole costs
nothing a stream would save.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

from search.web.limits import Receive, Scope, Send

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Response = tuple[int, list[tuple[bytes, bytes]], bytes]


class WSGIOnLoop:
    """An ASGI application running the WSGI application ``app`` on the event loop."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # no lifespan, no WebSocket (search.worker)
            return
        body = bytearray()
        while True:  # already read: the guard replays it
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        status, headers, content = self.run(environ(scope, bytes(body)))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def run(self, env: dict[str, Any]) -> Response:
        """The application's response to ``env``, whole."""
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]],
                           exc_info: Any = None) -> Callable[[bytes], None]:
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return written.append

        written: list[bytes] = []
        iterable = self.app(env, start_response)
        try:
            written.extend(iterable)
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()
        status, headers = started
        return (int(status.split(" ", 1)[0]),
                [(name.lower().encode("latin-1"), value.encode("latin-1"))
                 for name, value in headers],
                b"".join(written))


def environ(scope: Scope, body: bytes) -> dict[str, Any]:
    """PEP 3333's environ for an ASGI HTTP scope: strings are the bytes sent, read as
    Latin-1 (Django reads a path and query back as UTF-8)."""
    root = scope.get("root_path", "")
    path = scope["path"]
    if root and path.startswith(root):
        path = path[len(root):]
    server = scope.get("server") or ("localhost", 80)
    env: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root.encode().decode("latin-1"),
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": server[0],
        "SERVER_PORT": str(server[1] or 0),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if scope.get("client"):
        env["REMOTE_ADDR"], port = scope["client"]
        env["REMOTE_PORT"] = str(port)
    for raw_name, raw_value in scope.get("headers", ()):
        if b"_" in raw_name:
            continue  # X_Forwarded_For would pass for X-Forwarded-For: dropped, as gunicorn does
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        if name not in ("CONTENT_LENGTH", "CONTENT_TYPE"):
            name = "HTTP_" + name
        value = raw_value.decode("latin-1")
        env[name] = f"{env[name]},{value}" if name in env else value
    return env
