"""The purge: personal data that is no longer needed leaves the database, for real.

What goes, and when (settings, docs/security.md):

- unconfirmed signatures (held ones included) UNCONFIRMED_RETENTION_DAYS after they were
  made: whoever typed the address never confirmed it;
- rejected signatures REJECTED_RETENTION_DAYS after the rejection;
- sealed contacts CONTACTS_RETENTION_DAYS after their declaration closed or was
  withdrawn, and at once those of signatures withdrawn or rejected;
- finished task rows and the mail outbox's files OUTBOX_RETENTION_DAYS after they were
  written (the outbox holds addresses and private links);
- import previews that were never committed UNCONFIRMED_RETENTION_DAYS after they were
  made (a pasted list may name individuals);
- the keys of sealed addresses (core/shredding.py) with their signatures, and any key
  older than UNCONFIRMED_RETENTION_DAYS (one whose row a crash left behind).

Deleting a row is not enough: SQLite keeps old page images in its write-ahead log
until a checkpoint (secure_delete already zeroes freed space in the database file),
and PostgreSQL keeps dead row versions until VACUUM. The purge checkpoints the WAL
with TRUNCATE on SQLite and VACUUMs the tables it touched on PostgreSQL (FULL, which
rewrites them, with ``vacuum_full``).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from undersigned.audit.services import audit_record
from undersigned.contacts.models import SealedContact
from undersigned.core.shredding import shred_destroy, shred_sweep
from undersigned.declarations.models import Declaration
from undersigned.imports.models import ImportDraft
from undersigned.signatures.models import Signature

logger = logging.getLogger(__name__)

FINISHED_TASK_STATUSES = ("SUCCESSFUL", "FAILED")


@dataclass
class PurgeReport:
    unconfirmed: int = 0
    rejected: int = 0
    contacts: int = 0
    task_results: int = 0
    import_drafts: int = 0
    outbox_files: int = 0
    address_keys: int = 0
    storage: str = ""

    def as_dict(self) -> dict[str, int | str]:
        return asdict(self)


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def _unconfirmed(now: datetime) -> QuerySet[Signature]:
    return Signature.objects.filter(
        status=Signature.Status.UNCONFIRMED,
        created_at__lt=now - _days(settings.UNCONFIRMED_RETENTION_DAYS),
    )


def _rejected(now: datetime) -> QuerySet[Signature]:
    return Signature.objects.annotate(rejected_at=Coalesce("moderated_at", "created_at")).filter(
        status=Signature.Status.REJECTED,
        rejected_at__lt=now - _days(settings.REJECTED_RETENTION_DAYS),
    )


def _contacts(now: datetime) -> QuerySet[SealedContact]:
    cutoff = now - _days(settings.CONTACTS_RETENTION_DAYS)
    return SealedContact.objects.filter(
        Q(declaration__status=Declaration.Status.CLOSED, declaration__closed_at__lt=cutoff)
        | Q(declaration__status=Declaration.Status.WITHDRAWN, declaration__updated_at__lt=cutoff)
        | Q(signature__status__in=[Signature.Status.WITHDRAWN, Signature.Status.REJECTED])
    )


def _task_results(now: datetime) -> QuerySet[Any]:
    return DBTaskResult.objects.filter(
        status__in=FINISHED_TASK_STATUSES,
        finished_at__lt=now - _days(settings.OUTBOX_RETENTION_DAYS),
    )


def _import_drafts(now: datetime) -> QuerySet[ImportDraft]:
    # An import preview that was never committed: a pasted list may name individuals.
    return ImportDraft.objects.filter(
        created_at__lt=now - _days(settings.UNCONFIRMED_RETENTION_DAYS)
    )


def _outbox_files(now: datetime) -> list[Path]:
    directory = settings.MAIL_OUTBOX_DIR
    if not directory.is_dir():
        return []
    cutoff = (now - _days(settings.OUTBOX_RETENTION_DAYS)).timestamp()
    return [path for path in directory.glob("*.eml") if path.stat().st_mtime < cutoff]


def personal_data_purge(
    *, now: datetime | None = None, dry_run: bool = False, vacuum_full: bool = False
) -> PurgeReport:
    """Delete what has outlived its use (see the module's docstring); return the counts.

    With ``dry_run`` nothing is deleted: the report says what would be.
    """
    now = now or timezone.now()
    unconfirmed, rejected = _unconfirmed(now), _rejected(now)
    contacts, tasks = _contacts(now), _task_results(now)
    drafts = _import_drafts(now)
    files = _outbox_files(now)
    if dry_run:
        return PurgeReport(
            unconfirmed=unconfirmed.count(),
            rejected=rejected.count(),
            contacts=contacts.count(),
            task_results=tasks.count(),
            import_drafts=drafts.count(),
            outbox_files=len(files),
        )
    report = PurgeReport()
    with transaction.atomic():
        by_declaration: dict[int, int] = {}
        for contact in contacts.select_related("declaration"):
            by_declaration[contact.declaration_id] = (
                by_declaration.get(contact.declaration_id, 0) + 1
            )
        report.contacts = SealedContact.objects.filter(
            pk__in=list(contacts.values_list("pk", flat=True))
        ).delete()[0]
        for declaration in Declaration.objects.filter(pk__in=by_declaration):
            audit_record(
                action="contacts.purge",
                target=declaration,
                declaration_id=declaration.pk,
                data={"count": by_declaration[declaration.pk]},
            )
        for field, queryset in (("unconfirmed", unconfirmed), ("rejected", rejected)):
            doomed = list(queryset.only("pk", "declaration_id", "status", "sealed_email"))
            for signature in doomed:
                if signature.sealed_email:
                    sealed = signature.sealed_email
                    transaction.on_commit(partial(shred_destroy, sealed))
                audit_record(
                    action="signature.purge",
                    target=signature,
                    declaration_id=signature.declaration_id,
                    data={"status": signature.status},
                )
            # The sealed contact goes with its signature.
            report.contacts += SealedContact.objects.filter(
                signature__in=[s.pk for s in doomed]
            ).delete()[0]
            deleted = Signature.objects.filter(pk__in=[s.pk for s in doomed]).delete()[1]
            setattr(report, field, deleted.get("signatures.Signature", 0))
        report.task_results = tasks.delete()[0]
        report.import_drafts = drafts.delete()[0]
    for path in files:
        path.unlink(missing_ok=True)
        report.outbox_files += 1
    # No address key outlives the longest a sealed address may wait for its mail (a held
    # signature, until this purge deletes it): one whose row is gone goes too.
    report.address_keys = shred_sweep(older_than=_days(settings.UNCONFIRMED_RETENTION_DAYS))
    report.storage = storage_scrub(vacuum_full=vacuum_full)
    logger.info("purge: %s", report.as_dict())
    return report


# The tables that hold personal data, or held it before the purge.
def _personal_tables() -> list[str]:
    return [
        Signature._meta.db_table,
        SealedContact._meta.db_table,
        DBTaskResult._meta.db_table,
    ]


def storage_scrub(*, vacuum_full: bool = False) -> str:
    """Make deleted rows unreadable in the database files; says what it did."""
    if connection.in_atomic_block:
        # Neither a checkpoint nor VACUUM can run inside a transaction (tests, callers
        # that wrap the purge): the next purge outside one does it.
        return "skipped (inside a transaction)"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # secure_delete zeroes freed space in the database file; the WAL still holds
            # the old pages until they are checkpointed and the log is truncated.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return "sqlite: wal_checkpoint(TRUNCATE)"
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(t) for t in _personal_tables())
            option = "FULL, ANALYZE" if vacuum_full else "ANALYZE"
            cursor.execute(f"VACUUM ({option}) {tables}")
            return f"postgresql: VACUUM ({option})"
    return "nothing to do for this database"
