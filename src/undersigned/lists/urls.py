from django.urls import path

from . import views

app_name = "lists"

urlpatterns = [
    path(
        "declarations/<slug:slug>/signatories.<str:fmt>",
        views.export,
        name="export",
    ),
    path("declarations/<slug:slug>/print/", views.print_view, name="print"),
    path("declarations/<slug:slug>/print.pdf", views.print_pdf, name="pdf"),
    path("declarations/<slug:slug>/changes/", views.changes, name="changes"),
    path("declarations/<slug:slug>/snapshots/", views.snapshots, name="snapshots"),
    path(
        "declarations/<slug:slug>/snapshots/<int:number>.txt",
        views.snapshot_document,
        name="snapshot_document",
    ),
    path(
        "declarations/<slug:slug>/snapshots/publish/",
        views.snapshot_publish_view,
        name="snapshot_publish",
    ),
]
