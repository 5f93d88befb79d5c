"""Caching headers: public pages are cacheable and revalidate with 304; signing is not."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from undersigned.counters.services import counters_fold
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.services import signature_withdraw
from undersigned.signatures.tests.factories import PublishedSignatureFactory

pytestmark = pytest.mark.django_db


def detail(declaration):
    return reverse("declarations:detail", args=[declaration.slug])


@pytest.mark.parametrize("page", ["index", "detail"])
def test_public_pages_are_cacheable_with_validators(client, settings, page):
    settings.PUBLIC_CACHE_SECONDS, settings.PUBLIC_CACHE_STALE_SECONDS = 7, 70
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1)
    url = reverse("declarations:index") if page == "index" else detail(declaration)

    response = client.get(url)

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    # Shared caches keep it (s-maxage); browsers revalidate every time (max-age=0).
    assert cache_control == {"public", "max-age=0", "s-maxage=7", "stale-while-revalidate=70"}
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]

    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["Cache-Control"] == response["Cache-Control"]
    assert again["ETag"] == response["ETag"]

    since = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


def test_the_etag_covers_the_query_string(client):
    declaration = DeclarationFactory()
    first = client.get(detail(declaration))
    second = client.get(detail(declaration), {"page": "2"})

    assert first["ETag"] != second["ETag"]
    assert (
        client.get(
            detail(declaration), {"page": "2"}, headers={"if-none-match": first["ETag"]}
        ).status_code
        == 200
    )


def test_a_new_signature_changes_the_etag_at_once(client):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1)
    counters_fold()
    before = client.get(detail(declaration))

    PublishedSignatureFactory(declaration=declaration, position=2)  # not folded yet
    after = client.get(detail(declaration), headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.context["count"] == 2


def test_a_withdrawal_changes_the_etag_once_the_job_has_run(client):
    declaration = DeclarationFactory()
    signature = PublishedSignatureFactory(declaration=declaration, position=1)
    PublishedSignatureFactory(declaration=declaration, position=2)
    counters_fold()
    before = client.get(detail(declaration))

    signature_withdraw(signature=signature)
    counters_fold()
    after = client.get(detail(declaration), headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after.context["count"] == 1


def test_editing_the_declaration_changes_the_etag(client):
    declaration = DeclarationFactory()
    before = client.get(detail(declaration))

    declaration.title = "A better title"
    declaration.save()

    assert client.get(detail(declaration))["ETag"] != before["ETag"]


def test_a_missing_declaration_is_not_cached(client):
    response = client.get(reverse("declarations:detail", args=["nothing-here"]))

    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("name", ["signatures:sign_person", "signatures:sign_organization"])
def test_the_signing_pages_are_never_stored(client, name):
    declaration = DeclarationFactory()

    response = client.get(reverse(name, args=[declaration.slug]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response


def test_the_list_pages_count_from_the_counter(client, settings):
    """A page of a long list does not count the whole list, only the tail since the job."""
    settings.SIGNATORY_PAGE_SIZE = 2
    declaration = DeclarationFactory()
    for position in range(1, 6):
        PublishedSignatureFactory(declaration=declaration, position=position)
    counters_fold()
    PublishedSignatureFactory(declaration=declaration, position=6)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail(declaration), {"page": "3"})

    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all('"position" >' in sql for sql in counts), counts

    assert response.context["page"].paginator.num_pages == 3
    assert [entry.position for entry in response.context["entries"]] == [5, 6]
    assert response.context["count"] == 6
