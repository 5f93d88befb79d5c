"""The organizers' forum pages, included by organize/urls.py under forums/."""

from django.urls import path

from undersigned.organize.forums import views
from undersigned.organize.views import team

urlpatterns = [
    path("", views.forum_list, name="forums"),
    path("new/", views.forum_create, name="forum_new"),
    path("<slug:slug>/", views.forum_overview, name="forum"),
    path("<slug:slug>/edit/", views.forum_edit, name="forum_edit"),
    path("<slug:slug>/phase/", views.forum_phase, name="forum_phase"),
    path("<slug:slug>/drafts/new/", views.draft_new, name="forum_draft_new"),
    path("<slug:slug>/drafts/<int:number>/", views.draft_manage, name="forum_draft"),
    path("<slug:slug>/drafts/<int:number>/decide/", views.draft_decide, name="forum_draft_decide"),
    path("<slug:slug>/codes/", views.codes, name="forum_codes"),
    path("<slug:slug>/outcome/", views.outcome, name="forum_outcome"),
    path("<slug:slug>/audit/", views.audit, name="forum_audit"),
    path("<slug:slug>/team/", team.forum_team, name="forum_team"),
    path(
        "<slug:slug>/team/<int:assignment_id>/revoke/",
        team.forum_member_revoke,
        name="forum_team_member_revoke",
    ),
    path(
        "<slug:slug>/team/invitations/<int:invitation_id>/revoke/",
        team.forum_invitation_revoke,
        name="forum_team_invitation_revoke",
    ),
]
