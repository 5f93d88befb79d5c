"""Writing a declaration in the workspace: start, edit with a server-rendered preview,
open (refused with its reason), close, withdraw, and the scheduled closing."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from undersigned.audit.models import AuditEntry
from undersigned.core.queue import schedule
from undersigned.declarations.models import Declaration
from undersigned.declarations.services import declarations_close_due
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.organizations.models import Organization
from undersigned.roles.models import Coalition
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


def organizer(scope=None, username="orga"):
    user = User.objects.create_user(username, password="pw")
    role_grant(user=user, role=Role.ORGANIZER, scope=scope)
    return user


def fields(**overrides):
    data = {
        "title": "For clean rivers",
        "slug": "clean-rivers",
        "kind": "open_letter",
        "publisher": "River towns",
        "language": "de",
        "body": "We **declare**:\n\n1. one;\n2. two.",
        "first_published_on": "2026-11-01",
        "published_on": "2026-11-02",
        "source_links": "https://example.org/first First publication\nhttps://example.org/b",
        "allow_organizations": "on",
        "allow_individuals": "on",
        "list_individuals_by_default": "on",
        "ask_contacts": "on",
        "contact_region": "Germany",
        "signature_goal": "1000",
        "closes_at": (timezone.localtime() + datetime.timedelta(days=30)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "action": "save",
    }
    data.update(overrides)
    return data


def test_an_organizer_of_the_site_starts_a_declaration_with_all_its_fields(client):
    user = organizer()
    client.force_login(user)
    assert client.get(reverse("organize:declaration_new")).status_code == 200
    response = client.post(reverse("organize:declaration_new"), fields())
    assert response.status_code == 302, response.content.decode()
    declaration = Declaration.objects.get(slug="clean-rivers")
    assert declaration.status == Declaration.Status.DRAFT
    assert "<strong>declare</strong>" in declaration.body_html
    assert declaration.language == "de"
    assert declaration.source_links == [
        {"url": "https://example.org/first", "label": "First publication"},
        {"url": "https://example.org/b", "label": ""},
    ]
    assert declaration.ask_contacts
    assert declaration.contact_region == "Germany"
    assert declaration.signature_goal == 1000
    assert declaration.closes_at > timezone.now()
    assert AuditEntry.objects.get(action="declaration.create").actor == user


def test_a_coalition_organizer_starts_one_in_the_coalition_only(client):
    coalition = Coalition.objects.create(name="River towns", slug="river")
    client.force_login(organizer(coalition))
    response = client.post(reverse("organize:declaration_new"), fields(coalition=str(coalition.pk)))
    assert response.status_code == 302
    assert list(Declaration.objects.get().coalitions.all()) == [coalition]
    # Without a coalition (the whole site) it is refused, and what was typed stays.
    response = client.post(reverse("organize:declaration_new"), fields(slug="other"))
    assert response.status_code == 400
    assert "For clean rivers" in response.content.decode()
    assert Declaration.objects.count() == 1


def test_without_a_role_to_start_one_the_page_is_refused(client):
    client.force_login(User.objects.create_user("nobody", password="pw"))
    assert client.get(reverse("organize:declaration_new")).status_code == 403
    client.logout()
    assert client.get(reverse("organize:declaration_new")).status_code == 302


def test_the_preview_is_rendered_on_the_server_and_saves_nothing(client):
    client.force_login(organizer())
    response = client.post(
        reverse("organize:declaration_new"),
        fields(action="preview", body="A *preview* <script>alert(1)</script>"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<em>preview</em>" in page
    assert "<script>alert" not in page
    assert "A *preview*" in page  # the textarea keeps what was typed
    assert not Declaration.objects.exists()


def test_bad_input_keeps_what_was_typed(client):
    client.force_login(organizer())
    response = client.post(
        reverse("organize:declaration_new"),
        fields(source_links="javascript:alert(1)", allow_organizations="", allow_individuals=""),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "a link starts with https://" in page
    assert "Let organizations, individuals or both sign." in page
    assert "For clean rivers" in page
    response = client.post(
        reverse("organize:declaration_new"), fields(closes_at="2020-01-01T10:00")
    )
    assert "has to be in the future" in response.content.decode()


def test_editing_goes_through_the_service_and_the_address_is_fixed_once_open(client):
    declaration = DeclarationFactory(slug="ours", status=Declaration.Status.OPEN)
    client.force_login(organizer(declaration))
    page = client.get(reverse("organize:declaration_edit", args=["ours"])).content.decode()
    assert 'name="slug"' in page
    assert "disabled" in page
    response = client.post(
        reverse("organize:declaration_edit", args=["ours"]),
        fields(slug="moved", ask_contacts="", closes_at=""),
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.slug == "ours"
    assert declaration.title == "For clean rivers"
    assert AuditEntry.objects.filter(action="declaration.update").exists()


def test_open_is_refused_with_its_reason_while_contacts_need_a_key(client):
    declaration = DeclarationFactory(
        slug="ours", status=Declaration.Status.DRAFT, ask_contacts=True
    )
    client.force_login(organizer(declaration))
    overview = client.get(reverse("organize:declaration", args=["ours"])).content.decode()
    assert "It cannot open yet" in overview
    assert "no organizers&#x27; public key" in overview
    response = client.post(
        reverse("organize:declaration_status", args=["ours"]), {"action": "open"}, follow=True
    )
    assert "no organizers&#x27; public key is installed" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.DRAFT


def test_open_close_and_withdraw(client):
    declaration = DeclarationFactory(slug="ours", status=Declaration.Status.DRAFT)
    client.force_login(organizer(declaration))
    status = reverse("organize:declaration_status", args=["ours"])
    assert client.post(status, {"action": "open"}).status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.OPEN
    client.post(status, {"action": "close"})
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.CLOSED
    assert client.post(status, {"action": "explode"}).status_code == 400
    withdraw = reverse("organize:declaration_withdraw", args=["ours"])
    response = client.post(withdraw, {})
    assert response.status_code == 400  # not confirmed
    assert client.post(withdraw, {"confirm": "yes"}).status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.WITHDRAWN
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"declaration.open", "declaration.close", "declaration.withdraw"} <= actions


def test_the_scheduler_closes_a_declaration_at_its_closing_moment():
    now = timezone.now()
    due = DeclarationFactory(closes_at=now - datetime.timedelta(minutes=1))
    later = DeclarationFactory(closes_at=now + datetime.timedelta(days=1))
    never = DeclarationFactory()
    assert declarations_close_due(now=now) == 1
    for declaration in (due, later, never):
        declaration.refresh_from_db()
    assert due.status == Declaration.Status.CLOSED
    assert later.status == never.status == Declaration.Status.OPEN
    entry = AuditEntry.objects.get(action="declaration.close")
    assert entry.actor is None
    assert "undersigned.declarations.tasks.close_due_declarations" in {
        job.name for job in schedule._registry.values()
    }


NAVIGATION = {
    "moderator": ["Overview", "Moderation", "Share and embed"],
    "organizer": [
        "Overview", "Text and policy", "Moderation", "Import", "Translations", "Contacts",
        "Exports", "Publish a status", "Share and embed", "Team",
    ],
    "admin": [
        "Overview", "Text and policy", "Moderation", "Import", "Translations", "Contacts",
        "Exports", "Publish a status", "Share and embed", "Team", "Audit log",
    ],
}  # fmt: skip


@pytest.mark.parametrize("role", NAVIGATION)
def test_one_navigation_reaches_every_page_of_the_declaration_its_role_may_open(client, role):
    declaration = DeclarationFactory(slug="ours")
    user = User.objects.create_user(role, password="pw")
    role_grant(user=user, role=role, scope=declaration)
    client.force_login(user)
    page = client.get(reverse("organize:declaration", args=["ours"])).content.decode()
    menu = re.search(r'<nav class="workspace".*?</nav>', page, re.S).group(0)
    labels = re.findall(r">([^<>]+)</a>", menu)
    assert labels == NAVIGATION[role]
    assert 'aria-current="page">Overview' in menu
    # Every page it links to opens for this role, and marks itself.
    for url in re.findall(r'href="([^"]+)"', menu):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'aria-current="page"' in response.content.decode() or "/share/" in url


def test_the_overview_counts_pending_held_and_the_latest_snapshot(client):
    declaration = DeclarationFactory(slug="ours", signature_goal=10)
    SignatureFactory(declaration=declaration, status=Signature.Status.PENDING)
    SignatureFactory(declaration=declaration, status=Signature.Status.UNCONFIRMED, held=True)
    client.force_login(organizer(declaration))
    page = client.get(reverse("organize:declaration", args=["ours"])).content.decode()
    assert "1 organization waits for a moderator" in page
    assert "1 held signature" in page
    assert "0 of 10 (0 %)" in page
    assert "No snapshot of the list was published yet." in page


def test_the_queue_shows_what_the_signer_gave_and_who_signed_here_already(client):
    declaration = DeclarationFactory(slug="ours")
    known = Organization.objects.create(abbreviation="KOL", name="Kolektyw", country="PL")
    SignatureFactory(
        declaration=declaration, kind=Signature.Kind.ORGANIZATION, organization=known,
        status=Signature.Status.PUBLISHED, position=1, org_name="Kolektyw",
    )  # fmt: skip
    waiting = SignatureFactory(
        declaration=declaration, kind=Signature.Kind.ORGANIZATION,
        status=Signature.Status.PENDING, org_abbreviation="KOL", org_name="Колектив",
        org_name_transliteration="Kolektyv", org_name_translation="Collective",
        org_country="UA", org_website="https://kol.example.org",
    )  # fmt: skip
    user = User.objects.create_user("mod", password="pw")
    role_grant(user=user, role=Role.MODERATOR, scope=declaration)
    client.force_login(user)
    page = client.get(reverse("organize:moderation", args=["ours"])).content.decode()
    for shown in ("Колектив", "Kolektyv", "Collective", "Ukraine", "https://kol.example.org"):
        assert shown in page
    assert "already signed this declaration" in page
    # Match it to the record, then reject with a reason, asked on its own page.
    client.post(
        reverse("organize:moderation", args=["ours"]),
        {"signature": waiting.public_id, "action": "match", "organization": str(known.pk)},
    )
    waiting.refresh_from_db()
    assert waiting.organization == known
    reject = reverse("organize:moderation_reject", args=["ours", waiting.public_id])
    assert "Reject this signature?" in client.get(reject).content.decode()
    client.post(reject, {"reason": "a duplicate of KOL"})
    waiting.refresh_from_db()
    assert waiting.status == Signature.Status.REJECTED
    entry = AuditEntry.objects.get(action="signature.reject")
    assert entry.data["reason"] == "a duplicate of KOL"
    assert entry.actor == user


def test_failed_sign_ins_are_limited_per_account_and_per_client(client, settings):
    settings.SIGNIN_LIMIT_PER_ACCOUNT = 3
    settings.SIGNIN_LIMIT_PER_CLIENT = 5
    User.objects.create_user("orga", password="the right password")
    login = reverse("organize:login")
    for _attempt in range(3):
        response = client.post(login, {"username": "orga", "password": "wrong"})
        assert response.status_code == 200
    # The right password no longer helps this account for now...
    response = client.post(login, {"username": "orga", "password": "the right password"})
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # ...and the client runs out too, whatever name it tries.
    User.objects.create_user("other", password="its password")
    client.post(login, {"username": "x", "password": "wrong"})
    client.post(login, {"username": "y", "password": "wrong"})
    response = client.post(login, {"username": "other", "password": "its password"})
    assert "Too many failed sign-ins" in response.content.decode()
    # Nothing of the tried names is kept readable in the cache.
    kept = " ".join(str(key) for key in getattr(cache, "_cache", {}))
    assert "orga" not in kept
    assert "127.0.0.1" not in kept
