from django.apps import AppConfig
from django.conf import settings


class CountersConfig(AppConfig):
    name = "undersigned.counters"
    label = "counters"

    def ready(self) -> None:
        # Imported here: tasks import models, which Django loads only after the apps'
        # modules (app loading).
        import undersigned.core.queue.schedule as schedule
        from undersigned.counters.tasks import fold_counters

        # Signing never touches a shared row; this job folds new signatures into the
        # counts every few seconds instead (see services.counters_fold).
        schedule.register(fold_counters, every=settings.COUNTER_INTERVAL_SECONDS)
