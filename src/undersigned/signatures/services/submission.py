"""New signatures: from the public form (``signature_submit``, confirmed by mail later)
and from an organizer who vouches for them (``signature_add_published``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.contacts.services import ContactAnswers, contact_delete, contact_seal
from undersigned.core.db.insert import PreparedUpsert, prepare_upsert
from undersigned.core.shredding import shred_destroy, shred_seal
from undersigned.declarations.models import Declaration
from undersigned.organizations.models import Organization
from undersigned.signatures.identity import signer_hash
from undersigned.signatures.models import Signature
from undersigned.signatures.services.errors import SignatureError, SigningClosed
from undersigned.signatures.services.positions import publish_next
from undersigned.signatures.tasks import queue_confirmation_mail

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class PersonSubmission:
    name: str
    email: str
    country: str
    city: str = ""
    affiliation: str = ""
    role: str = ""
    show_name: bool = True


@dataclass(frozen=True, kw_only=True)
class OrganizationSubmission:
    abbreviation: str
    name: str
    name_transliteration: str = ""
    name_translation: str = ""
    country: str = ""
    website: str = ""
    signer_name: str
    signer_role: str = ""
    email: str


def _organization_key(submission: OrganizationSubmission) -> str:
    return f"{submission.abbreviation.strip().casefold()}\x00{submission.name.strip().casefold()}"


def signature_submit(
    *,
    declaration: Declaration,
    submission: PersonSubmission | OrganizationSubmission,
    language: str,
    held: bool = False,
    contact: ContactAnswers | None = None,
) -> Signature:
    """Take a signature from the public form and queue its confirmation mail.

    A second submission by the same signer returns the first signature; while that one
    is unconfirmed, its mail sent (or failed) and the cooldown over, its confirmation
    mail goes out again to the address just typed. The caller shows the same page
    either way, so nobody learns from it whether an address has signed, and the work is
    the same too (docs/security.md#has-this-address-signed): one sealed address, one
    INSERT … ON CONFLICT that decides in the database, one mail task (which finds
    nothing to send when nothing is due).

    No statement here can fail on a duplicate, and none carries the plain address: it
    is sealed under a key of its own outside the database (core/shredding.py), so
    neither PostgreSQL's log of failed statements nor the database's files ever hold it.

    ``held`` (the anti-spam limits were exceeded) stores the signature without queuing
    its mail: a moderator releases it or the purge deletes it. ``contact`` (answers of
    a signer who consented to follow-up) is sealed with the declaration's key in the
    same transaction; it is never stored readable.

    For a repeated signer the returned signature carries the stored row's id, links'
    parts, status and sealed fields, not what was typed this time.
    """
    if isinstance(submission, PersonSubmission):
        kind, extra = Signature.Kind.PERSON, ""
        if not declaration.allow_individuals:
            raise SignatureError(_("Individuals cannot sign this declaration."))
    else:
        kind, extra = Signature.Kind.ORGANIZATION, _organization_key(submission)
        if not declaration.allow_organizations:
            raise SignatureError(_("Organizations cannot sign this declaration."))
    # The caller's row, read for this request: signing is not held up by a query
    # of its own. A declaration closed in the same instant may still take this
    # signature, but never list it: confirming re-checks the status under lock.
    if declaration.status != Declaration.Status.OPEN:
        raise SigningClosed(_("The declaration is not open for signatures."))
    dedupe_hash = signer_hash(email=submission.email, declaration_id=declaration.pk, extra=extra)
    sealed = shred_seal(submission.email.strip())
    signature = Signature(
        declaration=declaration,
        kind=kind,
        dedupe_hash=dedupe_hash,
        sealed_email=sealed,
        language=language,
        held=held,
        revision=declaration.revision,
        **_submission_fields(submission),
    )
    try:
        _store(signature, contact=contact)
    except BaseException:
        shred_destroy(sealed)
        raise
    if signature.sealed_email != sealed:
        # A repeat that sends nothing now: the row kept what it had, this key seals
        # nothing stored.
        shred_destroy(sealed)
    return signature


# The row offered, or the row already there for this signer: its address and language
# are replaced only when a mail is due again (unconfirmed, not held, no mail queued, the
# last one longer ago than the cooldown); until it is confirmed the latest sealed
# contact replaces the earlier one. Everything else stays as the first submission left it.
_RESEND = (
    "{t}.{status} = 'unconfirmed' AND NOT {t}.{held} AND NOT excluded.{held} "
    "AND {t}.{sealed} = '' AND ({t}.{sent} IS NULL OR {t}.{sent} <= %s)"
)
_UPSERT_SET = (
    "{sealed} = CASE WHEN " + _RESEND + " THEN excluded.{sealed} ELSE {t}.{sealed} END, "
    "{language} = CASE WHEN " + _RESEND + " THEN excluded.{language} ELSE {t}.{language} END, "
    "{contact} = CASE WHEN excluded.{contact} IS NOT NULL AND {t}.{status} = 'unconfirmed' "
    "THEN excluded.{contact} ELSE {t}.{contact} END"
)
# The target of the unique index signature_unique_signer, its condition written as
# Django writes it, so both databases match the partial index.
_CONFLICT = "({declaration}, {hash}) WHERE NOT ({hash} = '')"
_RETURNING = ["id", "public_id", "token_nonce", "status", "sealed_email", "sealed_contact_id"]


@lru_cache(maxsize=4)
def _upsert_sql(vendor: str) -> tuple[str, str]:
    quote = connection.ops.quote_name
    names = {
        "t": quote(Signature._meta.db_table),
        "status": quote("status"),
        "held": quote("held"),
        "sealed": quote("sealed_email"),
        "sent": quote("mail_sent_at"),
        "language": quote("language"),
        "contact": quote("sealed_contact_id"),
        "declaration": quote("declaration_id"),
        "hash": quote("dedupe_hash"),
    }
    return _CONFLICT.format(**names), _UPSERT_SET.format(**names)


def _prepare(signature: Signature) -> PreparedUpsert:
    conflict, update = _upsert_sql(connection.vendor)
    cooldown = timedelta(seconds=settings.MAIL_RESEND_COOLDOWN_SECONDS)
    field = Signature._meta.get_field("mail_sent_at")
    cutoff = field.get_db_prep_value(timezone.now() - cooldown, connection)
    return prepare_upsert(
        signature,
        conflict=conflict,
        update=update,
        update_params=[cutoff, cutoff],
        returning=_RETURNING,
    )


def _store(signature: Signature, *, contact: ContactAnswers | None) -> None:
    """Write the signature (or update the signer's earlier one) and queue its mail task."""
    # The values prepared before the transaction: on SQLite it holds the one write
    # lock, and others wait for it. (A signer's sealed contact is written first, inside
    # it, so the row can point to it.)
    upsert = _prepare(signature) if contact is None else None
    with transaction.atomic():
        previous_contact: int | None = None
        if upsert is None:
            assert contact is not None
            previous_contact = _contact_of(signature)
            signature.sealed_contact = contact_seal(
                declaration_id=signature.declaration_id, answers=contact
            )
            upsert = _prepare(signature)
        offered, offered_contact = signature.sealed_email, signature.sealed_contact_id
        row = upsert.execute()
        for name, value in zip(_RETURNING, row, strict=True):
            setattr(signature, name, value)
        signature._state.adding, signature._state.db = False, "default"
        if offered_contact is not None:
            # One of the two sealed contacts is not pointed to: delete it.
            taken = signature.sealed_contact_id == offered_contact
            contact_delete(contact_id=previous_contact if taken else offered_contact)
        if not signature.held:
            # New or repeated, the same task, for the address offered: it sends only if
            # the row took that address (a mail is due).
            queue_confirmation_mail(signature, sealed=offered)


def _contact_of(signature: Signature) -> int | None:
    """The sealed contact of the signer's earlier signature, if any (one indexed read,
    the same for a new signer)."""
    # ``dedupe_hash != ""`` repeats the unique index's condition: SQLite uses a partial
    # index only for a query that states it, and would otherwise scan the declaration.
    return (
        Signature.objects.filter(
            declaration_id=signature.declaration_id, dedupe_hash=signature.dedupe_hash
        )
        .exclude(dedupe_hash="")
        .values_list("sealed_contact_id", flat=True)
        .first()
    )


def _submission_fields(submission: PersonSubmission | OrganizationSubmission) -> dict[str, object]:
    # What the public list will not show is not kept in plain text: a person who chose
    # not to be named keeps only the country (for counts), and whoever signs for an
    # organization leaves no name or role. Both reach the organizers only inside a
    # sealed contact, when the signer consents to follow-up.
    if isinstance(submission, PersonSubmission):
        if not submission.show_name:
            return {"name": "", "country": submission.country, "show_name": False}
        return {
            "name": submission.name.strip(),
            "country": submission.country,
            "city": submission.city.strip(),
            "affiliation": submission.affiliation.strip(),
            "role": submission.role.strip(),
            "show_name": True,
        }
    return {
        "name": "",
        "role": "",
        "show_name": True,
        "org_abbreviation": submission.abbreviation.strip(),
        "org_name": submission.name.strip(),
        "org_name_transliteration": submission.name_transliteration.strip(),
        "org_name_translation": submission.name_translation.strip(),
        "org_country": submission.country,
        "org_website": submission.website.strip(),
    }


def signature_add_published(
    *,
    declaration: Declaration,
    actor: User | AnonymousUser | None,
    organization: Organization | None = None,
    person: PersonSubmission | None = None,
    source: str = "",
) -> Signature:
    """An organizer adds a signatory they vouch for (a list received elsewhere, sample data).

    No mail and no address: the signature is published at the next position at once,
    and ``source`` says where it came from.
    """
    if (organization is None) == (person is None):
        raise ValueError("give either an organization or a person")
    with transaction.atomic():
        if organization is not None:
            signature = Signature(
                declaration=declaration, kind=Signature.Kind.ORGANIZATION, organization=organization
            )
        else:
            assert person is not None
            signature = Signature(
                declaration=declaration, kind=Signature.Kind.PERSON, **_submission_fields(person)
            )
        signature.source = source
        signature.revision = declaration.revision
        signature.confirmed_at = signature.moderated_at = timezone.now()
        publish_next(signature)
        signature.save()
        audit_record(
            action="signature.add",
            target=signature,
            actor=actor,
            declaration_id=declaration.pk,
            data={"kind": signature.kind, "position": signature.position},
        )
    return signature
