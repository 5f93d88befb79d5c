"""A scope's team in the workspace, without the admin: who holds which role on a
declaration, a coalition or a forum (and who holds one through a coalition or the whole
site), one-time invitation links, and taking a role or a link back.

The same three views serve each kind of scope (``team_views``); the door is the one of
every workspace page (``scoped_view``, Action.MANAGE_TEAM), and the services check the
rule again (``may_grant``: never a role above one's own). An invitation's link exists in
the clear only in the response to the POST that made it: it is shown once, and the
database keeps its keyed hash (roles/invitations.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from undersigned.declarations.models import Declaration
from undersigned.forums.models import Forum
from undersigned.organize.access import View, scoped_view
from undersigned.roles.invitations import (
    InvitationError,
    invitation_create,
    invitation_revoke,
)
from undersigned.roles.models import Coalition, Invitation, RoleAssignment
from undersigned.roles.permissions import RANK, Action, Role, roles_on
from undersigned.roles.selectors import invitations_pending, team_of
from undersigned.roles.services import member_revoke


class InviteForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"))

    def __init__(self, *args: object, grantable: list[Role], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(role.value, role.label) for role in grantable]


@dataclass(frozen=True)
class TeamScope:
    """How a kind of scope is named in URLs and on its pages."""

    kind: str  # "declaration", "forum" or "coalition"
    load: Callable[[str], models.Model]
    url_prefix: str  # of its URL names: "organize:<prefix>team", …

    def url(self, what: str) -> str:
        return f"organize:{self.url_prefix}{what}"


def _grantable(request: HttpRequest, scope: models.Model) -> list[Role]:
    held = roles_on(user=request.user, on=scope)
    if not held:
        return []
    return [role for role in (Role.MODERATOR, Role.ORGANIZER, Role.ADMIN)
            if RANK[role] <= RANK[held[0]]]  # fmt: skip


def _context(team: TeamScope, scope: models.Model, **more: object) -> dict[str, object]:
    # The scope's own navigation: a declaration's menu, a forum's bar.
    context: dict[str, object] = {
        "scope": scope,
        "kind": team.kind,
        "urls": {what: team.url(what) for what in
                 ("team", "team_member_revoke", "team_invitation_revoke")},
        **more,
    }  # fmt: skip
    if team.kind in ("declaration", "forum"):
        context[team.kind] = scope
    return context


def team_views(team: TeamScope) -> tuple[View, View, View]:
    """The team page, taking a member's role (asked once more) and revoking a link."""
    door = scoped_view(team.load, Action.MANAGE_TEAM)

    @door
    @require_http_methods(["GET", "POST"])
    def team_page(request: HttpRequest, scope: models.Model) -> HttpResponse:
        grantable = _grantable(request, scope)
        form = InviteForm(request.POST or None, grantable=grantable)
        link = None
        if request.method == "POST" and form.is_valid():
            invitation, token = invitation_create(
                role=form.cleaned_data["role"], scope=scope, actor=request.user
            )
            link = request.build_absolute_uri(reverse("organize:invitation", args=[token]))
            form = InviteForm(grantable=grantable)
            created: Invitation | None = invitation
        else:
            created = None
        return render(
            request,
            "organize/team.html",
            _context(
                team,
                scope,
                members=team_of(scope=scope),
                invitations=invitations_pending(scope=scope),
                form=form,
                link=link,
                created=created,
                grantable={role.value for role in grantable},
            ),
            status=400 if form.is_bound and form.errors else 200,
        )

    @door
    @require_http_methods(["GET", "POST"])
    def member_revoke_page(
        request: HttpRequest, scope: models.Model, assignment_id: int
    ) -> HttpResponse:
        assignment = get_object_or_404(
            RoleAssignment.objects.select_related("user"),
            pk=assignment_id,
            scope_type__model=scope._meta.model_name,
            scope_type__app_label=scope._meta.app_label,
            scope_id=scope.pk,
        )
        if request.method == "POST":
            try:
                member_revoke(assignment=assignment, actor=request.user)
            except PermissionDenied:
                messages.error(request, _("You may not take this role."))
            else:
                messages.success(
                    request,
                    _("%(user)s no longer holds the %(role)s role here.")
                    % {"user": assignment.user.get_username(),
                       "role": assignment.get_role_display()},
                )  # fmt: skip
            return redirect(team.url("team"), slug=scope.serializable_value("slug"))
        return render(
            request, "organize/team_revoke.html", _context(team, scope, assignment=assignment)
        )

    @door
    @require_POST
    def invitation_revoke_page(
        request: HttpRequest, scope: models.Model, invitation_id: int
    ) -> HttpResponse:
        invitation = get_object_or_404(
            Invitation,
            pk=invitation_id,
            scope_type__model=scope._meta.model_name,
            scope_type__app_label=scope._meta.app_label,
            scope_id=scope.pk,
        )
        try:
            invitation_revoke(invitation=invitation, actor=request.user)
        except InvitationError:
            messages.error(request, _("This invitation cannot be revoked: it was used already."))
        except PermissionDenied:
            messages.error(request, _("You may revoke invitations only to a role up to your own."))
        else:
            messages.success(request, _("The invitation was revoked; its link opens nothing."))
        return redirect(team.url("team"), slug=scope.serializable_value("slug"))

    return team_page, member_revoke_page, invitation_revoke_page


def _by_slug[M: models.Model](model: type[M]) -> Callable[[str], M]:
    def load(slug: str) -> M:
        return get_object_or_404(model, slug=slug)

    return load


DECLARATION = TeamScope("declaration", _by_slug(Declaration), "")
FORUM = TeamScope("forum", _by_slug(Forum), "forum_")
COALITION = TeamScope("coalition", _by_slug(Coalition), "coalition_")

declaration_team, declaration_member_revoke, declaration_invitation_revoke = team_views(DECLARATION)
forum_team, forum_member_revoke, forum_invitation_revoke = team_views(FORUM)
coalition_team, coalition_member_revoke, coalition_invitation_revoke = team_views(COALITION)
