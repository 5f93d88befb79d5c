"""Team invitations (roles/invitations.py): one-time links kept as keyed hashes, never
above the maker's own role, each state change audited; the team as the page lists it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from undersigned.audit.models import AuditEntry
from undersigned.core.logging import redact
from undersigned.declarations.tests.factories import DeclarationFactory
from undersigned.roles.invitations import (
    InvitationError,
    InvitationState,
    invitation_accept,
    invitation_accept_new_account,
    invitation_create,
    invitation_revoke,
    invitation_state,
    token_hash,
)
from undersigned.roles.models import Coalition, Invitation, RoleAssignment
from undersigned.roles.permissions import Role, holds
from undersigned.roles.selectors import invitations_pending, team_of
from undersigned.roles.services import member_revoke, role_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours():
    return DeclarationFactory(slug="ours")


@pytest.fixture
def organizer(ours):
    user = User.objects.create_user("orga", password="pw")
    role_grant(user=user, role=Role.ORGANIZER, scope=ours)
    return user


def test_only_a_keyed_hash_of_the_token_is_stored(ours, organizer, settings):
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    stored = Invitation.objects.get()
    assert token not in {stored.token_hash, str(stored.pk)}
    assert stored.token_hash == token_hash(token)
    settings.SECRET_KEY = "another key " * 5
    assert token_hash(token) != stored.token_hash  # keyed: a copy of the rows is not enough
    assert stored.created_by == organizer
    assert stored.role == Role.MODERATOR
    assert stored.scope == ours
    assert (
        timedelta(hours=71)
        < stored.expires_at - timezone.now()
        <= timedelta(hours=settings.INVITATION_VALID_HOURS)
    )
    entry = AuditEntry.objects.get(action="invitation.create")
    assert entry.actor == organizer
    assert entry.declaration_id == ours.pk
    assert token not in str(entry.data)


def test_nobody_invites_above_their_own_role_or_without_managing_the_team(ours, organizer):
    with pytest.raises(PermissionDenied):
        invitation_create(role=Role.ADMIN, scope=ours, actor=organizer)
    moderator = User.objects.create_user("mod", password="pw")
    role_grant(user=moderator, role=Role.MODERATOR, scope=ours)
    with pytest.raises(PermissionDenied):
        invitation_create(role=Role.MODERATOR, scope=ours, actor=moderator)
    other = DeclarationFactory(slug="other")
    with pytest.raises(PermissionDenied):
        invitation_create(role=Role.MODERATOR, scope=other, actor=organizer)
    assert not Invitation.objects.exists()


def test_accepting_grants_the_role_audited_and_burns_the_link(ours, organizer):
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    someone = User.objects.create_user("someone", password="pw")
    used = invitation_accept(token=token, user=someone)
    assert holds(user=someone, role=Role.MODERATOR, on=ours)
    assert used.used_by == someone
    assert used.used_at is not None
    assert invitation_state(used) == InvitationState.USED
    grant = AuditEntry.objects.filter(action="role.grant").latest("pk")
    assert grant.actor == organizer  # given by the maker, through the link
    assert AuditEntry.objects.get(action="invitation.accept").actor == someone
    with pytest.raises(InvitationError) as refused:
        invitation_accept(token=token, user=User.objects.create_user("late", password="pw"))
    assert refused.value.state == InvitationState.USED
    assert RoleAssignment.objects.filter(user__username="late").count() == 0


def test_a_new_account_is_made_only_with_a_usable_link(ours, organizer):
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    used = invitation_accept_new_account(
        token=token, username="newcomer", password="a long new password"
    )
    newcomer = User.objects.get(username="newcomer")
    assert used.used_by == newcomer
    assert newcomer.check_password("a long new password")
    assert holds(user=newcomer, role=Role.MODERATOR, on=ours)
    with pytest.raises(InvitationError):
        invitation_accept_new_account(token=token, username="second", password="x" * 20)
    assert not User.objects.filter(username="second").exists()
    with pytest.raises(Invitation.DoesNotExist):
        invitation_accept_new_account(token="made-up", username="third", password="x" * 20)
    assert not User.objects.filter(username="third").exists()


def test_expired_and_revoked_links_grant_nothing(ours, organizer):
    expired, expired_token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked, revoked_token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    invitation_revoke(invitation=revoked, actor=organizer)
    invitation_revoke(invitation=revoked, actor=organizer)  # twice: nothing more
    assert AuditEntry.objects.filter(action="invitation.revoke").count() == 1
    someone = User.objects.create_user("someone", password="pw")
    for token, state in ((expired_token, "expired"), (revoked_token, "revoked")):
        with pytest.raises(InvitationError) as refused:
            invitation_accept(token=token, user=someone)
        assert refused.value.state == state
    assert not RoleAssignment.objects.filter(user=someone).exists()
    assert not invitations_pending(scope=ours).exists()


def test_a_used_link_cannot_be_revoked_and_a_moderator_revokes_none(ours, organizer):
    invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    moderator = User.objects.create_user("mod", password="pw")
    with pytest.raises(PermissionDenied):
        invitation_revoke(
            invitation=invitation,
            actor=role_grant(user=moderator, role=Role.MODERATOR, scope=ours).user,
        )
    invitation_accept(token=token, user=User.objects.create_user("someone", password="pw"))
    with pytest.raises(InvitationError):
        invitation_revoke(invitation=invitation, actor=organizer)


def test_member_revoke_keeps_to_the_rule(ours, organizer):
    moderator = User.objects.create_user("mod", password="pw")
    moderation = role_grant(user=moderator, role=Role.MODERATOR, scope=ours)
    admin = User.objects.create_user("adm", password="pw")
    administration = role_grant(user=admin, role=Role.ADMIN, scope=ours)
    with pytest.raises(PermissionDenied):  # above the organizer's own role
        member_revoke(assignment=administration, actor=organizer)
    with pytest.raises(PermissionDenied):  # a moderator manages no team
        member_revoke(assignment=administration, actor=moderator)
    with pytest.raises(PermissionDenied):  # nobody takes their own role here
        member_revoke(assignment=RoleAssignment.objects.get(user=organizer), actor=organizer)
    assert member_revoke(assignment=moderation, actor=organizer) == 1
    assert not holds(user=moderator, role=Role.MODERATOR, on=ours)
    assert AuditEntry.objects.get(action="role.revoke").actor == organizer


def test_the_team_lists_roles_here_then_through_a_coalition_and_the_site(ours, organizer):
    coalition = Coalition.objects.create(name="River towns", slug="river")
    ours.coalitions.add(coalition)
    through = User.objects.create_user("coalition-mod", password="pw")
    role_grant(user=through, role=Role.MODERATOR, scope=coalition)
    site = User.objects.create_user("site-admin", password="pw")
    role_grant(user=site, role=Role.ADMIN, scope=None)
    root = User.objects.create_superuser("root", password="pw")
    User.objects.create_user("nobody", password="pw")
    gone = User.objects.create_user("inactive", password="pw", is_active=False)
    role_grant(user=gone, role=Role.ADMIN, scope=ours)

    team = team_of(scope=ours)

    assert [(m.user.username, m.role, m.inherited) for m in team] == [
        ("orga", Role.ORGANIZER, False),
        ("coalition-mod", Role.MODERATOR, True),
        ("site-admin", Role.ADMIN, True),
        ("root", Role.ADMIN, True),
    ]
    assert team[1].through == coalition
    assert team[3].superuser
    assert team[2].site_wide
    assert not team[2].superuser
    assert root.is_superuser


def test_an_invitation_link_is_redacted_from_the_logs(ours, organizer):
    _invitation, token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    line = f'"GET /en/organize/invitations/{token}/ HTTP/1.1" 200'
    assert token not in redact(line)
    assert "/en/organize/invitations/[redacted]/" in redact(line)


def test_the_admin_shows_invitations_read_only_without_their_hash(client, ours, organizer):
    invitation, _token = invitation_create(role=Role.MODERATOR, scope=ours, actor=organizer)
    client.force_login(User.objects.create_superuser("root", password="pw"))
    listing = client.get("/admin/roles/invitation/")
    detail = client.get(f"/admin/roles/invitation/{invitation.pk}/change/")
    assert listing.status_code == 200
    assert detail.status_code == 200
    assert invitation.token_hash not in listing.content.decode() + detail.content.decode()
    assert client.get("/admin/roles/invitation/add/").status_code == 403
