"""Reads of signatures: the declaration's row for the signing pages, the published list,
and the sealed contacts' bundle an organizer takes away."""

from __future__ import annotations

import base64
import copy
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from undersigned.contacts.export import BUNDLE_FORMAT
from undersigned.contacts.models import SealedContact
from undersigned.declarations.models import Declaration
from undersigned.organizations.models import Organization
from undersigned.signatures.models import Signature
from undersigned.signatures.signatory import LIST_COLUMNS, signatory_line

# The declaration's row as the signing pages read it, kept per process this long: in a
# surge every form and every POST would read the same row again, and that read cost
# as much as the signature's own insert. Saving a declaration forgets the copies of
# this process at once (``forget_signing_declarations``); other processes see the
# change within this time. A declaration closed meanwhile may still take a signature
# for that second, but never list it: confirming re-reads the status under lock.
SIGNING_ROW_SECONDS = 1.0
_SIGNING_ROWS_MAX = 256
_signing_rows: dict[str, tuple[float, Declaration]] = {}


def signing_declaration(*, slug: str) -> Declaration | None:
    """The declaration ``slug`` unless it is a draft (None), for the signing pages."""
    now = time.monotonic()
    cached = _signing_rows.get(slug)
    if cached is None or cached[0] <= now:
        row = Declaration.objects.exclude(status=Declaration.Status.DRAFT).filter(slug=slug).first()
        if row is None:  # not kept: made-up slugs must not fill the memory
            return None
        if len(_signing_rows) >= _SIGNING_ROWS_MAX:
            _signing_rows.clear()
        cached = _signing_rows[slug] = (now + SIGNING_ROW_SECONDS, row)
    # A copy: each request may change its own (threads share the kept one).
    return copy.copy(cached[1])


def signing_declaration_kept(*, slug: str) -> Declaration | None:
    """The copy of ``slug`` this process read last, however old (None if it has none):
    what the signing form is shown again with while the database cannot be reached."""
    cached = _signing_rows.get(slug)
    return copy.copy(cached[1]) if cached is not None else None


def forget_signing_declarations(**kwargs: Any) -> None:
    """Connected to Declaration's post_save and post_delete (signatures/apps.py)."""
    _signing_rows.clear()


def signatory_list(*, declaration: Declaration) -> QuerySet[Signature]:
    """Published signatures in signing order, ready to render."""
    return (
        Signature.objects.published()
        .filter(declaration=declaration)
        .select_related("organization")
        .only(*(column for column in LIST_COLUMNS if column != "organization_id"))
        .order_by("position")
    )


# --- Sealed contacts ----------------------------------------------------------------
# The bundle holds ciphertexts and what the public list already shows; it can leave the
# server (as a download for organizers, or written by ``contacts export --sealed``)
# because nobody can read the contacts in it without the private key.


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


# --- What an organization signed (its public page) -----------------------------------


def organization_public(*, pk: int) -> Organization:
    """An organization for its public page; raises Organization.DoesNotExist.

    Only organizations whose signature of a public declaration is published have a page:
    a record made for a signature still waiting for a moderator is nobody's business yet,
    and a withdrawn signature is not shown anywhere.
    """
    return (
        Organization.objects.filter(
            pk=pk,
            signatures__status=Signature.Status.PUBLISHED,
            signatures__declaration__status__in=(
                Declaration.Status.OPEN,
                Declaration.Status.CLOSED,
            ),
        )
        .distinct()
        .get()
    )


@dataclass(frozen=True, kw_only=True)
class SignedDeclaration:
    slug: str
    title: str
    position: int | None
    published_at: datetime | None


def organization_signed(*, organization: Organization) -> list[SignedDeclaration]:
    """Every public declaration the organization signed (and did not withdraw from),
    newest first, with its place in the list and the date it was published."""
    rows = (
        organization.signatures.filter(
            status=Signature.Status.PUBLISHED,
            declaration__status__in=(Declaration.Status.OPEN, Declaration.Status.CLOSED),
        )
        .select_related("declaration")
        .only(
            "position",
            "published_at",
            "declaration__slug",
            "declaration__title",
        )
        .order_by("-published_at", "-pk")
    )
    return [
        SignedDeclaration(
            slug=row.declaration.slug,
            title=row.declaration.title,
            position=row.position,
            published_at=row.published_at,
        )
        for row in rows
    ]


def organizations_public() -> QuerySet[Organization]:
    """Every organization that has a public page (``organization_public``), by id."""
    return (
        Organization.objects.filter(
            signatures__status=Signature.Status.PUBLISHED,
            signatures__declaration__status__in=(
                Declaration.Status.OPEN,
                Declaration.Status.CLOSED,
            ),
        )
        .distinct()
        .order_by("pk")
    )
