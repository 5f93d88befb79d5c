"""Reads of a declaration's list for the page, the exports and the history.

One place decides what "the list" is — now, or as it stood at the end of a day — and how
each entry reads, so the page, the text/CSV/JSON/Markdown exports, the print view, the
snapshots and the command line can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import connections
from django.db.models import Count, Max, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from undersigned.core.moments import latest
from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import declaration_url
from undersigned.lists.entries import ExportHeader, SnapshotRef
from undersigned.lists.exports import text_lines
from undersigned.lists.models import Snapshot
from undersigned.lists.status import status_line, status_line_text
from undersigned.signatures.models import Signature
from undersigned.signatures.selectors import signatory_list
from undersigned.signatures.signatory import LIST_COLUMNS, ListEntry, day_in, entry

# Rows fetched per round trip when a list is streamed: memory stays flat however long it is.
CHUNK_SIZE = 2000

# Dates outside these years are refused: nobody signed before, and far-future dates
# overflow time-zone arithmetic.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9000, 12, 31)

Row = dict[str, Any]
# ``values()`` over a tuple of names is typed Any by the stubs.
Rows = QuerySet[Signature, Row]


class InvalidDate(ValueError):
    """A date in a query or an option that cannot be read; the message says why."""


def parse_date(value: str, *, name: str = "as_of") -> dt.date:
    """``YYYY-MM-DD`` → date, or InvalidDate with a message fit to show."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidDate(
            _("%(name)s must be a date written YYYY-MM-DD, not “%(value)s”.")
            % {"name": name, "value": value[:40]}
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidDate(
            _("%(name)s must lie between %(earliest)s and %(latest)s.")
            % {"name": name, "earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
        )
    return day


def parse_as_of(value: str | None) -> dt.date | None:
    """The ``as_of`` of a query string: None when absent or empty."""
    if value is None or not value.strip():
        return None
    return parse_date(value)


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in the site's time zone: "as of" a day means by its end."""
    return dt.datetime.combine(
        day + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the site's time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def list_entry(row: Row) -> ListEntry:
    """How one signature (a row of ``list_signatures``) appears in the list and exports."""
    return list_entries_of([row])[0]


def list_entries_of(rows: Iterable[Row]) -> list[ListEntry]:
    """``list_entry`` of each row, the time zone and the language looked up once."""
    day_of, language = day_in(timezone.get_current_timezone()), get_language()
    return [entry(tuple(row[name] for name in LIST_COLUMNS), day_of, language) for row in rows]


def list_signatures(*, declaration: Declaration, as_of: dt.date | None = None) -> Rows:
    """The signatures of the list, in position order: the published ones now, or those
    that were in the list at the end of ``as_of`` (published by then, not yet withdrawn)."""
    if as_of is None:
        # The page's own selector, so the exports cannot drift from the page.
        return cast(Rows, signatory_list(declaration=declaration).values(*LIST_COLUMNS))
    cutoff = day_end(as_of)
    rows = (
        Signature.objects.filter(
            declaration=declaration,
            position__isnull=False,
            published_at__lt=cutoff,
            status__in=(Signature.Status.PUBLISHED, Signature.Status.WITHDRAWN),
        )
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=cutoff))
        .order_by("position")
        .values(*LIST_COLUMNS)
    )
    return cast(Rows, rows)


def list_entries(
    *, declaration: Declaration, as_of: dt.date | None = None, chunk_size: int = CHUNK_SIZE
) -> Iterator[ListEntry]:
    """The list, streamed from the database ``chunk_size`` rows at a time."""
    return entries_of(list_signatures(declaration=declaration, as_of=as_of), chunk_size=chunk_size)


def entries_of(
    rows: Rows, *, limit: int | None = None, chunk_size: int = CHUNK_SIZE
) -> Iterator[ListEntry]:
    """The entries of ``rows`` (``list_signatures``, filtered or ordered, not sliced),
    the first ``limit`` of them, read straight from the driver: the way a whole list
    is exported, and a page of the API read."""
    day_of, language = day_in(timezone.get_current_timezone()), get_language()
    values = _entry_values(rows)
    if limit is not None:
        values = values[:limit]
    for row in _raw_rows(values, chunk_size):
        yield entry(row, day_of, language)


def _entry_values(rows: Rows) -> QuerySet[Any, Any]:
    """``rows`` as a ``values_list`` of ``LIST_COLUMNS``, the way ``entry`` reads them."""
    fields: tuple[Any, ...] = LIST_COLUMNS
    if connections[rows.db].vendor == "sqlite":
        # The publication moment as SQLite stores it, text: read as a datetime, the
        # driver calls Django's converter for each row, a quarter of reading a list.
        rows = rows.annotate(published_text=Cast("published_at", TextField()))
        fields = tuple("published_text" if f == "published_at" else f for f in LIST_COLUMNS)
    return rows.values_list(*fields)


def _compiled(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...]]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()  # type: ignore[no-any-return]


def _raw_rows(queryset: QuerySet[Any, Any], chunk_size: int) -> Iterator[tuple[Any, ...]]:
    """The rows of ``queryset`` (a ``values_list``) as the database driver gives them.

    The queryset's own SQL, run on the cursor ``iterator()`` would use (server-side on
    PostgreSQL, so memory stays flat), without the ORM's per-row converters: for a
    million rows they cost a third of an export. The only converted column an entry
    reads is the publication moment, which ``_day_in`` takes as either driver gives it.
    """
    sql, params = _compiled(queryset)
    connection = connections[queryset.db]
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield from rows


# A page of the published list by position (``list_page``): the SQL of the list's own
# queryset, compiled once per database with these stand-ins for the page's numbers
# (within the columns' range: Django drops a comparison with an impossible number).
_PAGE_STAND_INS = (2_147_480_001, 2_147_480_002, 2_147_480_003)
_PAGE_SQL: dict[str, tuple[str, tuple[Any, ...], tuple[int | None, ...]]] = {}


def _page_sql(alias: str) -> tuple[str, tuple[Any, ...], tuple[int | None, ...]]:
    if alias not in _PAGE_SQL:
        declaration_id, after, through = _PAGE_STAND_INS
        rows = list_signatures(declaration=Declaration(pk=declaration_id)).using(alias)
        rows = rows.filter(position__gt=after, position__lte=through)
        sql, params = _compiled(_entry_values(rows))
        slots = tuple(
            _PAGE_STAND_INS.index(p) if isinstance(p, int) and p in _PAGE_STAND_INS else None
            for p in params
        )
        # Each number in its place once, or the compiled statement is not this page's.
        assert sorted(slot for slot in slots if slot is not None) == [0, 1, 2], params
        _PAGE_SQL[alias] = (sql, tuple(params), slots)
    return _PAGE_SQL[alias]


def list_page(*, declaration_id: int, after: int, through: int) -> list[ListEntry]:
    """The published entries at positions ``after`` + 1 … ``through``, in order: a page
    of ``list_signatures`` by position, without composing and compiling its queryset
    again (that was a third of an API page of 100: docs/benchmarks.md)."""
    alias = Signature.objects.db
    sql, constants, slots = _page_sql(alias)
    numbers = (declaration_id, after, through)
    params = [
        constant if slot is None else numbers[slot]
        for constant, slot in zip(constants, slots, strict=True)
    ]
    day_of, language = day_in(timezone.get_current_timezone()), get_language()
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return [entry(row, day_of, language) for row in cursor.fetchall()]


def list_count(*, declaration: Declaration, as_of: dt.date | None = None) -> int:
    """The exact number of entries of the list (one COUNT, for the exports' headers)."""
    return list_signatures(declaration=declaration, as_of=as_of).order_by().count()


def _changed_before(declaration: Declaration, cutoff: dt.datetime) -> dt.datetime | None:
    positioned = Signature.objects.filter(declaration=declaration, position__isnull=False)
    row = positioned.order_by().aggregate(
        published=Max("published_at", filter=Q(published_at__lt=cutoff)),
        withdrawn=Max("withdrawn_at", filter=Q(withdrawn_at__lt=cutoff)),
    )
    return latest(row["published"], row["withdrawn"])


def list_status_line(
    *,
    declaration: Declaration,
    as_of: dt.date | None = None,
    status_date: dt.date | None = None,
    day_format: str = "STATUS_DATE_FORMAT",
) -> str:
    """The status line under the list: now (the page's own), as of a day, or with the
    date an organizer published it (a snapshot). The exports write its date as the
    published lists do (``06.01.2025``); a page passes ``day_format="DATE_FORMAT"``."""
    if as_of is None and status_date is None:
        return status_line(declaration=declaration, day_format=day_format)
    day = as_of or status_date
    assert day is not None
    cutoff = day_end(day)
    if status_date is None:
        changed = _changed_before(declaration, cutoff)
        if changed is None and declaration.opened_at and declaration.opened_at < cutoff:
            changed = declaration.opened_at
        status_date = timezone.localtime(changed).date() if changed else None
    closed_then = declaration.status != Declaration.Status.OPEN and (
        declaration.closed_at is None or declaration.closed_at < cutoff
    )
    return status_line_text(day=status_date, signing_open=not closed_then, day_format=day_format)


@dataclass(frozen=True, kw_only=True)
class ListChanges:
    since: dt.date
    until: dt.date
    added: QuerySet[Signature, Row]
    withdrawn: QuerySet[Signature, Row]


def list_changes(*, declaration: Declaration, since: dt.date, until: dt.date) -> ListChanges:
    """What changed between the list at the end of ``since`` and at the end of ``until``.

    Added: in the list at ``until`` but not at ``since``. Withdrawn: in the list at
    ``since`` but not at ``until``. A signature that came and went in between is in
    neither.
    """
    start, end = day_end(since), day_end(until)
    positioned = Signature.objects.filter(declaration=declaration, position__isnull=False)
    added = (
        positioned.filter(published_at__gte=start, published_at__lt=end)
        .filter(status__in=(Signature.Status.PUBLISHED, Signature.Status.WITHDRAWN))
        .filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))
        .order_by("position")
        .values(*LIST_COLUMNS)
    )
    withdrawn = (
        positioned.filter(published_at__lt=start, withdrawn_at__gte=start, withdrawn_at__lt=end)
        .order_by("position")
        .values(*LIST_COLUMNS)
    )
    return ListChanges(since=since, until=until, added=added, withdrawn=withdrawn)


# --- Snapshots ------------------------------------------------------------------------


def snapshots_of(*, declaration: Declaration) -> QuerySet[Snapshot]:
    """Published snapshots, oldest first, without their (possibly long) texts."""
    return Snapshot.objects.filter(declaration=declaration).defer("text").order_by("number")


def latest_snapshot(*, declaration: Declaration, as_of: dt.date | None = None) -> Snapshot | None:
    """The newest snapshot (dated no later than ``as_of``, when given)."""
    snapshots = snapshots_of(declaration=declaration)
    if as_of is not None:
        snapshots = snapshots.filter(status_date__lte=as_of)
    return snapshots.order_by("-number").first()


def snapshot_by_number(*, declaration: Declaration, number: int) -> Snapshot:
    """One snapshot with its text; raises Snapshot.DoesNotExist."""
    return Snapshot.objects.get(declaration=declaration, number=number)


def snapshot_by_hash(*, declaration: Declaration, sha256: str) -> Snapshot | None:
    return (
        Snapshot.objects.filter(declaration=declaration, sha256=sha256.strip().lower())
        .defer("text")
        .first()
    )


def export_header(*, declaration: Declaration, as_of: dt.date | None = None) -> ExportHeader:
    """What every export states above its entries: the declaration, the status line, the
    count and the latest published snapshot (as of the date, when given)."""
    snapshot = latest_snapshot(declaration=declaration, as_of=as_of)
    reference = None
    if snapshot is not None:
        reference = SnapshotRef(
            number=snapshot.number,
            status_date=snapshot.status_date,
            sha256=snapshot.sha256,
            previous_sha256=snapshot.previous_sha256,
            url=settings.SITE_URL
            + reverse("lists:snapshot_document", args=[declaration.slug, snapshot.number]),
        )
    return ExportHeader(
        slug=declaration.slug,
        title=declaration.title,
        # In the declaration's language, which the export is written in (#5).
        url=settings.SITE_URL + declaration_url(declaration=declaration),
        status_line=list_status_line(declaration=declaration, as_of=as_of),
        count=list_count(declaration=declaration, as_of=as_of),
        as_of=as_of,
        snapshot=reference,
    )


@dataclass(frozen=True, kw_only=True)
class SinceSnapshot:
    """How the list now differs from a published snapshot: entries added since it was
    taken (published after it, or imported after it with an earlier date) and entries
    of it withdrawn since."""

    added: int
    withdrawn: int


def list_since_snapshot(*, declaration: Declaration, snapshot: Snapshot) -> SinceSnapshot:
    """Two counts over the (declaration, status, position) rows: what the snapshot
    notice under the list says ("5 added since")."""
    taken = snapshot.created_at
    positioned = Signature.objects.filter(declaration=declaration, position__isnull=False)
    new = Q(published_at__gt=taken) | Q(created_at__gt=taken)
    counts = positioned.order_by().aggregate(
        added=Count("pk", filter=Q(status=Signature.Status.PUBLISHED) & new),
        withdrawn=Count(
            "pk",
            filter=Q(status=Signature.Status.WITHDRAWN, withdrawn_at__gt=taken) & ~new,
        ),
    )
    return SinceSnapshot(added=counts["added"], withdrawn=counts["withdrawn"])


@dataclass(frozen=True, kw_only=True)
class AsOfGaps:
    """Why numbers up to the highest one of a list as of a day are missing from it:
    signatories who had withdrawn by then, and entries that joined after that day with
    lower numbers than entries dated before it (a list imported later with its own,
    earlier dates)."""

    withdrawn: int
    later: int

    @property
    def any(self) -> bool:
        return bool(self.withdrawn or self.later)


def list_as_of_gaps(*, declaration: Declaration, as_of: dt.date, up_to: int) -> AsOfGaps:
    """The numbers 1..``up_to`` the list as of ``as_of`` skips, by reason."""
    cutoff = day_end(as_of)
    below = Signature.objects.filter(
        declaration=declaration, position__isnull=False, position__lte=up_to
    )
    counts = below.order_by().aggregate(
        withdrawn=Count("pk", filter=Q(withdrawn_at__lt=cutoff, published_at__lt=cutoff)),
        later=Count("pk", filter=Q(published_at__gte=cutoff)),
    )
    return AsOfGaps(withdrawn=counts["withdrawn"], later=counts["later"])


def list_text(*, declaration: Declaration) -> str:
    """The live list as the text export writes it below its heading (and as a snapshot
    taken now would freeze it): the status line, then ``N. line`` per entry."""
    status = list_status_line(declaration=declaration)
    return "".join(text_lines(status, list_entries(declaration=declaration)))
