"""The ``undersigned`` command: Django's manage.py plus the project's own commands.

``undersigned demo``, ``undersigned serve``, ``undersigned worker`` and every Django
command (``undersigned migrate``, ``undersigned createsuperuser`` …) go through here.
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "undersigned.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
