"""Caching headers of the public declaration pages, so a reverse proxy absorbs a crowd.

Every public page answers with ``Cache-Control: public, max-age=0,
s-maxage=PUBLIC_CACHE_SECONDS, stale-while-revalidate=PUBLIC_CACHE_STALE_SECONDS``, an
``ETag`` and a ``Last-Modified``, and a conditional request for an unchanged page gets a
304 without the page being built. A shared cache (a reverse proxy) keeps the page for
``s-maxage`` seconds and serves it stale while it refetches; a browser revalidates every
time (``max-age=0``), so a signer who has just confirmed sees their signature, not the
copy of the page they read before signing.

The validators are cheap: the declaration's row with its counter (one query) and the
highest position given (one index lookup), so a new signature changes the ETag at once
and a withdrawal once the counter job has run (seconds).

The ETag also covers the query string (``?page=N``, ``?as_of=…``) and the language the
page is rendered in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from undersigned.declarations.models import Declaration

from .selectors import declaration_counter, list_changed_at, top_position

View = Callable[..., HttpResponseBase]
_MEMO = "_undersigned_public_declaration"


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def public_declaration_for(request: HttpRequest, slug: str) -> Declaration | None:
    """The open or closed declaration ``slug`` with its counter, read once per request.

    The ETag, the Last-Modified and the view itself all need it.
    """
    memo: dict[str, Declaration | None] = request.__dict__.setdefault(_MEMO, {})
    if slug not in memo:
        from undersigned.declarations.selectors import public_declaration

        try:
            memo[slug] = public_declaration(slug=slug)
        except Declaration.DoesNotExist:
            memo[slug] = None
    return memo[slug]


def declaration_etag(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> str | None:
    declaration = public_declaration_for(request, slug)
    if declaration is None:
        return None
    counter = declaration_counter(declaration=declaration)
    folded = (
        (counter.published, counter.through_position, counter.withdrawn, counter.updated_at)
        if counter
        else None
    )
    return _digest(
        declaration.pk,
        declaration.updated_at.isoformat(),
        declaration.status,
        folded,
        top_position(declaration=declaration),
        get_language(),
        request.META.get("QUERY_STRING", ""),
    )


def declaration_last_modified(
    request: HttpRequest, slug: str, *args: Any, **kwargs: Any
) -> datetime | None:
    declaration = public_declaration_for(request, slug)
    if declaration is None:
        return None
    changed = list_changed_at(declaration=declaration)
    return max(declaration.updated_at, changed) if changed else declaration.updated_at


def _index_state(request: HttpRequest) -> dict[str, Any]:
    state: dict[str, Any] | None = request.__dict__.get("_undersigned_index_state")
    if state is None:
        state = Declaration.objects.filter(status=Declaration.Status.OPEN).aggregate(
            n=Count("pk"), updated=Max("updated_at"), counted=Max("counter__updated_at")
        )
        request.__dict__["_undersigned_index_state"] = state
    return state


def index_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    state = _index_state(request)
    return _digest(
        state["n"],
        state["updated"],
        state["counted"],
        get_language(),
        request.META.get("QUERY_STRING", ""),
    )


def index_last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime | None:
    state = _index_state(request)
    moments = [moment for moment in (state["updated"], state["counted"]) if moment]
    return max(moments) if moments else None


def public_cache(
    *,
    etag_func: Callable[..., str | None],
    last_modified_func: Callable[..., datetime | None],
) -> Callable[[View], View]:
    """Conditional GET (``django.views.decorators.http.condition``) plus Cache-Control.

    Only 200 and 304 answers are marked cacheable; a 404 is not.
    """

    def decorator(view: View) -> View:
        conditional = condition(etag_func=etag_func, last_modified_func=last_modified_func)(view)

        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = conditional(request, *args, **kwargs)
            if response.status_code in {200, 304}:
                patch_cache_control(
                    response,
                    public=True,
                    max_age=0,
                    s_maxage=settings.PUBLIC_CACHE_SECONDS,
                    stale_while_revalidate=settings.PUBLIC_CACHE_STALE_SECONDS,
                )
            return response

        return wrapped

    return decorator
