"""Publishing the list's status of a date as the next snapshot (organizers)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from undersigned.declarations.models import Declaration
from undersigned.lists.selectors import InvalidDate, latest_snapshot, parse_date
from undersigned.lists.services import SnapshotError, snapshot_publish
from undersigned.organize.access import declaration_view
from undersigned.roles.permissions import Action


@require_http_methods(["GET", "HEAD", "POST"])
@declaration_view(Action.MANAGE_LIST)
def publish_snapshot(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """Organizers publish the list's status of a date as the next snapshot."""
    error = ""
    day = timezone.localdate()
    if request.method == "POST":
        try:
            if request.POST.get("date"):
                day = parse_date(request.POST["date"], name="date")
            snapshot = snapshot_publish(
                declaration=declaration, actor=request.user, status_date=day
            )
        except (InvalidDate, SnapshotError) as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                _("Snapshot %(number)s published: SHA-256 %(sha256)s")
                % {"number": snapshot.number, "sha256": snapshot.sha256},
            )
            return redirect("lists:snapshots", declaration.slug)
    return render(
        request,
        "organize/snapshot_publish.html",
        {
            "declaration": declaration,
            "date": day,
            "error": error,
            "latest": latest_snapshot(declaration=declaration),
        },
        status=400 if error else 200,
    )
