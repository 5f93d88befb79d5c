"""The signing forms without the middleware they never use: sessions, users, messages.

Every request passes Django's session, authentication and message middleware, which
build a session store, a lazy user and a message storage and look at them again on the
way out. A signer is anonymous and the signing pages read none of them (their templates
get an anonymous user and no messages from the context processors), so on those
addresses the three hand the request straight on: in a surge of sign POSTs that was
about a tenth of each one's time (docs/benchmarks.md). CSRF protection is untouched:
its token lives in a cookie, not in the session.

The classes are Django's own with that one shortcut, so the admin's checks still find
them in ``MIDDLEWARE``.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import middleware as auth
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.http import HttpRequest

# /<language>/declarations/<slug>/sign/ and …/sign/organization/ (public/urls/signing.py),
# with or without the language prefix.
SIGNING_PATH = re.compile(r"^/(?:[\w-]+/)?declarations/[-\w]+/sign/(?:organization/)?$")


def is_signing(request: HttpRequest) -> bool:
    return SIGNING_PATH.match(request.path_info) is not None


class SessionMiddleware(sessions.SessionMiddleware):
    def __call__(self, request: HttpRequest) -> Any:
        if is_signing(request):
            return self.get_response(request)
        return super().__call__(request)


class AuthenticationMiddleware(auth.AuthenticationMiddleware):
    def __call__(self, request: HttpRequest) -> Any:
        if is_signing(request):
            return self.get_response(request)
        return super().__call__(request)


class MessageMiddleware(messages.MessageMiddleware):
    def __call__(self, request: HttpRequest) -> Any:
        if is_signing(request):
            return self.get_response(request)
        return super().__call__(request)
