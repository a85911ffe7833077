"""ASGI entry point: ``make run`` serves ``search.asgi:application`` with gunicorn running
uvicorn workers (``search.serving_config``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")

application = get_asgi_application()

from search.web.serving import warm_up  # noqa: E402 - needs the app loaded

warm_up()
