"""WSGI entry point: gunicorn serves ``search.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "search.settings")

application = get_wsgi_application()
