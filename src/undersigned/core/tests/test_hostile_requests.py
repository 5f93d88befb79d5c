"""Requests that used to end in a 500 (issue 17, point 11), on either database: a NUL
in a link's id or a moderator's POST, a form body in another charset than UTF-8, an
import preview's edits with "²" or a 5,000-digit number."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from undersigned.core.text.validators import whole_number
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.imports.models import ImportDraft
from undersigned.lists.tests.helpers import organizer
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.helpers import organization_data, sign

pytestmark = pytest.mark.django_db

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), ("0", 0), ("²", None), ("١٢", None), ("", None), ("-1", None), (" 1", None),
     (HUGE, None), ("1234567890", None)],
)  # fmt: skip
def test_whole_number_takes_only_short_ascii_digits(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize("purpose", ["confirm", "withdraw"])
@pytest.mark.parametrize("public_id", ["%00", "abc%00def", "%00%00"])
def test_a_nul_in_a_private_links_id_is_a_bad_request(client, purpose, public_id):
    response = client.get(f"/s/{public_id}/{purpose}/{'a' * 40}/")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert client.post(f"/s/{public_id}/{purpose}/{'a' * 40}/").status_code == 400


def test_a_nul_in_the_query_is_dropped(client):
    declaration = DeclarationFactory()
    url = reverse("declarations:detail", args=[declaration.slug])
    assert client.get(url, {"page": "1\x00"}).status_code == 200
    assert client.get(url, {"page": "\x00", "as_of": "2025-01-01\x00"}).status_code == 200
    organizer_client = Client()
    organizer_client.force_login(organizer())
    translation = reverse("organize:translation", args=[declaration.slug])
    assert organizer_client.get(translation, {"language": "de\x00"}).status_code == 200


def test_a_nul_that_reaches_the_database_is_a_bad_request_not_a_500(client):
    # An import's note is stored as typed: on PostgreSQL a NUL in it cannot be.
    declaration = DeclarationFactory(slug="target")
    client.force_login(organizer())
    response = client.post(
        f"/en/organize/{declaration.slug}/import/",
        {"text": "1. KOL Kommunistische\x00 Organisation\n", "source": "mail\x00"},
    )
    assert response.status_code in (302, 400)


def test_a_moderators_post_with_a_nul_in_the_id_is_a_bad_request(client):
    declaration = DeclarationFactory()
    sign(client, declaration.slug, organization_data(), organization=True)
    moderator = organizer("moderator")
    role_grant(user=moderator, role="moderator", scope=declaration)
    client.force_login(moderator)
    url = reverse("organize:moderation", args=[declaration.slug])
    public_id = Signature.objects.get().public_id
    for value in (f"{public_id}\x00", "\x00", f"\x00{public_id}"):
        response = client.post(url, {"signature": value, "action": "reject"})
        assert response.status_code == 400
    assert client.post(url, {"signature": "nobody", "action": "reject"}).status_code == 400
    assert Signature.objects.get().status == Signature.Status.UNCONFIRMED


def _csrf(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the page has no CSRF-protected form"
    return found.group(1)


@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-1", "utf-16", "utf-7", "UTF-16LE"])
@pytest.mark.parametrize("page", ["login", "sign", "sign_organization"])
def test_a_form_body_in_another_charset_is_a_bad_request(charset, page):
    # The CSRF check runs, as in a browser: it is what read the body a second time.
    client = Client(enforce_csrf_checks=True)
    declaration = DeclarationFactory()
    url = {
        "login": reverse("organize:login"),
        "sign": reverse("signatures:sign_person", args=[declaration.slug]),
        "sign_organization": reverse("signatures:sign_organization", args=[declaration.slug]),
    }[page]
    token = _csrf(client, url)
    text = f"csrfmiddlewaretoken={token}&name=Ad\u00e9&email=a%40example.org"
    body = text.encode("utf-16" if "16" in charset else "latin-1")
    response = client.generic(
        "POST", url, data=body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )  # fmt: skip
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_form_body_in_utf8_with_its_charset_named_is_read(client):
    declaration = DeclarationFactory()
    url = reverse("signatures:sign_person", args=[declaration.slug])
    response = client.generic(
        "POST", url, data=b"name=Ad%C3%A9",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )  # fmt: skip
    assert response.status_code == 400  # the form's own answer: fields missing
    assert "Adé" in response.content.decode()  # what was typed, kept


def test_a_broken_multipart_body_is_a_bad_request(client):
    declaration = DeclarationFactory()
    url = reverse("signatures:sign_person", args=[declaration.slug])
    response = client.generic(
        "POST", url, data=b"--x\r\nbroken", content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code < 500


@pytest.fixture
def draft_url(client):
    declaration = DeclarationFactory(slug="target")
    client.force_login(organizer())
    text = "Status of the signatories 06.01.2025.\n1. KOL Kommunistische Organisation\n"
    response = client.post(f"/en/organize/{declaration.slug}/import/", {"text": text})
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.parametrize(
    "fields",
    [
        {"rows": "²"},
        {"rows": HUGE},
        {"rows": ["0", "0", "²"], "r0-match": HUGE},
        {"rows": "0", "r0-match": "²"},
        {"action": "fix:²"},
        {"action": f"fix:{HUGE}"},
        {"action": f"split:{HUGE}"},
        {"rows": "0", "r0-name": "", "page": HUGE},
    ],
)
def test_import_preview_edits_with_odd_numbers_are_ignored(client, draft_url, fields):
    before = ImportDraft.objects.get().rows
    response = client.post(draft_url, {"action": "save", **fields})
    assert response.status_code == 302
    assert client.get(draft_url + "?show=all").status_code == 200
    if "r0-match" in fields:
        assert ImportDraft.objects.get().rows[0]["match"] == before[0]["match"]


def test_an_imported_list_numbered_with_superscripts_parses(client, draft_url):
    response = client.post(
        "/en/organize/target/import/", {"text": "²) KOL Kommunistische Organisation\n"}
    )
    assert response.status_code == 302
