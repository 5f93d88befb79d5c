"""The public pages: the index of open declarations and a declaration with its list."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from undersigned.audit.models import AuditEntry
from undersigned.declarations.models import Declaration
from undersigned.declarations.services import (
    DeclarationError,
    declaration_close,
    declaration_create,
    declaration_open,
)
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.organizations.tests.factories import OrganizationFactory
from undersigned.public.tests.helpers import entry_texts
from undersigned.signatures.services import PersonSubmission, signature_add_published

pytestmark = pytest.mark.django_db


def test_index_lists_open_declarations_with_their_counts_and_an_archive(client):
    open_one = DeclarationFactory(title="Open statement", publisher="Coalition A")
    DeclarationFactory(title="A draft", status=Declaration.Status.DRAFT)
    DeclarationFactory(title="A closed one", status=Declaration.Status.CLOSED)
    for _ in range(3):
        signature_add_published(
            declaration=open_one, actor=None, organization=OrganizationFactory()
        )
    page = client.get(reverse("declarations:index")).content.decode()
    assert "Open statement" in page
    assert "Coalition A" in page
    assert "3 signatures" in page
    assert "A draft" not in page
    # Closed declarations stand in the archive, by year, with their count and kind.
    current, archive = page.split('id="archive"')
    assert "A closed one" not in current
    assert "A closed one" in archive
    assert f"<h3>{timezone.now().year}</h3>" in archive
    assert "Open letter" in archive


def test_declaration_page_shows_text_metadata_list_and_status_line(client):
    declaration = declaration_create(
        slug="solidarity",
        title="Solidarity statement",
        kind=Declaration.Kind.STATEMENT,
        publisher="The coalition",
        body="We **demand**:\n\n1. first;\n2. second.\n",
        first_published_on=datetime.date(2024, 11, 7),
        published_on=datetime.date(2025, 1, 23),
        source_links=[{"url": "https://example.org/source", "label": "Original"}],
    )
    declaration_open(declaration=declaration)
    organization = OrganizationFactory(
        abbreviation="RMP",
        name="Российская маоистская партия",
        name_transliteration="Rossijskaya maoistskaya partiya",
        name_translation="Russian Maoist Party",
    )
    signature_add_published(declaration=declaration, actor=None, organization=organization)
    page = client.get(reverse("declarations:detail", args=["solidarity"])).content.decode()
    assert "<strong>demand</strong>" in page
    assert "<ol>" in page
    assert "Joint statement" in page
    assert "The coalition" in page
    assert 'datetime="2024-11-07"' in page
    assert 'datetime="2025-01-23"' in page
    assert 'href="https://example.org/source"' in page
    assert entry_texts(page) == {
        1: "RMP Российская маоистская партия (Rossijskaya maoistskaya partiya) "
        "(Russian Maoist Party)"
    }
    today = timezone.localdate()
    # One date format on the page: the status line's date reads like the others.
    assert f"Status of the signatories {today.day} {today:%B %Y}. Further signing possible." in page


def test_list_entries_are_numbered_escaped_and_link_approved_organizations(client):
    declaration = DeclarationFactory()
    organization = OrganizationFactory(abbreviation="", name="Union <b>& Co</b>")
    signature_add_published(declaration=declaration, actor=None, organization=organization)
    signature_add_published(
        declaration=declaration,
        actor=None,
        person=PersonSubmission(name='Ann "<script>x</script>"', email="", country="DE"),
    )
    page = client.get(reverse("declarations:detail", args=[declaration.slug])).content.decode()
    organization_url = reverse("organizations:detail", args=[organization.pk])
    assert organization_url.startswith("/en/")
    # Only the organization's name is a link; the rest of the line is text.
    assert (
        f'<li value="1" id="n1"><span class="number">1.</span> <span class="line">'
        f'<a href="{organization_url}">Union &lt;b&gt;&amp; Co&lt;/b&gt;</a>'
    ) in page
    assert (
        '<li value="2" id="n2"><span class="number">2.</span> <span class="line">'
        "Ann &quot;&lt;script&gt;x&lt;/script&gt;&quot;, Germany</span>"
    ) in page
    assert "<script>x" not in page


def test_status_line_dates_the_last_change_and_says_when_closed(client):
    declaration = DeclarationFactory()
    signature = signature_add_published(
        declaration=declaration, actor=None, organization=OrganizationFactory()
    )
    signature.published_at = datetime.datetime(2025, 1, 6, 12, tzinfo=datetime.UTC)
    signature.save()
    url = reverse("declarations:detail", args=[declaration.slug])
    assert (
        "Status of the signatories 6 January 2025. Further signing possible."
        in client.get(url).content.decode()
    )
    declaration_close(declaration=declaration)
    page = client.get(url).content.decode()
    assert "Status of the signatories 6 January 2025. Signing is closed." in page
    # The exports keep the published lists' own form of the date.
    export = b"".join(client.get(f"/declarations/{declaration.slug}/signatories.txt"))
    assert "Status of the signatories 06.01.2025. Signing is closed." in export.decode()


def test_markdown_is_sanitized(client):
    declaration = declaration_create(
        slug="hostile",
        title="<script>alert(1)</script>",
        body=(
            "<script>alert(1)</script>\n\n<img src=https://tracker.example/x.gif>\n\n"
            "[click](javascript:alert(1)) [ok](https://example.org)\n\n"
            "![pixel](https://tracker.example/p.gif)\n\n<iframe src=x></iframe>"
        ),
    )
    declaration_open(declaration=declaration)
    page = client.get(reverse("declarations:detail", args=["hostile"])).content.decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title, escaped
    assert 'href="javascript' not in page  # left as inert text
    assert "<img" not in page
    assert '="https://tracker.example' not in page  # raw HTML stays inert text
    assert "<iframe" not in page
    assert 'href="https://example.org" rel="noopener noreferrer nofollow"' in page


def test_the_list_is_paginated_in_signing_order(client, settings):
    settings.SIGNATORY_PAGE_SIZE = 2
    declaration = DeclarationFactory()
    for number in range(5):
        signature_add_published(
            declaration=declaration,
            actor=None,
            person=PersonSubmission(name=f"Person {number + 1}", email="", country="DE"),
        )
    url = reverse("declarations:detail", args=[declaration.slug])
    page = client.get(url, {"page": 2}).content.decode()
    assert '<li value="3" id="n3">' in page
    assert "Person 3, Germany" in page
    assert "Person 1," not in page
    assert "Page 2 of 3" in page
    assert '<p class="count-big" id="count-top"><strong>5</strong> signatures</p>' in page


def test_status_changes_are_audited_and_checked():
    declaration = declaration_create(slug="s", title="T", body="b")
    declaration_open(declaration=declaration)
    declaration_close(declaration=declaration)
    with pytest.raises(DeclarationError):
        declaration_close(declaration=declaration)
    actions = list(
        AuditEntry.objects.filter(declaration_id=declaration.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["declaration.create", "declaration.open", "declaration.close"]
