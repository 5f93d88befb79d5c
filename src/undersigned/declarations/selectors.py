"""Reads of declarations for the public pages."""

from __future__ import annotations

from django.db.models import QuerySet

from undersigned.signatures.selectors import declarations_with_counts

from .models import Declaration

PUBLIC_STATUSES = (Declaration.Status.OPEN, Declaration.Status.CLOSED)


def open_declarations() -> QuerySet[Declaration]:
    return declarations_with_counts(Declaration.objects.filter(status=Declaration.Status.OPEN))


def public_declaration(*, slug: str) -> Declaration:
    """A declaration readers may see; raises Declaration.DoesNotExist otherwise.

    Its counter comes along (counters app): the count and the caching headers read it.
    """
    return (
        Declaration.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("counter")
        .get(slug=slug)
    )
