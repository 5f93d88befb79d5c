"""The counter job: folds new publications and withdrawals into ``DeclarationCounter``.

Why a batched job: signing a declaration must not update one shared row per signature
(under a surge every signer would queue on it). Instead this job runs every few
seconds (``COUNTER_INTERVAL_SECONDS``, scheduled by ``undersigned worker``), one run at
a time, and reads only indexes:

- Positions are given under a per-declaration lock and committed in order, and they are
  gapless, so once a counter has seen positions 1..N, the only new positions are those
  above N: counting them is a short range of the (declaration, position) index, however
  long the list.
- A signature with a position is either published or withdrawn; withdrawals are few and
  are counted afresh each run (an index range too).
- If a declaration's positions are not gapless (an imported list with holes, say), the
  incremental step cannot be trusted and the declaration is recounted in full.

One run at a time: on PostgreSQL the run holds ``pg_try_advisory_xact_lock`` and a
second run that cannot take it returns at once; on SQLite the run is one write
transaction (``BEGIN IMMEDIATE``), and SQLite allows one writer at a time.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max

from undersigned.core.db.locks import Namespace, try_advisory_lock
from undersigned.core.moments import latest
from undersigned.counters.models import DeclarationCounter
from undersigned.declarations.models import Declaration
from undersigned.signatures.models import Signature

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class FoldReport:
    declarations: int = 0
    changed: int = 0
    recounted: int = 0
    skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fold_one(counter: DeclarationCounter) -> tuple[bool, bool]:
    """Bring one counter up to date. Returns (changed, recounted in full)."""
    positioned = Signature.objects.filter(
        declaration_id=counter.declaration_id, position__isnull=False
    ).order_by()
    before = (
        counter.published, counter.positioned, counter.through_position, counter.withdrawn,
        counter.last_published_at, counter.last_withdrawn_at,
    )  # fmt: skip
    recounted = False
    if counter.gapless:
        tail = positioned.filter(position__gt=counter.through_position).aggregate(
            n=Count("pk"), top=Max("position"), last=Max("published_at")
        )
        counter.positioned += tail["n"]
        counter.through_position = tail["top"] or counter.through_position
        counter.last_published_at = latest(counter.last_published_at, tail["last"])
    if not counter.gapless:
        everything = positioned.aggregate(
            n=Count("pk"), top=Max("position"), last=Max("published_at")
        )
        counter.positioned = everything["n"]
        counter.through_position = everything["top"] or 0
        counter.last_published_at = everything["last"]
        recounted = True
    # Withdrawals among the positions counted above; read after them, so a signature
    # published and withdrawn in between is left for the next run rather than half-seen.
    withdrawn = positioned.filter(
        status=Signature.Status.WITHDRAWN, position__lte=counter.through_position
    ).aggregate(n=Count("pk"), last=Max("withdrawn_at"))
    counter.withdrawn = withdrawn["n"]
    counter.last_withdrawn_at = withdrawn["last"]
    counter.published = counter.positioned - counter.withdrawn
    after = (
        counter.published, counter.positioned, counter.through_position, counter.withdrawn,
        counter.last_published_at, counter.last_withdrawn_at,
    )  # fmt: skip
    return after != before or counter._state.adding, recounted


def counters_fold() -> FoldReport:
    """Fold what changed since the last run into every declaration's counter.

    Returns at once (``skipped``) when another run holds the lock. Writes only the
    counters that changed, so an idle site writes nothing.
    """
    with transaction.atomic():
        if not try_advisory_lock(Namespace.COUNTER_FOLD, 0):
            logger.info("counter fold skipped: another run holds the lock")
            return FoldReport(skipped=True)
        counters = {counter.declaration_id: counter for counter in DeclarationCounter.objects.all()}
        changed = recounted = 0
        declaration_ids = list(Declaration.objects.order_by("pk").values_list("pk", flat=True))
        for declaration_id in declaration_ids:
            counter = counters.get(declaration_id) or DeclarationCounter(
                declaration_id=declaration_id
            )
            was_changed, was_recounted = _fold_one(counter)
            recounted += was_recounted
            if was_changed:
                counter.save()
                changed += 1
    report = FoldReport(declarations=len(declaration_ids), changed=changed, recounted=recounted)
    if changed:
        logger.info("counters folded: %s changed of %s", changed, len(declaration_ids))
    return report
