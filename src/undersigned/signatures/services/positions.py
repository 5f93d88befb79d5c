"""Places in a declaration's list: given when a signature is published, never reused."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from undersigned.core.db.locks import Namespace, advisory_lock
from undersigned.signatures.models import Signature


def publish_next(signature: Signature) -> None:
    """Give the signature the next place in its declaration's list.

    Places are unique and gapless in publishing order. SQLite runs one write
    transaction at a time (BEGIN IMMEDIATE), so reading the maximum is safe there; on
    PostgreSQL an advisory lock per declaration makes concurrent publishers queue,
    without updating any shared row. The unique constraint is the last guard.
    """
    advisory_lock(Namespace.POSITIONS, signature.declaration_id)
    last = Signature.objects.filter(declaration_id=signature.declaration_id).aggregate(
        last=Max("position")
    )["last"]
    signature.position = (last or 0) + 1
    signature.status = Signature.Status.PUBLISHED
    signature.published_at = timezone.now()
