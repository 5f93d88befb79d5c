"""The moderation queue: what each signer gave, when, and which existing organizations
it may be (those on this list already called out), so a moderator can decide; approve,
match, release, and a reject that asks once more and keeps an optional reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from undersigned.declarations.models import Declaration
from undersigned.organizations.models import Organization
from undersigned.organizations.selectors import organization_candidates
from undersigned.organize.access import declaration_view
from undersigned.roles.permissions import Action
from undersigned.signatures import services as signature_services
from undersigned.signatures.models import Signature

# What a signature already on this list counts as: it will stay or come back.
ON_THE_LIST = (Signature.Status.PENDING, Signature.Status.PUBLISHED)


@dataclass(frozen=True)
class Candidate:
    organization: Organization
    signed_here: bool


@dataclass(frozen=True)
class Pending:
    signature: Signature
    candidates: list[Candidate]


def _pending(declaration: Declaration) -> list[Pending]:
    signatures = list(
        Signature.objects.awaiting_moderation()
        .filter(declaration=declaration)
        .select_related("organization")
        .order_by("created_at")
    )
    found = {
        s.pk: list(organization_candidates(abbreviation=s.org_abbreviation, name=s.org_name))
        for s in signatures
    }
    ids = {organization.pk for candidates in found.values() for organization in candidates}
    signed = set(
        Signature.objects.filter(
            declaration=declaration, organization_id__in=ids, status__in=ON_THE_LIST
        ).values_list("organization_id", flat=True)
    )
    return [
        Pending(
            signature=s,
            candidates=[Candidate(organization=o, signed_here=o.pk in signed) for o in found[s.pk]],
        )
        for s in signatures
    ]


def _act(request: HttpRequest, declaration: Declaration, signature: Signature) -> None:
    action = request.POST.get("action", "")
    if action == "approve":
        signature_services.signature_approve(signature=signature, actor=request.user)
        messages.success(request, _("Approved and published."))
    elif action == "release":
        signature_services.signature_release(signature=signature, actor=request.user)
        messages.success(request, _("Released: the confirmation mail goes out."))
    elif action == "match":
        choice = request.POST.get("organization", "")
        organization = Organization.objects.filter(pk=choice).first() if choice.isdigit() else None
        signature_services.signature_match_organization(
            signature=signature, organization=organization, actor=request.user
        )
        messages.success(request, _("The organization record was set."))
    else:
        raise Http404("unknown action")


@declaration_view(Action.MODERATE)
@require_http_methods(["GET", "HEAD", "POST"])
def moderation(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    if request.method == "POST":
        signature = Signature.objects.filter(
            declaration=declaration, public_id=request.POST.get("signature", "")
        ).first()
        if signature is None:
            return HttpResponse(_("Unknown action or signature."), status=400)
        try:
            _act(request, declaration, signature)
        except Http404:
            return HttpResponse(_("Unknown action or signature."), status=400)
        except signature_services.SignatureError as exc:
            messages.warning(request, str(exc))
        return redirect("organize:moderation", slug=declaration.slug)
    return render(
        request,
        "organize/moderation.html",
        {
            "declaration": declaration,
            "pending": _pending(declaration),
            "held": Signature.objects.held().filter(declaration=declaration).order_by("created_at"),
        },
    )


@declaration_view(Action.MODERATE)
@require_http_methods(["GET", "HEAD", "POST"])
def reject(request: HttpRequest, declaration: Declaration, public_id: str) -> HttpResponse:
    """Asked once more, with an optional reason kept in the audit log."""
    signature = Signature.objects.filter(declaration=declaration, public_id=public_id).first()
    if signature is None:
        raise Http404("no such signature")
    error = ""
    if request.method == "POST":
        try:
            signature_services.signature_reject(
                signature=signature,
                actor=request.user,
                reason=request.POST.get("reason", "")[:300],
            )
        except signature_services.SignatureError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Rejected."))
            return redirect("organize:moderation", slug=declaration.slug)
    return render(
        request,
        "organize/reject.html",
        {"declaration": declaration, "signature": signature, "error": error},
        status=400 if error else 200,
    )
