"""Whatever a person or a bot sends gets a clear answer, keeps what was typed, and never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from undersigned.declarations.models import Declaration
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import organization_data, person_data, sign, started

pytestmark = pytest.mark.django_db


@pytest.fixture
def declaration():
    return DeclarationFactory()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("name", "x" * 201, "at most 200 characters"),
        ("name", "Ada\x00Lovelace", "Control characters"),
        ("name", "Ada\nLovelace", "Control characters"),
        ("name", "Ada \u202eecalevoL", "direction-control characters"),
        ("name", "Ada \ufffd", "could not be read"),
        ("email", "", "This field is required."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("email", "ada@example.org\r\nBcc: victim@example.org", "Enter a valid email address."),
        ("country", "", "This field is required."),
        ("country", "XX", "Select a valid choice."),
        ("city", "c" * 101, "at most 100 characters"),
        ("role", "\x1b[31m", "Control characters"),
    ],
)
def test_each_field_says_what_is_wrong_and_keeps_the_rest(
    client, declaration, field, value, message
):
    data = person_data(city="Köln", affiliation="Verdi")
    data[field] = value
    response = sign(client, declaration.slug, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page  # the message stands next to its field
    # What was typed in the other fields is still there.
    for kept in ("Köln", "Verdi"):
        if field not in ("city", "affiliation"):
            assert f'value="{kept}"' in page
    assert Signature.objects.count() == 0


def test_organization_form_validates_too(client, declaration):
    data = organization_data(name="", website="javascript:alert(1)", abbreviation="A" * 65)
    response = sign(client, declaration.slug, data, organization=True)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "Enter a valid URL." in page
    assert "at most 64 characters" in page
    assert 'value="Secretary Person"' in page
    assert Signature.objects.count() == 0


def test_repeated_and_unknown_fields_are_harmless(client, declaration):
    url = reverse("signatures:sign_person", args=[declaration.slug])
    data = person_data()
    response = client.post(
        url,
        {
            **data,
            "started": started(),
            "country": ["DE", "FR"],
            "position": "1",
            "status": "published",
        },
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.UNCONFIRMED
    assert signature.position is None


def test_oversized_body_is_refused(client, declaration):
    url = reverse("signatures:sign_person", args=[declaration.slug])
    response = client.post(url, person_data(name="x" * 70_000))
    assert response.status_code == 400
    assert Signature.objects.count() == 0


def test_too_many_fields_are_refused(client, declaration):
    url = reverse("signatures:sign_person", args=[declaration.slug])
    response = client.post(url, {**person_data(), **{f"f{n}": "1" for n in range(200)}})
    assert response.status_code == 400


def test_invalid_utf8_is_refused_cleanly(client, declaration):
    url = reverse("signatures:sign_person", args=[declaration.slug])
    body = b"name=Ada%FF%FE&email=ada%40example.org&country=DE&show_name=on"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert Signature.objects.count() == 0


@pytest.mark.parametrize(
    "content_type", ["application/json", "multipart/form-data; boundary=x", "text/plain"]
)
def test_other_encodings_are_refused_without_a_crash(client, declaration, content_type):
    url = reverse("signatures:sign_person", args=[declaration.slug])
    response = client.post(url, b'{"name": ["a"]}\x00\xff', content_type=content_type)
    assert response.status_code == 400
    assert Signature.objects.count() == 0


def test_wrong_methods_are_refused(client, declaration):
    url = reverse("signatures:sign_person", args=[declaration.slug])
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert client.post(reverse("declarations:detail", args=[declaration.slug])).status_code == 405


def test_signing_where_the_policy_forbids_is_not_found(client):
    letter = DeclarationFactory(allow_organizations=False)
    statement = DeclarationFactory(allow_individuals=False)
    assert sign(client, letter.slug, organization_data(), organization=True).status_code == 404
    assert sign(client, statement.slug, person_data()).status_code == 404
    assert Signature.objects.count() == 0


@pytest.mark.parametrize("status", [Declaration.Status.DRAFT])
def test_drafts_cannot_be_signed_or_seen(client, status):
    draft = DeclarationFactory(status=status)
    assert sign(client, draft.slug, person_data()).status_code == 404
    assert client.get(reverse("declarations:detail", args=[draft.slug])).status_code == 404


def test_unknown_declaration(client):
    assert client.get("/en/declarations/no-such-thing/").status_code == 404
    assert client.get("/en/declarations/no-such-thing/sign/").status_code == 404
    assert sign(client, "no-such-thing", person_data()).status_code == 404


def test_bad_page_numbers_fall_back(client, declaration):
    url = reverse("declarations:detail", args=[declaration.slug])
    for page in ["abc", "-1", "99999999999999999999", "1e9", "\x00"]:
        assert client.get(url, {"page": page}).status_code == 200


def test_bad_host_header_is_refused(client):
    assert client.get("/", headers={"host": "evil.example.com"}).status_code == 400
