from django.urls import path

from undersigned.declarations import views

app_name = "declarations"

urlpatterns = [
    path("", views.index, name="index"),
    path("declarations/<slug:slug>/", views.detail, name="detail"),
]
