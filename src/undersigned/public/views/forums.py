"""Public pages of forums: the list of forums, a forum with its drafts side by side, a
draft with its versions, diffs and amendments, a version's text.

Counts come only from the forum selectors, which give none while a forum's tallies are
hidden (``Forum.tallies_public``); the pages' validators (ETag, Last-Modified) are
made by ``forum_state``, which leaves supports out while hidden.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from undersigned.core.web.caching import digest, public_cache
from undersigned.forums.models import Forum
from undersigned.forums.selectors import (
    DiffError,
    ForumState,
    amendment_diff,
    amendment_tallies,
    draft_supporters,
    draft_tallies,
    draft_versions,
    forum_outcome,
    forum_state,
    outcome_statement,
    participants_count,
    public_amendments,
    public_drafts,
    public_forum,
    public_forum_draft,
    public_forums,
    version_tally,
    versions_diff,
)


def _state(request: HttpRequest, slug: str) -> ForumState | None:
    """The forum's validators, read once per request (the ETag and Last-Modified both
    ask)."""
    memo: dict[str, ForumState | None] = request.__dict__.setdefault("_forum_states", {})
    if slug not in memo:
        forum = Forum.objects.filter(slug=slug).exclude(phase=Forum.Phase.PREPARATION).first()
        memo[slug] = forum_state(forum=forum) if forum is not None else None
    return memo[slug]


def _etag(request: HttpRequest, slug: str, **kwargs: object) -> str | None:
    state = _state(request, slug)
    if state is None:
        return None
    return digest(state.etag, get_language(), request.GET.urlencode(), sorted(kwargs.items()))


def _last_modified(request: HttpRequest, slug: str, **kwargs: object) -> datetime.datetime | None:
    state = _state(request, slug)
    return state.last_modified if state is not None else None


forum_cache = public_cache(etag_func=_etag, last_modified_func=_last_modified)
# The forum page reads no session (no form, no message): kept under its ETag.
forum_page_cache = public_cache(etag_func=_etag, last_modified_func=_last_modified, page_cache=True)


@require_safe
def forum_index(request: HttpRequest) -> HttpResponse:
    return render(request, "forums/index.html", {"forums": public_forums()})


def _share(count: int | None, participants: int | None) -> str:
    if count is None or not participants:
        return ""
    return f"{round(100 * count / participants)} %"


@require_safe
@forum_page_cache
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = public_forum(slug=slug)
    drafts = public_drafts(forum=forum)
    tallies = draft_tallies(forum=forum, drafts=drafts)
    participants = participants_count(forum=forum)
    rows = [
        {
            "draft": draft,
            "count": None if tallies is None else tallies[draft.pk],
            "share": _share(None if tallies is None else tallies[draft.pk], participants),
        }
        for draft in drafts
    ]
    outcome = forum_outcome(forum=forum)
    return render(
        request,
        "forums/detail.html",
        {
            "forum": forum,
            "rows": rows,
            "tallies_public": forum.tallies_public,
            "participants": participants,
            "outcome": outcome,
            "statement": outcome_statement(outcome=outcome, language=get_language() or "")
            if outcome
            else "",
            "adopted": {v.draft_id: v for v in outcome.adopted.all()} if outcome else {},
        },
    )


@require_safe
@forum_cache
def draft_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    draft.forum = forum
    tally = draft_tallies(forum=forum, drafts=[draft])
    amendments = public_amendments(draft=draft)
    tallies = amendment_tallies(forum=forum, amendments=amendments)
    assert draft.current is not None
    return render(
        request,
        "forums/draft.html",
        {
            "forum": forum,
            "draft": draft,
            "version": draft.current,
            "versions": draft_versions(draft=draft),
            "count": None if tally is None else tally[draft.pk],
            "supporters": draft_supporters(draft=draft),
            "amendments": [
                {
                    "amendment": a,
                    "diff": amendment_diff(amendment=a),
                    "count": None if tallies is None else tallies[a.pk],
                }
                for a in amendments
            ],
            "tallies_public": forum.tallies_public,
        },
    )


@require_safe
@forum_cache
def version_detail(request: HttpRequest, slug: str, number: int, version: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    versions = draft_versions(draft=draft)
    chosen = next((v for v in versions if v.number == version), None)
    if chosen is None:
        raise Http404("no such version")
    return render(
        request,
        "forums/version.html",
        {
            "forum": forum, "draft": draft, "version": chosen, "versions": versions,
            "count": version_tally(forum=forum, version=chosen),
        },
    )  # fmt: skip


@require_safe
@forum_cache
def draft_diff(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    versions = draft_versions(draft=draft)
    assert draft.current is not None
    try:
        old = int(request.GET.get("from", max(draft.current.number - 1, 1)))
        new = int(request.GET.get("to", draft.current.number))
        before, after, diff = versions_diff(draft=draft, old=old, new=new)
    except ValueError as exc:  # DiffError is a ValueError; so is a number that is none
        message = str(exc) if isinstance(exc, DiffError) else ""
        return render(
            request, "forums/diff.html",
            {"forum": forum, "draft": draft, "versions": versions, "error": message or True},
            status=400,
        )  # fmt: skip
    return render(
        request,
        "forums/diff.html",
        {
            "forum": forum, "draft": draft, "versions": versions,
            "before": before, "after": after, "diff": diff,
        },
    )  # fmt: skip
