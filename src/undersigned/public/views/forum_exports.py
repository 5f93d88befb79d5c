"""A forum's exports: the drafts with their tallies as CSV and JSON, each draft's text as
Markdown, the outcome as JSON. While the tallies are hidden the tally columns are
empty (CSV) or null (JSON): the same shape, no count."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from undersigned.forums.models import Forum
from undersigned.forums.selectors import (
    forum_export,
    public_forum,
    public_forum_draft,
)
from undersigned.lists.exports import neutralize
from undersigned.public.views.forums import forum_cache


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@forum_cache
def drafts_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    forum = public_forum(slug=slug)
    data = forum_export(forum=forum)
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        return _attachment(
            HttpResponse(body, content_type="application/json; charset=utf-8"),
            f"{forum.slug}-drafts.json",
        )
    if fmt != "csv":
        raise Http404("no such format")
    out = io.StringIO()
    writer = csv.writer(out)
    columns = ["number", "title", "submitted_by", "version", "supports", "share", "adopted",
               "declaration"]  # fmt: skip
    writer.writerow(columns)
    for row in data["drafts"]:
        writer.writerow([neutralize(_cell(row.get(column))) for column in columns])
    return _attachment(
        HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8"),
        f"{forum.slug}-drafts.csv",
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@require_safe
@forum_cache
def draft_markdown(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    forum, draft = public_forum_draft(slug=slug, number=number)
    version = draft.current
    assert version is not None
    byline = f"\n*{draft.submitted_by}*\n" if draft.submitted_by else ""
    text = (
        f"# {version.title}\n{byline}\n{version.body.strip()}\n\n"
        f"---\n{forum.name}, draft {draft.number}, version {version.number} "
        f"({version.created_at:%Y-%m-%d})\n"
    )
    return _attachment(
        HttpResponse(text, content_type="text/markdown; charset=utf-8"),
        f"{forum.slug}-draft-{draft.number}.md",
    )


@require_safe
@forum_cache
def outcome_export(request: HttpRequest, slug: str) -> HttpResponse:
    forum = public_forum(slug=slug)
    data = forum_export(forum=forum)["outcome"]
    if data is None or forum.phase != Forum.Phase.CLOSED:
        raise Http404("no outcome recorded")
    return _attachment(
        HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        ),
        f"{forum.slug}-outcome.json",
    )
