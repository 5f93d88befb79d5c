from django.urls import path

from undersigned.public.views import declarations as views
from undersigned.public.views import revisions

app_name = "declarations"

urlpatterns = [
    path("", views.index, name="index"),
    path("declarations/<slug:slug>/", views.detail, name="detail"),
    path("declarations/<slug:slug>/revisions/", revisions.revisions, name="revisions"),
]
