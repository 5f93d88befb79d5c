"""Security headers of the pages, and the referrer exception for forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from undersigned.declarations.tests.factories import DeclarationFactory

pytestmark = pytest.mark.django_db


def test_public_pages_send_strict_headers(client):
    declaration = DeclarationFactory()
    for url in [
        reverse("declarations:index"),
        reverse("declarations:detail", args=[declaration.slug]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"


def test_pages_with_csrf_forms_send_same_origin_referrers(client):
    # With no-referrer, browsers send "Origin: null" on POST and the CSRF check fails.
    declaration = DeclarationFactory()
    for url in [
        reverse("signatures:sign_person", args=[declaration.slug]),
        reverse("signatures:sign_organization", args=[declaration.slug]),
        # The admin signs in here too (its own login page leads here).
        reverse("organize:login"),
    ]:
        response = client.get(url)
        assert response["Referrer-Policy"] == "same-origin", url
        assert "no-store" in response["Cache-Control"]


def test_no_page_points_outside_the_site(client):
    declaration = DeclarationFactory()
    for url in [
        reverse("declarations:index"),
        reverse("declarations:detail", args=[declaration.slug]),
    ]:
        page = client.get(url).content.decode()
        for attribute in ('src="http', "src='http", 'href="//', "url(http"):
            assert attribute not in page, (url, attribute)
        assert '<link rel="stylesheet" href="/static/' in page


def test_any_page_with_a_post_form_gets_same_origin_whoever_made_it(client, settings):
    # The mechanism, not a list of views: the public snapshots page (a verify form)
    # and the organizers' login page get it without a decorator.
    declaration = DeclarationFactory(status="open")
    for url in [
        reverse("lists:snapshots", args=[declaration.slug]),
        reverse("organize:login"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Referrer-Policy"] == "same-origin", url
    # A page without a form that posts keeps no-referrer.
    response = client.get(reverse("declarations:index"))
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (b'<form method="post">', True),
        (b"<FORM METHOD=POST action=x>", True),
        (b"<form action='/x' class=a method='Post'>", True),
        (b'<form method="get"><button formmethod="post">', True),
        (b'<form method="get" action="/search">', False),
        (b"<p>method=post</p>", False),
    ],
)
def test_the_post_form_detector(markup, expected):
    from django.http import HttpResponse

    from undersigned.core.web.http import holds_post_form

    assert holds_post_form(HttpResponse(b"<html>" + markup + b"</html>")) is expected
    assert holds_post_form(HttpResponse(markup, content_type="application/json")) is False


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "The form could not be sent"),
        ("de", "Das Formular konnte nicht gesendet werden"),
        ("ru", "Не удалось отправить форму"),
        ("uk", "Не вдалося надіслати форму"),
    ],
)
def test_a_refused_form_gets_the_branded_page_in_its_language(language, heading):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/organize/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert heading in page
    assert f'lang="{language}"' in page
    assert 'href="/' + language + '/organize/login/"' in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
