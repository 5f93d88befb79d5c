from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "undersigned.retention"
    label = "retention"
    verbose_name = _("Retention of personal data")

    def ready(self) -> None:
        if settings.PURGE_INTERVAL_MINUTES > 0:
            # Imported here: tasks import models, which Django loads only after the apps'
            # modules (app loading).
            import undersigned.core.queue.schedule as schedule
            from undersigned.retention.tasks import purge_personal_data

            schedule.register(purge_personal_data, every=settings.PURGE_INTERVAL_MINUTES * 60)
