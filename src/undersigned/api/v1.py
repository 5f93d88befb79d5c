"""Version 1 of the API, ``/api/v1/``: its resources, its error handlers and its OpenAPI
document (``/api/v1/openapi.json``, generated from the code by django-ninja).

``v1`` is never changed incompatibly: fields and resources may be added, none removed or
changed in meaning; anything else is ``v2``. A resource is a module with a ``router``;
mounting it here is all it takes.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from undersigned.api import declarations, forums, lists, organizations, stats
from undersigned.api.conventions import (
    NAMESPACE,
    CompactJSON,
    absolute,
    api_url,
    catalogue_cached,
    responses,
)
from undersigned.api.errors import ApiError, envelope
from undersigned.api.schemas import Root

DESCRIPTION = """\
The open data of this site: its public declarations, their lists of signatories, counts
by country and day by day, changes and snapshots, the organizations that signed, and
forums with their drafts and outcomes (tallies only once public).
Read-only, public and cacheable; JSON; dates in ISO 8601. It shows only what the pages
show: a person counted but not named is never named, and a signature not yet published
does not exist here. Limits, errors and examples: docs/api.md.
"""

api = NinjaAPI(
    title="undersigned open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace=NAMESPACE,
    docs_url=None,  # the reference is a page of the site (api/reference.py), no CDN
    openapi_url="/openapi.json",
    renderer=CompactJSON(),
)
for module in (declarations, lists, stats, organizations, forums):
    api.add_router("", module.router)


@api.get("/", response=responses(Root), url_name="root", summary="Where everything is")
@catalogue_cached()
def root(request: HttpRequest) -> dict[str, Any]:
    """The API's entry point: links to its resources, its document and its reference."""
    return {
        "version": "1",
        "openapi": absolute(reverse(f"{NAMESPACE}:openapi-json")),
        "reference": absolute(reverse("api:reference")),
        "declarations": api_url("declarations"),
        "organizations": api_url("organizations"),
        "forums": api_url("forums"),
    }


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return envelope(error.status, error.code, error.message, error.details)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    details = [
        {
            "parameter": ".".join(str(part) for part in item.get("loc", ())[1:]) or None,
            "problem": str(item.get("msg", "")),
        }
        for item in error.errors
    ]
    return envelope(400, "invalid_parameter", "A parameter is not valid.", details)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return envelope(404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return envelope(error.status_code, None, str(error))
