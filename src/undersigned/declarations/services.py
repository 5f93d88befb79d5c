"""Writes of declarations: save (rendering the text), open, close, withdraw."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.core.text.markdown import render_markdown
from undersigned.declarations.models import Declaration, DeclarationTranslation

logger = logging.getLogger(__name__)

Actor = User | AnonymousUser | None


class DeclarationError(Exception):
    """A change the declaration's state does not allow."""


def declaration_save(*, declaration: Declaration, actor: Actor = None) -> Declaration:
    """Create or update a declaration, rendering its Markdown into sanitized HTML."""
    creating = declaration.pk is None
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


def _transition(*, declaration: Declaration, to: Declaration.Status, actor: Actor) -> Declaration:
    with transaction.atomic():
        declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
        if declaration.status not in _TRANSITIONS[to]:
            raise DeclarationError(
                _("A declaration cannot go from “%(from)s” to “%(to)s”.")
                % {"from": declaration.get_status_display(), "to": to.label}
            )
        if (
            to == Declaration.Status.OPEN
            and declaration.ask_contacts
            and not declaration.contact_public_key
        ):
            raise DeclarationError(
                _(
                    "A declaration that asks for contacts cannot open without the "
                    "organizers' public key (undersigned keys install)."
                )
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
