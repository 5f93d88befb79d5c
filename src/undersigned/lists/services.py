"""Writes of the lists app: publishing a snapshot of a declaration's list."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.declarations.models import Declaration
from undersigned.lists.exports import text_lines
from undersigned.lists.models import Snapshot
from undersigned.lists.selectors import list_entries, list_status_line
from undersigned.lists.snapshots import sha256_hex, snapshot_document
from undersigned.roles.permissions import Action, require
from undersigned.signatures.signatory import ListEntry

logger = logging.getLogger(__name__)


class SnapshotError(Exception):
    """A snapshot the list's state does not allow (a date before the last one, say)."""


def snapshot_text(*, declaration: Declaration, status_date: dt.date) -> tuple[str, int]:
    """The text export of the list at the end of ``status_date``, its status line dated
    that day, and the number of entries."""
    count = 0

    def counted() -> Iterator[ListEntry]:
        nonlocal count
        for entry in list_entries(declaration=declaration, as_of=status_date):
            count += 1
            yield entry

    status = list_status_line(declaration=declaration, as_of=status_date, status_date=status_date)
    text = "".join(text_lines(status, counted()))
    return text, count


def snapshot_publish(
    *,
    declaration: Declaration,
    actor: AbstractBaseUser | AnonymousUser | None,
    status_date: dt.date | None = None,
) -> Snapshot:
    """Freeze the list as it stands at the end of ``status_date`` (default: today) as the
    declaration's next snapshot, chained to the previous one by its SHA-256."""
    require(actor=actor, action=Action.MANAGE_LIST, on=declaration)
    today = timezone.localdate()
    status_date = status_date or today
    if status_date > today:
        raise SnapshotError(_("A snapshot cannot be dated in the future."))
    with transaction.atomic():
        # One publisher at a time per declaration: the chain must not fork.
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.status not in (Declaration.Status.OPEN, Declaration.Status.CLOSED):
            raise SnapshotError(
                _("Only the list of an open or closed declaration can be published.")
            )
        previous = (
            Snapshot.objects.filter(declaration=declaration)
            .defer("text")
            .order_by("-number")
            .first()
        )
        if previous is not None and status_date < previous.status_date:
            raise SnapshotError(
                _("The last snapshot is dated %(date)s; a new one cannot be dated earlier.")
                % {"date": previous.status_date.isoformat()}
            )
        text, count = snapshot_text(declaration=declaration, status_date=status_date)
        previous_sha256 = previous.sha256 if previous is not None else ""
        snapshot = Snapshot.objects.create(
            declaration=declaration,
            number=(previous.number + 1) if previous is not None else 1,
            declaration_slug=declaration.slug,
            status_date=status_date,
            text=text,
            entry_count=count,
            previous_sha256=previous_sha256,
            sha256=sha256_hex(
                snapshot_document(
                    slug=declaration.slug,
                    status_date=status_date,
                    previous_sha256=previous_sha256,
                    text=text,
                )
            ),
            created_by=actor if isinstance(actor, User) else None,
        )
        audit_record(
            action="snapshot.publish",
            target=snapshot,
            actor=actor if isinstance(actor, User | AnonymousUser) else None,
            declaration_id=declaration.pk,
            data={
                "number": snapshot.number,
                "status_date": status_date.isoformat(),
                "entries": count,
                "sha256": snapshot.sha256,
            },
        )
    logger.info(
        "declaration %s: snapshot %s published (%s entries)", declaration.pk, snapshot.number, count
    )
    return snapshot
