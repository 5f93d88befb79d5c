"""``undersigned forum_phases``: move every forum whose next phase is due, now, and
delete supports by email left unconfirmed past UNCONFIRMED_RETENTION_DAYS.

The worker runs the same job on a schedule (FORUM_PHASE_INTERVAL_SECONDS); this command
is for cron when that is off, and shows with ``--dry-run`` what would move.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from undersigned.forums.models import Forum
from undersigned.forums.services.forums import due_phase, forums_advance_due
from undersigned.forums.services.supports import supports_purge_unconfirmed

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Move each forum whose next phase's time has come into that phase."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="show; move nothing")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            now = timezone.now()
            for forum in Forum.objects.exclude(phase=Forum.Phase.CLOSED):
                phase = due_phase(forum, now)
                if phase is not None:
                    self.stdout.write(f"{forum.slug}: {forum.phase} → {phase}")
            return
        moved = forums_advance_due()
        purged = supports_purge_unconfirmed()
        logger.info("forum phases: %s forums moved, %s stale supports deleted", moved, purged)
        self.stdout.write(f"Moved {moved} forums; deleted {purged} unconfirmed supports")
