"""HTTP details shared by the views: the referrer policy of pages that hold forms, and
the page a refused form (CSRF) gets.

The site sends ``Referrer-Policy: no-referrer``. Browsers then send ``Origin: null``
with a form's POST, and Django's CSRF check rightly refuses a null origin. A page that
holds a POST form therefore needs ``same-origin``: the address still goes to no other
site, and the POST carries its real origin.

The rule is applied where it cannot be forgotten: ``FormReferrerPolicyMiddleware``
looks at every HTML response on its way out and gives ``same-origin`` to any that
contains a ``<form method="post">`` (or a button with ``formmethod="post"``), whichever
app, template or error page produced it. A view or a template has nothing to do, so the
next form added anywhere works in a browser. ``form_referrer_policy`` remains for a
view that wants the policy without a form in its page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

FORM_REFERRER_POLICY = "same-origin"

View = Callable[..., HttpResponseBase]

# Inside a form's opening tag (or a submit button's): the attribute that makes it post.
_POSTS = re.compile(rb"\b(?:form)?method\s*=\s*[\"']?post\b")
# Where such tags start. Searching for these exact bytes is a fast scan (memchr-like) even
# over a page of a megabyte; a case-insensitive regular expression over the whole page
# was fifteen times slower.
_OPENINGS = (b"<form", b"<FORM", b"formmethod")


def form_referrer_policy(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = FORM_REFERRER_POLICY
        return response

    return wrapper


def holds_post_form(response: HttpResponseBase) -> bool:
    """Whether ``response`` is an HTML page (built in memory) with a form that posts."""
    if not isinstance(response, HttpResponse) or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    content = response.content
    for opening in _OPENINGS:
        start = content.find(opening)
        while start != -1:
            end = content.find(b">", start)
            if end == -1:
                end = len(content)
            if _POSTS.search(content[start:end].lower()):
                return True
            start = content.find(opening, end)
    return False


class FormReferrerPolicyMiddleware:
    """Gives every page that holds a POST form the same-origin referrer policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if holds_post_form(response):
            response.headers["Referrer-Policy"] = FORM_REFERRER_POLICY
        return response


# Django's reasons (django/middleware/csrf.py), reduced to what the person can do.
_HINTS = {
    "cookie": _(
        "Your browser did not send this site’s security cookie. Allow cookies for this "
        "site (only this site; it sets no tracking cookie), then load the form again."
    ),
    "origin": _(
        "Your browser did not say which site the form came from. A privacy extension or "
        "a setting that removes this may be the cause: allow it for this site, or try "
        "another browser."
    ),
    "token": _(
        "The form was older than your current visit (it was open in another tab, or "
        "the browser restored it). Load the form again."
    ),
}


def _hint(reason: str) -> str:
    reason = reason.lower()
    if "cookie" in reason:
        return str(_HINTS["cookie"])
    if "origin" in reason or "referer" in reason:
        return str(_HINTS["origin"])
    return str(_HINTS["token"])


@csrf_exempt
@never_cache
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page a form that failed the CSRF check gets (CSRF_FAILURE_VIEW): what
    happened, and what to do, in the reader's language. Nothing typed was kept."""
    return render(
        request,
        "403_csrf.html",
        {"hint": _hint(reason), "again": request.path},
        status=403,
    )
