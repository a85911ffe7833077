"""WSGI entry point: gunicorn serves ``search.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")

application = get_wsgi_application()

from search.web.serving import warm_up  # noqa: E402 - needs the app loaded

warm_up()
