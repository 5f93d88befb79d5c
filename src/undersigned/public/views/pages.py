"""Pages that explain: what happens to a signer's data."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def your_data(request: HttpRequest) -> HttpResponse:
    """What is kept, for how long, what is sealed, what is never stored, and what the
    confirmation mail itself gives away. The periods are this site's settings."""
    return render(
        request,
        "pages/your_data.html",
        {
            "unconfirmed_days": settings.UNCONFIRMED_RETENTION_DAYS,
            "rejected_days": settings.REJECTED_RETENTION_DAYS,
            "contacts_days": settings.CONTACTS_RETENTION_DAYS,
            "outbox_days": settings.OUTBOX_RETENTION_DAYS,
        },
    )
