from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "undersigned.organizations"
    label = "organizations"
