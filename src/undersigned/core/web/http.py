"""HTTP details shared by the views: the referrer policy of pages that hold forms.

The site sends ``Referrer-Policy: no-referrer``. Browsers then send ``Origin: null``
with a form's POST, and Django's CSRF check rightly refuses a null origin. Pages
whose forms are CSRF-protected (signing, the admin) therefore send ``same-origin``:
the address still goes to no other site, and the POST carries its real origin.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

FORM_REFERRER_POLICY = "same-origin"

View = Callable[..., HttpResponseBase]


def form_referrer_policy(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = FORM_REFERRER_POLICY
        return response

    return wrapper


class AdminReferrerPolicyMiddleware:
    """Gives the admin's pages (all forms) the same-origin policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.prefix = reverse("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response.headers["Referrer-Policy"] = FORM_REFERRER_POLICY
        return response
