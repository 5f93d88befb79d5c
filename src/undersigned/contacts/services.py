"""Writes of sealed contacts: installing a declaration's public key and sealing answers.

Sealing happens inside ``signature_submit``'s transaction, so a signature and its
contact are stored together or not at all; the signature points to its sealed contact
(``Signature.sealed_contact``), and this app knows nothing of signatures. Nothing here
can open a sealed contact: that takes the private key, which only ``undersigned
contacts export`` uses, on the organizer's own machine.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from undersigned.audit.services import audit_record
from undersigned.contacts.crypto import key_id, public_key_encode, public_key_parse, seal
from undersigned.contacts.models import SealedContact
from undersigned.declarations.models import Declaration

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class ContactAnswers:
    """What a signer who consented to follow-up typed; sealed before it is stored."""

    email: str = ""
    phone: str = ""
    messenger: str = ""
    note: str = ""
    ready_to_work: bool = False
    # The signer's own name when the public list does not show it (a hidden person,
    # or whoever signs for an organization): the organizers need it to write back.
    private_name: str = ""
    private_role: str = ""


def contact_key_install(
    *, declaration: Declaration, public_key: str, actor: User | AnonymousUser | None = None
) -> Declaration:
    """Install the organizers' public key on a declaration; new contacts are sealed with it.

    Contacts sealed with an earlier key keep that key's fingerprint and still need the
    earlier private key to open (key rotation: docs/security.md).
    """
    raw = public_key_parse(public_key)  # raises KeyFileError on anything else
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        previous = declaration.contact_key_id
        declaration.contact_public_key = public_key_encode(raw)
        declaration.contact_key_id = key_id(raw)
        declaration.save(update_fields=["contact_public_key", "contact_key_id", "updated_at"])
        audit_record(
            action="declaration.install_contact_key",
            target=declaration,
            actor=actor,
            declaration_id=declaration.pk,
            data={"key_id": declaration.contact_key_id, "previous_key_id": previous},
        )
    logger.info("declaration %s: contact key %s installed", declaration.pk, key_id(raw))
    return declaration


def contact_seal(
    *, declaration_id: int, answers: ContactAnswers, replacing: SealedContact | None = None
) -> SealedContact | None:
    """Seal a signer's answers with the declaration's current key: a new sealed contact,
    or ``replacing``'s content replaced. Call inside the transaction that stores the
    signature. Without an installed key nothing is stored: contacts are never kept
    readable.
    """
    # The key installed now, not the one of a declaration loaded earlier: after a
    # rotation nothing may be sealed with the old key.
    declaration = Declaration.objects.only(
        "contact_public_key", "contact_key_id", "contact_region"
    ).get(pk=declaration_id)
    if not declaration.contact_public_key:
        return None
    payload: dict[str, Any] = {"v": 1, **asdict(answers)}
    if declaration.contact_region:
        payload["region"] = declaration.contact_region
    contact = replacing or SealedContact(declaration=declaration)
    contact.key_id = declaration.contact_key_id
    contact.ciphertext = seal(public_key=declaration.contact_public_key, answers=payload)
    contact.save()
    return contact


def contact_delete(*, contact_id: int | None) -> int:
    """Delete a sealed contact (a withdrawal, a rejection). Returns how many."""
    if contact_id is None:
        return 0
    deleted, _ = SealedContact.objects.filter(pk=contact_id).delete()
    return deleted


def contacts_export_record(
    *, declaration: Declaration, count: int, actor: User | AnonymousUser | None = None
) -> None:
    """Audit that a declaration's sealed contacts left the database (how many, by whom)."""
    with transaction.atomic():
        audit_record(
            action="contacts.export",
            target=declaration,
            actor=actor,
            declaration_id=declaration.pk,
            data={"count": count},
        )
