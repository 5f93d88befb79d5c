"""Signing, confirming and withdrawing: pages that work without JavaScript.

Confirmation and withdrawal are a page with a button that POSTs: mail scanners that
follow links with GET change nothing. The signing forms pass through the local
anti-spam checks first (signatures/antispam.py); the optional proof-of-work challenge is
served here too, from this site.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from undersigned.core.db.outage import OUTAGE_ERRORS, database_unavailable
from undersigned.core.text.transliteration import transliteration_suggestion
from undersigned.core.web.http import form_referrer_policy
from undersigned.core.web.outage import outage_response
from undersigned.declarations.models import Declaration
from undersigned.declarations.selectors import declaration_title, declaration_url
from undersigned.public.forms import OrganizationSignForm, PersonSignForm, SignForm
from undersigned.public.views.private_links import from_private_link
from undersigned.signatures.antispam import (
    FORM_TOKEN_FIELD,
    Verdict,
    assess_submission,
    form_token,
    pow_challenge,
)
from undersigned.signatures.identity import LinkPurpose
from undersigned.signatures.models import Signature
from undersigned.signatures.selectors import signing_declaration, signing_declaration_kept
from undersigned.signatures.services import (
    SignatureError,
    SigningClosed,
    signature_confirm,
    signature_submit,
    signature_withdraw,
)
from undersigned.signatures.signatory import signatory_line


def _open_declaration(slug: str) -> Declaration:
    declaration = signing_declaration(slug=slug)
    if declaration is None:
        raise Http404("no such declaration")
    return declaration


logger = logging.getLogger(__name__)


def _form(
    declaration: Declaration, *, organization: bool, data: QueryDict | None = None
) -> OrganizationSignForm | PersonSignForm:
    if organization:
        return OrganizationSignForm(data, declaration=declaration)
    return PersonSignForm(
        data, declaration=declaration, list_by_default=declaration.list_individuals_by_default
    )


def _form_again(
    request: HttpRequest, declaration: Declaration, organization: bool, reason: str
) -> OrganizationSignForm | PersonSignForm:
    """The form with what was typed and a valid token, to be sent once more."""
    data = request.POST.copy()
    if reason != "fast":
        # Too fast keeps its token: the time counts from the first showing.
        data[FORM_TOKEN_FIELD] = form_token()
    form = _form(declaration, organization=organization, data=data)
    form.is_valid()
    return form


def _sign(request: HttpRequest, slug: str, *, organization: bool) -> HttpResponse:
    try:
        return _sign_or_fail(request, slug, organization=organization)
    except OUTAGE_ERRORS as error:
        declaration = signing_declaration_kept(slug=slug)
        if request.method != "POST" or not database_unavailable(error) or declaration is None:
            raise  # the outage page of handler500 (core/web/outage.py)
        return _sign_outage(request, declaration, organization=organization)


def _sign_outage(
    request: HttpRequest, declaration: Declaration, *, organization: bool
) -> HttpResponse:
    """The database went away while a signature was sent: nothing was stored (its
    transaction did not commit). The form again, as it was typed, saying to send it once
    more; from the declaration this process read last, since none can be read now."""
    # The original title: no translation can be read now (declarations/selectors.py).
    declaration.__dict__["reader_translations"] = []
    form = _form(declaration, organization=organization, data=request.POST)
    form.is_valid()
    return outage_response(
        request,
        "signatures/sign.html",
        _sign_context(declaration, form, organization=organization, outage=True),
    )


def _sign_or_fail(request: HttpRequest, slug: str, *, organization: bool) -> HttpResponse:
    declaration = _open_declaration(slug)
    allowed = declaration.allow_organizations if organization else declaration.allow_individuals
    if not allowed:
        raise Http404("this declaration does not take that kind of signature")
    status, retry = 200, ""
    form: SignForm
    if request.method == "POST" and declaration.is_open and request.POST.get("preview"):
        return _preview(request, declaration, organization=organization)
    if request.method == "POST" and declaration.is_open:
        form = _form(declaration, organization=organization, data=request.POST)
        assessment = assess_submission(
            request=request,
            declaration_id=declaration.pk,
            honeypot_filled=form.honeypot_filled(),
            form_valid=form.is_valid,
        )
        match assessment.verdict:
            case Verdict.DISCARD:
                # A bot: it sees success, nothing is stored, nobody is mailed.
                logger.info("signing form discarded: %s", assessment.reason)
                return redirect("signatures:sent", slug=declaration.slug)
            case Verdict.RETRY:
                # Too fast, too old or forged: the form again, with what was typed (and
                # a valid token). A person sends it once more; nothing is lost.
                logger.info("signing form shown again: form token %s", assessment.reason)
                form = _form_again(request, declaration, organization, assessment.reason)
                # Why, for the page: too fast ("fast"), or too old or damaged.
                status, retry = 400, assessment.reason or "fast"
            case Verdict.INVALID:
                status = 400
            case Verdict.BLOCK:
                logger.info("signing refused: over the %s limit", assessment.reason)
                response = render(
                    request, "signatures/too_many.html", {"declaration": declaration}, status=429
                )
                response["Retry-After"] = "3600"
                return response
            case Verdict.HOLD | Verdict.ACCEPT:
                held = assessment.verdict == Verdict.HOLD
                if held:
                    logger.info("signature held: over the %s limit", assessment.reason)
                assert isinstance(form, OrganizationSignForm | PersonSignForm)
                try:
                    signature_submit(
                        declaration=declaration,
                        submission=form.submission(),
                        language=get_language() or "en",
                        held=held,
                        contact=form.contact(),
                    )
                except SigningClosed:
                    declaration.refresh_from_db()
                    status = 409
                else:
                    return redirect("signatures:sent", slug=declaration.slug)
    else:
        form = _form(declaration, organization=organization)
    return render(
        request,
        "signatures/sign.html",
        _sign_context(declaration, form, organization=organization, retry=retry),
        status=status,
    )


def _preview(request: HttpRequest, declaration: Declaration, *, organization: bool) -> HttpResponse:
    """The form again with the line the list will show: nothing is sent or stored, and
    the anti-spam checks wait for the real sending (the form keeps its first token)."""
    form = _form(declaration, organization=organization, data=request.POST)
    valid = form.is_valid()
    preview = {"line": form.published_line(), "form_only": True} if valid else None
    return render(
        request,
        "signatures/sign.html",
        _sign_context(declaration, form, organization=organization, retry="", preview=preview),
        status=200 if valid else 400,
    )


def _sign_context(
    declaration: Declaration, form: SignForm, *, organization: bool, **extra: object
) -> dict[str, object]:
    """What the signing page shows, whichever way it is reached (the form, its preview,
    the page again during a database outage)."""
    return {
        "declaration": declaration,
        "form": form,
        "organization": organization,
        "pow": settings.ALTCHA_ENABLED,
        **extra,
    }


@never_cache
@require_safe
def challenge(request: HttpRequest) -> JsonResponse:
    """A proof-of-work challenge for the ALTCHA widget (only when ALTCHA_ENABLED)."""
    if not settings.ALTCHA_ENABLED:
        raise Http404("proof-of-work is off")
    return JsonResponse(pow_challenge())


@never_cache
@require_POST
def transliteration(request: HttpRequest) -> JsonResponse:
    """A suggested Latin transliteration of ``name`` for the organization form's script
    (static/undersigned/transliterate.js). Keeps and logs nothing; the form works
    without it, showing the same suggestion when it comes back."""
    return JsonResponse(
        {"suggestion": transliteration_suggestion(request.POST.get("name", "")[:300])}
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
    queryset = Signature.objects.select_related("declaration", "organization")
    return from_private_link(queryset, public_id, token, purpose)


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
            return render(request, "signatures/confirmed.html", _confirmed(signature))
    return render(
        request,
        "signatures/confirm.html",
        {
            "signature": signature,
            "declaration": signature.declaration,
            "error": error,
            "organization": signature.kind == Signature.Kind.ORGANIZATION,
            # The line the list will show, as the form's preview showed it.
            "preview": {"line": _published_line(signature), "form_only": False},
        },
        status=409 if error else 200,
    )


def _published_line(signature: Signature) -> str:
    """The signature's line in the list ("" for a person counted but not named)."""
    if signature.kind == Signature.Kind.PERSON and not signature.show_name:
        return ""
    return signatory_line(signature)


def _confirmed(signature: Signature) -> dict[str, Any]:
    declaration = signature.declaration
    url = declaration_url(declaration=declaration)
    entry_url = ""
    if signature.position:
        # The page of the list that holds the entry: pages are position ranges.
        page = (signature.position - 1) // settings.SIGNATORY_PAGE_SIZE + 1
        entry_url = f"{url}{'?page=' + str(page) if page > 1 else ''}#n{signature.position}"
    return {
        "signature": signature,
        "declaration": declaration,
        "entry_url": entry_url,
        "line": _published_line(signature),
        "share_url": settings.SITE_URL + url,
        "share_title": declaration_title(declaration=declaration, language=get_language() or ""),
    }


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
