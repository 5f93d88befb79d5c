"""Cheap reads of a declaration's count and list state, for the public pages.

Each reads the counter the job keeps (``DeclarationCounter``) plus, where the page must
not lag, the short tail of positions given since the job's last run (a range of the
(declaration, position) index). A declaration the job has not seen yet is counted
exactly, the slow way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from undersigned.core.moments import latest
from undersigned.counters.models import CountryCount, DailyCount, DeclarationCounter
from undersigned.declarations.models import Declaration
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
    return counted_published(
        declaration_id=declaration.pk,
        published=counter.published,
        through_position=counter.through_position,
    )


def counted_published(
    *,
    declaration_id: int,
    published: int,
    through_position: int,
    top_position: int | None = None,
) -> int:
    """The counter's ``published`` plus the tail above its ``through_position``; given
    the highest position (read with the list's state), no statement at all when
    nothing was given a position since the job's last run."""
    if top_position is not None and top_position <= through_position:
        return published
    tail = Signature.objects.published().filter(
        declaration_id=declaration_id, position__gt=through_position
    )
    return published + tail.order_by().count()


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
        return latest(row["published"], row["withdrawn"])
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
    return latest(counter.last_published_at, tail, withdrawn)


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


def open_declarations() -> QuerySet[Declaration]:
    """Declarations open for signatures, each annotated with its ``signature_count``."""
    return with_counts(Declaration.objects.filter(status=Declaration.Status.OPEN))


# --- Counts over time and by country (#14) ---------------------------------------------
# Read from the rows the counter job keeps (counters/services.py): a few rows per
# declaration, however long its list. They lag the page's count by one run of the job.


@dataclass(frozen=True, kw_only=True)
class DayCount:
    """One day of the list: who joined, who left, and how many were in it at its end."""

    day: date
    signed: int
    withdrawn: int
    cumulative: int

    @property
    def net(self) -> int:
        return self.signed - self.withdrawn


def _series(rows: Iterable[tuple[date, int, int]]) -> list[DayCount]:
    series, total = [], 0
    for day, signed, withdrawn in rows:
        total += signed - withdrawn
        series.append(DayCount(day=day, signed=signed, withdrawn=withdrawn, cumulative=total))
    return series


def daily_counts(*, declaration: Declaration) -> list[DayCount]:
    """The declaration's list day by day, oldest first; days without a change left out."""
    rows = (
        DailyCount.objects.filter(declaration=declaration)
        .order_by("day")
        .values_list("day", "signed", "withdrawn")
    )
    return _series(rows)


def daily_counts_of(*, declaration_ids: list[int]) -> dict[int, list[DayCount]]:
    """``daily_counts`` of several declarations in one query (the site's stats page)."""
    found: dict[int, list[tuple[date, int, int]]] = {pk: [] for pk in declaration_ids}
    rows = (
        DailyCount.objects.filter(declaration_id__in=declaration_ids)
        .order_by("declaration_id", "day")
        .values_list("declaration_id", "day", "signed", "withdrawn")
    )
    for declaration_id, day, signed, withdrawn in rows:
        found[declaration_id].append((day, signed, withdrawn))
    return {pk: _series(rows) for pk, rows in found.items()}


@dataclass(frozen=True, kw_only=True)
class CountryShare:
    code: str
    signatories: int


@dataclass(frozen=True, kw_only=True)
class CountryBreakdown:
    """The list by the countries it shows. Countries with fewer than ``threshold``
    signatories are folded into ``other``, so that a lone signer from a small country
    cannot be singled out; ``unstated`` are those the list shows no country for
    (persons counted, not named, among them)."""

    countries: list[CountryShare]
    other: int
    unstated: int
    threshold: int

    @property
    def total(self) -> int:
        return sum(share.signatories for share in self.countries) + self.other + self.unstated


def country_breakdown(
    *, declaration: Declaration, threshold: int | None = None
) -> CountryBreakdown:
    """The declaration's signatories by country, largest first (STATS_COUNTRY_THRESHOLD)."""
    threshold = settings.STATS_COUNTRY_THRESHOLD if threshold is None else threshold
    rows = (
        CountryCount.objects.filter(declaration=declaration)
        .values("country")
        .annotate(n=Sum("signatories"))
        .order_by()
    )
    countries, other, unstated = [], 0, 0
    for row in rows:
        n = int(row["n"] or 0)
        if not row["country"]:
            unstated += n
        elif n < threshold:
            other += n
        elif n:
            countries.append(CountryShare(code=row["country"], signatories=n))
    countries.sort(key=lambda share: (-share.signatories, share.code))
    return CountryBreakdown(
        countries=countries, other=other, unstated=unstated, threshold=threshold
    )


def count_as_of(*, declaration: Declaration, day: date) -> int:
    """How many were in the list at the end of ``day``, from the daily counts."""
    totals = DailyCount.objects.filter(declaration=declaration, day__lte=day).aggregate(
        signed=Sum("signed"), withdrawn=Sum("withdrawn")
    )
    return int(totals["signed"] or 0) - int(totals["withdrawn"] or 0)
