from django.contrib.auth import views as auth_views
from django.urls import path

from undersigned.core.http import form_referrer_policy
from undersigned.roles import views

app_name = "roles"

urlpatterns = [
    path(
        "login/",
        form_referrer_policy(auth_views.LoginView.as_view(template_name="roles/login.html")),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="roles:login"), name="logout"),
    path("", views.dashboard, name="dashboard"),
    path("<slug:slug>/", views.declaration_overview, name="declaration"),
    path("<slug:slug>/key/", views.install_key, name="install_key"),
    path("<slug:slug>/contacts.sealed.json", views.sealed_contacts, name="sealed_contacts"),
    path("<slug:slug>/moderation/", views.moderation, name="moderation"),
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
    path("<slug:slug>/translations/", views.translations, name="translations"),
    path("<slug:slug>/translations/edit/", views.translation, name="translation"),
]
