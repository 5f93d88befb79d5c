"""Issuing and revoking participation codes (forums/codes.py says how they are kept)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.forums.codes import code_display, code_hash, code_new
from undersigned.forums.models import Forum, ParticipationCode
from undersigned.forums.services.errors import ForumError, PhaseError
from undersigned.roles.permissions import Action, require

Actor = User | AnonymousUser | None
MAX_BATCH = 2000


def codes_issue(
    *, forum: Forum, count: int, kind: str = ParticipationCode.Kind.PERSON, actor: Actor = None
) -> list[str]:
    """Issue ``count`` new codes and return them, dashed for printing: the only time
    they exist in the clear. Returns them in a new batch number."""
    require(actor=actor, action=Action.PARTICIPATION_CODES, on=forum)
    if not 1 <= count <= MAX_BATCH:
        raise ForumError(_("Issue between 1 and %(n)s codes at a time.") % {"n": MAX_BATCH})
    if kind not in ParticipationCode.Kind.values:
        raise ForumError(_("Unknown kind of participant."))
    if forum.phase == Forum.Phase.CLOSED:
        raise PhaseError(_("The forum is closed: no new codes."))
    codes = [code_new() for _ in range(count)]
    with transaction.atomic():
        Forum.objects.select_for_update().filter(pk=forum.pk).first()
        batch = (
            int(ParticipationCode.objects.filter(forum=forum).aggregate(b=Max("batch"))["b"] or 0)
            + 1
        )
        ParticipationCode.objects.bulk_create(
            ParticipationCode(
                forum=forum, code_hash=code_hash(forum_id=forum.pk, code=code), kind=kind,
                batch=batch,
            )
            for code in codes
        )  # fmt: skip
        audit_record(
            action="forum.codes.issue",
            target=forum,
            actor=actor,
            data={"forum": forum.pk, "count": count, "kind": kind, "batch": batch},
        )
    return [code_display(code) for code in codes]


def codes_revoke_batch(*, forum: Forum, batch: int, actor: Actor = None) -> int:
    """Revoke a printed batch (a sheet lost or stolen); supports already given stay."""
    require(actor=actor, action=Action.PARTICIPATION_CODES, on=forum)
    with transaction.atomic():
        revoked = ParticipationCode.objects.filter(forum=forum, batch=batch, revoked=False).update(
            revoked=True
        )
        audit_record(
            action="forum.codes.revoke",
            target=forum,
            actor=actor,
            data={"forum": forum.pk, "batch": batch, "count": revoked},
        )
    return revoked
