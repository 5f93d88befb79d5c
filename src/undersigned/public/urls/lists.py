from django.urls import path

from undersigned.core.web.i18n import localized
from undersigned.public.views import lists as views

app_name = "lists"

urlpatterns = [
    # Files, the same for every reader: no language in their address.
    path(
        "declarations/<slug:slug>/signatories.<str:fmt>",
        views.export,
        name="export",
    ),
    path("declarations/<slug:slug>/print.pdf", views.print_pdf, name="pdf"),
    path(
        "declarations/<slug:slug>/snapshots/<int:number>.txt",
        views.snapshot_document,
        name="snapshot_document",
    ),
    # Pages, in the reader's language: /de/declarations/<slug>/changes/ (core/web/i18n.py).
    localized(
        path("declarations/<slug:slug>/print/", views.print_view, name="print"),
        path("declarations/<slug:slug>/changes/", views.changes, name="changes"),
        path("declarations/<slug:slug>/snapshots/", views.snapshots, name="snapshots"),
    ),
]
