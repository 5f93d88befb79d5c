"""The page's queries keep to the index of the range they ask for, whatever SQLite's
statistics say: with ``ANALYZE`` run over a long list, a lone ``MAX(published_at)``
walked the whole ``published_at`` index when the range was empty (a second and a half
per page with a million), and the withdrawals' maximum scanned the whole list (25 ms a
page with 100,000) until they had their own partial index."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from undersigned.counters.selectors import list_changed_at
from undersigned.counters.services import counters_fold
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature

pytestmark = pytest.mark.django_db


def fill(declaration, count: int) -> None:
    now = timezone.now()
    Signature.objects.bulk_create(
        Signature(
            declaration=declaration, kind="person", name=f"Signer {n}", country="DE",
            status="published", position=n, published_at=now,
            dedupe_hash=f"{declaration.pk}-{n}",
        )
        for n in range(1, count + 1)
    )  # fmt: skip


def long_list_analyzed():
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite planner matter; PostgreSQL plans these with its own statistics")
    # One long list, as on a site with one viral declaration: the statistics then say a
    # declaration's rows are the whole table.
    declaration = DeclarationFactory()
    fill(declaration, 3000)
    counters_fold()  # the tail above the counter is now empty
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return declaration


def plans_of(action) -> list[str]:
    """The query plans of the statements ``action`` runs on the signatures table."""
    with CaptureQueriesContext(connection) as queries:
        action()
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if "signatures_signature" in sql and sql.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plans.append(" / ".join(row[-1] for row in cursor.fetchall()))
    assert plans
    return plans


def test_the_status_line_date_reads_only_the_ranges_it_asks_for():
    declaration = long_list_analyzed()
    for plan in plans_of(lambda: list_changed_at(declaration=declaration)):
        assert "published_at" not in plan, plan
        assert "withdrawn_at" not in plan, plan
        # A search through an index, not a scan of the list's rows ("SEARCH t" alone
        # walked every signature of the declaration for its withdrawals).
        assert plan.startswith("SEARCH"), plan
        assert " USING " in plan, plan


def test_the_counter_job_reads_only_the_ranges_it_asks_for():
    long_list_analyzed()
    for plan in plans_of(counters_fold):
        if "declarations_declaration" in plan or "counters_" in plan:
            continue
        assert plan.startswith("SEARCH"), plan
        assert " USING " in plan, plan
