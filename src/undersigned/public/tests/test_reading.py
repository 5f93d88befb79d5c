"""The declaration page as readers expect it (#15): the count and sign block with a
goal, the banners, the search of the list, right-to-left names, one date format, the
snapshot notice, gaps in an "as of" list and the share links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from undersigned.declarations.models import Declaration
from undersigned.declarations.services import declaration_close, declaration_withdraw
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.lists.services import snapshot_publish
from undersigned.organizations.tests.factories import OrganizationFactory
from undersigned.public.html import entry_items
from undersigned.public.tests.helpers import entry_texts
from undersigned.signatures.models import Signature
from undersigned.signatures.services import (
    PersonSubmission,
    signature_add_published,
    signature_withdraw,
)
from undersigned.signatures.signatory import ListEntry

pytestmark = pytest.mark.django_db


def person(declaration: Declaration, name: str, country: str = "DE", *, shown: bool = True):
    signature = signature_add_published(
        declaration=declaration,
        actor=None,
        person=PersonSubmission(name=name, email="", country=country, show_name=shown),
    )
    return signature


def page_of(client, declaration: Declaration, **query: str) -> str:
    response = client.get(reverse("declarations:detail", args=[declaration.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_count_and_sign_buttons_stand_under_the_title_and_after_the_text(client):
    declaration = DeclarationFactory(signature_goal=2000)
    for number in range(3):
        person(declaration, f"Person {number}")

    page = page_of(client, declaration)

    title, after_title = page.split("</h1>", 1)[0], page.split("</h1>", 1)[1]
    assert "count-big" not in title
    # The block comes straight after the title, before the metadata and the text.
    assert after_title.index('id="count-top"') < after_title.index('class="body"')
    assert after_title.index('id="count-bottom"') > after_title.index('class="body"')
    assert page.count("Sign as a person") == 2
    assert page.count("Sign for an organization") == 2
    # The goal is a bar and the same in words.
    assert '<progress max="2000" value="3" aria-labelledby="goal-top">' in page
    assert "3 of 2,000" in page


def test_a_count_past_the_goal_fills_the_bar_and_says_so(client):
    declaration = DeclarationFactory(signature_goal=2)
    for number in range(3):
        person(declaration, f"Person {number}")

    page = page_of(client, declaration)

    assert '<progress max="2" value="2"' in page
    assert "3 of 2" in page


def test_thousands_are_grouped_in_the_readers_language(client):
    declaration = DeclarationFactory(signature_goal=12000)

    page = client.get(f"/de/declarations/{declaration.slug}/").content.decode()

    assert "12.000" in page


def test_a_closed_declaration_says_so_in_a_banner(client):
    declaration = DeclarationFactory()
    person(declaration, "Ann")
    declaration_close(declaration=declaration)

    page = page_of(client, declaration)

    today = timezone.localdate()
    assert f"Signing closed on {today.day} {today:%B %Y}." in page
    assert page.index('class="banner closed"') < page.index("<h1")
    assert "Sign as a person" not in page


def test_a_withdrawn_declaration_says_so_instead_of_not_found(client):
    declaration = DeclarationFactory(title="A retracted letter")
    person(declaration, "Ann Secret")
    declaration_withdraw(declaration=declaration)

    response = client.get(reverse("declarations:detail", args=[declaration.slug]))

    assert response.status_code == 410
    page = response.content.decode()
    assert "withdrawn by its organizers" in page
    assert "A retracted letter" in page
    assert "Ann Secret" not in page
    assert client.get("/en/declarations/never-was/").status_code == 404


def test_the_list_is_searched_on_the_server_with_positions_kept(client, settings):
    declaration = DeclarationFactory()
    union = OrganizationFactory(abbreviation="FAU", name="Freie Arbeiter*innen-Union", country="DE")
    signature_add_published(declaration=declaration, actor=None, organization=union)
    person(declaration, "Marta Nowak", "PL")
    person(declaration, "Hidden Person", "DE", shown=False)
    party = OrganizationFactory(
        abbreviation="RMP", name="Российская маоистская партия", country="RU"
    )
    signature_add_published(declaration=declaration, actor=None, organization=party)

    by_abbreviation = entry_texts(page_of(client, declaration, q="fau"))
    by_name = entry_texts(page_of(client, declaration, q="nowak"))
    by_country = entry_texts(page_of(client, declaration, q="Germany"))
    by_cyrillic = entry_texts(page_of(client, declaration, q="маоистская"))
    hidden = page_of(client, declaration, q="Hidden")

    assert list(by_abbreviation) == [1]
    assert by_name == {2: "Marta Nowak, Poland"}
    # A person who chose not to be named is found by nothing, not even their country.
    assert list(by_country) == [1]
    assert list(by_cyrillic) == [4]
    assert entry_texts(hidden) == {}
    assert "No entry of the list shows that." in hidden
    assert "1 entry shows “fau”." in page_of(client, declaration, q="  fau ")


def test_search_results_are_paginated_and_the_links_keep_the_query(client, settings):
    settings.SIGNATORY_PAGE_SIZE = 2
    declaration = DeclarationFactory()
    for number in range(5):
        person(declaration, f"Smith {number}", "FR")
    person(declaration, "Jones", "FR")

    first = page_of(client, declaration, q="smith")
    third = page_of(client, declaration, q="smith", page="3")

    assert list(entry_texts(first)) == [1, 2]
    assert "?q=smith&amp;page=2#signatories" in first
    assert list(entry_texts(third)) == [5]
    assert "5 entries show “smith”." in third


def test_a_withdrawn_signatory_is_not_found(client):
    declaration = DeclarationFactory()
    signature = person(declaration, "Gone Away")
    signature_withdraw(signature=signature)

    assert entry_texts(page_of(client, declaration, q="Gone")) == {}


def test_only_the_part_in_the_other_script_is_isolated():
    arabic = ListEntry(
        position=7,
        kind="organization",
        line="حزب العمال (Hizb al-Ummal) (Workers' Party), Lebanon",
        abbreviation="",
        name="حزب العمال",
        name_transliteration="Hizb al-Ummal",
        name_translation="Workers' Party",
        country="Lebanon",
        organization_id=3,
    )
    with translation.override("en"):
        (item,) = entry_items([arabic], link_organizations=True)

    assert '<a href="/en/organizations/3/"><bdi>حزب العمال</bdi></a>' in item
    # The rest keeps the page's direction: no dir="auto" on the line.
    assert "(Hizb al-Ummal) (Workers&#x27; Party), Lebanon</span>" in item
    assert 'dir="auto"' not in item
    assert entry_texts(item)[7] == arabic.line


def test_the_html_line_is_the_exported_line_for_every_kind(client):
    declaration = DeclarationFactory()
    signature_add_published(
        declaration=declaration,
        actor=None,
        organization=OrganizationFactory(
            abbreviation="PC (ML)", name="Partido", name_transliteration="", country="ES"
        ),
    )
    person(declaration, "שרה לוי", "IL")
    person(declaration, "Hidden", "DE", shown=False)
    gone = person(declaration, "Gone")
    signature_withdraw(signature=gone)
    day = timezone.localdate().isoformat()

    page = entry_texts(page_of(client, declaration, as_of=day))
    export = b"".join(client.get(f"/declarations/{declaration.slug}/signatories.txt"))
    lines = export.decode().splitlines()

    assert page[1] == lines[-3].partition(". ")[2]
    assert page[2] == "שרה לוי, Israel"
    assert page[3] == "A signatory who chose not to be named"


def test_one_date_format_per_page_and_language(client):
    declaration = DeclarationFactory(
        published_on=dt.date(2026, 11, 21), first_published_on=dt.date(2026, 11, 1)
    )
    signature = person(declaration, "Ann")
    Signature.objects.filter(pk=signature.pk).update(
        published_at=dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC)
    )
    snapshot_publish(declaration=declaration, actor=None, status_date=dt.date(2026, 12, 3))

    english = page_of(client, declaration)
    russian = client.get(f"/ru/declarations/{declaration.slug}/").content.decode()

    for wrong in ("Nov. 21, 2026", "03.12.2026", ">2026-12-03<", "(2026-12-03"):
        assert wrong not in english
    assert "21 November 2026" in english
    assert "Status of the signatories 3 December 2026." in english
    assert "21 ноября 2026" in russian
    assert "3 декабря 2026" in russian
    assert "03.12.2026" not in russian


def test_the_snapshot_notice_says_what_it_is_and_what_changed_since(client):
    declaration = DeclarationFactory()
    first = person(declaration, "Ann")
    person(declaration, "Bob")
    snapshot = snapshot_publish(declaration=declaration, actor=None)
    for name in ("Cem", "Dua"):
        person(declaration, name)
    signature_withdraw(signature=first)

    page = page_of(client, declaration)

    today = timezone.localdate()
    assert (
        f"Latest published snapshot: no. 1 (2 entries, {today.day} {today:%B %Y}). "
        "2 added since, 1 withdrawn since; the list above is the live one."
    ) in page
    assert snapshot.sha256 in page


def test_an_unchanged_list_says_so_under_its_snapshot(client):
    declaration = DeclarationFactory()
    person(declaration, "Ann")
    snapshot_publish(declaration=declaration, actor=None)

    assert "The live list above has not changed since." in page_of(client, declaration)


def test_an_as_of_list_explains_the_gaps_in_its_numbers(client):
    declaration = DeclarationFactory()
    early = person(declaration, "Early")
    leaving = person(declaration, "Leaving")
    late = person(declaration, "Late")
    imported = person(declaration, "Imported with an old date")
    Signature.objects.filter(pk__in=[early.pk, imported.pk, leaving.pk]).update(
        published_at=dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)
    )
    Signature.objects.filter(pk=late.pk).update(
        published_at=dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    )
    signature_withdraw(signature=leaving)
    Signature.objects.filter(pk=leaving.pk).update(
        withdrawn_at=dt.datetime(2025, 1, 15, 12, tzinfo=dt.UTC)
    )

    page = page_of(client, declaration, as_of="2025-02-01")

    assert list(entry_texts(page)) == [1, 4]
    assert "1 number belongs to an entry that joined after this day" in page
    assert "1 number belongs to a signatory who had withdrawn by then." in page
    assert "Search the list" not in page  # the search is of the live list


def test_share_links_load_nothing_and_carry_the_address(client, settings):
    settings.SITE_URL = "https://sign.example"
    declaration = DeclarationFactory(slug="share-me", title="Free them all")

    page = page_of(client, declaration)

    assert 'value="https://sign.example/en/declarations/share-me/" readonly' in page
    assert "mailto:?subject=Free%20them%20all&amp;body=https%3A%2F%2Fsign.example" in page
    assert 'href="https://t.me/share/url?url=https%3A%2F%2Fsign.example' in page
    share = page.split('class="share"', 1)[1]
    for tag in ("<script", "<img", "<iframe"):
        assert tag not in share
