from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The roof of the house: sample content, the demo command, the bulk loader and the
    benchmark's minimal view. Nothing below imports it."""

    name = "undersigned.demo"
    label = "demo"

    def ready(self) -> None:
        # Registers the deploy check that warns when the benchmark's view is mounted.
        import undersigned.demo.bench  # noqa: F401
