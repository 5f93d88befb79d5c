"""The validators of a declaration's public outputs — its page, exports, feeds and API — and
of the lists of declarations: what their ETag and Last-Modified are made of.

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

from datetime import datetime
from typing import Any

from django.db.models import Count, Max
from django.http import Http404, HttpRequest
from django.utils.translation import get_language

from undersigned.core.moments import latest
from undersigned.core.web.caching import digest
from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import PUBLIC_STATUSES, public_declaration
from undersigned.lists.status import ListState, list_state

_MEMO = "_undersigned_public_declaration"
_STATE_MEMO = "_undersigned_list_state"


def public_declaration_for(request: HttpRequest, slug: str) -> Declaration | None:
    """The open or closed declaration ``slug`` with its counter, read once per request,
    for the view (and for nothing when the page is answered from a validator or the
    cache)."""
    memo: dict[str, Declaration | None] = request.__dict__.setdefault(_MEMO, {})
    if slug not in memo:
        try:
            memo[slug] = public_declaration(slug=slug)
        except Declaration.DoesNotExist:
            memo[slug] = None
    return memo[slug]


def public_declaration_or_404(request: HttpRequest, slug: str) -> Declaration:
    """``public_declaration_for``, or 404 when no open or closed declaration has that
    address."""
    declaration = public_declaration_for(request, slug)
    if declaration is None:
        raise Http404("no such declaration")
    return declaration


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
    return digest(
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
PAGE_QUERY_KEYS = ("as_of", "bom", "page", "q")


def _query(request: HttpRequest) -> str:
    return "&".join(
        f"{key}={value}" for key in PAGE_QUERY_KEYS for value in request.GET.getlist(key)
    )


def declaration_last_modified(
    request: HttpRequest, slug: str, *args: Any, **kwargs: Any
) -> datetime | None:
    state = list_state_for(request, slug)
    return state.changed_at if state is not None else None


def _declarations_state(request: HttpRequest, key: str, statuses: Any) -> dict[str, Any]:
    """How many declarations of these statuses there are and when any of them or its
    count last changed, read once per request."""
    attribute = f"_undersigned_{key}_state"
    state: dict[str, Any] | None = request.__dict__.get(attribute)
    if state is None:
        state = Declaration.objects.filter(status__in=statuses).aggregate(
            n=Count("pk"), updated=Max("updated_at"), counted=Max("counter__updated_at")
        )
        request.__dict__[attribute] = state
    return state


def _declarations_etag(state: dict[str, Any], request: HttpRequest) -> str:
    return digest(
        state["n"],
        state["updated"],
        state["counted"],
        get_language(),
        request.META.get("QUERY_STRING", ""),
    )


def _index_state(request: HttpRequest) -> dict[str, Any]:
    return _declarations_state(request, "index", [Declaration.Status.OPEN])


def index_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return _declarations_etag(_index_state(request), request)


def index_last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime | None:
    state = _index_state(request)
    return latest(state["updated"], state["counted"])


# --- Every public declaration (the API's lists, the site's stats and feeds) -----------


def _catalogue_state(request: HttpRequest) -> dict[str, Any]:
    return _declarations_state(request, "catalogue", PUBLIC_STATUSES)


def catalogue_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """Changes with any open or closed declaration, and with any count the job folds."""
    return _declarations_etag(_catalogue_state(request), request)


def catalogue_last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime | None:
    state = _catalogue_state(request)
    return latest(state["updated"], state["counted"])
