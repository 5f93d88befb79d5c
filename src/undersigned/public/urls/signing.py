from django.urls import path

from undersigned.core.web.i18n import localized
from undersigned.public.views import signing as views

app_name = "signatures"

urlpatterns = [
    # In the reader's language: /de/declarations/<slug>/sign/ (core/web/i18n.py).
    localized(
        path("declarations/<slug:slug>/sign/", views.sign_person, name="sign_person"),
        path(
            "declarations/<slug:slug>/sign/organization/",
            views.sign_organization,
            name="sign_organization",
        ),
        path("declarations/<slug:slug>/sign/sent/", views.sign_sent, name="sent"),
    ),
    # Without a language: helpers of the form, and the private links, which speak the
    # language the signer signed in.
    path("sign/challenge/", views.challenge, name="challenge"),
    path("sign/transliteration/", views.transliteration, name="transliteration"),
    path("s/<str:public_id>/confirm/<str:token>/", views.confirm, name="confirm"),
    path("s/<str:public_id>/withdraw/<str:token>/", views.withdraw, name="withdraw"),
]
