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
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Case, CharField, Count, F, Max, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from undersigned.core.db.locks import Namespace, try_advisory_lock
from undersigned.core.moments import latest
from undersigned.counters.models import CountryCount, DailyCount, DeclarationCounter
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
    # The daily and country counts move with the same positions and withdrawals (#14).
    breakdowns_fold(counter, before=before, recounted=recounted)
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
        # DEBUG: it runs every few seconds, and a changed count is no event.
        logger.debug("counters folded: %s changed of %s", changed, len(declaration_ids))
    return report


# --- Daily and country counts (#14) ---------------------------------------------------
# Kept here, as the counter folds, so that the stats page and the API read a few rows
# instead of scanning a list of a million signatures.

# Positions per row of CountryCount: a withdrawal (which erases the signer's country)
# costs a recount of this many rows at most.
COUNTRY_BLOCK = 10_000
# Withdrawals commit in any order: one dated a little before the latest the counter had
# seen may still be new, so the blocks of those this recent are counted afresh.
WITHDRAWAL_MARGIN = timedelta(minutes=5)


def listed_country() -> Case:
    """The country the public list shows for a signature (``lists.selectors._entry``):
    an organization's record's, or what the signer typed before approval; a person's,
    unless they are counted, not named; "" for none."""
    return Case(
        When(kind=Signature.Kind.ORGANIZATION, organization__isnull=False,
             then=F("organization__country")),
        When(kind=Signature.Kind.ORGANIZATION, then=F("org_country")),
        When(show_name=False, then=Value("")),
        default=F("country"),
        output_field=CharField(),
    )  # fmt: skip


def _block() -> Any:
    return (F("position") - 1) / COUNTRY_BLOCK


def _add(rows: dict[Any, Any], key: Any, make: Any, field: str, n: int) -> None:
    row = rows.get(key)
    if row is None:
        row = rows[key] = make()
    setattr(row, field, getattr(row, field) + n)


def _save(model: Any, rows: dict[Any, Any], fields: list[str]) -> None:
    new = [row for row in rows.values() if row.pk is None]
    old = [row for row in rows.values() if row.pk is not None]
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(old, fields, batch_size=500)


def _countries(rows: QuerySet[Signature]) -> Iterator[tuple[int, str, int]]:
    """(block, country, signatories) of the published ``rows``."""
    grouped = (
        rows.filter(status=Signature.Status.PUBLISHED)
        .annotate(block=_block(), listed=listed_country())
        .values("block", "listed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        yield int(row["block"]), row["listed"] or "", int(row["n"])


def breakdowns_fold(
    counter: DeclarationCounter, *, before: tuple[Any, ...], recounted: bool
) -> None:
    """Bring the declaration's daily and country counts up to its counter.

    ``before`` is the counter's figures before this run (published, positioned,
    through_position, withdrawn, last_published_at, last_withdrawn_at). New positions
    are those above the old ``through_position``, up to the new one: the range the
    counter itself just read, so the two agree. Withdrawals are read afresh from their
    small partial index when the counter saw them change; their blocks' countries are
    counted again, the withdrawn signer's country being erased with their data.
    """
    declaration_id = counter.declaration_id
    zone = timezone.get_default_timezone()
    listed = Signature.objects.filter(
        declaration_id=declaration_id,
        position__isnull=False,
        position__lte=counter.through_position,
    ).order_by()
    # A counter made afresh (a new declaration, or after the migration that added these
    # counts) starts them afresh too.
    rebuild = recounted or counter._state.adding
    old_through = 0 if rebuild else int(before[2])
    if rebuild:
        DailyCount.objects.filter(declaration_id=declaration_id).delete()
        CountryCount.objects.filter(declaration_id=declaration_id).delete()
    if counter.through_position > old_through:
        new = listed.filter(position__gt=old_through)
        per_day = (
            new.annotate(day=TruncDate("published_at", tzinfo=zone))
            .values("day")
            .annotate(n=Count("pk"))
            .order_by()
        )
        found = {row["day"]: int(row["n"]) for row in per_day if row["day"] is not None}
        days = {
            row.day: row
            for row in DailyCount.objects.filter(declaration_id=declaration_id, day__in=found)
        }
        for day, n in found.items():
            _add(days, day, lambda day=day: DailyCount(declaration_id=declaration_id, day=day),
                 "signed", n)  # fmt: skip
        _save(DailyCount, days, ["signed"])
        _add_countries(declaration_id, _countries(new))
    withdrawals_moved = (counter.withdrawn, counter.last_withdrawn_at) != (before[3], before[5])
    if rebuild or withdrawals_moved:
        # After a rebuild the countries above are already those of the published only.
        _fold_withdrawals(counter, listed, since=before[5], zone=zone, blocks=not rebuild)


def _add_countries(declaration_id: int, counts: Iterator[tuple[int, str, int]]) -> None:
    found = list(counts)
    blocks = {block for block, _country, _n in found}
    rows = {
        (row.block, row.country): row
        for row in CountryCount.objects.filter(declaration_id=declaration_id, block__in=blocks)
    }
    for block, country, n in found:
        _add(
            rows, (block, country),
            lambda block=block, country=country: CountryCount(
                declaration_id=declaration_id, block=block, country=country
            ),
            "signatories", n,
        )  # fmt: skip
    _save(CountryCount, rows, ["signatories"])


def _fold_withdrawals(
    counter: DeclarationCounter,
    listed: QuerySet[Signature],
    *,
    since: datetime | None,
    zone: Any,
    blocks: bool,
) -> None:
    declaration_id = counter.declaration_id
    withdrawn = listed.filter(status=Signature.Status.WITHDRAWN)
    per_day = {
        row["day"]: int(row["n"])
        for row in withdrawn.annotate(day=TruncDate("withdrawn_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
        if row["day"] is not None
    }
    days = {
        row.day: row
        for row in DailyCount.objects.filter(declaration_id=declaration_id).filter(
            Q(withdrawn__gt=0) | Q(day__in=per_day)
        )
    }
    for row in days.values():
        row.withdrawn = 0
    for day, n in per_day.items():
        _add(days, day, lambda day=day: DailyCount(declaration_id=declaration_id, day=day),
             "withdrawn", n)  # fmt: skip
    _save(DailyCount, days, ["withdrawn"])
    if not blocks:
        return
    recent = (
        withdrawn
        if since is None
        else withdrawn.filter(withdrawn_at__gte=since - WITHDRAWAL_MARGIN)
    )
    touched = recent.annotate(block=_block()).values_list("block", flat=True).distinct()
    for block in sorted({int(block) for block in touched.order_by()}):
        in_block = listed.filter(
            position__gt=block * COUNTRY_BLOCK, position__lte=(block + 1) * COUNTRY_BLOCK
        )
        CountryCount.objects.filter(declaration_id=declaration_id, block=block).delete()
        CountryCount.objects.bulk_create(
            CountryCount(declaration_id=declaration_id, block=block, country=country,
                         signatories=n)
            for _block_number, country, n in _countries(in_block)
        )  # fmt: skip
