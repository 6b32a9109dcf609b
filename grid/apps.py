from django.apps import AppConfig


class GridConfig(AppConfig):
    """The Ballerup-GRID: match screening of citizens against employers' openings."""

    name = "grid"
    verbose_name = "GRID"
    role_permissions: dict[str, list[str]] = {}
