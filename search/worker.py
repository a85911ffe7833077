"""The gunicorn worker ``make run`` uses: uvicorn's event loop in front of Django.

Why (issue: slow clients): with gunicorn's sync workers, a client that sends its headers
slowly holds a whole worker until the timeout, and two such clients stopped a two-core
site. Here the event loop reads requests — however slowly they arrive — without
occupying anything but a socket, and Django runs a request only once it is complete.
Django runs sync views one at a time per process (asgiref's thread-sensitive mode), which
on CPU-bound search is what sync workers did anyway: one worker process per core."""

from __future__ import annotations

import os
from typing import Any

from uvicorn_worker import UvicornWorker


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


class Worker(UvicornWorker):
    CONFIG_KWARGS: dict[str, Any] = {
        "loop": "asyncio",
        "http": "h11",
        "lifespan": "off",
        # X-Forwarded-Proto/For are believed only behind a proxy that sets them
        # (DJANGO_HTTPS=1, from the addresses in --forwarded-allow-ips)
        "proxy_headers": _flag("DJANGO_HTTPS"),
        # idle and slow connections cost a socket each; past this many per worker, new
        # connections get a 503 instead of exhausting file descriptors
        "limit_concurrency": 1000,
        "h11_max_incomplete_event_size": 16 * 1024,  # request line and headers
    }
