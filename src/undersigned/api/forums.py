"""``/api/v1/forums``: public forums, their drafts with versions and amendments, tallies
(only when public) and the outcome. It reads through the forum selectors, which give
no count while a forum's tallies are hidden; the answers' ETag and Last-Modified come
from ``forum_state``, which leaves supports out while hidden."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Router
from ninja.decorators import decorate_view

from undersigned.api.conventions import MAX_NUMBER, absolute, api_url, responses
from undersigned.api.errors import ApiError
from undersigned.api.forum_schemas import DraftDetail, ForumDetail, ForumPage, Outcome
from undersigned.core.web.caching import digest, public_cache
from undersigned.forums.models import Forum
from undersigned.forums.selectors import (
    amendment_tallies,
    draft_versions,
    forum_export,
    forum_state,
    participants_count,
    public_amendments,
    public_draft,
    public_forums,
)

router = Router(tags=["forums"])
SLUG = r"^[-a-zA-Z0-9_]+$"


def _forum(slug: str) -> Forum:
    forum = public_forums().filter(slug=slug).first()
    if forum is None:
        raise ApiError(404, "forum_not_found", f"No public forum {slug!r}.")
    return forum


def _etag(request: HttpRequest, slug: str = "", **kwargs: Any) -> str | None:
    if not slug:
        rows = list(public_forums().values_list("pk", "updated_at", "phase"))
        return digest("api/v1/forums", request.path, rows)
    forum = public_forums().filter(slug=slug).first()
    if forum is None:
        return None
    return digest("api/v1", request.path, forum_state(forum=forum).etag)


def _last_modified(request: HttpRequest, slug: str = "", **kwargs: Any) -> datetime.datetime | None:
    if not slug:
        return max(public_forums().values_list("updated_at", flat=True), default=None)
    forum = public_forums().filter(slug=slug).first()
    return forum_state(forum=forum).last_modified if forum is not None else None


forum_cached = decorate_view(public_cache(etag_func=_etag, last_modified_func=_last_modified))


def forum_dict(forum: Forum) -> dict[str, Any]:
    return {
        "slug": forum.slug,
        "name": forum.name,
        "phase": forum.phase,
        "place": forum.place,
        "online": forum.online,
        "starts_on": forum.starts_on,
        "ends_on": forum.ends_on,
        "languages": forum.all_languages,
        "admission": forum.admission,
        "one_draft_only": forum.one_draft_only,
        "tallies_public": forum.tallies_public,
        "participants": participants_count(forum=forum),
        "links": {
            "api": api_url("forum", forum.slug),
            "page": absolute(reverse("forums:detail", args=[forum.slug])),
            "drafts_csv": absolute(reverse("forums:drafts_export", args=[forum.slug, "csv"])),
            "drafts_json": absolute(reverse("forums:drafts_export", args=[forum.slug, "json"])),
        },
    }


@router.get("/forums", response=responses(ForumPage), url_name="forums", summary="Public forums")
@forum_cached
def forums(request: HttpRequest) -> dict[str, Any]:
    """Every public forum (from its drafting phase on), newest first."""
    items = [forum_dict(forum) for forum in public_forums()]
    return {"count": len(items), "results": items}


@router.get(
    "/forums/{slug}",
    response=responses(ForumDetail),
    by_alias=True,
    url_name="forum",
    summary="A forum, its drafts and outcome",
)
@forum_cached
def forum(request: HttpRequest, slug: str = Path(..., pattern=SLUG)) -> dict[str, Any]:  # type: ignore[type-arg]
    """The forum, its admitted drafts side by side (with their tallies when public) and
    its outcome once recorded."""
    found = _forum(slug)
    data = forum_export(forum=found)
    drafts = [{**row, "api": api_url("forum_draft", found.slug, row["number"])}
              for row in data["drafts"]]  # fmt: skip
    return {**forum_dict(found), "drafts": drafts, "outcome": data["outcome"]}


@router.get(
    "/forums/{slug}/drafts/{number}",
    response=responses(DraftDetail),
    url_name="forum_draft",
    summary="A draft with its versions and amendments",
)
@forum_cached
def draft(
    request: HttpRequest,
    slug: str = Path(..., pattern=SLUG),  # type: ignore[type-arg]
    number: int = Path(..., ge=1, le=MAX_NUMBER),  # type: ignore[type-arg]
) -> dict[str, Any]:
    found = _forum(slug)
    try:
        item = public_draft(forum=found, number=number)
    except Exception as exc:  # Http404 from the selector
        raise ApiError(404, "draft_not_found", f"No draft {number} in {slug!r}.") from exc
    item.forum = found
    row = next(r for r in forum_export(forum=found)["drafts"] if r["number"] == number)
    amendments = public_amendments(draft=item)
    tallies = amendment_tallies(forum=found, amendments=amendments)
    current = item.current
    assert current is not None
    return {
        **row,
        "api": api_url("forum_draft", found.slug, number),
        "body": current.body,
        "body_html": current.body_html,
        "versions": [
            {
                "number": v.number,
                "title": v.title,
                "created_at": v.created_at,
                "editorial": v.editorial,
                "note": v.note,
                "amendment": v.amendment.number if v.amendment_id and v.amendment else None,
            }
            for v in draft_versions(draft=item)
        ],
        "amendments": [
            {
                "number": a.number,
                "status": a.status,
                "base_version": a.base.number,
                "proposed_by": a.proposed_by,
                "rationale": a.rationale,
                "reason": a.reason,
                "body": a.body,
                "supports": None if tallies is None else tallies[a.pk],
            }
            for a in amendments
        ],
    }


@router.get(
    "/forums/{slug}/outcome",
    response=responses(Outcome),
    by_alias=True,
    url_name="forum_outcome",
    summary="A forum's recorded outcome",
)
@forum_cached
def outcome(request: HttpRequest, slug: str = Path(..., pattern=SLUG)) -> dict[str, Any]:  # type: ignore[type-arg]
    data = forum_export(forum=_forum(slug))["outcome"]
    if data is None:
        raise ApiError(404, "outcome_not_found", f"No outcome recorded for {slug!r} yet.")
    return data  # type: ignore[no-any-return]
