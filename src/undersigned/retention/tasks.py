"""The periodic purge as a task.

django.tasks has no scheduler; ``undersigned worker`` runs the project's small one
(core/queue/schedule.py), with which this app registers the purge every
PURGE_INTERVAL_MINUTES (apps.py). PURGE_INTERVAL_MINUTES=0 leaves the schedule to cron
or a systemd timer running ``undersigned purge``.
"""

from __future__ import annotations

from django.tasks import task

from undersigned.retention.services import personal_data_purge


@task()
def purge_personal_data() -> dict[str, int | str]:
    return personal_data_purge().as_dict()
