"""Writes of declarations: create, save (rendering the text), open, close, withdraw, and
the scheduled closing at ``closes_at``. Each checks the actor's role through
roles/permissions.py (``actor=None``: the command line and the scheduler)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.core.text.markdown import render_markdown
from undersigned.declarations.models import Declaration, DeclarationTranslation
from undersigned.roles.models import Coalition
from undersigned.roles.permissions import Action, Role, may, require, site_wide

logger = logging.getLogger(__name__)

Actor = User | AnonymousUser | None


class DeclarationError(Exception):
    """A change the declaration's state does not allow."""


def declaration_save(*, declaration: Declaration, actor: Actor = None) -> Declaration:
    """Create or update a declaration, rendering its Markdown into sanitized HTML."""
    creating = declaration.pk is None
    if not creating:
        require(actor=actor, action=Action.EDIT, on=declaration)
    with transaction.atomic():
        declaration.body_html = render_markdown(declaration.body)
        declaration.full_clean()
        declaration.save()
        audit_record(
            action="declaration.create" if creating else "declaration.update",
            target=declaration,
            actor=actor,
            declaration_id=declaration.pk,
        )
    return declaration


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
