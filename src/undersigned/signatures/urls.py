from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("declarations/<slug:slug>/sign/", views.sign_person, name="sign_person"),
    path(
        "declarations/<slug:slug>/sign/organization/",
        views.sign_organization,
        name="sign_organization",
    ),
    path("declarations/<slug:slug>/sign/sent/", views.sign_sent, name="sent"),
    path("sign/challenge/", views.challenge, name="challenge"),
    path("sign/transliteration/", views.transliteration, name="transliteration"),
    path("s/<str:public_id>/confirm/<str:token>/", views.confirm, name="confirm"),
    path("s/<str:public_id>/withdraw/<str:token>/", views.withdraw, name="withdraw"),
]
