"""A forum's setup and its phases: saved by organizers, moved by hand or by the scheduler."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.core.text.markdown import render_markdown
from undersigned.forums.models import Forum
from undersigned.forums.services.errors import PhaseError
from undersigned.roles.permissions import Action, require

Actor = User | AnonymousUser | None

ORDER = [Forum.Phase.PREPARATION, Forum.Phase.DRAFTING, Forum.Phase.SUPPORT, Forum.Phase.CLOSED]
# The field holding when the scheduler moves a forum into each phase.
SCHEDULED_AT = {
    Forum.Phase.DRAFTING: "drafting_at",
    Forum.Phase.SUPPORT: "support_at",
    Forum.Phase.CLOSED: "closes_at",
}


def forum_save(*, forum: Forum, actor: Actor = None) -> Forum:
    """Create or update a forum's setup: renders its description, checks its fields."""
    if forum.pk is not None:
        require(actor=actor, action=Action.EDIT, on=forum)
    forum.description_html = render_markdown(forum.description)
    forum.languages = [code for code in dict.fromkeys(forum.languages) if code]
    forum.full_clean(exclude=["coalitions"])
    with transaction.atomic():
        created = forum.pk is None
        forum.save()
        audit_record(
            action="forum.create" if created else "forum.save",
            target=forum,
            actor=actor,
            data={"forum": forum.pk, "phase": forum.phase},
        )
    return forum


def next_phase(phase: str) -> Forum.Phase | None:
    index = ORDER.index(Forum.Phase(phase))
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def forum_move_phase(
    *, forum: Forum, to: str, actor: Actor = None, scheduled: bool = False
) -> Forum:
    """Move the forum to phase ``to``: forward one or more phases, or back one (an
    organizer who closed the support phase too early reopens it; a closed forum with a
    recorded outcome stays closed)."""
    require(actor=actor, action=Action.EDIT, on=forum)
    target = Forum.Phase(to)
    with transaction.atomic():
        locked = Forum.objects.select_for_update().get(pk=forum.pk)
        before = Forum.Phase(locked.phase)
        if target == before:
            raise PhaseError(_("The forum is already in the %(phase)s phase.") % {
                "phase": target.label})  # fmt: skip
        if ORDER.index(target) < ORDER.index(before) - 1:
            raise PhaseError(_("A forum can go back one phase at a time only."))
        if before == Forum.Phase.CLOSED and hasattr(locked, "outcome"):
            raise PhaseError(_("The forum's outcome is recorded: it stays closed."))
        locked.phase = target
        locked.phase_changed_at = timezone.now()
        locked.save(update_fields=["phase", "phase_changed_at", "updated_at"])
        audit_record(
            action="forum.phase",
            target=locked,
            actor=actor,
            data={"forum": locked.pk, "from": before, "to": target, "scheduled": scheduled},
        )
    forum.phase, forum.phase_changed_at = locked.phase, locked.phase_changed_at
    forum.updated_at = locked.updated_at
    return forum


def due_phase(forum: Forum, now: datetime) -> Forum.Phase | None:
    """The latest phase whose time has come and that the forum has not reached."""
    due = None
    for phase in ORDER[ORDER.index(Forum.Phase(forum.phase)) + 1 :]:
        at = getattr(forum, SCHEDULED_AT[phase])
        if at is not None and at <= now:
            due = phase
    return due


def forums_advance_due(*, now: datetime | None = None) -> int:
    """The scheduler's job: move each forum whose next phase's time has passed. Returns
    how many moved."""
    now = now or timezone.now()
    moved = 0
    candidates = Forum.objects.exclude(phase=Forum.Phase.CLOSED).filter(
        Q(drafting_at__lte=now) | Q(support_at__lte=now) | Q(closes_at__lte=now)
    )
    for forum in candidates:
        due = due_phase(forum, now)
        if due is not None:
            forum_move_phase(forum=forum, to=due, scheduled=True)
            moved += 1
    return moved
