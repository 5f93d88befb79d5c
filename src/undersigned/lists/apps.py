from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "undersigned.lists"
    label = "lists"
    verbose_name = _("Signatory lists: exports, history and snapshots")
