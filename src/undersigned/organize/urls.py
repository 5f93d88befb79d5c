"""The organizers' area, under /<lang>/organize/ (three doors everywhere: anonymous →
the login page, without the role → 403, with it → the page)."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from undersigned.organize.access import workspace_view
from undersigned.organize.views import (
    account,
    declarations,
    editing,
    imports,
    invitations,
    moderation,
    outputs,
    signin,
    snapshots,
    team,
    twofactor,
)

app_name = "organize"

urlpatterns = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("login/code/", signin.sign_in_code, name="sign_in_code"),
    path("logout/", auth_views.LogoutView.as_view(next_page="organize:login"), name="logout"),
    path("", declarations.dashboard, name="dashboard"),
    path(
        # Reachable while a required second factor is still being set up, as its page is.
        "account/password/",
        workspace_view(account.PasswordChange.as_view(), enrolling=True),
        name="password_change",
    ),
    # The token is the credential: anyone holding the link may open the page.
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("coalitions/<slug:slug>/team/", team.coalition_team, name="coalition_team"),
    path(
        "coalitions/<slug:slug>/team/<int:assignment_id>/revoke/",
        team.coalition_member_revoke,
        name="coalition_team_member_revoke",
    ),
    path(
        "coalitions/<slug:slug>/team/invitations/<int:invitation_id>/revoke/",
        team.coalition_invitation_revoke,
        name="coalition_team_invitation_revoke",
    ),
    # One's own two-factor sign-in ("two-factor" is a reserved declaration address).
    path("two-factor/", twofactor.two_factor, name="two_factor"),
    path("two-factor/start/", twofactor.start, name="two_factor_start"),
    path("two-factor/confirm/", twofactor.confirm, name="two_factor_confirm"),
    path("two-factor/off/", twofactor.disable, name="two_factor_disable"),
    path("two-factor/recovery/", twofactor.regenerate, name="two_factor_regenerate"),
    # Before the declarations' <slug>/: a forum's pages (organize/forums/).
    path("forums/", include("undersigned.organize.forums.urls")),
    path("new/", editing.new, name="declaration_new"),
    path("<slug:slug>/", declarations.declaration_overview, name="declaration"),
    path("<slug:slug>/edit/", editing.edit, name="declaration_edit"),
    path("<slug:slug>/status/", editing.change_status, name="declaration_status"),
    path("<slug:slug>/withdraw/", editing.withdraw, name="declaration_withdraw"),
    path("<slug:slug>/contacts/", outputs.contacts, name="contacts"),
    path("<slug:slug>/exports/", outputs.exports, name="exports"),
    path("<slug:slug>/key/", declarations.install_key, name="install_key"),
    path("<slug:slug>/contacts.sealed.json", declarations.sealed_contacts, name="sealed_contacts"),
    path("<slug:slug>/moderation/", moderation.moderation, name="moderation"),
    path(
        "<slug:slug>/moderation/<str:public_id>/reject/",
        moderation.reject,
        name="moderation_reject",
    ),
    path("<slug:slug>/audit/", declarations.audit_log, name="audit"),
    path("<slug:slug>/translations/", declarations.translations, name="translations"),
    path("<slug:slug>/translations/edit/", declarations.translation, name="translation"),
    path("<slug:slug>/import/", imports.start, name="import_start"),
    path("<slug:slug>/import/<int:draft_id>/", imports.preview, name="import_preview"),
    path("<slug:slug>/snapshots/publish/", snapshots.publish_snapshot, name="snapshot_publish"),
    path("<slug:slug>/team/", team.declaration_team, name="team"),
    path(
        "<slug:slug>/team/<int:assignment_id>/revoke/",
        team.declaration_member_revoke,
        name="team_member_revoke",
    ),
    path(
        "<slug:slug>/team/invitations/<int:invitation_id>/revoke/",
        team.declaration_invitation_revoke,
        name="team_invitation_revoke",
    ),
]
