"""Public pages of declarations: the index and a declaration with its list."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from undersigned.core.web.caching import public_cache
from undersigned.counters.selectors import last_position_of, open_declarations, published_count
from undersigned.declarations.selectors import declaration_text, with_reader_translations
from undersigned.lists.pagination import PositionPaginator
from undersigned.lists.selectors import (
    InvalidDate,
    latest_snapshot,
    list_count,
    list_entry,
    list_signatures,
    list_status_line,
    parse_as_of,
)
from undersigned.lists.validators import (
    declaration_etag,
    declaration_last_modified,
    index_etag,
    index_last_modified,
    list_state_for,
    public_declaration_for,
)


@require_safe
@public_cache(etag_func=index_etag, last_modified_func=index_last_modified)
def index(request: HttpRequest) -> HttpResponse:
    declarations = with_reader_translations(open_declarations(), language=get_language() or "")
    return render(request, "declarations/index.html", {"declarations": declarations})


@require_safe
@public_cache(
    etag_func=declaration_etag, last_modified_func=declaration_last_modified, page_cache=True
)
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Read once with its counter, shared with the ETag and Last-Modified (lists/validators.py).
    declaration = public_declaration_for(request, slug)
    if declaration is None:
        raise Http404("no such declaration")
    # ?as_of=YYYY-MM-DD: the list as it stood at the end of that day (lists app, #3); an
    # unreadable date is ignored with a message.
    as_of, as_of_error = None, ""
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except InvalidDate as error:
        as_of_error = str(error)
    count = (
        published_count(declaration=declaration)
        if as_of is None
        else list_count(declaration=declaration, as_of=as_of)
    )
    rows = list_signatures(declaration=declaration, as_of=as_of)
    state = list_state_for(request, slug)
    # Pages by position ranges (lists/pagination.py): the current list's highest
    # position came with the validators.
    paginator = PositionPaginator(
        rows,
        settings.SIGNATORY_PAGE_SIZE,
        last_position=(state.top_position if as_of is None and state else last_position_of(rows)),
    )
    page = paginator.get_page(request.GET.get("page"))
    # The validators' query said whether the declaration has any snapshot at all.
    no_snapshot = as_of is None and state is not None and not state.snapshot_number
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            # The translation in the reader's language, or the original (#5).
            "text": declaration_text(declaration=declaration, language=get_language() or ""),
            "count": count,
            "page": page,
            "entries": [list_entry(row) for row in page],
            "status_line": list_status_line(declaration=declaration, as_of=as_of),
            "as_of": as_of,
            "as_of_error": as_of_error,
            "snapshot": (
                None if no_snapshot else latest_snapshot(declaration=declaration, as_of=as_of)
            ),
        },
    )
