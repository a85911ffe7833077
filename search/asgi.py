"""ASGI entry point: ``make run`` serves ``search.asgi:application`` with gunicorn running
uvicorn workers (``search.serving_config``, ``search.worker``).

uvicorn's event loop reads requests, however slowly they arrive; a complete request runs
in Django's WSGI handler on the loop's thread, one after another (``web.wsgi_on_loop``:
why, and what it replaced).
Requests with a body, a smuggling pair of headers or an overlong target are refused
before Django reads them (``web.limits``)."""

import os

from django.core.wsgi import get_wsgi_application

from search.web.limits import guard_asgi
from search.web.wsgi_on_loop import WSGIOnLoop

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")

application = guard_asgi(WSGIOnLoop(get_wsgi_application()))

from search.web.serving import warm_up  # noqa: E402 - needs the app loaded

warm_up()
