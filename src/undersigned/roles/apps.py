from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "undersigned.roles"
    label = "roles"
    verbose_name = "Roles and coalitions"
