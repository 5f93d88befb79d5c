"""Writing audit rows. Called by every service that changes state, inside its transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from undersigned.audit.models import AuditEntry


def audit_record(
    *,
    action: str,
    target: models.Model,
    actor: User | AnonymousUser | None = None,
    actor_kind: str | None = None,
    declaration_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``target``; ``data`` must hold no personal data."""
    user = actor if isinstance(actor, User) else None
    if actor_kind is None:
        actor_kind = AuditEntry.Actor.STAFF if user is not None else AuditEntry.Actor.SYSTEM
    return AuditEntry.objects.create(
        action=action,
        actor=user,
        actor_kind=actor_kind,
        object_type=target._meta.model_name or "",
        object_id=target.pk,
        declaration_id=declaration_id,
        data=data or {},
    )
