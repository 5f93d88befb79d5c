"""A signature's changes of state, from one table.

```
person:        unconfirmed ──confirm──▶ published
organization:  unconfirmed ──confirm──▶ pending ──approve──▶ published
either:        unconfirmed or pending ──reject──▶ rejected
               unconfirmed, pending or published ──withdraw──▶ withdrawn
held:          unconfirmed (held) ──release──▶ unconfirmed, its mail queued
```

``TRANSITIONS`` says, for each change, the states it may start from, the states in
which it has already happened (asking again returns the signature as it is), who may
make it (the signer through a private link, or a role's action on the declaration) and
what the refusal says. ``_transition`` runs every change the same way, in one
transaction: lock the signature's row, check the permission, check the state, make the
change, write the audit row; each service below only says what its change does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from undersigned.audit.models import AuditEntry
from undersigned.audit.services import audit_record
from undersigned.contacts.services import contact_delete
from undersigned.core.shredding import shred_destroy
from undersigned.declarations.models import Declaration
from undersigned.organizations.models import Organization
from undersigned.roles.permissions import Action, require
from undersigned.signatures.models import Signature
from undersigned.signatures.services.errors import InvalidTransition, SigningClosed
from undersigned.signatures.services.positions import publish_next
from undersigned.signatures.signatory import WITHDRAWN_ERASES
from undersigned.signatures.tasks import queue_confirmation_mail

logger = logging.getLogger(__name__)

Status = Signature.Status
Actor = User | AnonymousUser | None


@dataclass(frozen=True, kw_only=True)
class Transition:
    # The states the change may start from, and those in which it has already happened.
    sources: frozenset[str]
    done: frozenset[str] = frozenset()
    # The role's action it needs on the declaration; None: the signer, whose private
    # link is the credential.
    needs: Action | None
    # Shown when the state does not allow it (with the status).
    refusal: Any
    # A further condition on the signature, beyond its status.
    condition: Callable[[Signature], bool] = lambda signature: True

    @property
    def by_signer(self) -> bool:
        return self.needs is None


TRANSITIONS: dict[str, Transition] = {
    "confirm": Transition(
        sources=frozenset({Status.UNCONFIRMED}),
        done=frozenset({Status.PENDING, Status.PUBLISHED}),
        needs=None,
        refusal=gettext_lazy("This signature cannot be confirmed: its status is “%(status)s”."),
    ),
    "approve": Transition(
        sources=frozenset({Status.PENDING}),
        needs=Action.MODERATE,
        refusal=gettext_lazy("This signature cannot be approved: its status is “%(status)s”."),
    ),
    "match_organization": Transition(
        sources=frozenset({Status.PENDING}),
        needs=Action.MODERATE,
        refusal=gettext_lazy(
            "The organization of this signature cannot be changed: its status is “%(status)s”."
        ),
    ),
    "reject": Transition(
        sources=frozenset({Status.UNCONFIRMED, Status.PENDING}),
        needs=Action.MODERATE,
        refusal=gettext_lazy("This signature cannot be rejected: its status is “%(status)s”."),
    ),
    "withdraw": Transition(
        sources=frozenset({Status.UNCONFIRMED, Status.PENDING, Status.PUBLISHED}),
        done=frozenset({Status.WITHDRAWN}),
        needs=None,
        refusal=gettext_lazy("A rejected signature cannot be withdrawn."),
    ),
    "release": Transition(
        sources=frozenset({Status.UNCONFIRMED}),
        needs=Action.MODERATE,
        refusal=gettext_lazy("This signature cannot be released: its status is “%(status)s”."),
        condition=lambda signature: signature.held,
    ),
}


def _locked(signature: Signature) -> Signature:
    # Lock the signature's row only (of=self): locking the joined declaration row too
    # would make every confirmation of a busy declaration queue on that one row.
    return (
        Signature.objects.select_for_update(of=("self",))
        .select_related("declaration")
        .get(pk=signature.pk)
    )


def _transition(
    name: str,
    signature: Signature,
    *,
    actor: Actor,
    change: Callable[[Signature], dict[str, Any] | None],
) -> Signature:
    """Run the change ``name`` on ``signature`` as its table row says: ``change`` alters
    and saves the locked row and returns the audit row's data."""
    rule = TRANSITIONS[name]
    with transaction.atomic():
        signature = _locked(signature)
        if rule.needs is not None:
            require(actor=actor, action=rule.needs, on=signature.declaration)
        if signature.status in rule.done:
            return signature
        if signature.status not in rule.sources or not rule.condition(signature):
            raise InvalidTransition(str(rule.refusal) % {"status": signature.get_status_display()})
        data = change(signature)
        audit_record(
            action=f"signature.{name}",
            target=signature,
            actor=None if rule.by_signer else actor,
            actor_kind=AuditEntry.Actor.SIGNER if rule.by_signer else None,
            declaration_id=signature.declaration_id,
            data=data,
        )
    logger.info("signature %s: %s, now %s", signature.pk, name, signature.status)
    return signature


def signature_confirm(*, signature: Signature) -> Signature:
    """The signer pressed "Confirm my signature" on the page their mail linked to.

    A person's signature is published at once; an organization's waits for a
    moderator. Confirming twice is harmless.
    """

    def change(signature: Signature) -> dict[str, Any]:
        if signature.declaration.status != Declaration.Status.OPEN:
            raise SigningClosed(_("The declaration is not open for signatures."))
        signature.confirmed_at = timezone.now()
        if signature.is_organization:
            signature.status = Status.PENDING
        else:
            publish_next(signature)
        signature.save()
        return {"status": signature.status, "position": signature.position}

    return _transition("confirm", signature, actor=None, change=change)


def signature_approve(
    *, signature: Signature, actor: Actor, organization: Organization | None = None
) -> Signature:
    """A moderator vouches for an organization's signature; it is published.

    The signature is tied to ``organization`` (or the record the moderator already
    chose); without one, a new organization record is made from what the signer typed.
    """

    def change(signature: Signature) -> dict[str, Any]:
        created = False
        if organization is not None:
            signature.organization = organization
        elif signature.organization_id is None:
            signature.organization = Organization.objects.create(
                abbreviation=signature.org_abbreviation,
                name=signature.org_name,
                name_transliteration=signature.org_name_transliteration,
                name_translation=signature.org_name_translation,
                country=signature.org_country,
                website=signature.org_website,
            )
            created = True
        signature.moderated_at = timezone.now()
        publish_next(signature)
        signature.save()
        return {
            "organization_id": signature.organization_id,
            "organization_created": created,
            "position": signature.position,
        }

    return _transition("approve", signature, actor=actor, change=change)


def signature_match_organization(
    *, signature: Signature, organization: Organization | None, actor: Actor
) -> Signature:
    """A moderator ties a pending signature to an existing organization (or unties it)."""

    def change(signature: Signature) -> dict[str, Any]:
        signature.organization = organization
        signature.save(update_fields=["organization"])
        return {"organization_id": organization.pk if organization else None}

    return _transition("match_organization", signature, actor=actor, change=change)


def _shred_address(signature: Signature) -> None:
    """Erase a signature's sealed address and, once that is committed, destroy its key."""
    sealed, signature.sealed_email = signature.sealed_email, ""
    if sealed:
        transaction.on_commit(lambda: shred_destroy(sealed))


def signature_reject(*, signature: Signature, actor: Actor, reason: str = "") -> Signature:
    """A moderator turns a signature down; its address and sealed contact go. ``reason``
    (optional, the moderator's words, never the signer's data) is kept in the audit row."""

    def change(signature: Signature) -> dict[str, Any]:
        previous = signature.status
        signature.status = Status.REJECTED
        signature.moderated_at = timezone.now()
        _shred_address(signature)
        contact_delete(contact_id=signature.sealed_contact_id)
        signature.sealed_contact = None
        signature.save()
        data: dict[str, Any] = {"from": previous}
        if reason.strip():
            data["reason"] = " ".join(reason.split())[:300]
        return data

    return _transition("reject", signature, actor=actor, change=change)


def signature_withdraw(*, signature: Signature) -> Signature:
    """The signer withdrew through their private link.

    The entry leaves the public list and the personal data is erased; the position
    stays taken so everybody else keeps their number. Withdrawing twice is harmless.
    """

    def change(signature: Signature) -> dict[str, Any]:
        previous = signature.status
        signature.status = Status.WITHDRAWN
        signature.withdrawn_at = timezone.now()
        _shred_address(signature)
        for field in WITHDRAWN_ERASES:
            setattr(signature, field, "")
        contact_delete(contact_id=signature.sealed_contact_id)
        signature.sealed_contact = None
        signature.save()
        return {"from": previous, "position": signature.position}

    return _transition("withdraw", signature, actor=None, change=change)


def signature_release(*, signature: Signature, actor: Actor) -> Signature:
    """A moderator lets a held signature through: its confirmation mail is queued."""

    def change(signature: Signature) -> None:
        signature.held = False
        signature.save(update_fields=["held"])
        if signature.sealed_email:
            queue_confirmation_mail(signature)

    return _transition("release", signature, actor=actor, change=change)
