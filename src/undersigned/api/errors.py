"""The API's one error envelope: ``{"error": {"code", "message", "details"}}``.

Every 4xx of the API has this shape, whoever produced it: a resource module (an
``ApiError``), the framework (a parameter that does not validate), or Django itself (a
path no resource answers, a method it does not take), which ``ApiMiddleware`` rewrites.
The codes are part of ``v1`` and listed in docs/api.md.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import HttpResponse, JsonResponse

# The code of each status the API answers with, when nothing more precise is known.
STATUS_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    410: "gone",
    413: "too_large",
    429: "rate_limited",
}

# Headers of a response Django made that its envelope does not keep: they describe the
# body it replaces. Every other (Allow, Retry-After, X-Frame-Options…) is kept.
BODY_HEADERS = {"content-type", "content-length", "content-language", "content-disposition"}


class ApiError(Exception):
    """A request the API refuses: raised by a resource, answered with the envelope."""

    def __init__(
        self, status: int, code: str, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def envelope(
    status: int, code: str | None = None, message: str = "", details: Any = None
) -> JsonResponse:
    """The error response of ``status``."""
    body = {
        "error": {
            "code": code or STATUS_CODES.get(status, "error"),
            "message": message or HTTPStatus(status).phrase,
            "details": details,
        }
    }
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def as_envelope(response: HttpResponse) -> HttpResponse:
    """A 4xx that Django or the framework wrote as HTML or text, rewritten as the
    envelope (its other headers kept); anything else as it is."""
    if not 400 <= response.status_code < 500:
        return response
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    rewritten = envelope(response.status_code)
    for name, value in response.items():
        if name.lower() not in BODY_HEADERS:
            rewritten[name] = value
    return rewritten
