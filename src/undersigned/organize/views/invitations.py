"""The page an invitation link opens (public: the token is the credential).

Signed in, a person accepts with one button for their own account; without an account,
they choose a user name and set their own password (Django's password validators) and
are signed in. Either way the role is granted through the audited service and the link
is burnt. A link that is unknown, used, revoked or expired gets a page saying so (404 or
410), never an error; nothing changes on GET, so a link previewed by a chat program or
a mail scanner stays usable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.models import User
from django.db import IntegrityError, models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from undersigned.roles.invitations import (
    InvitationError,
    InvitationState,
    invitation_accept,
    invitation_accept_new_account,
    invitation_state,
)
from undersigned.roles.models import Invitation
from undersigned.roles.selectors import invitation_from_token

GONE = {
    InvitationState.USED: gettext_lazy(
        "This invitation was used already. Each link works once: ask the organizer who "
        "sent it for a new one."
    ),
    InvitationState.REVOKED: gettext_lazy(
        "This invitation was revoked by the team. Ask the organizer who sent it if you "
        "should still join."
    ),
    InvitationState.EXPIRED: gettext_lazy(
        "This invitation has expired. Ask the organizer who sent it for a new link."
    ),
}


class NewAccountForm(BaseUserCreationForm[User]):
    """A user name and a password typed twice, checked by Django's password validators."""

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's help is a list in HTML; the page's help is a sentence.
        self.fields["password1"].help_text = gettext_lazy(
            "At least 8 characters; not a common password, not only digits, and not like "
            "your user name."
        )


def _gone(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    if invitation is None:
        reason = _("This invitation link is not valid. Check that you copied all of it, "
                   "or ask the organizer who sent it for a new one.")  # fmt: skip
        return render(request, "organize/invitation_gone.html", {"reason": reason}, status=404)
    # A link whose declaration, forum or coalition was deleted counts as revoked.
    state = invitation_state(invitation) if invitation.scope is not None else None
    reason = str(GONE.get(state or InvitationState.REVOKED, GONE[InvitationState.REVOKED]))
    return render(request, "organize/invitation_gone.html", {"reason": reason}, status=410)


def _home(scope: models.Model | None) -> tuple[str, list[str]]:
    """Where a new member goes: the scope's overview, or their list of declarations."""
    label = scope._meta.label_lower if scope is not None else ""
    if scope is not None and label == "declarations.declaration":
        return "organize:declaration", [str(scope.serializable_value("slug"))]
    if scope is not None and label == "forums.forum":
        return "organize:forum", [str(scope.serializable_value("slug"))]
    return "organize:dashboard", []


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_from_token(token=token)
    if found is None or found.scope is None or invitation_state(found) != InvitationState.VALID:
        return _gone(request, found)
    signed_in = request.user.is_authenticated
    form = None if signed_in else NewAccountForm(request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if form is None:
                assert isinstance(request.user, User)
                used = invitation_accept(token=token, user=request.user)
            else:
                used = invitation_accept_new_account(
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                )
                assert used.used_by is not None
                login(request, used.used_by, backend="django.contrib.auth.backends.ModelBackend")
        except IntegrityError:
            # The name was taken between the form's check and the account's creation.
            assert form is not None
            form.add_error("username", User._meta.get_field("username").error_messages["unique"])
            return render(
                request, "organize/invitation.html", {"invitation": found, "form": form},
                status=400,
            )  # fmt: skip
        except (InvitationError, Invitation.DoesNotExist):
            # Used, revoked or deleted meanwhile (a second person on the same link).
            return _gone(request, invitation_from_token(token=token))
        messages.success(
            request,
            _("Welcome: you are now %(role)s of “%(scope)s”.")
            % {"role": used.get_role_display(), "scope": used.scope},
        )
        name, args = _home(used.scope)
        return redirect(name, *args)
    return render(
        request,
        "organize/invitation.html",
        {"invitation": found, "form": form},
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )
