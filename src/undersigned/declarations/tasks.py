"""The scheduled closing of declarations at their ``closes_at``, as a periodic task
(registered in apps.py, run by ``undersigned worker``'s scheduler)."""

from __future__ import annotations

from django.tasks import task

from undersigned.declarations.services import declarations_close_due


@task()
def close_due_declarations() -> int:
    return declarations_close_due()
