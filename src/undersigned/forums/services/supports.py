"""Supports: given by email (confirmed like a signature) or with a participation code.

By email, exactly as signing works (signatures/identity.py, signatures/mail.py): the
address is kept only until the confirmation mail is sent; a keyed hash of its normal
form over the forum finds a second support; the confirmation and withdrawal links are
HMACs of the support's random id; the page says the same whether or not the address
had supported, and only a POST from the mailed page counts the support.

With a code, the holder is known only by the code's keyed hash; the support counts at
once. Each code supports a draft once; with ``one_draft_only``, one draft in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.models import AuditEntry
from undersigned.audit.services import audit_record
from undersigned.forums.codes import code_hash
from undersigned.forums.models import Amendment, Draft, Forum, ParticipationCode, Support
from undersigned.forums.selectors import tally_version_ids
from undersigned.forums.services.errors import CodeError, ForumError, PhaseError
from undersigned.forums.tasks import queue_support_mail
from undersigned.signatures.identity import signer_hash


@dataclass(frozen=True, kw_only=True)
class Supporter:
    """Who supports: shown by name only if the forum lists supporters and they agree."""

    kind: str = Support.Kind.PERSON
    name: str = ""
    show_name: bool = True
    initial_signatory: bool = False


def participant_key_for_email(*, forum: Forum, email: str) -> str:
    # signatures' keyed hash of the normalized address, in a namespace no declaration
    # has (declaration ids start at 1).
    return signer_hash(email=email, declaration_id=0, extra=f"forum:{forum.pk}")


def _check_open(forum: Forum, draft: Draft, amendment: Amendment | None) -> None:
    if forum.phase != Forum.Phase.SUPPORT:
        raise PhaseError(_("This forum is not taking supports: the support phase is not open."))
    if draft.forum_id != forum.pk or draft.status != Draft.Status.ADMITTED:
        raise ForumError(_("That draft is not one of this forum's."))
    if amendment is not None and (
        amendment.draft_id != draft.pk or amendment.status != Amendment.Status.OPEN
    ):
        raise ForumError(_("That amendment is not open for supports."))


def _target_version_id(draft: Draft, amendment: Amendment | None) -> int:
    if amendment is not None:
        return int(amendment.base_id)
    assert draft.current_id is not None
    return int(draft.current_id)


def _conflict(
    *, forum: Forum, draft: Draft, amendment: Amendment | None, key: str
) -> Support | None:
    """A live support by the same participant that this one would repeat: of the same
    draft's tally (its editorial run) or amendment, or, with ``one_draft_only``, of any
    other draft of the forum."""
    live = Support.objects.filter(forum=forum, participant_key=key).exclude(
        status=Support.Status.WITHDRAWN
    )
    if amendment is not None:
        return live.filter(amendment=amendment).first()
    assert draft.current is not None
    same = Q(amendment__isnull=True, version_id__in=tally_version_ids(draft.current))
    if forum.one_draft_only:
        same |= Q(amendment__isnull=True) & ~Q(draft=draft)
    return live.filter(same).order_by("pk").first()


def _fields(supporter: Supporter, forum: Forum) -> dict[str, object]:
    # A supporter who is not listed keeps no name here, unless they asked to become an
    # initial signatory (then the name is what the list would show, or nothing).
    show = forum.list_supporters and supporter.show_name
    keep_name = show or supporter.initial_signatory
    return {
        "kind": supporter.kind,
        "name": supporter.name.strip()[:200] if keep_name else "",
        "show_name": show,
        "initial_signatory": supporter.initial_signatory,
    }


def support_submit(
    *, forum: Forum, draft: Draft, email: str, supporter: Supporter, language: str,
    amendment: Amendment | None = None, held: bool = False,
) -> Support | None:  # fmt: skip
    """A support by email, counted once its confirmation mail's page is POSTed.

    A repeated support returns the first one (its mail sent again while unconfirmed,
    not more often than the signing cooldown allows); one that the policy does not allow
    (another draft, in a one-draft forum) is dropped: the caller shows the same page
    whatever happened, so nobody learns whether an address has supported.
    """
    if forum.admission != Forum.Admission.EMAIL:
        raise ForumError(_("This forum takes supports with participation codes only."))
    _check_open(forum, draft, amendment)
    key = participant_key_for_email(forum=forum, email=email)
    support = Support(
        forum=forum, draft=draft, amendment=amendment,
        version_id=_target_version_id(draft, amendment), participant_key=key,
        email=email.strip(), language=language, **_fields(supporter, forum),
    )  # fmt: skip
    with transaction.atomic():
        existing = _conflict(forum=forum, draft=draft, amendment=amendment, key=key)
        if existing is None:
            try:
                with transaction.atomic():
                    support.save()
            except IntegrityError:
                existing = _conflict(forum=forum, draft=draft, amendment=amendment, key=key)
                if existing is None:
                    raise
            else:
                if not held:
                    queue_support_mail(support)
                audit_record(
                    action="forum.support.submit",
                    target=support,
                    actor_kind=AuditEntry.Actor.SIGNER,
                    data={"forum": forum.pk, "draft": draft.pk, "held": held},
                )
                return support
        if existing.draft_id != draft.pk or existing.amendment_id != (amendment and amendment.pk):
            return None  # another draft, in a one-draft forum: nothing to send
        if existing.status == Support.Status.UNCONFIRMED and not held and _may_resend(existing):
            existing.email, existing.language = email.strip(), language
            existing.save(update_fields=["email", "language"])
            queue_support_mail(existing)
        return existing


def _may_resend(support: Support) -> bool:
    if support.email:
        return False  # the first mail is still queued
    if support.mail_sent_at is None:
        return True
    cooldown = timedelta(seconds=settings.MAIL_RESEND_COOLDOWN_SECONDS)
    return timezone.now() - support.mail_sent_at >= cooldown


def _locked(support: Support) -> Support:
    """The support's row, locked (only it: of=self), with its forum."""
    return (
        Support.objects.select_for_update(of=("self",))
        .select_related("forum", "draft")
        .get(pk=support.pk)
    )


def _link_audit(action: str, locked: Support) -> None:
    """The audit row of what a supporter did from their mail's link."""
    audit_record(
        action=action,
        target=locked,
        actor_kind=AuditEntry.Actor.SIGNER,
        data={"forum": locked.forum_id, "draft": locked.draft_id},
    )


def support_confirm(*, support: Support) -> Support:
    """Count a support by email: the POST from its confirmation page."""
    with transaction.atomic():
        locked = _locked(support)
        if locked.status == Support.Status.COUNTED:
            return locked
        if locked.status != Support.Status.UNCONFIRMED:
            raise ForumError(_("This support was withdrawn."))
        if locked.forum.phase != Forum.Phase.SUPPORT:
            raise PhaseError(_("The support phase has closed; this support was not counted."))
        locked.status = Support.Status.COUNTED
        locked.counted_at = timezone.now()
        locked.email = ""
        locked.save(update_fields=["status", "counted_at", "email"])
        _link_audit("forum.support.confirm", locked)
    return locked


def support_withdraw(*, support: Support) -> Support:
    """The supporter takes their support back while the support phase runs; who they
    were is erased (name, address, hash)."""
    with transaction.atomic():
        locked = _locked(support)
        if locked.status == Support.Status.WITHDRAWN:
            return locked
        if locked.forum.phase != Forum.Phase.SUPPORT:
            raise PhaseError(_("The support phase has closed: supports can no longer change."))
        locked.status = Support.Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.participant_key = locked.email = locked.name = ""
        locked.initial_signatory = False
        locked.save(
            update_fields=[
                "status", "withdrawn_at", "participant_key", "email", "name", "initial_signatory"
            ]
        )  # fmt: skip
        _link_audit("forum.support.withdraw", locked)
    return locked


def code_lookup(*, forum: Forum, code: str) -> ParticipationCode:
    found = ParticipationCode.objects.filter(
        forum=forum, code_hash=code_hash(forum_id=forum.pk, code=code)
    ).first()
    if found is None or found.revoked:
        raise CodeError(_("This participation code is not valid for this forum."))
    return found


def support_with_code(
    *, forum: Forum, draft: Draft, code: str, supporter: Supporter,
    amendment: Amendment | None = None,
) -> Support:  # fmt: skip
    """A support given with a participation code: counted at once."""
    if forum.admission != Forum.Admission.CODES:
        raise ForumError(_("This forum takes supports confirmed by email, not codes."))
    _check_open(forum, draft, amendment)
    with transaction.atomic():
        holder = ParticipationCode.objects.select_for_update().get(pk=code_lookup(
            forum=forum, code=code).pk)  # fmt: skip
        key = holder.code_hash
        existing = _conflict(forum=forum, draft=draft, amendment=amendment, key=key)
        if existing is not None:
            if existing.draft_id == draft.pk:
                raise CodeError(_("This code has already supported this draft."))
            raise CodeError(
                _("This code has already supported another draft: in this forum each "
                  "participant supports one draft only.")
            )  # fmt: skip
        fields = _fields(supporter, forum)
        fields["kind"] = holder.kind
        support = Support.objects.create(
            forum=forum, draft=draft, amendment=amendment, code=holder,
            version_id=_target_version_id(draft, amendment), participant_key=key,
            status=Support.Status.COUNTED, counted_at=timezone.now(), **fields,
        )  # fmt: skip
        audit_record(
            action="forum.support.code",
            target=support,
            actor_kind=AuditEntry.Actor.SIGNER,
            data={"forum": forum.pk, "draft": draft.pk, "amendment": amendment and amendment.pk},
        )
    return support


def support_withdraw_with_code(
    *, forum: Forum, draft: Draft, code: str, amendment: Amendment | None = None
) -> Support:
    holder = code_lookup(forum=forum, code=code)
    existing = None
    if draft.current is not None:
        existing = _conflict(forum=forum, draft=draft, amendment=amendment, key=holder.code_hash)
    if existing is None or existing.draft_id != draft.pk:
        raise CodeError(_("This code has not supported this draft."))
    return support_withdraw(support=existing)


def supports_purge_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete supports by email never confirmed within UNCONFIRMED_RETENTION_DAYS, as the
    purge does for signatures: their name and address hash are no longer needed. (The
    forums' periodic job runs it; retention sits below forums and cannot.)"""
    cutoff = (now or timezone.now()) - timedelta(days=settings.UNCONFIRMED_RETENTION_DAYS)
    stale = Support.objects.filter(status=Support.Status.UNCONFIRMED, created_at__lt=cutoff)
    total = 0
    for forum in Forum.objects.filter(pk__in=stale.values("forum_id")):
        with transaction.atomic():
            deleted, _ = stale.filter(forum=forum).delete()
            audit_record(
                action="forum.support.purge", target=forum,
                data={"forum": forum.pk, "supports": deleted},
            )  # fmt: skip
        total += deleted
    return total
