"""Every change of a signature's state: submit, confirm, approve, reject, withdraw.

Each service checks the current state (and the actor's permission), changes the row
inside one transaction, writes an audit row and queues any mail in that same
transaction, so a crash leaves either all of it or none.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.models import AuditEntry
from undersigned.audit.services import audit_record
from undersigned.contacts.services import ContactAnswers, contact_delete, contact_seal
from undersigned.core.db.insert import prepare_insert
from undersigned.declarations.models import Declaration
from undersigned.organizations.models import Organization
from undersigned.roles.permissions import Action, require
from undersigned.signatures.identity import signer_hash
from undersigned.signatures.models import Signature
from undersigned.signatures.tasks import send_confirmation_mail

logger = logging.getLogger(__name__)

# Namespace of the PostgreSQL advisory locks that serialize position numbering
# per declaration (the second key is the declaration id).
POSITION_LOCK_NAMESPACE = 7_201


# What a withdrawal erases: everything the signer typed. The position stays taken.
WITHDRAWN_ERASES = (
    "name", "city", "affiliation", "role", "email", "dedupe_hash", "country",
    "org_abbreviation", "org_name", "org_name_transliteration", "org_name_translation",
    "org_country", "org_website",
)  # fmt: skip


class SignatureError(Exception):
    """A request that the signature's or declaration's state does not allow."""


class SigningClosed(SignatureError):
    pass


class InvalidTransition(SignatureError):
    pass


def _status(signature: Signature) -> dict[str, str]:
    return {"status": str(signature.get_status_display())}


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
                _queue_confirmation_mail(signature)
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
            _queue_confirmation_mail(existing)
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


def _queue_confirmation_mail(signature: Signature) -> None:
    # Enqueued inside the caller's transaction: the task row commits with the
    # signature or not at all. Its only argument is the id: no address in the queue.
    send_confirmation_mail.enqueue(signature_id=signature.pk)


def _locked(signature: Signature) -> Signature:
    # Lock the signature's row only (of=self): locking the joined declaration row too
    # would make every confirmation of a busy declaration queue on that one row.
    return (
        Signature.objects.select_for_update(of=("self",))
        .select_related("declaration")
        .get(pk=signature.pk)
    )


def _publish(signature: Signature) -> None:
    """Give the signature the next place in its declaration's list.

    Places are unique and gapless in publishing order. SQLite runs one write
    transaction at a time (BEGIN IMMEDIATE), so reading the maximum is safe there; on
    PostgreSQL an advisory lock per declaration makes concurrent publishers queue,
    without updating any shared row. The unique constraint is the last guard.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [POSITION_LOCK_NAMESPACE, signature.declaration_id],
            )
    last = Signature.objects.filter(declaration_id=signature.declaration_id).aggregate(
        last=Max("position")
    )["last"]
    signature.position = (last or 0) + 1
    signature.status = Signature.Status.PUBLISHED
    signature.published_at = timezone.now()


def signature_confirm(*, signature: Signature) -> Signature:
    """The signer pressed "Confirm my signature" on the page their mail linked to.

    A person's signature is published at once; an organization's waits for a
    moderator. Confirming twice is harmless.
    """
    with transaction.atomic():
        signature = _locked(signature)
        if signature.status in {Signature.Status.PENDING, Signature.Status.PUBLISHED}:
            return signature
        if signature.status != Signature.Status.UNCONFIRMED:
            raise InvalidTransition(
                _("This signature cannot be confirmed: its status is “%(status)s”.")
                % _status(signature)
            )
        if signature.declaration.status != Declaration.Status.OPEN:
            raise SigningClosed(_("The declaration is not open for signatures."))
        signature.confirmed_at = timezone.now()
        if signature.is_organization:
            signature.status = Signature.Status.PENDING
        else:
            _publish(signature)
        signature.save()
        audit_record(
            action="signature.confirm",
            target=signature,
            actor_kind=AuditEntry.Actor.SIGNER,
            declaration_id=signature.declaration_id,
            data={"status": signature.status, "position": signature.position},
        )
    logger.info("signature %s confirmed, now %s", signature.pk, signature.status)
    return signature


def signature_approve(
    *,
    signature: Signature,
    actor: User | AnonymousUser,
    organization: Organization | None = None,
) -> Signature:
    """A moderator vouches for an organization's signature; it is published.

    The signature is tied to ``organization`` (or the record the moderator already
    chose); without one, a new organization record is made from what the signer typed.
    """
    with transaction.atomic():
        signature = _locked(signature)
        require(actor=actor, action=Action.MODERATE, on=signature.declaration)
        if signature.status != Signature.Status.PENDING:
            raise InvalidTransition(
                _("This signature cannot be approved: its status is “%(status)s”.")
                % _status(signature)
            )
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
        _publish(signature)
        signature.save()
        audit_record(
            action="signature.approve",
            target=signature,
            actor=actor,
            declaration_id=signature.declaration_id,
            data={
                "organization_id": signature.organization_id,
                "organization_created": created,
                "position": signature.position,
            },
        )
    logger.info("signature %s approved at position %s", signature.pk, signature.position)
    return signature


def signature_match_organization(
    *,
    signature: Signature,
    organization: Organization | None,
    actor: User | AnonymousUser,
) -> Signature:
    """A moderator ties a pending signature to an existing organization (or unties it)."""
    with transaction.atomic():
        signature = _locked(signature)
        require(actor=actor, action=Action.MODERATE, on=signature.declaration)
        if signature.status != Signature.Status.PENDING:
            raise InvalidTransition(
                _(
                    "The organization of this signature cannot be changed: "
                    "its status is “%(status)s”."
                )
                % _status(signature)
            )
        signature.organization = organization
        signature.save(update_fields=["organization"])
        audit_record(
            action="signature.match_organization",
            target=signature,
            actor=actor,
            declaration_id=signature.declaration_id,
            data={"organization_id": organization.pk if organization else None},
        )
    return signature


def signature_reject(*, signature: Signature, actor: User | AnonymousUser) -> Signature:
    with transaction.atomic():
        signature = _locked(signature)
        require(actor=actor, action=Action.MODERATE, on=signature.declaration)
        if signature.status not in {Signature.Status.PENDING, Signature.Status.UNCONFIRMED}:
            raise InvalidTransition(
                _("This signature cannot be rejected: its status is “%(status)s”.")
                % _status(signature)
            )
        previous = signature.status
        signature.status = Signature.Status.REJECTED
        signature.moderated_at = timezone.now()
        signature.email = ""
        contact_delete(contact_id=signature.sealed_contact_id)
        signature.sealed_contact = None
        signature.save()
        audit_record(
            action="signature.reject",
            target=signature,
            actor=actor,
            declaration_id=signature.declaration_id,
            data={"from": previous},
        )
    logger.info("signature %s rejected", signature.pk)
    return signature


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
        signature.confirmed_at = signature.moderated_at = timezone.now()
        _publish(signature)
        signature.save()
        audit_record(
            action="signature.add",
            target=signature,
            actor=actor,
            declaration_id=declaration.pk,
            data={"kind": signature.kind, "position": signature.position},
        )
    return signature


def signature_withdraw(*, signature: Signature) -> Signature:
    """The signer withdrew through their private link.

    The entry leaves the public list and the personal data is erased; the position
    stays taken so everybody else keeps their number. Withdrawing twice is harmless.
    """
    with transaction.atomic():
        signature = _locked(signature)
        if signature.status == Signature.Status.WITHDRAWN:
            return signature
        if signature.status == Signature.Status.REJECTED:
            raise InvalidTransition(_("A rejected signature cannot be withdrawn."))
        previous = signature.status
        signature.status = Signature.Status.WITHDRAWN
        signature.withdrawn_at = timezone.now()
        for field in WITHDRAWN_ERASES:
            setattr(signature, field, "")
        contact_delete(contact_id=signature.sealed_contact_id)
        signature.sealed_contact = None
        signature.save()
        audit_record(
            action="signature.withdraw",
            target=signature,
            actor_kind=AuditEntry.Actor.SIGNER,
            declaration_id=signature.declaration_id,
            data={"from": previous, "position": signature.position},
        )
    logger.info("signature %s withdrawn", signature.pk)
    return signature


def signature_release(*, signature: Signature, actor: User | AnonymousUser) -> Signature:
    """A moderator lets a held signature through: its confirmation mail is queued."""
    with transaction.atomic():
        signature = _locked(signature)
        require(actor=actor, action=Action.MODERATE, on=signature.declaration)
        if signature.status != Signature.Status.UNCONFIRMED or not signature.held:
            raise InvalidTransition(
                _("This signature cannot be released: its status is “%(status)s”.")
                % _status(signature)
            )
        signature.held = False
        signature.save(update_fields=["held"])
        audit_record(
            action="signature.release",
            target=signature,
            actor=actor,
            declaration_id=signature.declaration_id,
        )
        if signature.email:
            _queue_confirmation_mail(signature)
    logger.info("signature %s released", signature.pk)
    return signature
