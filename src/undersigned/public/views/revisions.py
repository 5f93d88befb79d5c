"""The revisions of a declaration's text, with what changed word by word: the page the
"revised on …" line of a declaration links to. Rendered on the server, no JavaScript."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import declaration_revisions, public_declaration


@require_safe
def revisions(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        declaration = public_declaration(slug=slug)
    except Declaration.DoesNotExist as missing:
        raise Http404("no such declaration") from missing
    return render(
        request,
        "declarations/revisions.html",
        {"declaration": declaration, "changes": declaration_revisions(declaration=declaration)},
    )
