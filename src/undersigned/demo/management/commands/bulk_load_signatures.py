"""``undersigned bulk_load_signatures``: many published signatures on one declaration, fast.

For the benchmark of a long list (a million signatures): it writes generated people
("Bench signer 1", …) straight into the table in batches, bypassing the form, the mail
and the per-signature audit rows. One audit row records the whole load. Positions
continue from the declaration's highest one, under the same lock the services take, so
they stay unique and gapless alongside live signing. Afterwards SQLite's write-ahead log
is checkpointed and PostgreSQL's statistics refreshed (``_settle``).
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from undersigned.audit.services import audit_record
from undersigned.core.db.locks import Namespace, advisory_lock
from undersigned.declarations.models import Declaration
from undersigned.signatures.models import Signature

logger = logging.getLogger(__name__)

COUNTRIES = ("DE", "FR", "GB", "UA", "RU", "BR", "IN", "NG", "US", "TR", "PL", "ES")


def positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Add N generated, published signatures to one declaration (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="address (slug) of the declaration")
        parser.add_argument(
            "--count", type=positive, required=True, help="how many signatures to add"
        )
        parser.add_argument(
            "--batch",
            type=positive,
            default=10_000,
            help="signatures per transaction (default: %(default)s)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be added, add nothing"
        )

    def handle(
        self, *args: Any, slug: str, count: int, batch: int, dry_run: bool, **options: Any
    ) -> None:
        if settings.PRODUCTION and not settings.BENCH_ENDPOINTS:
            raise CommandError(
                "bulk_load_signatures writes made-up signatures; in production it runs "
                "only on a benchmark deployment (BENCH_ENDPOINTS=1)."
            )
        declaration = Declaration.objects.filter(slug=slug).first()
        if declaration is None:
            raise CommandError(f"no declaration with the address {slug!r}")
        if dry_run:
            self.stdout.write(f"would add {count} published signatures to {slug!r}")
            return
        started = time.monotonic()
        added = 0
        first_position = None
        while added < count:
            size = min(batch, count - added)
            first = self._insert(declaration, size, offset=added)
            first_position = first_position or first
            added += size
            elapsed = time.monotonic() - started
            logger.info(
                # No digits run into brackets: the log redaction would take "N (M/s" for
                # a phone number.
                "bulk load %s: %s of %s added, %.0f a second",
                slug,
                added,
                count,
                added / max(elapsed, 1e-9),
            )
        self._settle()
        with transaction.atomic():
            audit_record(
                action="signature.bulk_load",
                target=declaration,
                declaration_id=declaration.pk,
                data={"count": count, "first_position": first_position},
            )
        self.stdout.write(
            f"added {count} signatures to {slug!r} (positions {first_position}–"
            f"{first_position + count - 1 if first_position else 0}) "
            f"in {time.monotonic() - started:.1f} s"
        )

    def _settle(self) -> None:
        """Leave the database as a long-running site's would be after such a load.

        On SQLite the load's pages sit in the write-ahead log until a checkpoint, and
        every read looks them up there: the first export of a freshly loaded million
        took almost three times as long as the next (docs/benchmarks.md). On
        PostgreSQL the planner's statistics are refreshed for the grown table. Inside a
        transaction (a caller's, a test's) a checkpoint cannot run, and nothing is done.
        """
        if connection.in_atomic_block:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.execute("PRAGMA optimize")
            elif connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Signature._meta.db_table)}")

    def _insert(self, declaration: Declaration, size: int, *, offset: int) -> int:
        """One batch in one transaction; returns its first position."""
        with transaction.atomic():
            advisory_lock(Namespace.POSITIONS, declaration.pk)
            positions = Signature.objects.filter(declaration=declaration)
            last = positions.aggregate(last=Max("position"))["last"] or 0
            now = timezone.now()
            rows = [
                Signature(
                    declaration=declaration,
                    kind=Signature.Kind.PERSON,
                    status=Signature.Status.PUBLISHED,
                    position=last + index,
                    name=f"Bench signer {offset + index}",
                    country=COUNTRIES[index % len(COUNTRIES)],
                    city="",
                    dedupe_hash=secrets.token_hex(32),
                    source="bulk_load_signatures",
                    confirmed_at=now,
                    published_at=now,
                )
                for index in range(1, size + 1)
            ]
            Signature.objects.bulk_create(rows, batch_size=2_000)
        return last + 1
