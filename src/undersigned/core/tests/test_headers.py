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
        reverse("admin:login"),
    ]:
        response = client.get(url)
        assert response["Referrer-Policy"] == "same-origin", url
        assert "no-store" in response["Cache-Control"] or url.startswith("/admin/")


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
