"""The forums' periodic job: moving forums whose next phase is due. apps.py registers it
with the worker's scheduler every FORUM_PHASE_INTERVAL_SECONDS; `undersigned
forum_phases` runs the same service from cron or by hand."""

from __future__ import annotations

from django.tasks import task

from undersigned.forums.services.forums import forums_advance_due


@task()
def advance_forum_phases() -> int:
    return forums_advance_due()
