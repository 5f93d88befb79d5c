"""Drafts and amendments: submitted, admitted by a moderator, revised in immutable
versions, amended; every change one audited transaction."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.models import AuditEntry
from undersigned.audit.services import audit_record
from undersigned.core.text.versions import next_number
from undersigned.forums.models import Amendment, Draft, DraftVersion, Forum, Support
from undersigned.forums.selectors import tally_version_ids
from undersigned.forums.services.errors import ForumError, PhaseError
from undersigned.roles.permissions import Action, require

Actor = User | AnonymousUser | None

# A draft's text and an amendment: long resolutions run to a few thousand words; this
# keeps a pasted book (or a flood) out.
MAX_TEXT = 100_000
MAX_TITLE = 300


def _actor_kind(actor: Actor) -> str:
    if isinstance(actor, User):
        return AuditEntry.Actor.STAFF
    return AuditEntry.Actor.SIGNER if actor is not None else AuditEntry.Actor.SYSTEM


def _check_text(title: str, body: str) -> None:
    if not title.strip():
        raise ForumError(_("A draft needs a title."))
    if len(title) > MAX_TITLE:
        raise ForumError(_("The title is too long (at most %(n)s characters).") % {"n": MAX_TITLE})
    if not body.strip():
        raise ForumError(_("A draft needs a text."))
    if len(body) > MAX_TEXT:
        raise ForumError(_("The text is too long (at most %(n)s characters).") % {"n": MAX_TEXT})


def _drafting(forum: Forum, actor: Actor) -> None:
    """Participants write while drafting; organizers may also prepare drafts before."""
    allowed = {Forum.Phase.DRAFTING}
    if isinstance(actor, User) or actor is None:
        allowed.add(Forum.Phase.PREPARATION)
    if forum.phase not in allowed:
        raise PhaseError(_("Drafts are submitted and revised during the drafting phase only."))


def _new_version(
    *, draft: Draft, title: str, body: str, note: str, editorial: bool,
    amendment: Amendment | None = None,
) -> DraftVersion:  # fmt: skip
    previous = draft.current
    version = DraftVersion(
        draft=draft,
        number=next_number(DraftVersion.objects.filter(draft=draft)),
        title=title.strip(),
        body=body,
        note=note.strip()[:500],
        editorial=editorial and previous is not None,
        amendment=amendment,
    )
    if version.editorial and previous is not None:
        version.tally_root_id = previous.tally_root_id_or_own
    version.render()
    version.save()
    draft.current = version
    draft.save(update_fields=["current"])
    return version


def draft_submit(
    *, forum: Forum, title: str, body: str, submitted_by: str = "", language: str = "",
    actor: Actor = None, admit: bool = False,
) -> Draft:  # fmt: skip
    """A new draft with its first version. Participants' drafts await a moderator's
    admission; an organizer's (``admit``) is admitted at once."""
    _drafting(forum, actor)
    _check_text(title, body)
    if admit:
        require(actor=actor, action=Action.MODERATE, on=forum)
    with transaction.atomic():
        Forum.objects.select_for_update().filter(pk=forum.pk).first()
        draft = Draft.objects.create(
            forum=forum,
            number=next_number(Draft.objects.filter(forum=forum)),
            submitted_by=submitted_by.strip()[:300],
            language=language or forum.language,
            status=Draft.Status.ADMITTED if admit else Draft.Status.SUBMITTED,
            admitted_at=timezone.now() if admit else None,
        )
        version = _new_version(draft=draft, title=title, body=body, note="", editorial=False)
        audit_record(
            action="forum.draft.submit",
            target=draft,
            actor=actor,
            actor_kind=_actor_kind(actor),
            data={"forum": forum.pk, "version": version.number, "admitted": admit},
        )
    return draft


def _decide(draft: Draft, *, to: str, actor: Actor, action: str) -> Draft:
    require(actor=actor, action=Action.MODERATE, on=draft.forum)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.status != Draft.Status.SUBMITTED:
            raise ForumError(_("This draft was already decided on."))
        locked.status = to
        if to == Draft.Status.ADMITTED:
            locked.admitted_at = timezone.now()
        locked.save(update_fields=["status", "admitted_at"])
        audit_record(action=action, target=locked, actor=actor, data={"forum": locked.forum_id})
    draft.status, draft.admitted_at = locked.status, locked.admitted_at
    return draft


def draft_admit(*, draft: Draft, actor: Actor = None) -> Draft:
    return _decide(draft, to=Draft.Status.ADMITTED, actor=actor, action="forum.draft.admit")


def draft_decline(*, draft: Draft, actor: Actor = None) -> Draft:
    return _decide(draft, to=Draft.Status.DECLINED, actor=actor, action="forum.draft.decline")


def draft_frozen(draft: Draft) -> bool:
    """Whether the current version has supports (its text is then fixed for them)."""
    return (
        draft.current is not None
        and Support.objects.filter(version__in=tally_version_ids(draft.current))
        .exclude(status=Support.Status.WITHDRAWN)
        .exists()
    )


def draft_revise(
    *, draft: Draft, title: str, body: str, note: str = "", editorial: bool = False,
    actor: Actor = None,
) -> DraftVersion:  # fmt: skip
    """A new version of the draft (versions are never changed). ``editorial`` (a typo
    fixed, nothing anybody agreed to changed) lets the supports carry over; an organizer
    decides that, and the audit log says so."""
    require(actor=actor, action=Action.EDIT, on=draft.forum)
    _drafting(draft.forum, actor)
    _check_text(title, body)
    with transaction.atomic():
        locked = (
            Draft.objects.select_for_update(of=("self",)).select_related("current").get(pk=draft.pk)
        )
        if locked.status not in (Draft.Status.ADMITTED, Draft.Status.SUBMITTED):
            raise ForumError(_("This draft cannot be revised any more."))
        current = locked.current
        if current is not None and current.title == title.strip() and current.body == body:
            raise ForumError(_("Nothing changed: the text is the same as the current version."))
        version = _new_version(draft=locked, title=title, body=body, note=note, editorial=editorial)
        audit_record(
            action="forum.draft.version",
            target=locked,
            actor=actor,
            data={
                "forum": locked.forum_id,
                "version": version.number,
                "editorial": version.editorial,
                "supports_carry_over": version.editorial,
            },
        )
    draft.current = version
    return version


def amendment_propose(
    *, draft: Draft, body: str, proposed_by: str = "", rationale: str = "", actor: Actor = None
) -> Amendment:
    """A participant proposes the draft's text as they would have it; a moderator admits
    the proposal before it is shown."""
    if draft.forum.phase != Forum.Phase.DRAFTING:
        raise PhaseError(_("Amendments are proposed during the drafting phase only."))
    if draft.status != Draft.Status.ADMITTED or draft.current is None:
        raise ForumError(_("Only admitted drafts can be amended."))
    _check_text(draft.current.title, body)
    if body == draft.current.body:
        raise ForumError(_("The amendment changes nothing in the current text."))
    with transaction.atomic():
        Draft.objects.select_for_update().filter(pk=draft.pk).first()
        amendment = Amendment.objects.create(
            draft=draft,
            number=next_number(Amendment.objects.filter(draft=draft)),
            base=draft.current,
            body=body,
            proposed_by=proposed_by.strip()[:300],
            rationale=rationale.strip()[:1000],
        )
        audit_record(
            action="forum.amendment.propose",
            target=amendment,
            actor=actor,
            actor_kind=_actor_kind(actor),
            data={"forum": draft.forum_id, "draft": draft.pk, "base": draft.current.number},
        )
    return amendment


def _amendment_change(
    amendment: Amendment, *, frm: set[str], to: str, actor: Actor, action: Action, **data: object
) -> Amendment:
    require(actor=actor, action=action, on=amendment.draft.forum)
    with transaction.atomic():
        locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if locked.status not in frm:
            raise ForumError(_("This amendment was already decided on."))
        locked.status = to
        if to != Amendment.Status.OPEN:
            locked.decided_at = timezone.now()
        if "reason" in data:
            locked.reason = str(data["reason"])[:1000]
        locked.save(update_fields=["status", "decided_at", "reason"])
        audit_record(
            action=f"forum.amendment.{to}",
            target=locked,
            actor=actor,
            data={"forum": amendment.draft.forum_id, "draft": amendment.draft_id,
                  **{k: v for k, v in data.items() if k != "reason"}},
        )  # fmt: skip
    amendment.status, amendment.decided_at = locked.status, locked.decided_at
    amendment.reason = locked.reason
    return amendment


def amendment_admit(*, amendment: Amendment, actor: Actor = None) -> Amendment:
    return _amendment_change(
        amendment, frm={Amendment.Status.SUBMITTED}, to=Amendment.Status.OPEN,
        actor=actor, action=Action.MODERATE,
    )  # fmt: skip


def amendment_accept(*, amendment: Amendment, actor: Actor = None) -> DraftVersion:
    """Accept the amendment as it stands: its text becomes the draft's next version."""
    draft = amendment.draft
    with transaction.atomic():
        _amendment_change(
            amendment, frm={Amendment.Status.OPEN}, to=Amendment.Status.ACCEPTED,
            actor=actor, action=Action.EDIT,
        )  # fmt: skip
        _drafting(draft.forum, actor)
        current = draft.current
        assert current is not None
        version = _new_version(
            draft=draft, title=current.title, body=amendment.body,
            note=_("Amendment %(n)s accepted") % {"n": amendment.number},
            editorial=False, amendment=amendment,
        )  # fmt: skip
        audit_record(
            action="forum.draft.version",
            target=draft,
            actor=actor,
            data={"forum": draft.forum_id, "version": version.number, "amendment": amendment.pk,
                  "editorial": False},
        )  # fmt: skip
    return version


def amendment_merge(*, amendment: Amendment, actor: Actor = None) -> Amendment:
    """Mark the amendment as merged by hand (the organizer wrote a version that takes it
    in, with ``draft_revise``)."""
    return _amendment_change(
        amendment, frm={Amendment.Status.OPEN}, to=Amendment.Status.MERGED,
        actor=actor, action=Action.EDIT,
        version=amendment.draft.current.number if amendment.draft.current else None,
    )  # fmt: skip


def amendment_decline(*, amendment: Amendment, reason: str, actor: Actor = None) -> Amendment:
    if not reason.strip():
        raise ForumError(_("Say why the amendment is declined."))
    return _amendment_change(
        amendment, frm={Amendment.Status.OPEN, Amendment.Status.SUBMITTED},
        to=Amendment.Status.DECLINED, actor=actor, action=Action.EDIT, reason=reason.strip(),
    )  # fmt: skip
