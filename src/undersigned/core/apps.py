from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: infrastructure every app stands on (database helpers, the task
    queue and its scheduler, HTTP, mail, logging, text helpers). It imports no domain
    app."""

    name = "undersigned.core"
    label = "core"
