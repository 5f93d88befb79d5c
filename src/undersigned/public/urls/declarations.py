from django.urls import path

from undersigned.public.views import declarations as views

app_name = "declarations"

urlpatterns = [
    path("", views.index, name="index"),
    path("declarations/<slug:slug>/", views.detail, name="detail"),
]
