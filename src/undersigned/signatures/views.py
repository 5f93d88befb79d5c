"""Signing, confirming and withdrawing: pages that work without JavaScript.

Confirmation and withdrawal are a page with a button that POSTs: mail scanners that
follow links with GET change nothing.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from undersigned.core.http import form_referrer_policy
from undersigned.declarations.models import Declaration

from .forms import OrganizationSignForm, PersonSignForm
from .identity import LinkPurpose, link_token_valid
from .models import Signature
from .services import (
    SignatureError,
    SigningClosed,
    signature_confirm,
    signature_submit,
    signature_withdraw,
)


def _open_declaration(slug: str) -> Declaration:
    return get_object_or_404(
        Declaration.objects.exclude(status=Declaration.Status.DRAFT), slug=slug
    )


def _form(
    declaration: Declaration, *, organization: bool, data: QueryDict | None = None
) -> forms.Form:
    if organization:
        return OrganizationSignForm(data)
    return PersonSignForm(data, list_by_default=declaration.list_individuals_by_default)


def _sign(request: HttpRequest, slug: str, *, organization: bool) -> HttpResponse:
    declaration = _open_declaration(slug)
    allowed = declaration.allow_organizations if organization else declaration.allow_individuals
    if not allowed:
        raise Http404("this declaration does not take that kind of signature")
    status = 200
    if request.method == "POST" and declaration.is_open:
        form = _form(declaration, organization=organization, data=request.POST)
        if form.is_valid():
            assert isinstance(form, OrganizationSignForm | PersonSignForm)
            try:
                signature_submit(
                    declaration=declaration,
                    submission=form.submission(),
                    language=get_language() or "en",
                )
            except SigningClosed:
                declaration.refresh_from_db()
                status = 409
            else:
                return redirect("signatures:sent", slug=declaration.slug)
        else:
            status = 400
    else:
        form = _form(declaration, organization=organization)
    return render(
        request,
        "signatures/sign.html",
        {"declaration": declaration, "form": form, "organization": organization},
        status=status,
    )


@form_referrer_policy
@never_cache
@require_http_methods(["GET", "POST"])
def sign_person(request: HttpRequest, slug: str) -> HttpResponse:
    return _sign(request, slug, organization=False)


@form_referrer_policy
@never_cache
@require_http_methods(["GET", "POST"])
def sign_organization(request: HttpRequest, slug: str) -> HttpResponse:
    return _sign(request, slug, organization=True)


@never_cache
@require_http_methods(["GET"])
def sign_sent(request: HttpRequest, slug: str) -> HttpResponse:
    declaration = _open_declaration(slug)
    return render(request, "signatures/sent.html", {"declaration": declaration})


def _signature_from_link(public_id: str, token: str, purpose: LinkPurpose) -> Signature:
    signature = (
        Signature.objects.select_related("declaration", "organization")
        .filter(public_id=public_id)
        .first()
    )
    if signature is None or not link_token_valid(
        public_id=public_id, nonce=signature.token_nonce, purpose=purpose, token=token
    ):
        raise Http404("unknown or damaged link")
    return signature


# The link's token is the credential; a CSRF cookie would only fail people who open
# the mail in another browser than the one they signed with.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    signature = _signature_from_link(public_id, token, "confirm")
    error = ""
    if request.method == "POST":
        try:
            signature = signature_confirm(signature=signature)
        except SignatureError as exc:
            error = "closed" if isinstance(exc, SigningClosed) else "invalid"
        else:
            return render(request, "signatures/confirmed.html", {"signature": signature})
    return render(
        request,
        "signatures/confirm.html",
        {"signature": signature, "declaration": signature.declaration, "error": error},
        status=409 if error else 200,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, public_id: str, token: str) -> HttpResponse:
    signature = _signature_from_link(public_id, token, "withdraw")
    if request.method == "POST":
        try:
            signature = signature_withdraw(signature=signature)
        except SignatureError:
            return render(
                request,
                "signatures/withdraw.html",
                {"signature": signature, "declaration": signature.declaration, "error": True},
                status=409,
            )
        return render(request, "signatures/withdrawn.html", {"declaration": signature.declaration})
    return render(
        request,
        "signatures/withdraw.html",
        {"signature": signature, "declaration": signature.declaration},
    )
