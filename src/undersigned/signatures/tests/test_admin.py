"""The moderation doors: anonymous → login, staff without the permission → 403, moderator → 200."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from undersigned.audit.models import AuditEntry
from undersigned.core.shredding import shred_seal
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.services import InvalidTransition, signature_approve
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:signatures_awaitingmoderation_changelist"


@pytest.fixture
def pending():
    return SignatureFactory(
        kind=Signature.Kind.ORGANIZATION,
        status=Signature.Status.PENDING,
        org_abbreviation="KOL",
        org_name="Kommunistische Organisation Luxemburg",
        org_name_translation="Communist Organization of Luxemburg",
        org_country="LU",
        name="Signer",
    )


@pytest.fixture
def staff():
    return User.objects.create_user("staff", password="pw", is_staff=True)


@pytest.fixture
def moderator():
    user = User.objects.create_user("moderator", password="pw", is_staff=True)
    role_grant(user=user, role=Role.MODERATOR, scope=None)  # site-wide
    return user


def approve(client, signature):
    return client.post(reverse(QUEUE), {"action": "approve", "_selected_action": [signature.pk]})


def test_anonymous_is_sent_to_login(client, pending):
    response = client.get(reverse(QUEUE))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    response = approve(client, pending)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    pending.refresh_from_db()
    assert pending.status == Signature.Status.PENDING


def test_staff_without_the_permission_is_refused(client, pending, staff):
    client.force_login(staff)
    assert client.get(reverse(QUEUE)).status_code == 403
    assert approve(client, pending).status_code == 403
    change = reverse("admin:signatures_signature_change", args=[pending.pk])
    assert client.get(change).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Signature.Status.PENDING
    with pytest.raises(PermissionDenied, match="moderator role"):
        signature_approve(signature=pending, actor=staff)


def test_moderator_sees_the_queue_and_approves(client, pending, moderator):
    client.force_login(moderator)
    page = client.get(reverse(QUEUE)).content.decode()
    assert "Kommunistische Organisation Luxemburg" in page
    assert approve(client, pending).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Signature.Status.PUBLISHED
    assert pending.position == 1
    # No longer in the queue.
    assert (
        "Kommunistische Organisation Luxemburg" not in client.get(reverse(QUEUE)).content.decode()
    )
    entry = AuditEntry.objects.get(action="signature.approve")
    assert (entry.actor, entry.object_id) == (moderator, pending.pk)
    # Audit rows hold no personal data.
    assert "Signer" not in str(entry.data)


def test_approving_twice_is_refused(pending, moderator):
    signature_approve(signature=pending, actor=moderator)
    with pytest.raises(InvalidTransition):
        signature_approve(signature=pending, actor=moderator)


def test_signature_admin_never_shows_contact_fields(client, pending):
    client.force_login(User.objects.create_superuser("root", password="pw"))
    pending.sealed_email = shred_seal("secret-address@example.org")
    pending.save()
    page = client.get(
        reverse("admin:signatures_signature_change", args=[pending.pk])
    ).content.decode()
    assert "secret-address@example.org" not in page
    assert "dedupe_hash" not in page


def test_matching_an_organization_goes_through_the_service(client, pending, moderator):
    from undersigned.organizations.tests.factories import OrganizationFactory

    organization = OrganizationFactory()
    client.force_login(moderator)
    url = reverse("admin:signatures_awaitingmoderation_change", args=[pending.pk])
    assert client.post(url, {"organization": organization.pk}).status_code == 302
    pending.refresh_from_db()
    assert pending.organization == organization
    entry = AuditEntry.objects.get(action="signature.match_organization")
    assert entry.actor == moderator
    assert entry.data == {"organization_id": organization.pk}


def test_the_general_signature_admin_changes_nothing(client, pending):
    from undersigned.organizations.tests.factories import OrganizationFactory

    client.force_login(User.objects.create_superuser("root", password="pw"))
    url = reverse("admin:signatures_signature_change", args=[pending.pk])
    client.post(url, {"organization": OrganizationFactory().pk, "status": "published"})
    pending.refresh_from_db()
    assert pending.organization is None
    assert pending.status == Signature.Status.PENDING


def test_withdrawing_an_organization_erases_what_was_typed(pending):
    from undersigned.signatures.services import signature_withdraw

    signature_withdraw(signature=pending)
    pending.refresh_from_db()
    assert pending.status == Signature.Status.WITHDRAWN
    assert (pending.org_name, pending.org_abbreviation, pending.name) == ("", "", "")
