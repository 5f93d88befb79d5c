"""Feeds, the badge, the widget, the share page and the stats pages (#14)."""

from __future__ import annotations

import csv
import io

import feedparser
import pytest
from django.urls import reverse

from undersigned.api.tests.helpers import listed_declaration

pytestmark = pytest.mark.django_db


def test_the_three_feeds_are_valid_atom(client):
    data = listed_declaration()
    slug = data.declaration.slug
    for url in ("/feeds/declarations.atom", "/en/feeds/declarations.atom",
                f"/declarations/{slug}/feed.atom"):  # fmt: skip
        response = client.get(url)
        parsed = feedparser.parse(response.content)

        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/atom+xml")
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.entries, url


def test_the_signatories_feed_counts_but_never_names_the_unnamed(client):
    data = listed_declaration()
    parsed = feedparser.parse(
        client.get(f"/declarations/{data.declaration.slug}/feed.atom").content
    )

    titles = [entry.title for entry in parsed.entries]
    assert titles[0] == "8. OD Open Data Union"
    assert "7. A signatory who chose not to be named" in titles
    text = str(parsed)
    assert data.secret_name not in text
    assert data.held_name not in text


def test_pages_link_their_feeds(client):
    data = listed_declaration()
    page = client.get(f"/en/declarations/{data.declaration.slug}/").content.decode()
    index = client.get("/en/").content.decode()

    assert (
        f'type="application/atom+xml" title="New signatories" href="http://127.0.0.1:8000/declarations/{data.declaration.slug}/feed.atom"'
        in page
    )
    assert 'href="http://127.0.0.1:8000/en/feeds/declarations.atom"' in index


@pytest.mark.parametrize("style", ["flat", "square", "large"])
def test_the_badge_is_an_accessible_image_in_the_readers_language(client, style):
    data = listed_declaration()
    url = f"/declarations/{data.declaration.slug}/badge.svg?style={style}"
    english = client.get(url).content.decode()
    german = client.get(url + "&lang=de").content.decode()

    assert english.startswith("<svg")
    assert 'role="img"' in english
    assert "<title>8 signatures</title>" in english
    assert "<title>8 Unterschriften</title>" in german
    assert client.get(url, headers={"accept-language": "uk"}).content.decode().count("підписів")


def test_the_badge_in_shields_endpoint_format(client):
    data = listed_declaration()
    response = client.get(f"/declarations/{data.declaration.slug}/badge.json")

    assert response.json() == {
        "schemaVersion": 1,
        "label": "signatures",
        "message": "8",
        "color": "1e6b3f",
    }


def test_only_the_widget_may_be_framed(client):
    data = listed_declaration()
    slug = data.declaration.slug
    widget = client.get(f"/en/declarations/{slug}/widget/")

    assert widget.status_code == 200
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    assert "X-Frame-Options" not in widget
    page = widget.content.decode()
    assert "<script" not in page
    assert 'target="_blank"' in page
    assert data.secret_name not in page

    others = [
        "/en/", f"/en/declarations/{slug}/", f"/en/declarations/{slug}/share/",
        f"/en/declarations/{slug}/stats/", "/en/stats/", "/en/api/", "/api/v1/",
        f"/api/v1/declarations/{slug}/count", f"/declarations/{slug}/badge.svg",
        f"/declarations/{slug}/feed.atom", f"/en/declarations/{slug}/sign/",
        "/api/v1/no-such-thing", "/en/no-such-page/",
    ]  # fmt: skip
    for url in others:
        response = client.get(url)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_the_share_page_hands_out_every_snippet(client):
    data = listed_declaration()
    slug = data.declaration.slug
    page = client.get(f"/de/declarations/{slug}/share/").content.decode()

    for part in (f"/declarations/{slug}/badge.svg?lang=de", f"/de/declarations/{slug}/widget/",
                 f"/declarations/{slug}/feed.atom", f"/api/v1/declarations/{slug}",
                 f"/declarations/{slug}/signatories.csv", "&lt;iframe"):  # fmt: skip
        assert part in page
    declaration_page = client.get(f"/de/declarations/{slug}/").content.decode()
    assert reverse("opendata:share", args=[slug]) in declaration_page


def test_the_stats_page_draws_both_charts_and_their_tables(client):
    data = listed_declaration()
    response = client.get(f"/en/declarations/{data.declaration.slug}/stats/")
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count("<svg") == 2
    assert "<script" not in page
    assert "<caption>Signatures over time, by day</caption>" in page
    assert '<th scope="row">Germany</th><td>6</td>' in page
    assert "No country shown" in page
    assert "Belarus" not in page  # the unnamed person's country, never shown
    # The same data gives the same bytes: the ETag holds.
    assert (
        client.get(f"/en/declarations/{data.declaration.slug}/stats/").content == response.content
    )


def test_the_stats_as_csv(client):
    data = listed_declaration()
    slug = data.declaration.slug
    daily = list(
        csv.reader(
            io.StringIO(client.get(f"/declarations/{slug}/stats/daily.csv").content.decode())
        )
    )
    countries = list(
        csv.reader(
            io.StringIO(client.get(f"/declarations/{slug}/stats/countries.csv").content.decode())
        )
    )

    assert daily[0] == ["date", "signed", "withdrawn", "net", "cumulative"]
    assert daily[-1][-1] == "8"
    assert countries[1] == ["DE", "Germany", "6"]
    assert countries[-1] == ["unstated", "", "2"]


def test_the_site_stats_list_every_declaration_with_a_sparkline(client):
    listed_declaration()
    listed_declaration(slug="second", named=1)
    page = client.get("/en/stats/").content.decode()

    assert page.count("<svg") == 2
    assert "/en/declarations/second/stats/" in page
