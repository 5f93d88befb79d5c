"""The public page of an organization, linked from the list entries."""

from __future__ import annotations

import pytest

from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.organizations.models import Organization
from undersigned.organizations.selectors import OrganizationIndex
from undersigned.public.tests.helpers import entry_texts
from undersigned.signatures.services import signature_add_published, signature_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def congo():
    return Organization.objects.create(
        abbreviation="ORC",
        name="Organisation Révolutionnaire du Congo",
        name_translation="Revolutionary Organization of Congo",
        country="CD",
        country_as_written="Democratic Republic of the Congo",
        suggested_country="CD",
        aliases=["Organisation Revolutionnaire du Congo"],
    )


def test_the_page_shows_names_country_and_what_it_signed(client, congo):
    first = DeclarationFactory(slug="first", title="The first statement")
    second = DeclarationFactory(slug="second", title="The second statement")
    hidden = DeclarationFactory(slug="hidden", title="A draft", status="draft")
    for declaration in (first, second, hidden):
        signature_add_published(declaration=declaration, actor=None, organization=congo)

    response = client.get(f"/en/organizations/{congo.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Organisation Révolutionnaire du Congo" in html
    assert "Revolutionary Organization of Congo" in html
    assert "Democratic Republic of the Congo" in html
    assert "Organisation Revolutionnaire du Congo" in html  # an alias
    assert "The first statement" in html
    assert "The second statement" in html
    assert "A draft" not in html
    assert 'href="/en/declarations/first/"' in html


def test_no_page_without_a_published_signature(client, congo):
    declaration = DeclarationFactory(slug="only")
    signature = signature_add_published(declaration=declaration, actor=None, organization=congo)
    assert client.get(f"/en/organizations/{congo.pk}/").status_code == 200

    signature_withdraw(signature=signature)

    assert client.get(f"/en/organizations/{congo.pk}/").status_code == 404
    assert client.get("/en/organizations/999999/").status_code == 404


def test_list_entries_link_to_the_organization(client, congo):
    declaration = DeclarationFactory(slug="linked")
    signature_add_published(declaration=declaration, actor=None, organization=congo)

    html = client.get("/en/declarations/linked/").content.decode()

    assert f'href="/en/organizations/{congo.pk}/"' in html
    assert entry_texts(html)[1] == (
        "ORC Organisation Révolutionnaire du Congo (Revolutionary Organization of Congo), "
        "Democratic Republic of the Congo"
    )


def test_matching_exact_across_renderings_and_fuzzy(congo):
    index = OrganizationIndex()

    exact = index.match(abbreviation="ORC", names=["Revolutionary Organization of Congo"])
    by_alias = index.match(abbreviation="", names=["organisation  revolutionnaire du congo"])
    other_abbreviation = index.match(
        abbreviation="XYZ", names=["Organisation Révolutionnaire du Congo"]
    )
    fuzzy = index.match(abbreviation="ORC", names=["Organisation Revolutionaire du Kongo"])
    nothing = index.match(abbreviation="", names=["Something else entirely"])

    assert [m.exact for m in exact] == [True]
    assert [m.exact for m in by_alias] == [True]
    assert not other_abbreviation[0].exact
    assert not fuzzy[0].exact
    assert fuzzy[0].organization_id == congo.pk
    assert nothing == []
