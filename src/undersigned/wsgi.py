"""WSGI entry point, as ``undersigned serve`` and any WSGI server load it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "undersigned.settings")

application = get_wsgi_application()
