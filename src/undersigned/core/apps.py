from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "undersigned.core"
    label = "core"

    def ready(self) -> None:
        from undersigned.core import bench  # noqa: F401 (registers its deploy check)
