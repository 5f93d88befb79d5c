"""The ``undersigned`` command: Django's manage.py plus the project's own commands.

``undersigned demo``, ``undersigned serve``, ``undersigned worker`` and every Django
command (``undersigned migrate``, ``undersigned createsuperuser`` …) go through here.
"""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line

from undersigned.core.logging import route_output

# The long-running processes of a deployment: whatever they print to standard error
# (a crash's traceback, a warning) goes through the site's logging (core/logging.py).
ROUTED = {"serve", "worker"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "undersigned.settings")
    if len(sys.argv) > 1 and sys.argv[1] in ROUTED:
        route_output()
    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # Production's settings refuse to load without their secret key and hosts: say
        # so in one line (how to run locally included), not in a traceback.
        sys.stderr.write(f"undersigned: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
