"""Reads of signatures: the public list, counts and the status line."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from undersigned.declarations.models import Declaration

from .models import Signature


def signatory_list(*, declaration: Declaration) -> QuerySet[Signature]:
    """Published signatures in signing order, ready to render."""
    return (
        Signature.objects.published()
        .filter(declaration=declaration)
        .select_related("organization")
        .only(
            "kind",
            "position",
            "show_name",
            "name",
            "role",
            "affiliation",
            "city",
            "country",
            "org_abbreviation",
            "org_name",
            "org_name_transliteration",
            "org_name_translation",
            "org_country",
            "organization__abbreviation",
            "organization__name",
            "organization__name_transliteration",
            "organization__name_translation",
            "organization__country",
        )
        .order_by("position")
    )


def signature_count(*, declaration: Declaration) -> int:
    return Signature.objects.published().filter(declaration=declaration).count()


def declarations_with_counts(queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
    return queryset.annotate(
        signature_count=Count("signatures", filter=Q(signatures__status=Signature.Status.PUBLISHED))
    )


def list_changed_at(*, declaration: Declaration) -> datetime | None:
    """When the public list last changed: the latest publication or withdrawal."""
    row = Signature.objects.filter(declaration=declaration, position__isnull=False).aggregate(
        published=Max("published_at"), withdrawn=Max("withdrawn_at")
    )
    moments = [moment for moment in (row["published"], row["withdrawn"]) if moment]
    return max(moments) if moments else None


def status_line(*, declaration: Declaration) -> str:
    """``Status of the signatories 06.01.2025. Further signing possible.``, translated."""
    changed = list_changed_at(declaration=declaration) or declaration.opened_at
    parts = []
    if changed is not None:
        date = formats.date_format(timezone.localtime(changed), "d.m.Y")
        parts.append(_("Status of the signatories %(date)s.") % {"date": date})
    if declaration.status == Declaration.Status.OPEN:
        parts.append(_("Further signing possible."))
    else:
        parts.append(_("Signing is closed."))
    return " ".join(parts)
