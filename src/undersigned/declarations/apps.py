from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "undersigned.declarations"
    label = "declarations"
