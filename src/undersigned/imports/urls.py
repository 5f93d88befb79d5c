from django.urls import path

from undersigned.imports import views

app_name = "imports"

urlpatterns = [
    path("declarations/<slug:slug>/import/", views.start, name="start"),
    path("declarations/<slug:slug>/import/<int:draft_id>/", views.preview, name="preview"),
]
