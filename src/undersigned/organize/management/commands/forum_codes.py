"""``undersigned forum_codes``: issue participation codes for a forum (printed on paper,
so participants need no email), list the batches, or revoke a batch.

Codes are written to standard output once, as they are issued (plain text, one a line,
or CSV for a mail merge into printed cards); the database keeps only their keyed hashes,
so they cannot be listed again.
"""

from __future__ import annotations

import csv
import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q

from undersigned.forums.models import Forum, ParticipationCode
from undersigned.forums.services.codes import MAX_BATCH, codes_issue, codes_revoke_batch
from undersigned.forums.services.errors import ForumError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Issue, list or revoke a forum's participation codes."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        issue = actions.add_parser("issue", help="issue new codes and print them (once)")
        issue.add_argument("forum", metavar="SLUG")
        issue.add_argument(
            "--count", type=int, default=50, help=f"how many (1–{MAX_BATCH}; default: 50)"
        )
        issue.add_argument(
            "--kind", choices=ParticipationCode.Kind.values, default="person",
            help="for people or organizations (default: person)",
        )  # fmt: skip
        issue.add_argument(
            "--format", choices=["text", "csv"], default="text",
            help="one code a line, or CSV with the forum's name (default: text)",
        )  # fmt: skip
        listing = actions.add_parser("list", help="the batches issued, with counts")
        listing.add_argument("forum", metavar="SLUG")
        revoke = actions.add_parser("revoke", help="revoke a batch (a lost sheet)")
        revoke.add_argument("forum", metavar="SLUG")
        revoke.add_argument("--batch", type=int, required=True)
        revoke.add_argument("--dry-run", action="store_true", help="count; revoke nothing")

    def handle(self, *args: Any, action: str, forum: str, **options: Any) -> None:
        found = Forum.objects.filter(slug=forum).first()
        if found is None:
            raise CommandError(f"no forum {forum!r}")
        try:
            getattr(self, f"_{action}")(found, **options)
        except ForumError as exc:
            raise CommandError(str(exc)) from None

    def _issue(self, forum: Forum, *, count: int, kind: str, format: str, **_: Any) -> None:
        codes = codes_issue(forum=forum, count=count, kind=kind)
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(["forum", "code"])
            for code in codes:
                writer.writerow([forum.name, code])
        else:
            for code in codes:
                self.stdout.write(code)
        logger.info("forum %s: %s codes issued", forum.pk, len(codes))

    def _list(self, forum: Forum, **_: Any) -> None:
        rows = (
            ParticipationCode.objects.filter(forum=forum)
            .values("batch", "kind")
            .annotate(count=Count("pk"), revoked=Count("pk", filter=Q(revoked=True)))
            .order_by("batch")
        )
        for row in rows:
            self.stdout.write(
                f"batch {row['batch']}: {row['count']} {row['kind']} codes, "
                f"{row['revoked']} revoked"
            )

    def _revoke(self, forum: Forum, *, batch: int, dry_run: bool, **_: Any) -> None:
        if dry_run:
            n = ParticipationCode.objects.filter(forum=forum, batch=batch, revoked=False).count()
            self.stdout.write(f"Would revoke {n} codes")
            return
        n = codes_revoke_batch(forum=forum, batch=batch)
        logger.info("forum %s: batch %s, %s codes revoked", forum.pk, batch, n)
        self.stdout.write(f"Revoked {n} codes")
