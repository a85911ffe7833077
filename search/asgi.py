"""ASGI entry point: ``make run`` serves ``search.asgi:application`` with gunicorn running
uvicorn workers (``search.serving_config``, ``search.worker``).

uvicorn's event loop reads requests, however slowly they arrive; a complete request runs
in Django's WSGI handler on one of a fixed pool of ``THREADS`` threads
(``web.pool``), the whole middleware chain and the view in that thread, which keeps its
index searcher from one request to the next. Django's own ASGI handler, with this app's
sync middleware, moved each request between the loop and fresh threads six times and
opened a searcher for each: it served ~60% of the requests a second that a pool did
(README, Speed).
Requests with a body, a smuggling pair of headers or an overlong target are refused
before Django reads them (``web.limits``)."""

import os

from django.core.wsgi import get_wsgi_application

from search.web.limits import guard_asgi
from search.web.pool import ThreadPool

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")

# requests one worker process runs at once (a search bounds its own CPU: query.budget);
# more wait on the loop, up to the worker's connection cap (search.worker)
THREADS = 16

application = guard_asgi(ThreadPool(get_wsgi_application(), THREADS))

from search.web.serving import warm_up  # noqa: E402 - needs the app loaded

warm_up()
