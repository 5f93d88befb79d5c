"""Public pages of declarations: the index and a declaration with its list."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from undersigned.core.web.caching import public_cache
from undersigned.counters.selectors import (
    last_position_of,
    open_declarations,
    published_count,
    with_counts,
)
from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import (
    declaration_text,
    declaration_url,
    public_declarations,
    with_reader_translations,
    withdrawn_declaration,
)
from undersigned.lists.pagination import PositionPaginator
from undersigned.lists.search import list_search, normalize_query
from undersigned.lists.selectors import (
    InvalidDate,
    latest_snapshot,
    list_as_of_gaps,
    list_count,
    list_entries_of,
    list_page,
    list_signatures,
    list_since_snapshot,
    list_status_line,
    parse_as_of,
)
from undersigned.lists.validators import (
    catalogue_etag,
    catalogue_last_modified,
    declaration_etag,
    declaration_last_modified,
    list_state_for,
    public_declaration_for,
)


def _archive(language: str) -> list[tuple[int, list[Declaration]]]:
    """Closed declarations by the year signing closed (or they were published), newest
    first, each with its count."""
    closed = with_reader_translations(
        with_counts(public_declarations(status=Declaration.Status.CLOSED)), language=language
    )
    years: dict[int, list[Declaration]] = {}
    for declaration in closed:
        day = declaration.closed_at or declaration.published_on or declaration.created_at
        year = day.year
        years.setdefault(year, []).append(declaration)
    return sorted(years.items(), reverse=True)


@require_safe
# Open and closed declarations alike: the index holds the archive too.
@public_cache(etag_func=catalogue_etag, last_modified_func=catalogue_last_modified)
def index(request: HttpRequest) -> HttpResponse:
    language = get_language() or ""
    declarations = with_reader_translations(open_declarations(), language=language)
    return render(
        request,
        "declarations/index.html",
        {"declarations": declarations, "archive": _archive(language)},
    )


def _withdrawn(request: HttpRequest, slug: str) -> HttpResponse:
    declaration = withdrawn_declaration(slug=slug)
    if declaration is None:
        raise Http404("no such declaration")
    return render(request, "declarations/withdrawn.html", {"declaration": declaration}, status=410)


def _list_page(
    request: HttpRequest, declaration: Declaration, as_of: Any, query: str
) -> dict[str, Any]:
    """The page of the list to show: of a search (any entries, by Django's paginator),
    or of the whole list by position ranges (lists/pagination.py), whose highest
    position came with the validators."""
    if query:
        found = Paginator(
            list_search(declaration=declaration, query=query), settings.SIGNATORY_PAGE_SIZE
        )
        page = found.get_page(request.GET.get("page"))
        return {"page": page, "found": found.count}
    rows = list_signatures(declaration=declaration, as_of=as_of)
    state = list_state_for(request, declaration.slug)
    paginator = PositionPaginator(
        rows,
        settings.SIGNATORY_PAGE_SIZE,
        last_position=(state.top_position if as_of is None and state else last_position_of(rows)),
    )
    page = paginator.get_page(request.GET.get("page"))
    if as_of is not None:
        return {"page": page, "found": None}
    # Today's list: the page's positions by the list's compiled statement, as the API
    # reads them, rather than through the page's queryset.
    after = (page.number - 1) * paginator.per_page
    entries = list_page(
        declaration_id=declaration.pk, after=after, through=after + paginator.per_page
    )
    return {"page": page, "found": None, "entries": entries}


@require_safe
@public_cache(
    etag_func=declaration_etag, last_modified_func=declaration_last_modified, page_cache=True
)
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Read once with its counter, shared with the ETag and Last-Modified (lists/validators.py).
    declaration = public_declaration_for(request, slug)
    if declaration is None:
        return _withdrawn(request, slug)
    # ?as_of=YYYY-MM-DD: the list as it stood at the end of that day (lists app, #3); an
    # unreadable date is ignored with a message.
    as_of, as_of_error = None, ""
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except InvalidDate as error:
        as_of_error = str(error)
    # ?q=: the entries whose line shows it (the live list only).
    query = normalize_query(request.GET.get("q")) if as_of is None else ""
    count = (
        published_count(declaration=declaration)
        if as_of is None
        else list_count(declaration=declaration, as_of=as_of)
    )
    listing = _list_page(request, declaration, as_of, query)
    page = listing["page"]
    state = list_state_for(request, slug)
    # The validators' query said whether the declaration has any snapshot at all.
    no_snapshot = as_of is None and state is not None and not state.snapshot_number
    snapshot = None if no_snapshot else latest_snapshot(declaration=declaration, as_of=as_of)
    kept = {name: value for name, value in (("q", query), ("as_of", as_of)) if value}
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            # The translation in the reader's language, or the original (#5).
            "text": declaration_text(declaration=declaration, language=get_language() or ""),
            "count": count,
            "goal": declaration.signature_goal,
            "page": page,
            "entries": listing["entries"] if "entries" in listing else list_entries_of(page),
            "query": query,
            "found": listing["found"],
            # What the page links keep: ?q=…&as_of=…&page=N.
            "page_query": urlencode(kept) + ("&" if kept else ""),
            "status_line": list_status_line(
                declaration=declaration, as_of=as_of, day_format="DATE_FORMAT"
            ),
            "as_of": as_of,
            "as_of_error": as_of_error,
            "gaps": (
                list_as_of_gaps(declaration=declaration, as_of=as_of, up_to=page.paginator.count)
                if as_of is not None
                else None
            ),
            "snapshot": snapshot,
            "since_snapshot": (
                list_since_snapshot(declaration=declaration, snapshot=snapshot)
                if snapshot is not None and as_of is None
                else None
            ),
            "share_url": settings.SITE_URL + declaration_url(declaration=declaration),
        },
    )
