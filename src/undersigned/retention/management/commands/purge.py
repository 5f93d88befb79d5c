"""``undersigned purge``: delete personal data that has outlived its use, now.

The worker runs the same purge on a schedule (PURGE_INTERVAL_MINUTES); this command is
for cron or a systemd timer when that is off, and for a look with ``--dry-run``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from undersigned.retention.services import personal_data_purge

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Delete unconfirmed and rejected signatures, expired sealed contacts, old task rows "
        "and outbox mails; then checkpoint (SQLite) or VACUUM (PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would go; delete nothing"
        )
        parser.add_argument(
            "--vacuum-full",
            action="store_true",
            help="PostgreSQL: VACUUM FULL (rewrites the tables, locks them meanwhile)",
        )

    def handle(self, *args: Any, dry_run: bool, vacuum_full: bool, **options: Any) -> None:
        report = personal_data_purge(dry_run=dry_run, vacuum_full=vacuum_full)
        counts = report.as_dict()
        summary = ", ".join(f"{key}={value}" for key, value in counts.items() if value != "")
        logger.info("purge%s: %s", " (dry run)" if dry_run else "", summary)
        self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'}: {summary}")
