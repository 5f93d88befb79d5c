"""Reads of sealed contacts: the bundle an export decrypts.

The bundle holds ciphertexts and what the public list already shows; it can leave the
server (as a download for organizers, or written by ``contacts export --sealed``)
because nobody can read the contacts in it without the private key.
"""

from __future__ import annotations

import base64
from typing import Any

from django.utils import timezone

from undersigned.contacts.models import SealedContact
from undersigned.declarations.models import Declaration
from undersigned.signatures.formatting import signatory_line
from undersigned.signatures.models import Signature

BUNDLE_FORMAT = "undersigned-sealed-contacts/1"

# Confirmed signatures only: an unconfirmed one may have been made by somebody else
# with the signer's address; withdrawn and rejected ones have lost their contact.
EXPORTABLE = (Signature.Status.PENDING, Signature.Status.PUBLISHED)


def exportable_contacts(*, declaration: Declaration) -> list[SealedContact]:
    return list(
        SealedContact.objects.filter(declaration=declaration, signature__status__in=EXPORTABLE)
        .select_related("signature", "signature__organization")
        .order_by("signature__position", "signature__confirmed_at", "pk")
    )


def _public_line(signature: Signature) -> str:
    if signature.status == Signature.Status.PUBLISHED:
        return signatory_line(signature)
    return ""


def sealed_bundle(*, declaration: Declaration) -> dict[str, Any]:
    """Every exportable contact of a declaration, still sealed, as a JSON-ready dict."""
    return {
        "format": BUNDLE_FORMAT,
        "declaration": declaration.slug,
        "created_at": timezone.now().isoformat(),
        "contacts": [
            {
                "signature": contact.signature.public_id,
                "position": contact.signature.position,
                "kind": contact.signature.kind,
                "status": contact.signature.status,
                "listed_as": _public_line(contact.signature),
                "key_id": contact.key_id,
                "sealed_at": contact.created_at.isoformat(),
                "ciphertext": base64.b64encode(bytes(contact.ciphertext)).decode("ascii"),
            }
            for contact in exportable_contacts(declaration=declaration)
        ],
    }
