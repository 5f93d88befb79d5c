"""Reads of organizations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Organization


def organization_candidates(*, abbreviation: str, name: str) -> QuerySet[Organization]:
    """Existing records a moderator may mean: same abbreviation or same name, ignoring case."""
    query = Q()
    if abbreviation.strip():
        query |= Q(abbreviation__iexact=abbreviation.strip())
    if name.strip():
        query |= (
            Q(name__iexact=name.strip())
            | Q(name_translation__iexact=name.strip())
            | Q(name_transliteration__iexact=name.strip())
        )
    if not query:
        return Organization.objects.none()
    return Organization.objects.filter(query).order_by("name")[:10]
