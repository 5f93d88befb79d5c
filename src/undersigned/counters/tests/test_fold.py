"""The counter job: exact counts without a shared row written per signature."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from undersigned.counters.models import DeclarationCounter
from undersigned.counters.selectors import (
    exact_published_count,
    list_changed_at,
    published_count,
    with_counts,
)
from undersigned.counters.services import counters_fold
from undersigned.declarations.models import Declaration
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.services import (
    PersonSubmission,
    signature_confirm,
    signature_submit,
    signature_withdraw,
)
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


def published(declaration, count, *, start=1, **fields):
    now = timezone.now()
    return [
        SignatureFactory(
            declaration=declaration,
            status=Signature.Status.PUBLISHED,
            position=start + index,
            published_at=now,
            **fields,
        )
        for index in range(count)
    ]


def fresh(declaration):
    return Declaration.objects.select_related("counter").get(pk=declaration.pk)


def test_the_fold_counts_published_signatures_of_every_declaration():
    busy, quiet = DeclarationFactory(), DeclarationFactory()
    published(busy, 5)
    SignatureFactory(declaration=busy)  # unconfirmed: not counted

    report = counters_fold()

    assert report.declarations == 2
    assert report.changed == 2
    assert DeclarationCounter.objects.get(declaration=busy).published == 5
    assert DeclarationCounter.objects.get(declaration=quiet).published == 0


def test_the_fold_adds_new_positions_and_subtracts_withdrawals():
    declaration = DeclarationFactory()
    signatures = published(declaration, 3)
    counters_fold()

    published(declaration, 2, start=4)
    signature_withdraw(signature=signatures[0])
    counters_fold()

    counter = DeclarationCounter.objects.get(declaration=declaration)
    assert (counter.published, counter.positioned, counter.through_position) == (4, 5, 5)
    assert counter.withdrawn == 1
    assert counter.published == exact_published_count(declaration=declaration)
    assert counter.list_changed_at == Signature.objects.get(pk=signatures[0].pk).withdrawn_at


def test_an_unchanged_site_writes_nothing():
    declaration = DeclarationFactory()
    published(declaration, 2)
    counters_fold()

    report = counters_fold()

    assert report.changed == 0


def test_positions_with_gaps_are_recounted_in_full():
    """An imported list with holes in its numbering cannot be counted by its tail."""
    declaration = DeclarationFactory()
    published(declaration, 2)
    published(declaration, 2, start=10)

    report = counters_fold()
    counter = DeclarationCounter.objects.get(declaration=declaration)

    assert report.recounted == 1
    assert (counter.published, counter.positioned, counter.through_position) == (4, 4, 11)
    published(declaration, 1, start=5)  # a hole filled in, below the highest position
    counters_fold()
    assert DeclarationCounter.objects.get(declaration=declaration).published == 5


def test_signing_and_confirming_write_no_shared_row():
    """No hot row: neither the declaration's row nor its counter is written by a signer."""
    declaration = DeclarationFactory()
    counters_fold()
    submission = PersonSubmission(name="Ada", email="ada@example.org", country="GB")

    with CaptureQueriesContext(connection) as queries:
        signature = signature_submit(declaration=declaration, submission=submission, language="en")
        signature_confirm(signature=signature)

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    for table in (Declaration._meta.db_table, DeclarationCounter._meta.db_table):
        assert not [sql for sql in writes if f'"{table}"' in sql], writes


def test_the_page_count_includes_what_was_published_since_the_fold():
    declaration = DeclarationFactory()
    published(declaration, 3)
    counters_fold()
    published(declaration, 2, start=4)

    assert published_count(declaration=fresh(declaration)) == 5


def test_a_declaration_the_job_has_not_seen_is_counted_exactly():
    declaration = DeclarationFactory()
    published(declaration, 2)

    assert published_count(declaration=fresh(declaration)) == 2
    counted = with_counts(Declaration.objects.filter(pk=declaration.pk)).get()
    assert counted.signature_count == 2


def test_the_index_count_comes_from_the_counter():
    declaration, empty = DeclarationFactory(), DeclarationFactory()
    published(declaration, 3)
    counters_fold()
    published(declaration, 1, start=4)  # not folded yet: the index may lag

    counts = dict(with_counts(Declaration.objects.all()).values_list("pk", "signature_count"))

    assert counts == {declaration.pk: 3, empty.pk: 0}


def test_list_changed_at_is_exact_with_or_without_a_counter():
    declaration = DeclarationFactory()
    early = published(declaration, 2)
    Signature.objects.filter(pk=early[0].pk).update(published_at=timezone.now() - timedelta(days=3))
    without = list_changed_at(declaration=fresh(declaration))
    counters_fold()
    later = published(declaration, 1, start=3)[0]

    assert without == Signature.objects.get(pk=early[1].pk).published_at
    assert list_changed_at(declaration=fresh(declaration)) == later.published_at
    signature_withdraw(signature=early[0])
    assert (
        list_changed_at(declaration=fresh(declaration))
        == Signature.objects.get(pk=early[0].pk).withdrawn_at
    )


@pytest.mark.django_db(transaction=True)
def test_a_second_fold_returns_at_once_while_one_runs():
    """Only one fold at a time. SQLite has one writer, so this is PostgreSQL's lock."""
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite a fold is one write transaction: SQLite runs one at a time")
    import psycopg

    from undersigned.core.db.locks import Namespace

    fold_lock = [int(Namespace.COUNTER_FOLD), 0]

    DeclarationFactory()
    settings_dict = connection.settings_dict
    with psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", fold_lock)
        assert counters_fold().skipped
        assert not DeclarationCounter.objects.exists()
        other.execute("SELECT pg_advisory_unlock(%s, %s)", fold_lock)
    assert not counters_fold().skipped


@pytest.mark.parametrize("folded", [False, True])
def test_a_withdrawal_that_never_was_in_the_list_does_not_date_it(folded):
    """A signer may withdraw before confirming (or an organization while awaiting
    moderation): no position, never listed. The status line's date must not move, or it
    would tell the world that someone withdrew that day."""
    declaration = DeclarationFactory()
    (listed,) = published(declaration, 1)
    if folded:
        counters_fold()
    SignatureFactory(
        declaration=declaration,
        status=Signature.Status.WITHDRAWN,
        withdrawn_at=listed.published_at + timedelta(days=3),
    )
    assert list_changed_at(declaration=fresh(declaration)) == listed.published_at
