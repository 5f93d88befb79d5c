"""The table of a signature's changes of state (signatures/services/transitions.py): each
change, from each status, either happens (one audit row), has happened already (nothing
changes), or is refused with InvalidTransition — and moderators' changes need the role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from undersigned.audit.models import AuditEntry
from undersigned.core.shredding import shred_seal
from undersigned.roles.permissions import Role
from undersigned.roles.services import role_grant
from undersigned.signatures.models import Signature
from undersigned.signatures.services import (
    TRANSITIONS,
    InvalidTransition,
    signature_approve,
    signature_confirm,
    signature_match_organization,
    signature_reject,
    signature_release,
    signature_withdraw,
)
from undersigned.signatures.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db

Status = Signature.Status


def run(name, signature, moderator):
    return {
        "confirm": lambda: signature_confirm(signature=signature),
        "approve": lambda: signature_approve(signature=signature, actor=moderator),
        "match_organization": lambda: signature_match_organization(
            signature=signature, organization=None, actor=moderator
        ),
        "reject": lambda: signature_reject(signature=signature, actor=moderator),
        "withdraw": lambda: signature_withdraw(signature=signature),
        "release": lambda: signature_release(signature=signature, actor=moderator),
    }[name]()


def signature_in(status):
    extra = {"position": 1} if status in (Status.PUBLISHED, Status.WITHDRAWN) else {}
    return SignatureFactory(
        kind=Signature.Kind.ORGANIZATION,
        status=status,
        held=True,
        org_abbreviation="KOL",
        org_name="Kommunistische Organisation Luxemburg",
        sealed_email=shred_seal("held@example.org"),
        **extra,
    )


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", list(Status))
def test_every_change_from_every_status_follows_the_table(name, status):
    signature = signature_in(status)
    moderator = User.objects.create_user("moderator", password="pw")
    role_grant(user=moderator, role=Role.MODERATOR, scope=signature.declaration)
    rule = TRANSITIONS[name]
    before = AuditEntry.objects.filter(action=f"signature.{name}").count()
    if status in rule.done:
        assert run(name, signature, moderator).status == status
        assert AuditEntry.objects.filter(action=f"signature.{name}").count() == before
    elif status in rule.sources:
        run(name, signature, moderator)
        assert AuditEntry.objects.filter(action=f"signature.{name}").count() == before + 1
    else:
        with pytest.raises(InvalidTransition):
            run(name, signature, moderator)
        signature.refresh_from_db()
        assert signature.status == status


@pytest.mark.parametrize("name", [name for name, rule in TRANSITIONS.items() if rule.needs])
def test_a_moderators_change_needs_the_role_on_that_declaration(name):
    signature = signature_in(Status.PENDING if name != "release" else Status.UNCONFIRMED)
    elsewhere = User.objects.create_user("elsewhere", password="pw")
    role_grant(user=elsewhere, role=Role.ADMIN, scope=SignatureFactory().declaration)
    with pytest.raises(PermissionDenied):
        run(name, signature, elsewhere)
    assert not AuditEntry.objects.filter(action=f"signature.{name}").exists()
