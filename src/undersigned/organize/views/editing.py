"""Writing a declaration in the workspace: start one, edit it with a preview rendered on
the server (no JavaScript), open, close and withdraw it. Every change goes through the
declarations' services, which check the role and write the audit row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from undersigned.core.text.markdown import render_markdown
from undersigned.declarations.forms import DeclarationForm
from undersigned.declarations.models import Declaration
from undersigned.declarations.services import (
    DeclarationError,
    declaration_close,
    declaration_is_frozen,
    declaration_open,
    declaration_save,
    declaration_start,
    declaration_withdraw,
    may_start_declaration,
)
from undersigned.organize.access import declaration_view, workspace_view
from undersigned.roles.models import Coalition
from undersigned.roles.permissions import Action, Role, scope_ids, site_wide


def startable_coalitions(user: Any) -> QuerySet[Coalition]:
    """The coalitions ``user`` may start a declaration in."""
    if site_wide(user=user, role=Role.ORGANIZER):
        return Coalition.objects.order_by("name")
    return Coalition.objects.filter(
        pk__in=scope_ids(user=user, role=Role.ORGANIZER, model=Coalition)
    ).order_by("name")


def may_start_any(user: Any) -> bool:
    return may_start_declaration(user=user, coalition=None) or startable_coalitions(user).exists()


def _preview(request: HttpRequest) -> str:
    """The posted text rendered as its page will show it (sanitized), or nothing."""
    if request.POST.get("action") != "preview":
        return ""
    return render_markdown(request.POST.get("body", ""))


@workspace_view
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Start a declaration: a draft nobody sees until it is opened."""
    coalitions = startable_coalitions(request.user)
    if not may_start_any(request.user):
        raise PermissionDenied("needs the organizer role on the site or a coalition")
    form = DeclarationForm(
        request.POST if request.method == "POST" else None,
        coalitions=coalitions,
        initial={"language": get_language()},
    )
    preview = _preview(request)
    if request.method == "POST" and not preview and form.is_valid():
        try:
            declaration = declaration_start(
                declaration=form.save(commit=False),
                coalition=form.cleaned_data.get("coalition"),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as refused:
            form.add_error("coalition", str(refused))
        else:
            messages.success(request, _("The declaration was saved as a draft."))
            return redirect("organize:declaration", slug=declaration.slug)
    return render(
        request,
        "organize/declaration_form.html",
        {"form": form, "declaration": None, "preview": preview},
        status=400 if form.is_bound and form.errors else 200,
    )


@declaration_view(Action.EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    frozen = declaration_is_frozen(declaration)
    form = DeclarationForm(
        request.POST if request.method == "POST" else None, instance=declaration, frozen=frozen
    )
    preview = _preview(request)
    if request.method == "POST" and not preview and form.is_valid():
        try:
            save_declaration(request, form)
        except (ValidationError, DeclarationError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
        else:
            return redirect("organize:declaration", slug=declaration.slug)
    return render(
        request,
        "organize/declaration_form.html",
        {"form": form, "declaration": declaration, "preview": preview, "frozen": frozen},
        status=400 if form.is_bound and form.errors else 200,
    )


def save_declaration(request: HttpRequest, form: DeclarationForm) -> None:
    before = form.instance.revision
    declaration = declaration_save(
        declaration=form.save(commit=False),
        actor=request.user,
        editorial=bool(form.cleaned_data.get("editorial")),
        note=form.cleaned_data.get("revision_note", ""),
    )
    if declaration.revision != before:
        messages.success(
            request,
            _("The declaration was saved as revision %(number)d; people see what changed.")
            % {"number": declaration.revision},
        )
    else:
        messages.success(request, _("The declaration was saved."))


STATUS_ACTIONS: dict[str, tuple[Callable[..., Declaration], Callable[[], str]]] = {
    "open": (declaration_open, lambda: _("The declaration is open for signatures.")),
    "close": (declaration_close, lambda: _("The declaration is closed: nobody can sign now.")),
}


@declaration_view(Action.EDIT)
@require_POST
def change_status(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """Open or close; a refusal is shown with its reason on the overview."""
    found = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if found is None:
        return HttpResponse(_("Unknown action."), status=400)
    service, done = found
    try:
        service(declaration=declaration, actor=request.user)
    except DeclarationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done())
    return redirect("organize:declaration", slug=declaration.slug)


@declaration_view(Action.EDIT)
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, declaration: Declaration) -> HttpResponse:
    """Withdrawing takes the declaration off the site for good: asked for once more."""
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("Tick the box to confirm that the declaration is withdrawn.")
        else:
            try:
                declaration_withdraw(declaration=declaration, actor=request.user)
            except DeclarationError as refused:
                error = str(refused)
            else:
                messages.success(request, _("The declaration was withdrawn."))
                return redirect("organize:declaration", slug=declaration.slug)
    return render(
        request,
        "organize/withdraw.html",
        {"declaration": declaration, "error": error},
        status=400 if error else 200,
    )
