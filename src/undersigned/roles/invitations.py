"""Team invitations: a one-time link that gives a role on a scope, kept only as a keyed hash.

An organizer makes a link for a role on a declaration, coalition or forum
(``invitation_create``) and passes it on however they like: no address is asked for or
stored. The token is 32 random bytes; the database holds an HMAC-SHA256 of it under a key
derived from SECRET_KEY (as the forums' participation codes and the signers' private
links are kept), so the link cannot be rebuilt from a copy of the database and is shown
only once, when it is made. Whoever opens it first accepts it — signed in with their own
account (``invitation_accept``) or choosing a name and a password on the spot
(``invitation_accept_new_account``) — and that grants the role through ``role_grant``,
audited, and burns the link. A link expires after ``INVITATION_VALID_HOURS``; its maker
or any team manager of the scope can revoke it before it is used.

Every change is one transaction with its audit row; the permission rule is
``may_grant`` (a team manager of the scope, and never a role above their own).
"""

from __future__ import annotations

import enum
import hmac
import secrets
from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.roles.models import Invitation, RoleAssignment
from undersigned.roles.permissions import may_grant
from undersigned.roles.services import declaration_id_of, role_grant

Actor = User | AnonymousUser
TOKEN_BYTES = 32


class InvitationState(enum.StrEnum):
    VALID = "valid"
    USED = "used"
    REVOKED = "revoked"
    EXPIRED = "expired"


class InvitationError(Exception):
    """The link cannot be used (any more); ``state`` says why."""

    def __init__(self, state: InvitationState) -> None:
        super().__init__(str(state))
        self.state = state


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    key = hmac.new(settings.SECRET_KEY.encode(), b"undersigned:invitation", sha256).digest()
    return hmac.new(key, token.encode(), sha256).hexdigest()


def invitation_state(invitation: Invitation) -> InvitationState:
    if invitation.used_at is not None:
        return InvitationState.USED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.expires_at <= timezone.now():
        return InvitationState.EXPIRED
    return InvitationState.VALID


def _audit_data(invitation: Invitation) -> dict[str, object]:
    return {
        "invitation_id": invitation.pk,
        "role": invitation.role,
        "scope": invitation.scope_type.model_class()._meta.label_lower,  # type: ignore[union-attr]
        "scope_id": invitation.scope_id,
    }


def _refuse_unless_grantable(actor: Actor, role: str, scope: models.Model) -> None:
    if not may_grant(user=actor, role=RoleAssignment.Role(role), on=scope):
        raise PermissionDenied(
            _("You may invite people to “%(scope)s” only to a role up to your own.")
            % {"scope": scope}
        )


def invitation_create(*, role: str, scope: models.Model, actor: Actor) -> tuple[Invitation, str]:
    """Make a one-time link for ``role`` on ``scope``; returns the invitation and its
    token, which exists in the clear only in this return value."""
    if role not in RoleAssignment.Role.values:
        raise ValueError(f"unknown role {role!r}")
    _refuse_unless_grantable(actor, role, scope)
    token = token_new()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            token_hash=token_hash(token),
            role=role,
            scope_type=ContentType.objects.get_for_model(scope),
            scope_id=scope.pk,
            created_by=actor if isinstance(actor, User) else None,
            expires_at=timezone.now() + timedelta(hours=settings.INVITATION_VALID_HOURS),
        )
        audit_record(
            action="invitation.create",
            target=invitation,
            actor=actor,
            declaration_id=declaration_id_of(scope),
            data=_audit_data(invitation),
        )
    return invitation, token


def invitation_revoke(*, invitation: Invitation, actor: Actor) -> Invitation:
    """Revoke a link not used yet. Revoking one already revoked changes nothing; one used
    already is refused (take the role itself instead)."""
    scope = invitation.scope
    assert scope is not None
    _refuse_unless_grantable(actor, invitation.role, scope)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        state = invitation_state(locked)
        if state == InvitationState.REVOKED:
            return locked
        if state == InvitationState.USED:
            raise InvitationError(state)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            action="invitation.revoke",
            target=locked,
            actor=actor,
            declaration_id=declaration_id_of(scope),
            data=_audit_data(locked),
        )
    return locked


def _burn(token: str, user: User) -> Invitation:
    """Inside a transaction: lock the link, check it can still be used, grant its role to
    ``user`` and mark it used."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise Invitation.DoesNotExist
    state = invitation_state(invitation)
    if state != InvitationState.VALID:
        raise InvitationError(state)
    scope = invitation.scope
    if scope is None:  # the declaration, forum or coalition is gone
        raise InvitationError(InvitationState.REVOKED)
    # The grant is the maker's: it is audited as given by them, through the invitation.
    role_grant(user=user, role=invitation.role, scope=scope, actor=invitation.created_by)
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    audit_record(
        action="invitation.accept",
        target=invitation,
        actor=user,
        declaration_id=declaration_id_of(scope),
        data={**_audit_data(invitation), "user_id": user.pk},
    )
    return invitation


def invitation_accept(*, token: str, user: User) -> Invitation:
    """A signed-in person takes the link's role for their own account."""
    if not user.is_active:
        raise PermissionDenied("inactive account")
    with transaction.atomic():
        return _burn(token, user)


def invitation_accept_new_account(*, token: str, username: str, password: str) -> Invitation:
    """Someone without an account takes the link: the account they name is made with the
    password they chose (validated by the form with Django's password validators) and
    given the role, in one transaction, so a used link never leaves a half-made account
    and a refused one makes none."""
    with transaction.atomic():
        # Lock and check first, so a second person racing on the same link makes nothing.
        locked = Invitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
        if locked is None:
            raise Invitation.DoesNotExist
        if (state := invitation_state(locked)) != InvitationState.VALID:
            raise InvitationError(state)
        if locked.scope is None:
            raise InvitationError(InvitationState.REVOKED)
        user = User.objects.create_user(username=username, password=password)
        return _burn(token, user)
