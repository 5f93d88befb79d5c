"""Writes of declarations: create, save (rendering the text), open, close, withdraw, and
the scheduled closing at ``closes_at``. Each checks the actor's role through
roles/permissions.py (``actor=None``: the command line and the scheduler)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.core.text.diff import Diff
from undersigned.core.text.markdown import render_markdown
from undersigned.core.text.versions import next_number
from undersigned.declarations.models import (
    Declaration,
    DeclarationRevision,
    DeclarationTranslation,
)
from undersigned.roles.models import Coalition
from undersigned.roles.permissions import Action, Role, may, require, site_wide

logger = logging.getLogger(__name__)

Actor = User | AnonymousUser | None


class DeclarationError(Exception):
    """A change the declaration's state does not allow."""


def declaration_is_frozen(declaration: Declaration) -> bool:
    """Whether people have signed the text (a confirmed signature, or one published by an
    organizer): from then on a change of it is a new revision, never silent.

    Asked through the reverse relation, so this floor imports nothing of the signatures
    app above it; the statuses are the signatures' own words."""
    if declaration.pk is None:
        return False
    if declaration.revision > 1:
        return True
    return bool(
        declaration.signatures.filter(
            Q(confirmed_at__isnull=False) | Q(status__in=("pending", "published"))
        ).exists()
    )


def declaration_save(
    *,
    declaration: Declaration,
    actor: Actor = None,
    editorial: bool = False,
    note: str = "",
) -> Declaration:
    """Create or update a declaration, rendering its Markdown into sanitized HTML.

    Once the text is frozen (``declaration_is_frozen``), a change of its title or text
    makes a new dated ``DeclarationRevision`` (the first revision, the text as signed,
    is kept first); ``editorial`` marks a correction of typos, which does not count as
    "revised" on the page. Every revision has its audit row.
    """
    creating = declaration.pk is None
    if not creating:
        require(actor=actor, action=Action.EDIT, on=declaration)
    with transaction.atomic():
        previous = (
            None if creating else Declaration.objects.select_for_update().get(pk=declaration.pk)
        )
        declaration.body_html = render_markdown(declaration.body)
        declaration.full_clean()
        changed = previous is not None and (
            previous.title != declaration.title or previous.body != declaration.body
        )
        revised: tuple[DeclarationRevision, Diff] | None = None
        if changed and previous is not None and declaration_is_frozen(previous):
            revised = _revise(
                previous=previous, declaration=declaration, editorial=editorial, note=note
            )
        declaration.save()
        audit_record(
            action="declaration.create" if creating else "declaration.update",
            target=declaration,
            actor=actor,
            declaration_id=declaration.pk,
        )
        if revised is not None:
            revision, diff = revised
            audit_record(
                action="declaration.revise",
                target=revision,
                actor=actor,
                declaration_id=declaration.pk,
                data={
                    "revision": revision.number,
                    "editorial": revision.editorial,
                    "words_added": diff.added,
                    "words_removed": diff.removed,
                },
            )
    return declaration


def _revise(
    *, previous: Declaration, declaration: Declaration, editorial: bool, note: str
) -> tuple[DeclarationRevision, Diff]:
    """Keep the text as it was (revision 1 when none was kept yet) and the new one."""
    versions = DeclarationRevision.objects.filter(declaration=previous)
    if not versions.exists():
        first = DeclarationRevision(
            declaration=previous, number=1, title=previous.title, body=previous.body
        )
        first.render()
        first.save()
        # Dated when people began to sign it, not when it was kept.
        versions.filter(pk=first.pk).update(created_at=previous.opened_at or previous.created_at)
    revision = DeclarationRevision(
        declaration=previous,
        number=next_number(versions),
        title=declaration.title,
        body=declaration.body,
        editorial=editorial,
        note=note[:500],
    )
    revision.render()
    revision.save()
    diff = revision.diff_from(versions.get(number=revision.number - 1))
    declaration.revision = revision.number
    if not editorial:
        declaration.revised_at = revision.created_at
    return revision, diff


def declaration_create(*, actor: Actor = None, **fields: Any) -> Declaration:
    return declaration_save(declaration=Declaration(**fields), actor=actor)


def may_start_declaration(*, user: Actor, coalition: Coalition | None) -> bool:
    """Who may write a new declaration: an organizer of the whole site, or of the
    coalition it is written for (their role there then holds on it)."""
    if coalition is None:
        return site_wide(user=user, role=Role.ORGANIZER)
    return may(user=user, action=Action.EDIT, on=coalition)


def declaration_start(
    *, declaration: Declaration, coalition: Coalition | None, actor: Actor
) -> Declaration:
    """A new declaration written in the organizers' area, as a draft, in ``coalition``
    when one is given. Refused unless ``actor`` may start one there."""
    if actor is not None and not may_start_declaration(user=actor, coalition=coalition):
        raise PermissionDenied(_("You may not start a declaration here."))
    with transaction.atomic():
        declaration.status = Declaration.Status.DRAFT
        declaration_save(declaration=declaration, actor=actor)
        if coalition is not None:
            declaration.coalitions.add(coalition)
    return declaration


_TRANSITIONS = {
    Declaration.Status.OPEN: {Declaration.Status.DRAFT, Declaration.Status.CLOSED},
    Declaration.Status.CLOSED: {Declaration.Status.OPEN},
    Declaration.Status.WITHDRAWN: {
        Declaration.Status.DRAFT, Declaration.Status.OPEN, Declaration.Status.CLOSED,
    },
}  # fmt: skip


_ACTIONS = {
    Declaration.Status.OPEN: "declaration.open",
    Declaration.Status.CLOSED: "declaration.close",
    Declaration.Status.WITHDRAWN: "declaration.withdraw",
}


def open_refusal(declaration: Declaration) -> str:
    """Why ``declaration`` cannot open now, in a sentence; empty when it can."""
    if declaration.status not in _TRANSITIONS[Declaration.Status.OPEN]:
        return _("A declaration cannot go from “%(from)s” to “%(to)s”.") % {
            "from": declaration.get_status_display(),
            "to": Declaration.Status.OPEN.label,
        }
    if declaration.ask_contacts and not declaration.contact_public_key:
        return _(
            "It asks signers for contacts, and no organizers' public key is installed: "
            "install the key (below, or with “undersigned keys install”) or stop asking "
            "for contacts."
        )
    if declaration.closes_at is not None and declaration.closes_at <= timezone.now():
        return _("Its closing date has passed: set a later one, or none.")
    return ""


def _transition(*, declaration: Declaration, to: Declaration.Status, actor: Actor) -> Declaration:
    require(actor=actor, action=Action.EDIT, on=declaration)
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if to == Declaration.Status.OPEN and (refusal := open_refusal(declaration)):
            raise DeclarationError(refusal)
        if declaration.status not in _TRANSITIONS[to]:
            raise DeclarationError(
                _("A declaration cannot go from “%(from)s” to “%(to)s”.")
                % {"from": declaration.get_status_display(), "to": to.label}
            )
        previous = declaration.status
        declaration.status = to
        now = timezone.now()
        if to == Declaration.Status.OPEN:
            declaration.opened_at = declaration.opened_at or now
            declaration.closed_at = None
        elif to == Declaration.Status.CLOSED:
            declaration.closed_at = now
        declaration.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
        audit_record(
            action=_ACTIONS[to],
            target=declaration,
            actor=actor,
            declaration_id=declaration.pk,
            data={"from": previous, "to": str(to)},
        )
    logger.info("declaration %s: %s -> %s", declaration.pk, previous, to)
    return declaration


def declaration_open(*, declaration: Declaration, actor: Actor = None) -> Declaration:
    return _transition(declaration=declaration, to=Declaration.Status.OPEN, actor=actor)


def declaration_close(*, declaration: Declaration, actor: Actor = None) -> Declaration:
    return _transition(declaration=declaration, to=Declaration.Status.CLOSED, actor=actor)


def declaration_withdraw(*, declaration: Declaration, actor: Actor = None) -> Declaration:
    return _transition(declaration=declaration, to=Declaration.Status.WITHDRAWN, actor=actor)


def declarations_close_due(*, now: Any = None) -> int:
    """Close every open declaration whose ``closes_at`` has come (the scheduler's job,
    every DECLARATION_CLOSING_INTERVAL_SECONDS). Returns how many were closed."""
    now = now or timezone.now()
    due = Declaration.objects.filter(status=Declaration.Status.OPEN, closes_at__lte=now)
    closed = 0
    for declaration in due.only("pk"):
        try:
            declaration_close(declaration=declaration, actor=None)
        except DeclarationError:
            continue  # closed or withdrawn meanwhile by someone else
        closed += 1
    if closed:
        logger.info("closed %d declarations at their closing date", closed)
    return closed


def _touch(declaration: Declaration) -> None:
    """Mark the declaration changed: its pages' ETag and Last-Modified read ``updated_at``,
    so a reader's cached copy of the page is revalidated after a translation changes."""
    Declaration.objects.filter(pk=declaration.pk).update(updated_at=timezone.now())


def declaration_translation_save(
    *, translation: DeclarationTranslation, actor: Actor = None
) -> DeclarationTranslation:
    """Create or update a translation, rendering its Markdown into sanitized HTML."""
    creating = translation.pk is None
    with transaction.atomic():
        translation.body_html = render_markdown(translation.body)
        translation.full_clean()
        translation.save()
        _touch(translation.declaration)
        audit_record(
            action=f"declaration.translation_{'create' if creating else 'update'}",
            target=translation,
            actor=actor,
            declaration_id=translation.declaration_id,
            data={"language": translation.language, "kind": translation.kind},
        )
    return translation


def declaration_translation_delete(
    *, translation: DeclarationTranslation, actor: Actor = None
) -> None:
    """Remove a translation; the original and the list are untouched."""
    with transaction.atomic():
        audit_record(
            action="declaration.translation_delete",
            target=translation,
            actor=actor,
            declaration_id=translation.declaration_id,
            data={"language": translation.language},
        )
        translation.delete()
        _touch(translation.declaration)
