"""The built declaration page kept under its ETag: served again while nothing changes,
built afresh when the list, a snapshot or the declaration changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from undersigned.core.web.caching import _storable
from undersigned.counters.services import counters_fold
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.services import snapshot_publish
from undersigned.signatures.services import signature_withdraw
from undersigned.signatures.tests.factories import PublishedSignatureFactory

pytestmark = pytest.mark.django_db


def detail(declaration):
    return reverse("declarations:detail", args=[declaration.slug])


def test_an_unchanged_page_is_served_from_the_cache_with_one_query(client):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    built = client.get(detail(declaration))
    assert built.context is not None  # built from the template

    with CaptureQueriesContext(connection) as queries:
        again = client.get(detail(declaration))

    assert again.status_code == 200
    assert again.context is None  # no template rendered
    assert again.content == built.content
    assert again["ETag"] == built["ETag"]
    assert again["Content-Type"] == built["Content-Type"]
    assert "public" in again["Cache-Control"]
    assert len(queries) == 1, [q["sql"] for q in queries]  # the validators' one


def test_a_revalidation_costs_one_query(client):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1)
    etag = client.get(detail(declaration))["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail(declaration), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert len(queries) == 1


def test_a_new_signature_builds_the_page_afresh(client):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    client.get(detail(declaration))

    PublishedSignatureFactory(declaration=declaration, position=2, name="Second Signer")
    page = client.get(detail(declaration))

    assert page.context is not None
    assert "Second Signer" in page.content.decode()


def test_a_withdrawal_shows_once_the_counter_job_has_run(client):
    declaration = DeclarationFactory()
    first = PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    PublishedSignatureFactory(declaration=declaration, position=2, name="Second Signer")
    counters_fold()
    assert "First Signer" in client.get(detail(declaration)).content.decode()

    signature_withdraw(signature=first)
    counters_fold()

    assert "First Signer" not in client.get(detail(declaration)).content.decode()


def test_a_published_snapshot_changes_the_page(client):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1)
    before = client.get(detail(declaration))

    snapshot = snapshot_publish(declaration=declaration, actor=None)
    after = client.get(detail(declaration))

    assert after["ETag"] != before["ETag"]
    assert snapshot.sha256 in after.content.decode()


def test_each_language_and_page_is_kept_apart(client, settings):
    settings.SIGNATORY_PAGE_SIZE = 1
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    PublishedSignatureFactory(declaration=declaration, position=2, name="Second Signer")
    first = client.get(detail(declaration))
    second = client.get(detail(declaration), {"page": "2"})
    german = client.get(
        reverse("declarations:detail", args=[declaration.slug]).replace("/en/", "/de/")
    )

    assert "First Signer" in first.content.decode()
    assert "Second Signer" in second.content.decode()
    assert "First Signer" not in second.content.decode()
    assert german.status_code == 200
    assert german["ETag"] != first["ETag"]
    assert german.context is not None  # built for its own language, not the English copy


def test_no_page_is_kept_when_the_setting_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    declaration = DeclarationFactory()
    client.get(detail(declaration))

    assert client.get(detail(declaration)).context is not None


def test_a_page_that_set_a_cookie_or_read_the_session_is_not_kept(rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse

    request = rf.get("/")
    assert _storable(request, HttpResponse("same for everyone"))

    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("name", "value")
    assert not _storable(request, with_cookie)

    request.session = SessionStore()
    request.session.get("anything")  # read: the page may depend on who asked
    assert not _storable(request, HttpResponse("x"))

    token = rf.get("/")
    token.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # a form with a CSRF token
    assert not _storable(token, HttpResponse("x"))
    assert not _storable(rf.get("/"), HttpResponse("x", status=404))


def test_parameters_the_page_does_not_read_neither_change_the_etag_nor_bust_the_cache(client):
    """A bot adding ``?x=<random>`` to each request gets the kept page, not a fresh
    build; ``page`` and ``as_of`` still make pages of their own."""
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    built = client.get(detail(declaration) + "?page=1")
    assert built.context is not None

    busting = client.get(detail(declaration) + "?page=1&x=8d3f&utm_source=feed")
    assert busting.context is None  # the kept page
    assert busting["ETag"] == built["ETag"]
    assert busting.content == built.content

    other_page = client.get(detail(declaration) + "?page=2")
    assert other_page["ETag"] != built["ETag"]
    as_of = client.get(detail(declaration) + "?page=1&as_of=2020-01-01")
    assert as_of["ETag"] != built["ETag"]
    assert b"First Signer" not in as_of.content


def test_a_page_larger_than_the_cap_is_built_every_time(client, settings):
    """A crawler's walk through pages of 1,000 must not fill the cache (and the
    process's memory) with pages nobody asks for twice. Seen from outside: a name
    changed behind the ETag's back shows at once on a page that was not kept."""
    from undersigned.core.web import caching
    from undersigned.signatures.models import Signature

    settings.PAGE_MICROCACHE_SECONDS = 0
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    url = reverse("api-v1:signatories", args=[declaration.slug]) + "?page_size=1000"

    def name_shown(address: str) -> str:
        response = client.get(address)
        assert response.status_code == 200
        return response.json()["results"][0]["name"]

    assert name_shown(url) == "First Signer"  # built and kept (it is small)
    Signature.objects.filter(declaration=declaration).update(name="Renamed Signer")
    assert name_shown(url) == "First Signer"  # the kept copy

    other = url.replace("1000", "999")  # a key of its own
    original = caching.PAGE_CACHE_MAX_BYTES
    caching.PAGE_CACHE_MAX_BYTES = 10  # every page is over it now
    try:
        assert name_shown(other) == "Renamed Signer"
        Signature.objects.filter(declaration=declaration).update(name="Third Name")
        assert name_shown(other) == "Third Name"  # built again: it was not kept
    finally:
        caching.PAGE_CACHE_MAX_BYTES = original
