"""What every request to the API goes through: its rate limit, its language, its error
envelope and the CORS header of its public GETs.

Listed after Django's LocaleMiddleware (settings.py), so that the API answers in English
whatever the reader's browser asks for: its texts are part of its contract, and the same
answer for every reader is what lets a shared cache keep it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

from undersigned.api.errors import as_envelope, envelope
from undersigned.core.ratelimit import client_key, hit

PREFIX = "/api/"
# The headers a script on another site may read from an answer (besides the simple ones).
EXPOSED = "ETag, Last-Modified, Link, Retry-After"
WINDOW_SECONDS = 60


def limited(request: HttpRequest) -> HttpResponseBase | None:
    """The 429 of a client over API_RATE_LIMIT_PER_MINUTE, or None.

    Counted per client key (an HMAC of the address under a daily salt; no address is
    kept: core/ratelimit.py), in fixed windows of a minute.
    """
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return None
    if hit(scope="api", key=client_key(request), window=WINDOW_SECONDS) <= limit:
        return None
    retry_after = max(1, WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
    response = envelope(
        429,
        "rate_limited",
        f"More than {limit} requests a minute; try again in {retry_after} s.",
        {"limit_per_minute": limit, "retry_after_seconds": retry_after},
    )
    response["Retry-After"] = str(retry_after)
    return response


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        response = limited(request)
        if response is None:
            with translation.override("en"):
                response = self.get_response(request)
        if hasattr(response, "content") and not getattr(response, "streaming", False):
            response = as_envelope(response)  # type: ignore[arg-type]
        if request.method in {"GET", "HEAD"}:
            # Public, read-only data: any site's scripts may read it (no cookie is sent
            # or honoured with "*").
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED
        return response
