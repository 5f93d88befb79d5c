"""The answer to a database outage: a 503 page, never a bare 500.

When the database cannot be reached (a restart, a failover), every view that reads or
writes fails. Django hands the error to ``handler500``; ``server_error`` here tells an
outage from a bug and answers it with ``503.html``: branded, in the reader's language
(taken from the address, which needs no database), with ``Retry-After``. A POST that
met the outage gets its fields back as hidden inputs and a button that sends them again
to the same address, so nothing typed is lost; the signing form does better and shows
itself again with what was typed (public/views/signing.py). Nothing is stored or logged
of those fields: they go back to the browser that sent them, in a page no cache keeps.
"""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from undersigned.core.db.outage import database_unavailable

logger = logging.getLogger(__name__)

# What the page and its header tell a client to wait before sending again.
RETRY_AFTER_SECONDS = 30
# At most this many fields of a POST are carried over (Django's own cap is 100).
MAX_FIELDS = 100


def outage_response(
    request: HttpRequest, template: str = "503.html", context: dict[str, object] | None = None
) -> HttpResponse:
    """``template`` with status 503, ``Retry-After`` and no caching."""
    response = render(
        request, template, {"retry_after": RETRY_AFTER_SECONDS, **(context or {})}, status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # One line instead of django.request's traceback for every request of an outage:
    # the outage is the news, and its message names the database's host.
    logger.warning("database unavailable: %s answered with 503", request.method)
    response._has_been_logged = True  # type: ignore[attr-defined]  # read by Django's log_response
    return response


def _resend_fields(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST":
        return []
    try:
        items = list(request.POST.lists())
    except (SuspiciousOperation, MultiPartParserError, UnicodeDecodeError, OSError):
        # A body Django cannot read: nothing to carry over.
        return []
    # A password is never written into a page, even back to its own browser.
    fields = [
        (name, value)
        for name, values in items
        for value in values
        if "password" not in name.lower()
    ]
    return fields[:MAX_FIELDS]


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 for a database outage, Django's 500 page for anything else."""
    if not database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request)
    try:
        return outage_response(
            request,
            context={
                "resend": request.method == "POST",
                "fields": _resend_fields(request),
                "action": request.path,
                "again": request.get_full_path(),
            },
        )
    except Exception:  # the page itself could not be drawn: a plain 503 all the same
        logger.exception("the outage page could not be rendered")
        response = HttpResponse(
            "Service unavailable: please try again in a minute.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
