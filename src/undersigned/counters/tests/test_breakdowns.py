"""The daily and country counts the counter job keeps as it folds (#14)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from undersigned.counters import services
from undersigned.counters.models import CountryCount, DailyCount, DeclarationCounter
from undersigned.counters.selectors import country_breakdown, daily_counts, published_count
from undersigned.counters.services import counters_fold
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature
from undersigned.signatures.services import signature_withdraw
from undersigned.signatures.tests.factories import PublishedSignatureFactory

pytestmark = pytest.mark.django_db


def listed(declaration, countries, *, start=1, when=None, **fields):
    when = when or timezone.now()
    return [
        PublishedSignatureFactory(
            declaration=declaration, position=start + index, country=country,
            published_at=when, **fields,
        )
        for index, country in enumerate(countries)
    ]  # fmt: skip


def test_the_series_counts_each_day_and_adds_up_to_the_count():
    declaration = DeclarationFactory()
    now = timezone.now()
    listed(declaration, ["DE"] * 3, when=now - timedelta(days=2))
    listed(declaration, ["FR"] * 2, start=4, when=now)
    counters_fold()

    series = daily_counts(declaration=declaration)

    assert [(d.day, d.signed, d.withdrawn, d.cumulative) for d in series] == [
        ((now - timedelta(days=2)).date(), 3, 0, 3),
        (now.date(), 2, 0, 5),
    ]
    assert series[-1].cumulative == published_count(declaration=declaration)


def test_withdrawals_count_on_the_day_they_happen_and_leave_their_country():
    declaration = DeclarationFactory()
    earlier = timezone.now() - timedelta(days=3)
    signatures = listed(declaration, ["DE"] * 6 + ["FR"] * 5, when=earlier)
    counters_fold()
    assert country_breakdown(declaration=declaration).countries[0].signatories == 6

    signature_withdraw(signature=signatures[0])
    counters_fold()

    series = daily_counts(declaration=declaration)
    assert [(d.signed, d.withdrawn) for d in series] == [(11, 0), (0, 1)]
    assert series[-1].day == timezone.localdate()
    assert series[-1].cumulative == 10 == published_count(declaration=declaration)
    breakdown = country_breakdown(declaration=declaration)
    assert [(s.code, s.signatories) for s in breakdown.countries] == [("DE", 5), ("FR", 5)]


def test_small_countries_fold_into_other_and_the_unnamed_into_unstated():
    declaration = DeclarationFactory()
    listed(declaration, ["DE"] * 5 + ["IS"] * 4 + ["LI"])
    # Counted, not named: the list does not say where they live, nor may the stats.
    listed(declaration, ["BY"] * 7, start=11, show_name=False)
    counters_fold()

    breakdown = country_breakdown(declaration=declaration, threshold=5)

    assert [(s.code, s.signatories) for s in breakdown.countries] == [("DE", 5)]
    assert breakdown.other == 5
    assert breakdown.unstated == 7
    assert breakdown.total == 17 == published_count(declaration=declaration)
    assert not CountryCount.objects.filter(country="BY").exists()


def test_organizations_count_under_their_records_country():
    declaration = DeclarationFactory()
    record = Organization.objects.create(name="Union", country="UA")
    listed(declaration, [""] * 5, kind=Signature.Kind.ORGANIZATION, organization=record)
    counters_fold()

    breakdown = country_breakdown(declaration=declaration, threshold=1)

    assert [(s.code, s.signatories) for s in breakdown.countries] == [("UA", 5)]


def test_held_and_unconfirmed_signatures_are_never_counted():
    declaration = DeclarationFactory()
    listed(declaration, ["DE"])
    Signature.objects.create(declaration=declaration, kind="person", name="x", country="DE")
    Signature.objects.create(
        declaration=declaration, kind="person", name="y", country="DE", held=True
    )
    counters_fold()

    assert country_breakdown(declaration=declaration, threshold=1).total == 1
    assert sum(d.signed for d in daily_counts(declaration=declaration)) == 1


def test_a_withdrawal_recounts_only_its_own_block(monkeypatch):
    monkeypatch.setattr(services, "COUNTRY_BLOCK", 4)
    declaration = DeclarationFactory()
    signatures = listed(declaration, ["DE"] * 12)
    counters_fold()
    assert CountryCount.objects.filter(declaration=declaration).count() == 3
    untouched = set(
        CountryCount.objects.filter(declaration=declaration, block__in=[0, 2]).values_list(
            "pk", flat=True
        )
    )

    signature_withdraw(signature=signatures[5])  # position 6: block 1
    counters_fold()

    kept = set(CountryCount.objects.filter(declaration=declaration).values_list("pk", flat=True))
    assert untouched <= kept
    assert CountryCount.objects.get(declaration=declaration, block=1).signatories == 3
    assert country_breakdown(declaration=declaration).total == 11


def test_a_fold_with_nothing_new_writes_no_breakdown():
    declaration = DeclarationFactory()
    listed(declaration, ["DE"] * 3)
    counters_fold()

    with CaptureQueriesContext(connection) as queries:
        counters_fold()

    written = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert written == []


def test_a_list_with_holes_is_rebuilt_in_full():
    declaration = DeclarationFactory()
    listed(declaration, ["DE"] * 2)
    listed(declaration, ["FR"] * 2, start=10)  # an imported list with holes
    counters_fold()
    counters_fold()

    assert country_breakdown(declaration=declaration, threshold=1).total == 4
    assert sum(d.signed for d in daily_counts(declaration=declaration)) == 4
    assert DailyCount.objects.filter(declaration=declaration).count() == 1


def test_without_a_counter_the_job_builds_the_series_from_the_first_position():
    declaration = DeclarationFactory()
    listed(declaration, ["DE"] * 3)
    counters_fold()
    # As the migration that added the series leaves a deployment: no counter at all.
    DeclarationCounter.objects.all().delete()

    counters_fold()

    assert daily_counts(declaration=declaration)[-1].cumulative == 3
    assert country_breakdown(declaration=declaration, threshold=1).total == 3
