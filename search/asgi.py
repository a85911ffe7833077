"""ASGI entry point: ``make run`` serves ``search.asgi:application`` with gunicorn running
uvicorn workers (``search.serving_config``). Requests with a body, a smuggling pair of
headers or an overlong target are refused before Django reads them (``web.limits``)."""

import os

from django.core.asgi import get_asgi_application

from search.web.limits import guard_asgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")

application = guard_asgi(get_asgi_application())

from search.web.serving import warm_up  # noqa: E402 - needs the app loaded

warm_up()
