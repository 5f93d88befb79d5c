"""Every organizer and moderator view at its three doors: anonymous, wrong role, right role.

Scoped roles: a moderator of one declaration (or of a coalition) sees and acts on that
declaration only, in the organizers' area and in the admin's moderation queue alike.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.urls import reverse

from undersigned.audit.models import AuditEntry
from undersigned.contacts.crypto import key_pair_generate
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.roles.models import Coalition, RoleAssignment
from undersigned.roles.permissions import Role, holds
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    return DeclarationFactory(slug="ours")


@pytest.fixture
def theirs():
    return DeclarationFactory(slug="theirs")


def pending_on(declaration, name="KOL"):
    return SignatureFactory(
        declaration=declaration,
        kind=Signature.Kind.ORGANIZATION,
        status=Signature.Status.PENDING,
        org_abbreviation=name,
        org_name=f"Organisation {name}",
    )


def user_with(role, declaration, username=None):
    user = User.objects.create_user(username or f"{role}-{declaration.slug}", password="pw")
    role_grant(user=user, role=role, scope=declaration)
    return user


PUBLIC_KEY = key_pair_generate(passphrase="pw", strength="interactive").public_file

# (url name, method, data, role needed)
DOORS = [
    ("organize:declaration", "get", None, Role.MODERATOR),
    ("organize:moderation", "get", None, Role.MODERATOR),
    ("organize:moderation", "post", "approve", Role.MODERATOR),
    ("organize:moderation", "post", "reject", Role.MODERATOR),
    ("organize:install_key", "post", {"public_key": PUBLIC_KEY}, Role.ORGANIZER),
    ("organize:sealed_contacts", "get", None, Role.ORGANIZER),
    ("organize:audit", "get", None, Role.ADMIN),
    ("organize:translations", "get", None, Role.ORGANIZER),
    ("organize:import_start", "get", None, Role.ORGANIZER),
    ("organize:snapshot_publish", "get", None, Role.ORGANIZER),
    ("organize:declaration_edit", "get", None, Role.ORGANIZER),
    ("organize:declaration_status", "post", {"action": "close"}, Role.ORGANIZER),
    ("organize:declaration_withdraw", "get", None, Role.ORGANIZER),
    ("organize:contacts", "get", None, Role.ORGANIZER),
    ("organize:exports", "get", None, Role.ORGANIZER),
]
BELOW = {Role.MODERATOR: None, Role.ORGANIZER: "moderator", Role.ADMIN: "organizer"}


def knock(client, name, method, data, declaration):
    url = reverse(name, args=[declaration.slug])
    if method == "get":
        return client.get(url)
    if isinstance(data, str):
        signature = pending_on(declaration, name=data.upper())
        if data == "reject":  # asked once more, on its own page, with a reason
            url = reverse(
                "organize:moderation_reject", args=[declaration.slug, signature.public_id]
            )
            return client.post(url, {"reason": "not an organization"})
        return client.post(url, {"signature": signature.public_id, "action": data})
    return client.post(url, data)


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_anonymous_is_sent_to_the_login(client, ours, name, method, data, role):
    response = knock(client, name, method, data, ours)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organize:login"))
    assert not Signature.objects.exclude(status=Signature.Status.PENDING).exists()


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_a_wrong_role_is_refused(client, ours, theirs, name, method, data, role):
    # Every role, but on another declaration; and the role just below, on this one.
    client.force_login(user_with(Role.ADMIN, theirs))
    assert knock(client, name, method, data, ours).status_code == 403
    if BELOW[role]:
        client.force_login(user_with(BELOW[role], ours, username="below"))
        assert knock(client, name, method, data, ours).status_code == 403
    assert not Signature.objects.exclude(status=Signature.Status.PENDING).exists()
    ours.refresh_from_db()
    assert ours.contact_key_id == ""


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_the_right_role_gets_in(client, ours, name, method, data, role):
    user = user_with(role, ours)
    client.force_login(user)
    response = knock(client, name, method, data, ours)
    assert response.status_code in (200, 302)
    if method == "post" and isinstance(data, str):
        expected = {"approve": Signature.Status.PUBLISHED, "reject": Signature.Status.REJECTED}
        assert Signature.objects.get().status == expected[data]
        entry = AuditEntry.objects.get(action=f"signature.{data}")
        assert entry.actor == user
    if name == "organize:install_key":
        ours.refresh_from_db()
        assert ours.contact_key_id
        assert AuditEntry.objects.get(action="declaration.install_contact_key").actor == user
    if name == "organize:sealed_contacts":
        assert response.json()["format"] == "undersigned-sealed-contacts/1"
        assert AuditEntry.objects.get(action="contacts.export").actor == user


def test_a_coalition_role_covers_its_declarations_only(ours, theirs):
    coalition = Coalition.objects.create(name="River towns", slug="river")
    coalition.declarations.add(ours)
    user = User.objects.create_user("coalition-mod", password="pw")
    role_grant(user=user, role=Role.MODERATOR, scope=coalition)
    assert holds(user=user, role=Role.MODERATOR, on=ours)
    assert not holds(user=user, role=Role.ORGANIZER, on=ours)
    assert not holds(user=user, role=Role.MODERATOR, on=theirs)


def test_the_admin_queue_shows_a_scoped_moderator_their_declarations_only(client, ours, theirs):
    mine, other = pending_on(ours, "MINE"), pending_on(theirs, "OTHER")
    user = user_with(Role.MODERATOR, ours)
    user.is_staff = True
    user.save()
    client.force_login(user)
    queue = reverse("admin:signatures_awaitingmoderation_changelist")
    page = client.get(queue).content.decode()
    assert "Organisation MINE" in page
    assert "Organisation OTHER" not in page
    # Acting on a signature of another declaration changes nothing.
    client.post(queue, {"action": "approve", "_selected_action": [other.pk, mine.pk]})
    other.refresh_from_db()
    mine.refresh_from_db()
    assert other.status == Signature.Status.PENDING
    assert mine.status == Signature.Status.PUBLISHED


def test_the_dashboard_lists_the_declarations_of_the_user(client, ours, theirs):
    assert client.get(reverse("organize:dashboard")).status_code == 302
    client.force_login(user_with(Role.ORGANIZER, ours))
    page = client.get(reverse("organize:dashboard")).content.decode()
    assert ours.title in page
    assert theirs.title not in page


def test_login_page_works_without_javascript(client, ours):
    User.objects.create_user("orga", password="a long password 1")
    page = client.get(reverse("organize:login")).content.decode()
    assert 'name="username"' in page
    assert "<script" not in page
    response = client.post(
        reverse("organize:login"), {"username": "orga", "password": "a long password 1"}
    )
    assert response.status_code == 302


def test_the_roles_command_grants_lists_and_revokes_with_audit_rows(ours):
    User.objects.create_user("alice", password="pw")
    call_command("roles", "grant", "alice", "organizer", "--declaration", "ours")
    out = io.StringIO()
    call_command("roles", "list", "--declaration", "ours", stdout=out)
    assert "alice\torganizer\tdeclaration ours" in out.getvalue()
    call_command("roles", "revoke", "alice", "organizer", "--declaration", "ours")
    assert not RoleAssignment.objects.exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["role.grant", "role.revoke"]


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_staff_permissions_open_no_door(client, ours, name, method, data, role):
    """Where the rules used to disagree: a staff user with Django's model permissions
    (add_signature let them import, moderate_signature moderate everywhere) now holds
    no role, at every door alike."""
    staff = User.objects.create_user("staff", password="pw", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="signatures"))
    client.force_login(staff)
    assert knock(client, name, method, data, ours).status_code == 403


@pytest.mark.parametrize(("name", "method", "data", "role"), DOORS)
def test_a_site_wide_role_opens_every_door_of_its_rank(client, ours, name, method, data, role):
    user = User.objects.create_user("site", password="pw")
    role_grant(user=user, role=role, scope=None)
    client.force_login(user)
    assert knock(client, name, method, data, ours).status_code in (200, 302)
