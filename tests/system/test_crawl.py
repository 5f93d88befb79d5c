"""Every public page, crawled from the index: nothing loaded from another site, strict headers.

The crawl follows the site's own links from ``/`` over the sample content (with the
proof-of-work widget and an onion address switched on, so their pages and headers are
in it too), plus the pages only a POST shows (the form again, the 429 page). On each it
checks that no script, stylesheet, image, font, frame, media, object or form points
outside the site, and that the headers of docs/security.md are sent.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import path, reverse

from undersigned.core.web.security import embeddable
from undersigned.demo.sample.content import load_sample_content
from undersigned.signatures.tests.helpers import person_data

pytestmark = pytest.mark.django_db

ONION = "http://undersignedxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion"
MAX_PAGES = 300
# Where a page loads things from (links a person may follow, <a href>, are not loads).
LOADING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "object": ("data",),
    "embed": ("src",),
    "form": ("action",),
    "input": ("src", "formaction"),
    "button": ("formaction",),
    "image": ("href",),
    "use": ("href",),
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)", re.IGNORECASE)
IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)", re.IGNORECASE)


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.inline_scripts = 0
        self.event_handlers: list[str] = []
        self._in_style = False
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "alternate":
            # hreflang alternates name the page in other languages: nothing loads them.
            return
        for name in LOADING.get(tag, ()):
            if values.get(name):
                self.loads += [part.split()[0] for part in values[name].split(",") if part.strip()]
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if values.get("style"):
            self.loads += CSS_URL.findall(values["style"])
        self.event_handlers += [name for name in values if name.startswith("on")]
        if tag == "script" and not values.get("src"):
            self.inline_scripts += 1
        self._in_style = tag == "style"

    def handle_data(self, data):
        if self._in_style:
            self.loads += CSS_URL.findall(data) + IMPORT.findall(data)

    def handle_endtag(self, tag):
        self._in_style = False


def outside(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
        return parts.scheme == "" and url.startswith("//")  # protocol-relative: elsewhere
    return parts.scheme != "data" or not url.startswith("data:image/")


def check_headers(url: str, response) -> None:
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp, url
    assert "unsafe-inline" not in csp, url
    assert "unsafe-eval" not in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] in ("no-referrer", "same-origin"), url
    assert "camera=()" in response["Permissions-Policy"], url
    assert "geolocation=()" in response["Permissions-Policy"], url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert response["Onion-Location"] == ONION + url, url


def check_page(url: str, response) -> Page:
    check_headers(url, response)
    page = Page()
    body = b"".join(response.streaming_content) if response.streaming else response.content
    page.feed(body.decode())
    external = [load for load in page.loads if outside(load)]
    assert not external, f"{url} loads from elsewhere: {external}"
    assert page.inline_scripts == 0, f"{url} has inline script"
    assert not page.event_handlers, f"{url} has inline event handlers {page.event_handlers}"
    return page


def test_every_public_page_loads_only_from_the_site(client, settings):
    settings.ALTCHA_ENABLED = True
    settings.ONION_LOCATION = ONION
    load_sample_content()

    seen, queue, loads = set(), [reverse("declarations:index")], set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = check_page(url, response)
        loads.update(urljoin(url, load) for load in page.loads)
        for link in page.links:
            target = urljoin(url, link).split("#")[0]
            if urlsplit(target).netloc or not target.startswith("/"):
                continue  # a link to another site: followed by a person, never loaded
            if target.startswith(("/admin/", "/static/")) or "/organize/" in target:
                continue
            queue.append(target)
    assert len(seen) > 10, seen  # the crawl really went through the site
    assert any("/sign/" in url for url in seen)

    # The stylesheets and scripts the pages load come from here and load nothing else.
    for asset in sorted(loads):
        if not asset.startswith("/static/"):
            continue
        local = finders.find(asset.removeprefix("/static/"))
        assert local, asset
        text = Path(local).read_text(encoding="utf-8")
        if asset.endswith(".css"):
            assert not [u for u in CSS_URL.findall(text) + IMPORT.findall(text) if outside(u)]
    assert "/static/undersigned/pow.js" in loads


def test_pages_only_a_post_shows_are_just_as_strict(client, settings):
    settings.ONION_LOCATION = ONION
    settings.SIGN_BLOCK_PER_CLIENT = 0
    load_sample_content()
    from undersigned.declarations.models import Declaration

    slug = Declaration.objects.filter(allow_individuals=True, status="open").first().slug
    url = reverse("signatures:sign_person", args=[slug])
    retry = client.post(url, person_data())  # no form token: the form again
    assert retry.status_code == 400
    check_page(url, retry)
    from undersigned.signatures.tests.helpers import started

    blocked = client.post(url, {**person_data(), "started": started()})
    assert blocked.status_code == 429
    check_page(url, blocked)


def embedded_view(request):
    return HttpResponse("<p>a counter</p>")


urlpatterns = [
    path("admin/", admin.site.urls),  # the admin's referrer middleware looks it up
    path("embed/", embeddable(embedded_view)),
    path("plain/", embedded_view),
]


@pytest.mark.urls(__name__)
def test_only_views_meant_for_embedding_may_be_framed(client):
    plain = client.get("/plain/")
    assert plain["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in plain["Content-Security-Policy"]
    embed = client.get("/embed/")
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "default-src 'self'" in embed["Content-Security-Policy"]
