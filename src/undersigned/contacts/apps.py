from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "undersigned.contacts"
    label = "contacts"
    verbose_name = "Sealed contacts"
