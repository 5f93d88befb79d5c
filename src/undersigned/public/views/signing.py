"""Signing, confirming and withdrawing: pages that work without JavaScript.

Confirmation and withdrawal are a page with a button that POSTs: mail scanners that
follow links with GET change nothing. The signing forms pass through the local
anti-spam checks first (signatures/antispam.py); the optional proof-of-work challenge is
served here too, from this site.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import check_for_language, get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from undersigned.core.db.outage import OUTAGE_ERRORS, database_unavailable
from undersigned.core.text.transliteration import transliteration_suggestion
from undersigned.core.web.http import form_referrer_policy
from undersigned.core.web.outage import outage_response
from undersigned.declarations.models import Declaration
from undersigned.public.forms import OrganizationSignForm, PersonSignForm, SignForm
from undersigned.signatures.antispam import (
    FORM_TOKEN_FIELD,
    Verdict,
    assess_submission,
    form_token,
    pow_challenge,
)
from undersigned.signatures.identity import LinkPurpose, link_token_valid
from undersigned.signatures.models import Signature
from undersigned.signatures.selectors import signing_declaration, signing_declaration_kept
from undersigned.signatures.services import (
    SignatureError,
    SigningClosed,
    signature_confirm,
    signature_submit,
    signature_withdraw,
)


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
        {
            "declaration": declaration,
            "form": form,
            "organization": organization,
            "outage": True,
            "pow": settings.ALTCHA_ENABLED,
        },
    )


def _sign_or_fail(request: HttpRequest, slug: str, *, organization: bool) -> HttpResponse:
    declaration = _open_declaration(slug)
    allowed = declaration.allow_organizations if organization else declaration.allow_individuals
    if not allowed:
        raise Http404("this declaration does not take that kind of signature")
    status, retry = 200, False
    form: SignForm
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
                data = request.POST.copy()
                if assessment.reason != "fast":
                    # Too fast keeps its token: the time counts from the first showing.
                    data[FORM_TOKEN_FIELD] = form_token()
                form = _form(declaration, organization=organization, data=data)
                form.is_valid()
                status, retry = 400, True
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
        {
            "declaration": declaration,
            "form": form,
            "organization": organization,
            "retry": retry,
            "pow": settings.ALTCHA_ENABLED,
        },
        status=status,
    )


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
    signature = (
        Signature.objects.select_related("declaration", "organization")
        .filter(public_id=public_id)
        .first()
    )
    if signature is None or not link_token_valid(
        public_id=public_id, nonce=signature.token_nonce, purpose=purpose, token=token
    ):
        raise Http404("unknown or damaged link")
    # A private link has no language in its address: its pages speak the language the
    # signer signed in, as their mail did.
    if check_for_language(signature.language):
        translation.activate(signature.language)
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
