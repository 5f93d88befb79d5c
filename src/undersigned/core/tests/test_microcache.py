"""The per-process microcache in front of Django (core/web/microcache.py), driven through the
real WSGI interface: Django's own handler behind it, requests as a WSGI server builds
them. Only shareable public pages stay; nothing a cookie, a form or a stream touches."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from undersigned.core.web.microcache import MicroCache, shared_ttl
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.tests.factories import PublishedSignatureFactory

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """As Django's test client does: a request starting or finishing must not close the
    test's database connection (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def app(clock: Clock) -> MicroCache:
    return MicroCache(WSGIHandler(), seconds=1, clock=clock)


def call(app: Any, path: str, method: str = "GET", **headers: str) -> tuple[str, dict, bytes]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **{"HTTP_" + name.upper(): value for name, value in headers.items()},
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list, exc_info: Any = None) -> None:
        seen["status"], seen["headers"] = status, response_headers

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return seen["status"], dict(seen["headers"]), body


def page(declaration) -> str:
    return reverse("declarations:detail", args=[declaration.slug])


def test_a_public_page_is_answered_from_memory_for_one_second(app, clock):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    status, headers, body = call(app, page(declaration))
    assert status.startswith("200")
    assert b"First Signer" in body
    PublishedSignatureFactory(declaration=declaration, position=2, name="Second Signer")

    with CaptureQueriesContext(connection) as queries:
        status2, headers2, body2 = call(app, page(declaration))
    assert len(queries) == 0  # Django did not run
    assert (status2, body2) == (status, body)
    assert headers2 == {**headers, "Age": "0"}  # every header kept, and its age said
    assert "Age" not in headers
    assert b"Second Signer" not in body2  # the kept copy, at most a second old

    clock.now += 1.01
    status3, _, body3 = call(app, page(declaration))
    assert status3.startswith("200")
    assert b"Second Signer" in body3


def test_kept_page_answers_a_matching_conditional_request_with_304(app):
    declaration = DeclarationFactory()
    _, headers, _ = call(app, page(declaration))
    with CaptureQueriesContext(connection) as queries:
        status, headers304, body = call(app, page(declaration), if_none_match=headers["ETag"])
    assert len(queries) == 0
    assert status.startswith("304")
    assert body == b""
    assert headers304["ETag"] == headers["ETag"]
    assert "public" in headers304["Cache-Control"]
    assert "Content-Length" not in headers304
    assert headers304["Content-Security-Policy"] == headers["Content-Security-Policy"]

    status, _, body = call(app, page(declaration), if_none_match='"something-else"')
    assert status.startswith("200")
    assert body


def test_requests_with_a_cookie_or_credentials_always_reach_django(app):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    call(app, page(declaration))
    PublishedSignatureFactory(declaration=declaration, position=2, name="Second Signer")
    _, _, body = call(app, page(declaration), cookie="csrftoken=abc")
    assert b"Second Signer" in body  # e.g. a signer who has just confirmed
    _, _, body = call(app, page(declaration), authorization="Bearer x")
    assert b"Second Signer" in body


def test_the_sign_form_post_and_head_are_never_kept(app):
    declaration = DeclarationFactory()
    sign = reverse("signatures:sign_person", args=[declaration.slug])
    first = call(app, sign)
    assert first[0].startswith("200")
    assert "no-store" in first[1]["Cache-Control"]
    second = call(app, sign)
    assert "Set-Cookie" in second[1]
    assert second[2] != first[2]  # built again, with a freshly masked CSRF token
    declaration_page = page(declaration)
    call(app, declaration_page, method="POST")
    call(app, declaration_page, method="HEAD")
    assert app._entries == {}


def test_the_key_holds_query_string_and_host(app):
    declaration = DeclarationFactory()
    PublishedSignatureFactory(declaration=declaration, position=1, name="First Signer")
    call(app, page(declaration))
    PublishedSignatureFactory(declaration=declaration, position=2, name="Second Signer")
    _, _, body = call(app, page(declaration) + "?page=1")
    assert b"Second Signer" in body
    status, _, _ = call(app, page(declaration), host="evil.example")
    assert status.startswith("400")  # Django's ALLOWED_HOSTS still decides


def test_streamed_and_failed_responses_are_not_kept(app):
    declaration = DeclarationFactory()
    call(app, reverse("lists:export", args=[declaration.slug, "csv"]))
    call(app, "/en/declarations/no-such-thing/")
    assert app._entries == {}


def test_entries_are_bounded(clock):
    app = MicroCache(WSGIHandler(), seconds=1, clock=clock, max_entries=3)
    declaration = DeclarationFactory()
    for n in range(1, 6):
        call(app, page(declaration) + f"?page={n}")
    assert len(app._entries) == 3
    assert [key[4] for key in app._entries] == ["page=3", "page=4", "page=5"]


def sized(environ, start_response):
    """A shareable page of the size its query asks for (``?kb=N``)."""
    from django.http import HttpResponse

    kilobytes = int(environ["QUERY_STRING"].partition("=")[2])
    start_response("200 OK", [("Cache-Control", "public, max-age=60")])
    return HttpResponse(b"x" * (kilobytes * 1024))


def test_the_bodies_kept_are_bounded_in_bytes(clock):
    """A reader walking big pages (the API, 1,000 entries a page) leaves no more than the
    budget in memory, whatever the number of entries allows."""
    app = MicroCache(sized, seconds=1, clock=clock, max_total_bytes=1000 * 1024)
    for n in range(1, 11):
        call(app, f"/walk/{n}?kb=300")
    kept = [key[3] for key in app._entries]
    assert kept == ["/walk/8", "/walk/9", "/walk/10"]  # 900 KB of the 1,000 allowed
    assert sum(len(entry.body) for entry in app._entries.values()) == 900 * 1024


def test_expired_entries_go_when_anything_is_stored(clock):
    app = MicroCache(sized, seconds=1, clock=clock)
    call(app, "/a?kb=1")
    call(app, "/b?kb=1")
    clock.now += 2
    call(app, "/c?kb=1")
    assert [key[3] for key in app._entries] == ["/c"]
    assert app._bytes == 1024  # the total the budget is checked against
    clock.now += 2
    call(app, "/c?kb=1")  # expired: asked again, built again, kept once
    assert app._bytes == 1024


@pytest.mark.parametrize(
    ("status", "headers", "ttl"),
    [
        ("200 OK", [("Cache-Control", "public, max-age=0, s-maxage=10")], 1),
        ("200 OK", [("Cache-Control", "public, s-maxage=0")], 0),
        ("200 OK", [("Cache-Control", "public, max-age=0.5")], 0.5),
        ("200 OK", [("Cache-Control", "max-age=60")], 0),
        ("200 OK", [("Cache-Control", "public, private, max-age=60")], 0),
        ("200 OK", [("Cache-Control", "public, no-store, max-age=60")], 0),
        ("200 OK", [("Cache-Control", "public, max-age=60"), ("Set-Cookie", "a=b")], 0),
        ("200 OK", [("Cache-Control", "public, max-age=60"), ("Vary", "Cookie")], 0),
        ("200 OK", [("Cache-Control", "public, max-age=60"), ("Vary", "*")], 0),
        ("200 OK", [("Cache-Control", "public, max-age=60"), ("Vary", "Accept-Language")], 1),
        ("200 OK", [("Cache-Control", "public, max-age=abc")], 0),
        ("404 Not Found", [("Cache-Control", "public, max-age=60")], 0),
        ("302 Found", [("Cache-Control", "public, max-age=60")], 0),
    ],
)
def test_what_a_shared_cache_may_keep(status, headers, ttl):
    assert shared_ttl(status, headers, 1) == ttl


def test_vary_keyed_entries(clock):
    """A shareable page that varies on a request header is kept once per value."""
    calls = []

    def varying(environ, start_response):
        calls.append(environ.get("HTTP_ACCEPT_LANGUAGE"))
        from django.http import HttpResponse

        response = HttpResponse(environ.get("HTTP_ACCEPT_LANGUAGE", "").encode())
        start_response(
            "200 OK",
            [("Cache-Control", "public, max-age=60"), ("Vary", "Accept-Language")],
        )
        return response

    app = MicroCache(varying, seconds=1, clock=clock)
    assert call(app, "/x", accept_language="en")[2] == b"en"
    assert call(app, "/x", accept_language="de")[2] == b"de"
    assert call(app, "/x", accept_language="en")[2] == b"en"
    assert call(app, "/x", accept_language="de")[2] == b"de"
    assert calls == ["en", "de"]
