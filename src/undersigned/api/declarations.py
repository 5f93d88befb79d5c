"""``/api/v1/declarations``: the public declarations, and one with its texts."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Query, Router

from undersigned.api.conventions import (
    MAX_NUMBER,
    absolute,
    api_url,
    catalogue_cached,
    declaration_cached,
    declaration_or_404,
    paginated,
    responses,
)
from undersigned.api.schemas import DeclarationDetail, DeclarationPage
from undersigned.counters.selectors import published_count, with_counts
from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import (
    declaration_translations,
    declaration_url,
    public_declarations,
)
from undersigned.lists.exports import FORMATS
from undersigned.lists.selectors import latest_snapshot, list_status_line

router = Router(tags=["declarations"])

Kind = Literal["statement", "open_letter", "resolution", "draft_resolution", "petition"]
LANGUAGE = r"^[a-z]{2,3}(-[a-z0-9]{1,8})?$"


def declaration_links(declaration: Declaration) -> dict[str, Any]:
    slug = declaration.slug
    return {
        "page": absolute(declaration_url(declaration=declaration)),
        "api": api_url("declaration", slug),
        "signatories": api_url("signatories", slug),
        "count": api_url("count", slug),
        "countries": api_url("countries", slug),
        "daily": api_url("daily", slug),
        "changes": api_url("changes", slug),
        "snapshots": api_url("snapshots", slug),
        "exports": {fmt: absolute(reverse("lists:export", args=[slug, fmt])) for fmt in FORMATS},
        "feed": absolute(reverse("opendata:signatories_feed", args=[slug])),
        "badge": absolute(reverse("opendata:badge_svg", args=[slug])),
        "widget": absolute(reverse("opendata:widget", args=[slug])),
        "stats": absolute(reverse("opendata:stats", args=[slug])),
    }


def summary(declaration: Declaration, *, count: int, languages: list[str]) -> dict[str, Any]:
    return {
        "slug": declaration.slug,
        "title": declaration.title,
        "kind": declaration.kind,
        "status": declaration.status,
        "language": declaration.language,
        "languages": languages,
        "publisher": declaration.publisher,
        "published_on": declaration.published_on,
        "first_published_on": declaration.first_published_on,
        "opened_at": declaration.opened_at,
        "closed_at": declaration.closed_at,
        "count": count,
        "links": declaration_links(declaration),
    }


@router.get(
    "/declarations",
    response=responses(DeclarationPage),
    url_name="declarations",
    summary="Public declarations",
)
@catalogue_cached("status", "kind", "language", "page", "page_size")
def declarations(
    request: HttpRequest,
    status: Literal["open", "closed"] | None = None,
    kind: Kind | None = None,
    language: str | None = Query(None, pattern=LANGUAGE, max_length=16),  # type: ignore[type-arg]
    page: int = Query(1, ge=1, le=MAX_NUMBER),  # type: ignore[type-arg]
    page_size: int = Query(20, ge=1, le=100),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """Open and closed declarations, newest first, with their counts; filtered by
    status, kind, or a language they can be read in (original or translation)."""
    found = with_counts(public_declarations(status=status, kind=kind, language=language))
    items, count, links = paginated(
        found.prefetch_related("translations"), page=page, page_size=page_size,
        name="declarations", status=status, kind=kind, language=language,
    )  # fmt: skip
    return {
        "count": count,
        "links": links,
        "results": [
            summary(
                item,
                count=item.signature_count,
                languages=[item.language, *(t.language for t in item.translations.all())],
            )
            for item in items
        ],
    }


@router.get(
    "/declarations/{slug}",
    response=responses(DeclarationDetail),
    url_name="declaration",
    summary="A declaration",
)
@declaration_cached()
def declaration(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One declaration: its text and translations, dates, signing policy, count, the
    status line under its list and its latest snapshot."""
    found = declaration_or_404(request, slug)
    translations = declaration_translations(declaration=found)
    snapshot = latest_snapshot(declaration=found)
    # In the declaration's own language, as the exports write it.
    with translation.override(found.language):
        status_line = list_status_line(declaration=found)
    return {
        **summary(
            found,
            count=published_count(declaration=found),
            languages=[found.language, *(t.language for t in translations)],
        ),
        "body": found.body,
        "body_html": found.body_html,
        "source_links": [
            {"url": link.get("url", ""), "label": link.get("label", "") or ""}
            for link in found.source_links
        ],
        "policy": {
            "organizations": found.allow_organizations,
            "individuals": found.allow_individuals,
            "individuals_named_by_default": found.list_individuals_by_default,
            "follow_up_region": (found.contact_region or None) if found.collects_contacts else None,
        },
        "translations": [
            {
                "language": t.language,
                "kind": t.kind,
                "title": t.title,
                "summary": t.summary,
                "body": t.body,
                "body_html": t.body_html,
                "published_on": t.published_on,
            }
            for t in translations
        ],
        "status_line": status_line,
        "snapshot": snapshot_dict(found.slug, snapshot) if snapshot else None,
    }


def snapshot_dict(slug: str, snapshot: Any) -> dict[str, Any]:
    return {
        "number": snapshot.number,
        "status_date": snapshot.status_date,
        "entry_count": snapshot.entry_count,
        "sha256": snapshot.sha256,
        "previous_sha256": snapshot.previous_sha256 or None,
        "created_at": snapshot.created_at,
        "url": absolute(reverse("lists:snapshot_document", args=[slug, snapshot.number])),
    }
