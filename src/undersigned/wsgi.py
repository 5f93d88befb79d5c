"""WSGI entry point, as ``undersigned serve`` and any WSGI server load it.

Django's application sits behind the per-process microcache of shareable pages
(``core/web/microcache.py``, ``PAGE_MICROCACHE_SECONDS``). Each process loads its
URLconf, catalogues and templates before its first request (``core/warmup.py``).
"""

import os

from django.core.wsgi import get_wsgi_application

from undersigned.core.logging import route_output
from undersigned.core.web.microcache import microcached

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "undersigned.settings")
# What the server's processes print goes through the site's logging (core/logging.py).
route_output()

application = microcached(get_wsgi_application())

from undersigned.core.warmup import warm_up  # noqa: E402  (needs the settings loaded)

warm_up()
