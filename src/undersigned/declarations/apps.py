from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "undersigned.declarations"
    label = "declarations"
    verbose_name = _("Declarations")

    def ready(self) -> None:
        if settings.DECLARATION_CLOSING_INTERVAL_SECONDS > 0:
            # Imported here: tasks import models, which Django loads only after the apps'
            # modules (app loading).
            import undersigned.core.queue.schedule as schedule
            from undersigned.declarations.tasks import close_due_declarations

            schedule.register(
                close_due_declarations, every=settings.DECLARATION_CLOSING_INTERVAL_SECONDS
            )
