"""What every resource of the API shares: its caching headers, links and pagination.

A resource module (``declarations.py``, ``lists.py``, ``stats.py``, ``organizations.py``;
forums will be one more) holds a ``router`` of GET operations that read through the
domain selectors and answer with a schema of ``schemas.py``; ``v1.py`` mounts the
routers. Nothing here computes a list, a count or a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja.decorators import decorate_view
from ninja.renderers import JSONRenderer
from pydantic import BeforeValidator

from undersigned.api.errors import ApiError
from undersigned.api.schemas import ErrorOut, Shape
from undersigned.core.web.caching import digest, public_cache
from undersigned.declarations.models import Declaration
from undersigned.lists.selectors import EARLIEST, LATEST
from undersigned.lists.validators import (
    catalogue_etag,
    catalogue_last_modified,
    declaration_etag,
    declaration_last_modified,
    public_declaration_for,
)

NAMESPACE = "api-v1"
# The most entries one page of a list may hold, and the default.
MAX_PAGE_SIZE = 1000
# Ids and positions above this are refused by the parameters' schemas: no list is that
# long, and a larger number would overflow the databases' integers.
MAX_NUMBER = 2**31 - 1

# The errors every operation may answer with (documented in its OpenAPI entry).
ERRORS = (400, 404, 429)


def responses(schema: Any) -> dict[int, Any]:
    """An operation's ``response=``: its schema for 200, the envelope for its errors."""
    return {200: schema, **dict.fromkeys(ERRORS, ErrorOut)}


def _keyed(etag_func: Callable[..., str | None], keys: Sequence[str]) -> Callable[..., str | None]:
    def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
        base = etag_func(request, *args, **kwargs)
        if base is None:
            return None
        # Only the parameters the operation reads: a bot adding ?x=<random> must not
        # have every answer built afresh.
        query = "&".join(f"{key}={value}" for key in keys for value in request.GET.getlist(key))
        return digest("api/v1", base, request.path, query)

    return etag


def declaration_cached(*keys: str) -> Callable[[Any], Any]:
    """ETag, Last-Modified, Cache-Control and 304s like the declaration's page
    (lists/validators.py), and the built answer kept under its ETag (page cache)."""
    return decorate_view(
        public_cache(
            etag_func=_keyed(declaration_etag, keys),
            last_modified_func=declaration_last_modified,
            page_cache=True,
        )
    )


def catalogue_cached(*keys: str) -> Callable[[Any], Any]:
    """The same for resources over every public declaration (lists, organizations)."""
    return decorate_view(
        public_cache(
            etag_func=_keyed(catalogue_etag, keys),
            last_modified_func=catalogue_last_modified,
            page_cache=True,
        )
    )


# What django-ninja's renderer answers with (``NinjaAPI.get_content_type``).
JSON = "application/json; charset=utf-8"


class CompactJSON(JSONRenderer):
    """The API's renderer: JSON as ``answer`` writes it, with no spaces between the
    tokens and every character as itself (UTF-8) rather than as a ``\\u`` escape."""

    json_dumps_params: Mapping[str, Any] = {"separators": (",", ":"), "ensure_ascii": False}


def answer(schema: type[Shape], data: dict[str, Any]) -> HttpResponse:
    """``data`` checked by its operation's ``schema`` and written out by pydantic in one
    step, for the operations a crawler reads page after page. Given the dict, ninja
    wraps it for attribute lookups, validates, dumps it back to a dict and encodes that
    with Python's ``json``: over a page of 100 signatories that was two fifths of the
    operation (docs/benchmarks.md). The answer is the same JSON, written compactly."""
    return HttpResponse(schema.model_validate(data).model_dump_json(), content_type=JSON)


def declaration_not_found(slug: str) -> ApiError:
    return ApiError(404, "declaration_not_found", f"No public declaration {slug!r}.")


def declaration_or_404(request: HttpRequest, slug: str) -> Declaration:
    declaration = public_declaration_for(request, slug)
    if declaration is None:
        raise declaration_not_found(slug)
    return declaration


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def api_url(name: str, *args: object, **params: object) -> str:
    """The absolute address of an operation of the API, with query ``params`` (those
    that are None left out)."""
    path = reverse(f"{NAMESPACE}:{name}", args=args)
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return absolute(path + (f"?{query}" if query else ""))


def _iso_day(value: object) -> object:
    # Lax validation would read "0" as a timestamp: a day is written YYYY-MM-DD.
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# A query parameter that is a day, YYYY-MM-DD (OpenAPI: string, format date).
Day = Annotated[date, BeforeValidator(_iso_day)]


def within_years(value: date | None) -> date | None:
    """A date parameter brought within the years a list can be read for: nobody signed
    before EARLIEST (the list then was empty, as it was then), and a day past LATEST
    would overflow the time-zone arithmetic (the list then is today's)."""
    if value is None:
        return None
    return min(max(value, EARLIEST), LATEST)


def paginated(
    queryset: QuerySet[Any], *, page: int, page_size: int, name: str, **params: object
) -> tuple[list[Any], int, dict[str, str | None]]:
    """One page of a short list (declarations, organizations): its items, the count of
    all of them and the links; numbered pages (Django's paginator: these lists are
    small)."""
    paginator = Paginator(queryset, page_size)
    try:
        found = paginator.page(page)
    except EmptyPage:
        raise ApiError(
            404, "page_not_found", f"There is no page {page}.", {"pages": paginator.num_pages}
        ) from None

    def link(number: int) -> str:
        return api_url(name, page=number, page_size=page_size, **params)

    links = {
        "self": link(page),
        "first": link(1),
        "prev": link(page - 1) if found.has_previous() else None,
        "next": link(page + 1) if found.has_next() else None,
    }
    return list(found.object_list), paginator.count, links
