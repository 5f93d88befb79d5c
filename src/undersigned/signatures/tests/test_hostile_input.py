"""Hostile input in every field is refused or rendered inert, wherever it is shown.

Payloads go through both signing forms into every text field; what is accepted is
confirmed, approved and then looked at on the public page, in the admin and on the
organizers' moderation page. Organizers' Markdown is sanitized (nh3), and their
source links cannot be javascript: URLs.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from undersigned.declarations.services import declaration_create
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.signatures.models import Signature
from undersigned.signatures.services import signature_approve, signature_confirm
from undersigned.signatures.tests.helpers import organization_data, person_data, sign

pytestmark = pytest.mark.django_db

PERSON_TEXT = ("name", "city", "affiliation", "role")
ORGANIZATION_TEXT = (
    "abbreviation", "name", "name_transliteration", "name_translation", "signer_name",
    "signer_role",
)  # fmt: skip

INERT = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }} {% debug %}",
    "<iframe src=https://evil.example/></iframe>",
]
REFUSED = [
    "x" * 5000,  # oversized
    "evil\u202etxt.exe",  # right-to-left override
    "bell\x07",  # control character
    "nul\x00",
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def looks_inert(html: str) -> None:
    """No markup of the payloads became a tag or an attribute; templates were not run."""
    for tag, attrs in tags(html):
        assert tag != "iframe", tag
        if tag == "img":  # the admin's own icons only
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").lower().startswith("javascript:"), (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith(("/static/", "/admin/jsi18n/")), attrs
    assert settings.SECRET_KEY not in html


def pages_showing(client, declaration) -> list[str]:
    client.force_login(User.objects.create_superuser(f"root{declaration.pk}", password="pw"))
    urls = [
        reverse("declarations:detail", args=[declaration.slug]),
        reverse("admin:signatures_signature_changelist"),
        reverse("admin:signatures_awaitingmoderation_changelist"),
        reverse("organize:moderation", args=[declaration.slug]),
        *(
            reverse("admin:signatures_signature_change", args=[pk])
            for pk in Signature.objects.filter(declaration=declaration).values_list("pk", flat=True)
        ),
    ]
    pages = [client.get(url).content.decode() for url in urls]
    client.logout()
    return pages


@pytest.mark.parametrize("payload", INERT)
def test_markup_in_every_field_is_rendered_inert(client, payload):
    declaration = DeclarationFactory()
    person = person_data(**dict.fromkeys(PERSON_TEXT, payload))
    assert sign(client, declaration.slug, person).status_code == 302
    org = organization_data(**dict.fromkeys(ORGANIZATION_TEXT, payload))
    assert sign(client, declaration.slug, org, organization=True).status_code == 302
    root = User.objects.create_superuser("moderator", password="pw")
    for signature in Signature.objects.all():
        signature = signature_confirm(signature=signature)
        if signature.is_organization:
            signature_approve(signature=signature, actor=root)
    # One pending organization too, for the queues.
    sign(client, declaration.slug, organization_data(name=payload, email="b@example.org"),
         organization=True)  # fmt: skip
    signature_confirm(signature=Signature.objects.get(status=Signature.Status.UNCONFIRMED))

    for html in pages_showing(client, declaration):
        looks_inert(html)
    public = client.get(reverse("declarations:detail", args=[declaration.slug])).content.decode()
    assert escape(payload) in public  # shown as the text it is


@pytest.mark.parametrize("payload", REFUSED)
@pytest.mark.parametrize("organization", [False, True])
def test_oversized_and_control_characters_are_refused_in_every_field(client, payload, organization):
    declaration = DeclarationFactory()
    fields = ORGANIZATION_TEXT if organization else PERSON_TEXT
    make = organization_data if organization else person_data
    for field in fields:
        response = sign(
            client, declaration.slug, make(**{field: payload}), organization=organization
        )
        assert response.status_code == 400, (field, payload[:10])
        assert f'id="id_{field}_error"' in response.content.decode()
    assert Signature.objects.count() == 0


def test_a_homoglyph_organization_is_flagged_to_the_moderator(client):
    declaration = DeclarationFactory()
    # "Аmnesty" with a Cyrillic А reads like the real one.
    data = organization_data(abbreviation="АI", name="Аmnesty International")
    sign(client, declaration.slug, data, organization=True)
    signature_confirm(signature=Signature.objects.get())
    client.force_login(User.objects.create_superuser("root", password="pw"))
    page = client.get(reverse("admin:signatures_awaitingmoderation_changelist")).content.decode()
    assert "Cyrillic, Latin" in page
    # A name wholly in one script is not flagged.
    from undersigned.signatures.confusables import mixed_scripts

    assert mixed_scripts("Комитет солидарности") == set()
    assert mixed_scripts("ΚΚΕ Κομμουνιστικό Κόμμα") == set()
    assert mixed_scripts("Раураl") == {"Cyrillic", "Latin"}


def test_organizers_markdown_is_sanitized():
    declaration = declaration_create(
        slug="hostile",
        title="Hostile",
        body=(
            "<script>alert(1)</script>\n\n"
            "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
            "![tracker](https://tracker.example/pixel.gif)\n\n"
            '<iframe src="https://evil.example"></iframe>\n\n'
            '<a href="javascript:alert(1)" onclick="x()">raw</a>\n\n'
            "<img src=x onerror=alert(1)>\n\n"
            "[fine](https://example.org)"
        ),
    )
    html = declaration.body_html
    found = tags(html)
    assert {tag for tag, _ in found} <= {"p", "a"}, found
    assert [attrs["href"] for tag, attrs in found if tag == "a"] == ["https://example.org"]
    assert not [name for _, attrs in found for name in attrs if name.startswith("on")]
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>", "//evil.example", "ftp://x", ""]
)
def test_source_links_must_be_web_addresses(url):
    with pytest.raises(ValidationError):
        declaration_create(slug="links", title="Links", body="x", source_links=[{"url": url}])
