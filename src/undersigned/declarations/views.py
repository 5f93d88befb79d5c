"""Public pages of declarations: the index and a declaration with its list."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from undersigned.signatures.formatting import signatory_line
from undersigned.signatures.selectors import signatory_list, signature_count, status_line

from .models import Declaration
from .selectors import open_declarations, public_declaration


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "declarations/index.html", {"declarations": open_declarations()})


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        declaration = public_declaration(slug=slug)
    except Declaration.DoesNotExist:
        raise Http404("no such declaration") from None
    paginator = Paginator(signatory_list(declaration=declaration), settings.SIGNATORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    entries = [(signature.position, signatory_line(signature)) for signature in page]
    return render(
        request,
        "declarations/detail.html",
        {
            "declaration": declaration,
            "count": signature_count(declaration=declaration),
            "page": page,
            "entries": entries,
            "status_line": status_line(declaration=declaration),
        },
    )
