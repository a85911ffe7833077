"""WSGI entry point: gunicorn serves ``search.wsgi:application``; requests with a body are
refused before Django reads them (``web.limits``)."""

import os

from django.core.wsgi import get_wsgi_application

from search.web.limits import guard_wsgi

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")

application = guard_wsgi(get_wsgi_application())

from search.web.serving import warm_up  # noqa: E402 - needs the app loaded

warm_up()
