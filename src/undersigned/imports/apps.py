from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "undersigned.imports"
    label = "imports"
    verbose_name = "Imports of published lists"
