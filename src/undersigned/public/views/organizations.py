"""The public page of an organization: its names, country and what it signed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from undersigned.organizations.models import Organization
from undersigned.signatures.selectors import organization_public, organization_signed


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organization = organization_public(pk=pk)
    except Organization.DoesNotExist:
        raise Http404("no such organization") from None
    return render(
        request,
        "organizations/detail.html",
        {"organization": organization, "signed": organization_signed(organization=organization)},
    )
