"""What a declaration gives out, for its organizers: the contact key and the sealed
contacts (``contacts``), and every export of the list (``exports``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from undersigned.contacts.models import SealedContact
from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import PUBLIC_STATUSES
from undersigned.lists.exports import FORMATS
from undersigned.lists.selectors import latest_snapshot
from undersigned.organize.access import declaration_view
from undersigned.roles.permissions import Action


@declaration_view(Action.CONTACTS)
@require_safe
def contacts(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """The key contacts are sealed with, its form, and the sealed bundle to download."""
    return render(
        request,
        "organize/contacts.html",
        {
            "declaration": declaration,
            "sealed": SealedContact.objects.filter(declaration_id=declaration.pk).count(),
        },
    )


@declaration_view(Action.MANAGE_LIST)
@require_safe
def exports(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """The list's files (the same as readers get), as of today or a day."""
    slug = declaration.slug
    public = declaration.status in PUBLIC_STATUSES
    files = [(fmt, reverse("lists:export", args=[slug, fmt])) for fmt in FORMATS]
    return render(
        request,
        "organize/exports.html",
        {
            "declaration": declaration,
            "public": public,
            "files": files,
            "pdf": reverse("lists:pdf", args=[slug]),
            "print": reverse("lists:print", args=[slug]),
            "changes": reverse("lists:changes", args=[slug]),
            "latest": latest_snapshot(declaration=declaration),
        },
    )
