"""The organizers' area: their declarations, the contact key, sealed contacts, moderation
and the audit log, each behind its role for that declaration.

Three doors everywhere: anonymous → the login page; signed in without the role for
this declaration → 403; with it → the page. Actions call the same services as the
admin and the commands, and each writes an audit row.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from undersigned.audit.models import AuditEntry
from undersigned.contacts.crypto import KeyFileError
from undersigned.contacts.services import contact_key_install, contacts_export_record
from undersigned.declarations.forms import TranslationForm
from undersigned.declarations.models import (
    Declaration,
    DeclarationTranslation,
    interface_languages,
)
from undersigned.declarations.selectors import declarations_for
from undersigned.declarations.services import (
    declaration_translation_delete,
    declaration_translation_save,
    open_refusal,
)
from undersigned.lists.selectors import latest_snapshot
from undersigned.organize.access import declaration_view, workspace_view
from undersigned.organize.views.editing import may_start_any
from undersigned.roles.permissions import Action, Role, roles_on
from undersigned.roles.selectors import coalitions_for
from undersigned.signatures.models import Signature
from undersigned.signatures.selectors import sealed_bundle


@workspace_view
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    declarations = declarations_for(user=request.user, role=Role.MODERATOR).order_by("title")
    return render(
        request,
        "organize/dashboard.html",
        {
            "declarations": declarations,
            "may_start": may_start_any(request.user),
            # Their teams are managed here; a coalition has no other page in the workspace.
            "coalitions": coalitions_for(user=request.user, role=Role.ORGANIZER),
        },
    )


@declaration_view(Action.MODERATE)
@require_safe
def declaration_overview(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    roles = roles_on(user=request.user, on=declaration)
    signatures = Signature.objects.filter(declaration=declaration)
    by_status = dict(
        signatures.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    counts = {status.label: by_status.get(status.value, 0) for status in Signature.Status}
    published = by_status.get(Signature.Status.PUBLISHED, 0)
    per_revision = (
        signatures.filter(status=Signature.Status.PUBLISHED)
        .order_by()
        .values_list("revision")
        .annotate(n=Count("pk"))
        .values_list("revision", "n")
    )
    return render(
        request,
        "organize/declaration.html",
        {
            "declaration": declaration,
            "roles": roles,
            "role_names": [str(role.label) for role in roles],
            "counts": counts,
            "held": Signature.objects.held().filter(declaration=declaration).count(),
            "pending": by_status.get(Signature.Status.PENDING, 0),
            "goal_percent": (
                min(100, published * 100 // declaration.signature_goal)
                if declaration.signature_goal
                else None
            ),
            "published": published,
            "per_revision": sorted((number or 1, n) for number, n in per_revision),
            "latest_snapshot": latest_snapshot(declaration=declaration),
            "is_organizer": Role.ORGANIZER in roles,
            "is_admin": Role.ADMIN in roles,
            "open_refusal": open_refusal(declaration),
        },
    )


@declaration_view(Action.CONTACTS)
@require_POST
def install_key(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    try:
        contact_key_install(
            declaration=declaration,
            public_key=request.POST.get("public_key", "")[:500],
            actor=request.user,
        )
    except KeyFileError as exc:
        messages.error(
            request,
            _("That is not a public key from “undersigned keys generate”: %(error)s")
            % {"error": exc},
        )
    else:
        messages.success(request, _("The key is installed; new contacts are sealed with it."))
    return redirect("organize:contacts", slug=declaration.slug)


@declaration_view(Action.CONTACTS)
@require_safe
def sealed_contacts(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """The sealed bundle: ciphertexts only, opened offline with `contacts export --from`."""
    bundle = sealed_bundle(declaration=declaration)
    contacts_export_record(
        declaration=declaration, count=len(bundle["contacts"]), actor=request.user
    )
    response = HttpResponse(
        json.dumps(bundle, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{declaration.slug}-contacts.sealed.json"'
    )
    return response


@declaration_view(Action.READ_AUDIT)
@require_safe
def audit_log(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    entries = AuditEntry.objects.filter(declaration_id=declaration.pk).select_related("actor")[:500]
    return render(request, "organize/audit.html", {"declaration": declaration, "entries": entries})


@declaration_view(Action.EDIT)
@require_http_methods(["GET", "POST"])
def translation(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """Edit the translation into ``?language=``, add one (a language not translated yet),
    or delete it; each through the service, audited."""
    language = request.GET.get("language", "")
    existing = (
        DeclarationTranslation.objects.filter(declaration=declaration, language=language).first()
        if language
        else None
    )
    instance = existing or DeclarationTranslation(declaration=declaration)
    if request.method == "POST" and request.POST.get("action") == "delete":
        if existing is not None:
            declaration_translation_delete(translation=existing, actor=request.user)
            messages.success(request, _("The translation was deleted."))
        return redirect("organize:translations", slug=declaration.slug)
    form = TranslationForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initial={"language": language} if existing is None and language else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            declaration_translation_save(translation=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect("organize:translations", slug=declaration.slug)
    return render(
        request,
        "organize/translation.html",
        {"declaration": declaration, "form": form, "existing": existing},
        status=400 if form.is_bound and form.errors else 200,
    )


@declaration_view(Action.EDIT)
@require_safe
def translations(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    return render(
        request,
        "organize/translations.html",
        {
            "declaration": declaration,
            "translations": declaration.translations.order_by("language"),
            "missing": [
                (code, name)
                for code, name in interface_languages().items()
                if code != declaration.language
                and not declaration.translations.filter(language=code).exists()
            ],
        },
    )
