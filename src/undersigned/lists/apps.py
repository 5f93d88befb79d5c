from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "undersigned.lists"
    label = "lists"
    verbose_name = "Signatory lists: exports, history and snapshots"
