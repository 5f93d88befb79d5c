"""New signatures: from the public form (``signature_submit``, confirmed by mail later)
and from an organizer who vouches for them (``signature_add_published``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.models import AuditEntry
from undersigned.audit.services import audit_record
from undersigned.contacts.services import ContactAnswers, contact_seal
from undersigned.core.db.insert import prepare_insert
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
    is unconfirmed its confirmation mail goes out again. The caller shows the same page
    either way, so nobody learns from it whether an address has signed.

    ``held`` (the anti-spam limits were exceeded) stores the signature without queuing
    its mail: a moderator releases it or the purge deletes it. ``contact`` (answers of
    a signer who consented to follow-up) is sealed with the declaration's key in the
    same transaction; it is never stored readable.
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

    # A new signer (the usual case) is one INSERT plus its mail task: the unique
    # constraint on (declaration, dedupe_hash) finds a repeated signer, instead of a
    # lookup before every insert.
    signature = Signature(
        declaration=declaration,
        kind=kind,
        dedupe_hash=dedupe_hash,
        email=submission.email.strip(),
        language=language,
        held=held,
        revision=declaration.revision,
        **_submission_fields(submission),
    )
    # Signature.save() without its per-call compiling, the values prepared before the
    # transaction: on SQLite it holds the one write lock, and others wait for it. (A
    # signer's sealed contact is written first, inside it, so the row can point to it.)
    insert = prepare_insert(signature) if contact is None else None
    try:
        with transaction.atomic():
            if insert is None:
                assert contact is not None
                signature.sealed_contact = contact_seal(
                    declaration_id=declaration.pk, answers=contact
                )
                insert = prepare_insert(signature)
            insert.execute()
            if not held:
                queue_confirmation_mail(signature)
        return signature
    except IntegrityError as error:
        conflict = error  # the same signer signed before (or a moment ago, elsewhere)

    with transaction.atomic():
        existing = _signed_before(declaration_id=declaration.pk, dedupe_hash=dedupe_hash)
        if existing is None:  # the conflict was not this signer's: not ours to hide
            raise conflict
        if existing.status == Signature.Status.UNCONFIRMED and contact is not None:
            # Until it is confirmed, the latest answers replace the earlier ones.
            sealed = contact_seal(
                declaration_id=declaration.pk, answers=contact, replacing=existing.sealed_contact
            )
            if sealed is not None and existing.sealed_contact_id != sealed.pk:
                existing.sealed_contact = sealed
                existing.save(update_fields=["sealed_contact"])
        if (
            existing.status == Signature.Status.UNCONFIRMED
            and not existing.held
            and _may_resend(existing)
        ):
            existing.email = submission.email.strip()
            existing.language = language
            existing.save(update_fields=["email", "language"])
            audit_record(
                action="signature.resend",
                target=existing,
                actor_kind=AuditEntry.Actor.SIGNER,
                declaration_id=declaration.pk,
            )
            queue_confirmation_mail(existing)
        return existing


def _signed_before(*, declaration_id: int, dedupe_hash: str) -> Signature | None:
    # ``dedupe_hash != ""`` repeats the unique index's condition: SQLite uses a partial
    # index only for a query that states it, and would otherwise scan the declaration.
    return (
        Signature.objects.select_for_update()
        .filter(declaration_id=declaration_id, dedupe_hash=dedupe_hash)
        .exclude(dedupe_hash="")
        .order_by()
        .first()
    )


def _may_resend(signature: Signature) -> bool:
    """Whether a repeated submission may trigger another confirmation mail.

    Not while the first mail is still queued (it will go out), nor within
    MAIL_RESEND_COOLDOWN_SECONDS of the last one: a repeated form must not become a
    way to flood somebody's mailbox.
    """
    if signature.email:
        return False
    if signature.mail_sent_at is None:
        return True
    cooldown = timedelta(seconds=settings.MAIL_RESEND_COOLDOWN_SECONDS)
    return timezone.now() - signature.mail_sent_at >= cooldown


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
