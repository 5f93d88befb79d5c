"""Public pages and files of forums (#13; docs/forums.md)."""

from django.urls import path

from undersigned.core.web.i18n import localized
from undersigned.public.views import forum_exports as exports
from undersigned.public.views import forum_feeds as feeds
from undersigned.public.views import forum_participation as participation
from undersigned.public.views import forums as views

app_name = "forums"

D = "forums/<slug:slug>/drafts/<int:number>/"

urlpatterns = [
    # Files, the same for every reader.
    path("forums/<slug:slug>/drafts.<str:fmt>", exports.drafts_export, name="drafts_export"),
    path("forums/<slug:slug>/drafts/<int:number>.md", exports.draft_markdown, name="draft_md"),
    path("forums/<slug:slug>/outcome.json", exports.outcome_export, name="outcome_export"),
    path("feeds/forum-outcomes.atom", feeds.outcomes_feed, name="outcomes_feed"),
    # Private links, in the supporter's language.
    path(
        "fs/<str:public_id>/confirm/<str:token>/",
        participation.support_confirm_link,
        name="support_confirm",
    ),
    path(
        "fs/<str:public_id>/withdraw/<str:token>/",
        participation.support_withdraw_link,
        name="support_withdraw",
    ),
    localized(
        path("forums/", views.forum_index, name="index"),
        path("forums/<slug:slug>/", views.forum_detail, name="detail"),
        path("forums/<slug:slug>/submit/", participation.submit_draft, name="submit"),
        path(D, views.draft_detail, name="draft"),
        path(D + "versions/<int:version>/", views.version_detail, name="version"),
        path(D + "diff/", views.draft_diff, name="diff"),
        path(D + "support/", participation.support, name="support"),
        path(D + "support/sent/", participation.support_sent, name="support_sent"),
        path(D + "support/withdraw/", participation.withdraw_with_code, name="withdraw_code"),
        path(D + "amend/", participation.propose_amendment, name="amend"),
    ),
]
