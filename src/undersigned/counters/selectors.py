"""Cheap reads of a declaration's count and list state, for the public pages.

Each reads the counter the job keeps (``DeclarationCounter``) plus, where the page must
not lag, the short tail of positions given since the job's last run (a range of the
(declaration, position) index). A declaration the job has not seen yet is counted
exactly, the slow way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from undersigned.counters.models import DeclarationCounter
from undersigned.declarations.models import Declaration
from undersigned.lists.models import Snapshot
from undersigned.signatures.models import Signature


def declaration_counter(*, declaration: Declaration) -> DeclarationCounter | None:
    """The declaration's counter (from ``select_related("counter")`` when it was used)."""
    try:
        return declaration.counter
    except ObjectDoesNotExist:
        return None


def _published(declaration: Declaration) -> QuerySet[Signature]:
    return Signature.objects.published().filter(declaration=declaration).order_by()


def published_count(*, declaration: Declaration) -> int:
    """The published signatures, as the page shows them.

    The counter plus what was published since the job last ran, so a signer finds their
    signature counted at once; a withdrawal shows once the job has run (seconds).
    """
    counter = declaration_counter(declaration=declaration)
    if counter is None:
        return _published(declaration).count()
    tail = _published(declaration).filter(position__gt=counter.through_position).count()
    return counter.published + tail


def exact_published_count(*, declaration: Declaration) -> int:
    """The exact count, for exports and checks: a full count of the list."""
    return _published(declaration).count()


def top_position(*, declaration: Declaration) -> int:
    """The highest position given in the declaration (0 for none): one index lookup."""
    top = (
        Signature.objects.filter(declaration=declaration, position__isnull=False)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return top or 0


def last_position_of(rows: QuerySet[Any, Any]) -> int:
    """The highest position among ``rows`` (a list as of a day, say): one aggregate."""
    return rows.order_by().aggregate(top=Max("position"))["top"] or 0


@dataclass(frozen=True, kw_only=True)
class ListState:
    """What the caching headers of a declaration's public pages are made of."""

    declaration_id: int
    status: str
    updated_at: datetime
    # The counter's folded figures (published, positioned, through_position, withdrawn)
    # and its last publication, withdrawal and update; None before the job has run.
    counter: tuple[int, int, int, int] | None
    counted_published_at: datetime | None
    counted_withdrawn_at: datetime | None
    counted_at: datetime | None
    # The highest position given and when it was published; the latest snapshot.
    top_position: int
    top_published_at: datetime | None
    snapshot_number: int

    @property
    def changed_at(self) -> datetime:
        """Last-Modified: the declaration's own change, the folded list's last change and
        any publication since (positions follow publishing order, so the top one's is the
        latest). A withdrawal shows once the job has run, as it does in the ETag."""
        moments = [self.updated_at, self.counted_published_at, self.counted_withdrawn_at]
        if self.counter is None or self.top_position > self.counter[2]:
            moments.append(self.top_published_at)
        return max(moment for moment in moments if moment is not None)


_LIST_STATE_SQL: dict[str, str] = {}


def _list_state_sql(vendor: str) -> str:
    if vendor not in _LIST_STATE_SQL:
        q = connection.ops.quote_name
        d, c = q(Declaration._meta.db_table), q(DeclarationCounter._meta.db_table)
        s, n = q(Signature._meta.db_table), q(Snapshot._meta.db_table)
        top = (
            f"FROM {s} WHERE {s}.{q('declaration_id')} = {d}.{q('id')} "
            f"AND {s}.{q('position')} IS NOT NULL ORDER BY {s}.{q('position')} DESC LIMIT 1"
        )
        latest = f"FROM {n} WHERE {n}.{q('declaration_id')} = {d}.{q('id')}"
        counter_columns = (
            "published", "positioned", "through_position", "withdrawn",
            "last_published_at", "last_withdrawn_at", "updated_at",
        )  # fmt: skip
        columns = [
            f"{d}.{q('id')}",
            f"{d}.{q('status')}",
            f"{d}.{q('updated_at')}",
            *(f"{c}.{q(column)}" for column in counter_columns),
            f"(SELECT {s}.{q('position')} {top})",
            f"(SELECT {s}.{q('published_at')} {top})",
            f"(SELECT MAX({n}.{q('number')}) {latest})",
        ]
        # Names from the models' metadata only; the slug and statuses are parameters.
        _LIST_STATE_SQL[vendor] = (
            f"SELECT {', '.join(columns)} "  # noqa: S608
            f"FROM {d} LEFT JOIN {c} ON {c}.{q('declaration_id')} = {d}.{q('id')} "
            f"WHERE {d}.{q('slug')} = %s AND {d}.{q('status')} IN (%s, %s)"
        )
    return _LIST_STATE_SQL[vendor]


def _moment(value: Any) -> datetime | None:
    # A raw query's datetimes: aware ones from PostgreSQL, UTC text from SQLite.
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            return None
        value = parsed
    assert isinstance(value, datetime)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def list_state(*, slug: str) -> ListState | None:
    """The ``ListState`` of the open or closed declaration ``slug`` (None for any other).

    One statement, written out rather than built by the ORM: every page view and every
    revalidation runs it, and composing and compiling it through querysets cost ten
    times what SQLite took to answer it.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _list_state_sql(connection.vendor),
            [slug, Declaration.Status.OPEN, Declaration.Status.CLOSED],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    counted = row[3] is not None
    updated_at = _moment(row[2])
    assert updated_at is not None
    return ListState(
        declaration_id=int(row[0]),
        status=str(row[1]),
        updated_at=updated_at,
        counter=(int(row[3]), int(row[4]), int(row[5]), int(row[6])) if counted else None,
        counted_published_at=_moment(row[7]),
        counted_withdrawn_at=_moment(row[8]),
        counted_at=_moment(row[9]),
        top_position=int(row[10] or 0),
        top_published_at=_moment(row[11]),
        snapshot_number=int(row[12] or 0),
    )


def _unindexed(field: str) -> Coalesce:
    """``field``, as an expression no index serves.

    Given a lone ``MAX(published_at)``, SQLite with statistics (after ``ANALYZE`` or
    ``PRAGMA optimize``) walks the ``published_at`` index backwards, testing each row
    against the WHERE clause: when the short range asked for (the tail above the
    counter) is empty, that is every row of every declaration — a second and a half per
    page with a million (docs/benchmarks.md). Over this expression it uses the WHERE
    clause's own index instead. (Withdrawals have their own partial index.)
    """
    return Coalesce(field, field)


def list_changed_at(*, declaration: Declaration) -> datetime | None:
    """When the public list last changed: the latest publication or withdrawal. Exact.

    With a gapless counter, publications up to its ``through_position`` are already in
    ``last_published_at`` and only the tail above it is read; withdrawals are few and
    read in full. Without a counter (or with gaps) every position is read.
    """
    positioned = Signature.objects.filter(declaration=declaration, position__isnull=False)
    counter = declaration_counter(declaration=declaration)
    if counter is None or not counter.gapless:
        row = positioned.order_by().aggregate(
            published=Max("published_at"), withdrawn=Max("withdrawn_at")
        )
        moments = [moment for moment in (row["published"], row["withdrawn"]) if moment]
        return max(moments) if moments else None
    tail = (
        positioned.filter(position__gt=counter.through_position)
        .order_by()
        .aggregate(last=Max(_unindexed("published_at")))["last"]
    )
    # Withdrawals from the list (a signature withdrawn before it had a position never
    # was in it), read from their own small partial index (signature_withdrawn_idx).
    withdrawn = (
        positioned.filter(status=Signature.Status.WITHDRAWN)
        .order_by()
        .aggregate(last=Max("withdrawn_at"))["last"]
    )
    moments = [m for m in (counter.last_published_at, tail, withdrawn) if m]
    return max(moments) if moments else None


def with_counts(queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
    """Annotate ``signature_count``: the counter's, or an exact count where there is none."""
    exact = (
        Signature.objects.published()
        .filter(declaration=OuterRef("pk"))
        .order_by()
        .values("declaration")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        signature_count=Coalesce(
            "counter__published",
            Subquery(exact, output_field=IntegerField()),
            Value(0),
            output_field=IntegerField(),
        )
    )
