"""Caching headers of the public declaration pages, so a reverse proxy absorbs a crowd.

Every public page answers with ``Cache-Control: public, max-age=0,
s-maxage=PUBLIC_CACHE_SECONDS, stale-while-revalidate=PUBLIC_CACHE_STALE_SECONDS``, an
``ETag`` and a ``Last-Modified``, and a conditional request for an unchanged page gets a
304 without the page being built. A shared cache (a reverse proxy) keeps the page for
``s-maxage`` seconds and serves it stale while it refetches; a browser revalidates every
time (``max-age=0``), so a signer who has just confirmed sees their signature, not the
copy of the page they read before signing.

The validators cost one query: the declaration's row with its counter, the highest
position given and the latest snapshot's number (``with_list_state``), so a new
signature or snapshot changes the ETag at once and a withdrawal once the counter job has
run (seconds).

The ETag also covers the query parameters the page and exports read (``?page=N``,
``?as_of=…``, ``?bom=1``; ``PAGE_QUERY_KEYS``) and the language the page is rendered in.

Behind the validators, a page built once is kept in Django's cache (local memory per
process, or Redis with REDIS_URL) under its ETag for ``PAGE_CACHE_SECONDS``: a crowd
reading an unchanged page costs the one query, not the template. A change the ETag does
not cover (an organization's record renamed) shows within that time.

In front of all this, ``core/web/microcache.py`` answers repeated requests for the same
public page from memory for ``PAGE_MICROCACHE_SECONDS`` (one second) without running
Django at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

from undersigned.counters.selectors import ListState, list_state
from undersigned.declarations.models import Declaration

View = Callable[..., HttpResponseBase]
_MEMO = "_undersigned_public_declaration"
_STATE_MEMO = "_undersigned_list_state"


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def public_declaration_for(request: HttpRequest, slug: str) -> Declaration | None:
    """The open or closed declaration ``slug`` with its counter, read once per request,
    for the view (and for nothing when the page is answered from a validator or the
    cache)."""
    memo: dict[str, Declaration | None] = request.__dict__.setdefault(_MEMO, {})
    if slug not in memo:
        from undersigned.declarations.selectors import public_declaration

        try:
            memo[slug] = public_declaration(slug=slug)
        except Declaration.DoesNotExist:
            memo[slug] = None
    return memo[slug]


def list_state_for(request: HttpRequest, slug: str) -> ListState | None:
    """The declaration's ``ListState`` (one query), read once per request: the ETag,
    the Last-Modified and the view's pagination all need it."""
    memo: dict[str, ListState | None] = request.__dict__.setdefault(_STATE_MEMO, {})
    if slug not in memo:
        memo[slug] = list_state(slug=slug)
    return memo[slug]


def declaration_etag(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> str | None:
    state = list_state_for(request, slug)
    if state is None:
        return None
    return _digest(
        state.declaration_id,
        state.updated_at.isoformat(),
        state.status,
        state.counter,
        state.counted_at,
        state.top_position,
        state.snapshot_number,
        get_language(),
        _query(request),
    )


# The query parameters the declaration's page and its exports read. The ETag (and so
# the page cache's key) covers only these: anything else in the address changes
# nothing on the page, and a bot adding ``?x=<random>`` to every request would
# otherwise have every page built afresh.
PAGE_QUERY_KEYS = ("as_of", "bom", "page")


def _query(request: HttpRequest) -> str:
    return "&".join(
        f"{key}={value}" for key in PAGE_QUERY_KEYS for value in request.GET.getlist(key)
    )


def declaration_last_modified(
    request: HttpRequest, slug: str, *args: Any, **kwargs: Any
) -> datetime | None:
    state = list_state_for(request, slug)
    return state.changed_at if state is not None else None


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


def _memoized(etag_func: Callable[..., str | None]) -> Callable[..., str | None]:
    """The ETag computed once per request: ``condition`` and the page cache both ask."""

    @wraps(etag_func)
    def memoized(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
        memo: dict[Any, str | None] = request.__dict__.setdefault("_undersigned_etags", {})
        key = (etag_func, args, tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = etag_func(request, *args, **kwargs)
        return memo[key]

    return memoized


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether a page may be served to other readers: the same for anyone, that is a 200
    that set no cookie, used no CSRF token and did not look at the session."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.accessed)
    )


def _page_cached(view: View, etag_func: Callable[..., str | None]) -> View:
    """Keep the page ``view`` built under its ETag, for PAGE_CACHE_SECONDS."""

    @wraps(view)
    def cached(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        etag = etag_func(request, *args, **kwargs)
        seconds = settings.PAGE_CACHE_SECONDS
        if etag is None or seconds <= 0 or request.method != "GET":
            return view(request, *args, **kwargs)
        # The ETag holds the language and query string; the path too, to be sure.
        key = f"page:{_digest(etag, request.path)}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            assert isinstance(response, HttpResponse)
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return cached


def public_cache(
    *,
    etag_func: Callable[..., str | None],
    last_modified_func: Callable[..., datetime | None],
    page_cache: bool = False,
) -> Callable[[View], View]:
    """Conditional GET (``django.views.decorators.http.condition``) plus Cache-Control,
    and with ``page_cache`` the built page kept under its ETag (PAGE_CACHE_SECONDS).

    Only 200 and 304 answers are marked cacheable; a 404 is not.
    """
    etag_func = _memoized(etag_func)

    def decorator(view: View) -> View:
        inner = _page_cached(view, etag_func) if page_cache else view
        conditional = condition(etag_func=etag_func, last_modified_func=last_modified_func)(inner)

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
