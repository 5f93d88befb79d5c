"""``/api/v1/organizations``: organizations that signed a public declaration, and one
with what it signed (what their public pages show)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router

from undersigned.api.conventions import (
    MAX_NUMBER,
    absolute,
    api_url,
    catalogue_cached,
    paginated,
    responses,
)
from undersigned.api.errors import ApiError
from undersigned.api.schemas import OrganizationDetail, OrganizationPage
from undersigned.organizations.models import Organization
from undersigned.signatures.selectors import (
    organization_public,
    organization_signed,
    organizations_public,
)

router = Router(tags=["organizations"])


def organization_dict(organization: Organization) -> dict[str, Any]:
    return {
        "id": organization.pk,
        "abbreviation": organization.abbreviation,
        "name": organization.name,
        "name_transliteration": organization.name_transliteration,
        "name_translation": organization.name_translation,
        "country_code": str(organization.country) or None,
        "country": organization.display_country,
        "website": organization.website,
        "links": {
            "api": api_url("organization", organization.pk),
            "page": absolute(reverse("organizations:detail", args=[organization.pk])),
        },
    }


@router.get(
    "/organizations",
    response=responses(OrganizationPage),
    url_name="organizations",
    summary="Organizations that signed",
)
@catalogue_cached("page", "page_size")
def organizations(
    request: HttpRequest,
    page: int = Query(1, ge=1, le=MAX_NUMBER),  # type: ignore[type-arg]
    page_size: int = Query(50, ge=1, le=200),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """Every organization with a published signature of a public declaration, by id."""
    items, total, links = paginated(
        organizations_public(), page=page, page_size=page_size, name="organizations"
    )
    return {"count": total, "links": links, "results": [organization_dict(o) for o in items]}


@router.get(
    "/organizations/{pk}",
    response=responses(OrganizationDetail),
    url_name="organization",
    summary="An organization and what it signed",
)
@catalogue_cached()
def organization(
    request: HttpRequest,
    pk: int = Path(..., ge=1, le=MAX_NUMBER),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """An organization's names and country, and every public declaration it signed (and
    did not withdraw from), newest first."""
    try:
        found = organization_public(pk=pk)
    except Organization.DoesNotExist:
        raise ApiError(404, "organization_not_found", f"No organization {pk} signed.") from None
    return {
        **organization_dict(found),
        "signed": [
            {
                "declaration": item.slug,
                "title": item.title,
                "position": item.position,
                "published_at": item.published_at,
                "api": api_url("declaration", item.slug),
            }
            for item in organization_signed(organization=found)
        ],
    }
