"""The benchmark's "ceiling": the cheapest sign POST Django can serve, for comparison.

``bench/run.py`` sends the same sign POST to this view and to the real one, on the same
server and database, and reports intake as a ratio of this ceiling. It validates a small
form and inserts one signature row — no duplicate check, no audit row, no mail task —
and redirects like the real form. Mounted under ``/bench/`` only with
``BENCH_ENDPOINTS=1`` (off by default; ``check --deploy`` warns when it is on).
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from undersigned.declarations.models import Declaration
from undersigned.signatures.models import Signature

app_name = "bench"

# slug → id of open declarations, so the view runs no lookup query once warmed up.
_declaration_ids: dict[str, int] = {}


class CeilingForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254)
    country = forms.CharField(max_length=2)
    city = forms.CharField(max_length=100, required=False)


@never_cache
@require_POST
def ceiling(request: HttpRequest, slug: str) -> HttpResponse:
    form = CeilingForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    declaration_id = _declaration_ids.get(slug)
    if declaration_id is None:
        found = (
            Declaration.objects.filter(slug=slug, status=Declaration.Status.OPEN)
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            raise Http404("no open declaration")
        declaration_id = _declaration_ids[slug] = found
    Signature.objects.create(
        declaration_id=declaration_id,
        kind=Signature.Kind.PERSON,
        name=form.cleaned_data["name"],
        country=form.cleaned_data["country"],
        city=form.cleaned_data["city"],
        # Random: the ceiling measures one insert, not the duplicate check. The address
        # is not stored.
        dedupe_hash=secrets.token_hex(32),
        source="bench ceiling",
    )
    # The signing pages carry the reader's language in their address (#5).
    return HttpResponseRedirect(f"/{get_language()}/declarations/{slug}/sign/sent/")


urlpatterns = [path("ceiling/<slug:slug>/", ceiling, name="ceiling")]


@register(Tags.security, deploy=True)
def check_bench_endpoints(**kwargs: Any) -> list[CheckMessage]:
    if settings.BENCH_ENDPOINTS and settings.PRODUCTION:
        return [
            CheckWarning(
                "BENCH_ENDPOINTS is on: /bench/ceiling/ lets anyone add rows without a "
                "duplicate check. Turn it off outside a benchmark.",
                id="undersigned.W601",
            )
        ]
    return []
