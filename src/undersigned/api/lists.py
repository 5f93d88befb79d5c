"""``/api/v1/declarations/{slug}/signatories``, ``…/changes`` and ``…/snapshots``: the
published list (now or as of a day), what changed between two days, and the snapshots.

The list is paged by position, in the order of the list: ``page=N`` is positions
``(N−1)·page_size+1 … N·page_size`` (a withdrawn entry leaves a hole, so every entry
keeps its page), and ``after=P`` / ``before=P`` are cursors, the entries just after or
before position P. Each page is one range of the list's index however deep it is, and a
walk through ``next`` links holds one page in memory at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja import Query, Router

from undersigned.api.conventions import (
    MAX_NUMBER,
    MAX_PAGE_SIZE,
    Day,
    answer,
    api_url,
    declaration_cached,
    declaration_not_found,
    declaration_or_404,
    responses,
    within_years,
)
from undersigned.api.declarations import snapshot_dict
from undersigned.api.schemas import Changes, SignatoryPage, Snapshots
from undersigned.counters.selectors import (
    count_as_of,
    counted_published,
    last_position_of,
    published_count,
)
from undersigned.lists.exports import entry_dict
from undersigned.lists.selectors import (
    Rows,
    entries_of,
    list_changes,
    list_entries_of,
    list_page,
    list_signatures,
    snapshots_of,
)
from undersigned.lists.validators import list_state_for
from undersigned.signatures.signatory import ListEntry

router = Router(tags=["lists"])


def _entries(rows: list[dict[str, Any]], language: str) -> list[dict[str, object]]:
    with translation.override(language):
        return [entry_dict(found) for found in list_entries_of(rows)]


def _page(rows: Rows, language: str, limit: int | None = None) -> list[ListEntry]:
    # In the declaration's own language, as the exports write them.
    with translation.override(language):
        return list(entries_of(rows, limit=limit))


def _page_links(link: Callable[..., str], number: int, more: bool) -> dict[str, str | None]:
    return {
        "self": link(page=number),
        "first": link(),
        "prev": link(page=number - 1) if number > 1 else None,
        "next": link(page=number + 1) if more else None,
    }


@router.get(
    "/declarations/{slug}/signatories",
    response=responses(SignatoryPage),
    url_name="signatories",
    summary="The list of signatories",
)
@declaration_cached("page", "after", "before", "page_size", "as_of")
def signatories(
    request: HttpRequest,
    slug: str,
    page: int | None = Query(None, ge=1, le=MAX_NUMBER),  # type: ignore[type-arg]
    after: int | None = Query(None, ge=0, le=MAX_NUMBER),  # type: ignore[type-arg]
    before: int | None = Query(None, ge=1, le=MAX_NUMBER),  # type: ignore[type-arg]
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),  # type: ignore[type-arg]
    as_of: Day | None = Query(None, description="The list at the end of that day."),  # type: ignore[type-arg]
) -> HttpResponse:
    """The published list in position order, a page at a time: by ``page``, or by the
    cursors ``after`` and ``before`` (entries just after, or just before, a position;
    with both, the entries between the two; a cursor overrides ``page``). With
    ``as_of``, the list as it stood at the end of that day."""
    as_of_day = within_years(as_of)
    params = {"page_size": page_size, "as_of": as_of_day.isoformat() if as_of_day else None}

    def link(**where: object) -> str:
        return api_url("signatories", slug, **where, **params)

    state = list_state_for(request, slug)
    if state is None:
        raise declaration_not_found(slug)
    if after is None and before is None and as_of_day is None and state.counter is not None:
        # Today's list by page number, the way a crawler and a walk read it: from the
        # list's state (already read for the ETag), with no other statement than the
        # page's own rows when the counter job is up to date.
        number = page or 1
        start = (number - 1) * page_size
        published, _positioned, through_position, _withdrawn = state.counter
        with translation.override(state.language):
            found = list_page(
                declaration_id=state.declaration_id, after=start, through=start + page_size
            )
        return answer(
            SignatoryPage,
            {
                "declaration": slug,
                "as_of": None,
                "count": counted_published(
                    declaration_id=state.declaration_id,
                    published=published,
                    through_position=through_position,
                    top_position=state.top_position,
                ),
                "page_size": page_size,
                "links": _page_links(link, number, start + page_size < state.top_position),
                "results": [entry_dict(found_entry) for found_entry in found],
            },
        )
    declaration = declaration_or_404(request, slug)
    rows = list_signatures(declaration=declaration, as_of=as_of_day)
    if after is not None or before is not None:
        window = rows
        if after is not None:
            window = window.filter(position__gt=after)
        if before is not None:
            window = window.filter(position__lt=before)
        if after is None:  # the entries just before ``before``
            found = _page(window.order_by("-position"), declaration.language, page_size + 1)
            more_before = len(found) > page_size
            found = found[:page_size][::-1]
            more_after = bool(found) and rows.filter(position__gt=found[-1].position).exists()
        else:
            found = _page(window, declaration.language, page_size + 1)
            more_after = len(found) > page_size or (
                before is not None
                and bool(found)
                and rows.filter(position__gt=found[-1].position).exists()
            )
            found = found[:page_size]
            more_before = bool(found) and rows.filter(position__lt=found[0].position).exists()
        links = {
            "self": link(after=after, before=before),
            "first": link(),
            "prev": link(before=found[0].position) if found and more_before else None,
            "next": link(after=found[-1].position) if found and more_after else None,
        }
    else:
        number = page or 1
        last = state.top_position if as_of_day is None else last_position_of(rows)
        start = (number - 1) * page_size
        found = _page(
            rows.filter(position__gt=start, position__lte=start + page_size), declaration.language
        )
        links = _page_links(link, number, start + page_size < last)
    count = (
        published_count(declaration=declaration)
        if as_of_day is None
        else count_as_of(declaration=declaration, day=as_of_day)
    )
    return answer(
        SignatoryPage,
        {
            "declaration": slug,
            "as_of": as_of_day,
            "count": count,
            "page_size": page_size,
            "links": links,
            "results": [entry_dict(found_entry) for found_entry in found],
        },
    )


@router.get(
    "/declarations/{slug}/changes",
    response=responses(Changes),
    url_name="changes",
    summary="What changed in the list between two days",
)
@declaration_cached("from", "to", "after", "page_size")
def changes(
    request: HttpRequest,
    slug: str,
    since: Day | None = Query(None, alias="from", description="Default: the opening day."),  # type: ignore[type-arg]
    until: Day | None = Query(None, alias="to", description="Default: today."),  # type: ignore[type-arg]
    after: int = Query(0, ge=0, le=MAX_NUMBER),  # type: ignore[type-arg]
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """Entries added to and withdrawn from the list between the end of ``from`` and the
    end of ``to`` (the earlier and the later, in either order), in position order,
    ``page_size`` of each a page (cursor ``after``)."""
    declaration = declaration_or_404(request, slug)
    today = timezone.localdate()
    opened = timezone.localtime(declaration.opened_at).date() if declaration.opened_at else today
    start = within_years(since) or opened
    end = within_years(until) or today
    # Between two days, in either order.
    start, end = min(start, end), max(start, end)
    found = list_changes(declaration=declaration, since=start, until=end)
    added = list(found.added.filter(position__gt=after)[: page_size + 1])
    withdrawn = [
        row["position"] for row in found.withdrawn.filter(position__gt=after)[: page_size + 1]
    ]
    more = len(added) > page_size or len(withdrawn) > page_size
    added, withdrawn = added[:page_size], withdrawn[:page_size]
    last = max([row["position"] for row in added[-1:]] + withdrawn[-1:] or [after])
    params = {"from": start.isoformat(), "to": end.isoformat(), "page_size": page_size}
    return {
        "declaration": slug,
        "since": start,
        "until": end,
        "added": _entries(added, declaration.language),
        "withdrawn": withdrawn,
        "links": {
            "self": api_url("changes", slug, after=after or None, **params),
            "first": api_url("changes", slug, **params),
            "prev": None,
            "next": api_url("changes", slug, after=last, **params) if more else None,
        },
    }


@router.get(
    "/declarations/{slug}/snapshots",
    response=responses(Snapshots),
    url_name="snapshots",
    summary="Published snapshots of the list, with their hashes",
)
@declaration_cached()
def snapshots(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Every snapshot an organizer published, oldest first: its date, its number of
    entries and its SHA-256, chained to the one before."""
    declaration = declaration_or_404(request, slug)
    return {
        "declaration": slug,
        "results": [
            snapshot_dict(slug, snapshot) for snapshot in snapshots_of(declaration=declaration)
        ],
    }
