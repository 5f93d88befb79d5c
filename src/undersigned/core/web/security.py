"""Headers every response gets beyond Django's own: Permissions-Policy and Onion-Location.

Django's middleware already sends the Content-Security-Policy (SECURE_CSP),
X-Frame-Options: DENY, nosniff, the referrer policy and, in production, HSTS. Framing
is forbidden everywhere; a view meant to be embedded by other sites (a counter badge,
say) opts out with ``embeddable``. No such view exists yet.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

View = Callable[..., HttpResponseBase]


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if settings.ONION_LOCATION:
            # Tor Browser offers the onion service for the same page.
            response.headers["Onion-Location"] = settings.ONION_LOCATION + request.get_full_path()
        return response


def embeddable(view: View) -> View:
    """Allow a view to be shown in other sites' frames (its CSP and X-Frame-Options)."""
    policy: dict[str, Any] = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        return view(request, *args, **kwargs)

    return xframe_options_exempt(csp_override(policy)(wrapper))


__all__ = ["CSP", "SecurityHeadersMiddleware", "embeddable"]
