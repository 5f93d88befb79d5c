from django.urls import path

from undersigned.public.views import declarations as views
from undersigned.public.views import pages, revisions

app_name = "declarations"

urlpatterns = [
    path("", views.index, name="index"),
    path("declarations/<slug:slug>/", views.detail, name="detail"),
    # What happens to a signer's data: linked from every form and every mail.
    path("your-data/", pages.your_data, name="your_data"),
    path("declarations/<slug:slug>/revisions/", revisions.revisions, name="revisions"),
]
