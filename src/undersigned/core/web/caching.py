"""Caching headers of public pages, so a reverse proxy absorbs a crowd; and the page cache.

``public_cache`` answers a conditional GET with 304 before the page is built (Django's
``condition``), marks 200 and 304 answers ``Cache-Control: public, max-age=0,
s-maxage=PUBLIC_CACHE_SECONDS, stale-while-revalidate=PUBLIC_CACHE_STALE_SECONDS``, and
with ``page_cache`` keeps the built page in Django's cache under its ETag for
``PAGE_CACHE_SECONDS``. A shared cache (a reverse proxy) keeps the page for ``s-maxage``
seconds and serves it stale while it refetches; a browser revalidates every time
(``max-age=0``), so a signer who has just confirmed sees their signature, not the copy
of the page they read before signing.

The validators themselves (what an ETag is made of) belong to the pages that use this
(``lists/validators.py``). In front of all this, ``core/web/microcache.py`` answers
repeated requests for the same public page from memory for ``PAGE_MICROCACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

View = Callable[..., HttpResponseBase]

# Pages larger than this are not kept: a walk through the API's pages of 1,000 entries
# (each some 400 KB) would fill every process's cache with pages nobody asks for twice,
# and memory with them (docs/benchmarks.md); a page of 100 is well under it.
PAGE_CACHE_MAX_BYTES = 128 * 1024


def digest(*parts: object) -> str:
    """A short, stable digest of ``parts``: what ETags and cache keys are made of."""
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


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
        key = f"page:{digest(etag, request.path)}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            assert isinstance(response, HttpResponse)
            if len(response.content) <= PAGE_CACHE_MAX_BYTES:
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
