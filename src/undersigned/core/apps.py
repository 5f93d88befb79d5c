from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    """The ground floor: infrastructure every app stands on (database helpers, the task
    queue and its scheduler, HTTP, mail, logging, text helpers). It imports no domain
    app."""

    name = "undersigned.core"
    label = "core"

    def ready(self) -> None:
        from undersigned.core import checks  # noqa: F401  (registers the deployment checks)

        # The embedded database lives under VAR_DIR, and outside production static files
        # come straight from the apps (finders), so STATIC_ROOT only has to exist.
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        # The per-address keys (core/shredding.py): readable by this user only.
        Path(settings.ADDRESS_KEYS_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
        if not settings.PRODUCTION:
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
