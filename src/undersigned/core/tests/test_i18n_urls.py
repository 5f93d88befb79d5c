"""Languages in addresses (#5): which pages carry /<lang>/, the redirect from a bare
address, and the switcher that keeps the reader on the same page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from undersigned.declarations.tests.factories import DeclarationFactory

pytestmark = pytest.mark.django_db

PREFIXED = [
    ("declarations:index", []),
    ("declarations:detail", ["x"]),
    ("signatures:sign_person", ["x"]),
    ("signatures:sign_organization", ["x"]),
    ("signatures:sent", ["x"]),
    ("organizations:detail", [1]),
    ("lists:print", ["x"]),
    ("lists:changes", ["x"]),
    ("lists:snapshots", ["x"]),
    ("organize:snapshot_publish", ["x"]),
    ("organize:import_start", ["x"]),
    ("organize:dashboard", []),
    ("organize:login", []),
    ("organize:translations", ["x"]),
]
UNPREFIXED = [
    ("signatures:confirm", ["id", "token"]),
    ("signatures:withdraw", ["id", "token"]),
    ("signatures:challenge", []),
    ("signatures:transliteration", []),
    ("lists:export", ["x", "csv"]),
    ("lists:pdf", ["x"]),
    ("lists:snapshot_document", ["x", 1]),
    ("admin:index", []),
]


@pytest.mark.parametrize("language", ["en", "de", "ru", "uk"])
def test_pages_carry_the_language_and_files_and_private_links_do_not(language):
    with translation.override(language):
        for name, args in PREFIXED:
            assert reverse(name, args=args).startswith(f"/{language}/"), name
        for name, args in UNPREFIXED:
            path = reverse(name, args=args)
            assert not re.match(r"^/(en|de|ru|uk)/", path), (name, path)


def test_a_bare_address_goes_to_the_browsers_language_else_the_default(client):
    DeclarationFactory(slug="water")
    response = client.get("/", headers={"accept-language": "uk,en;q=0.5"})
    assert (response.status_code, response["Location"]) == (302, "/uk/")
    response = client.get("/declarations/water/", headers={"accept-language": "de-DE,de;q=0.9"})
    assert response["Location"] == "/de/declarations/water/"
    response = client.get("/declarations/water/", headers={"accept-language": "fr"})
    assert response["Location"] == "/en/declarations/water/"
    # The address wins over the browser.
    page = client.get("/ru/declarations/water/", headers={"accept-language": "de"})
    assert page.status_code == 200
    assert '<html lang="ru">' in page.content.decode()
    assert page["Content-Language"] == "ru"


def test_the_switcher_keeps_the_reader_on_the_same_page(client):
    DeclarationFactory(slug="water")
    page = client.get("/de/declarations/water/?page=1").content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.DOTALL).group(0)
    assert '<span aria-current="page" lang="de">Deutsch</span>' in switcher
    for code, name in (("en", "English"), ("ru", "Русский"), ("uk", "Українська")):
        assert (
            f'<a href="/{code}/declarations/water/?page=1" hreflang="{code}" lang="{code}">'
            f"{name}</a>"
        ) in switcher
    # It works without JavaScript: plain links.
    assert "<script" not in switcher


def test_the_switcher_also_leads_out_of_a_page_that_is_not_there(client):
    page = client.get("/uk/declarations/nowhere/").content.decode()
    assert 'href="/de/declarations/nowhere/"' in page
    assert "Сторінку не знайдено" in page


def test_private_links_and_files_have_no_switcher(client):
    declaration = DeclarationFactory(slug="water")
    response = client.get(reverse("lists:export", args=[declaration.slug, "txt"]))
    assert response.status_code == 200
    page = client.get("/s/nosuch/confirm/token/").content.decode()
    assert 'class="languages"' not in page
