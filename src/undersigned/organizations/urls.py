from django.urls import path

from undersigned.organizations import views

app_name = "organizations"

urlpatterns = [
    path("organizations/<int:pk>/", views.detail, name="detail"),
]
