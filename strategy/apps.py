from django.apps import AppConfig


class StrategyConfig(AppConfig):
    """The employment strategy: focus areas, key figures and indicators, followed quarterly."""

    name = "strategy"
    verbose_name = "Strategi"
    role_permissions: dict[str, list[str]] = {}
