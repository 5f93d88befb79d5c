"""The forums' periodic job: moving forums whose next phase is due, and deleting supports
by email never confirmed in time. apps.py registers it with the worker's scheduler every
FORUM_PHASE_INTERVAL_SECONDS; `undersigned forum_phases` runs the same from cron."""

from __future__ import annotations

from django.tasks import task

from undersigned.forums.services.forums import forums_advance_due
from undersigned.forums.services.supports import supports_purge_unconfirmed


@task()
def advance_forum_phases() -> dict[str, int]:
    return {"moved": forums_advance_due(), "purged": supports_purge_unconfirmed()}
