from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (`manage.py seed_demo`). Sits on top of every other app."""

    name = "demo"
    verbose_name = "Demodata"
