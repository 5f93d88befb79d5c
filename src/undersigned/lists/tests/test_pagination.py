"""Pages of the list by position ranges: page k is positions (k-1)*size+1 … k*size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.pagination import PositionPaginator
from undersigned.lists.selectors import list_signatures
from undersigned.signatures.services import signature_withdraw
from undersigned.signatures.tests.factories import PublishedSignatureFactory

pytestmark = pytest.mark.django_db


def positions(page):
    return [row["position"] for row in page]


def test_a_page_is_a_range_of_positions():
    declaration = DeclarationFactory()
    for position in range(1, 8):
        PublishedSignatureFactory(declaration=declaration, position=position)
    paginator = PositionPaginator(list_signatures(declaration=declaration), 3, last_position=7)

    assert paginator.num_pages == 3
    assert positions(paginator.page(1)) == [1, 2, 3]
    assert positions(paginator.page(2)) == [4, 5, 6]
    assert positions(paginator.page(3)) == [7]
    assert positions(paginator.get_page("99")) == [7]  # past the end: the last page
    assert positions(paginator.get_page("nonsense")) == [1, 2, 3]


def test_a_deep_page_reads_its_range_not_an_offset():
    declaration = DeclarationFactory()
    for position in range(1, 11):
        PublishedSignatureFactory(declaration=declaration, position=position)
    paginator = PositionPaginator(list_signatures(declaration=declaration), 2, last_position=10)

    with CaptureQueriesContext(connection) as queries:
        assert positions(paginator.page(4)) == [7, 8]

    (sql,) = [query["sql"] for query in queries]
    assert "OFFSET" not in sql.upper()
    assert '"position" > 6' in sql
    assert '"position" <= 8' in sql


def test_a_withdrawal_leaves_a_hole_and_moves_nobody_to_another_page():
    declaration = DeclarationFactory()
    signatures = [
        PublishedSignatureFactory(declaration=declaration, position=position)
        for position in range(1, 7)
    ]
    signature_withdraw(signature=signatures[1])  # position 2
    paginator = PositionPaginator(list_signatures(declaration=declaration), 3, last_position=6)

    assert positions(paginator.page(1)) == [1, 3]
    assert positions(paginator.page(2)) == [4, 5, 6]


def test_an_empty_list_has_one_empty_page():
    declaration = DeclarationFactory()
    paginator = PositionPaginator(list_signatures(declaration=declaration), 3, last_position=0)

    assert paginator.num_pages == 1
    assert positions(paginator.page(1)) == []


def test_the_page_numbers_the_list_as_of_a_day_by_its_own_last_position(client, settings):
    settings.SIGNATORY_PAGE_SIZE = 2
    declaration = DeclarationFactory()
    long_ago = timezone.now() - dt.timedelta(days=30)
    for position in range(1, 4):
        PublishedSignatureFactory(declaration=declaration, position=position, published_at=long_ago)
    for position in range(4, 8):
        PublishedSignatureFactory(declaration=declaration, position=position)
    url = reverse("declarations:detail", args=[declaration.slug])

    then = client.get(url, {"as_of": (long_ago + dt.timedelta(days=1)).date().isoformat()})
    now = client.get(url, {"page": "4"})

    assert then.context["page"].paginator.num_pages == 2
    assert [entry.position for entry in then.context["entries"]] == [1, 2]
    assert now.context["page"].paginator.num_pages == 4
    assert [entry.position for entry in now.context["entries"]] == [7]
