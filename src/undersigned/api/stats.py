"""``/api/v1/declarations/{slug}/count``, ``…/countries`` and ``…/daily``: the count
alone (small enough for a website to poll), the signatories by country and the list
day by day. The last two come from what the counter job keeps (counters/), so neither
reads the signatures table."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from undersigned.api.conventions import declaration_cached, declaration_or_404, responses
from undersigned.api.schemas import Count, Countries, Daily
from undersigned.counters.selectors import (
    country_breakdown,
    daily_counts,
    declaration_counter,
    published_count,
)
from undersigned.declarations.models import Declaration
from undersigned.signatures.signatory import country_name

router = Router(tags=["counts"])


def _counted_at(declaration: Declaration) -> Any:
    counter = declaration_counter(declaration=declaration)
    return counter.updated_at if counter is not None else None


@router.get(
    "/declarations/{slug}/count",
    response=responses(Count),
    url_name="count",
    summary="The count alone",
)
@declaration_cached()
def count(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The published signatures, as the declaration's page shows them."""
    declaration = declaration_or_404(request, slug)
    return {
        "declaration": slug,
        "status": declaration.status,
        "count": published_count(declaration=declaration),
        "counted_at": _counted_at(declaration),
    }


@router.get(
    "/declarations/{slug}/countries",
    response=responses(Countries),
    url_name="countries",
    summary="Signatories by country",
)
@declaration_cached()
def countries(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The list by the country it shows for each signatory, largest first. Countries
    with fewer signatories than ``threshold`` are counted in ``other``, so that a lone
    signer from a small country cannot be singled out; those the list shows no country
    for (persons counted, not named, among them) in ``unstated``."""
    declaration = declaration_or_404(request, slug)
    breakdown = country_breakdown(declaration=declaration)
    return {
        "declaration": slug,
        "threshold": breakdown.threshold,
        "countries": [
            {"code": share.code, "name": country_name(share.code), "signatories": share.signatories}
            for share in breakdown.countries
        ],
        "other": breakdown.other,
        "unstated": breakdown.unstated,
        "total": breakdown.total,
        "counted_at": _counted_at(declaration),
    }


@router.get(
    "/declarations/{slug}/daily",
    response=responses(Daily),
    url_name="daily",
    summary="The list day by day",
)
@declaration_cached()
def daily(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Each day the list changed: entries that joined it, that left it, and how many
    were in it at the day's end (days in the site's time zone)."""
    declaration = declaration_or_404(request, slug)
    return {
        "declaration": slug,
        "days": [
            {
                "date": item.day,
                "signed": item.signed,
                "withdrawn": item.withdrawn,
                "net": item.net,
                "cumulative": item.cumulative,
            }
            for item in daily_counts(declaration=declaration)
        ],
        "counted_at": _counted_at(declaration),
    }
