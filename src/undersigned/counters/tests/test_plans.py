"""The page's queries keep to the index of the range they ask for, whatever SQLite's
statistics say: with ``ANALYZE`` run over a long list, a lone ``MAX(published_at)``
walked the whole ``published_at`` index when the range was empty (a second and a half
per page with a million)."""

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


def test_the_status_line_date_reads_only_the_ranges_it_asks_for():
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite planner matter; PostgreSQL plans these with its own statistics")
    declaration, other = DeclarationFactory(), DeclarationFactory()
    fill(other, 3000)
    fill(declaration, 3000)
    counters_fold()  # the tail above the counter is now empty
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    with CaptureQueriesContext(connection) as queries:
        list_changed_at(declaration=declaration)
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if "signatures_signature" in query["sql"]:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.append(" / ".join(row[-1] for row in cursor.fetchall()))
    assert plans
    for plan in plans:
        assert "published_at" not in plan, plan
        assert "withdrawn_at" not in plan, plan
        assert plan.startswith("SEARCH"), plan
