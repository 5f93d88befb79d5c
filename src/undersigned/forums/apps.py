from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "undersigned.forums"
    label = "forums"
    verbose_name = _("Forums")

    def ready(self) -> None:
        if settings.FORUM_PHASE_INTERVAL_SECONDS > 0:
            # Imported here: tasks import models, which Django loads only after the apps'
            # modules (app loading).
            import undersigned.core.queue.schedule as schedule
            from undersigned.forums.jobs import advance_forum_phases

            schedule.register(advance_forum_phases, every=settings.FORUM_PHASE_INTERVAL_SECONDS)
