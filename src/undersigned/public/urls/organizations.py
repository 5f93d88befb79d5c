from django.urls import path

from undersigned.public.views import organizations as views

app_name = "organizations"

urlpatterns = [
    path("organizations/<int:pk>/", views.detail, name="detail"),
]
