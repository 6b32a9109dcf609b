from django.apps import AppConfig

from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER

READ_FIGURES = [
    "strategy.view_focusarea",
    "strategy.view_indicator",
    "strategy.view_target",
    "strategy.view_measurement",
]


class StrategyConfig(AppConfig):
    """The employment strategy: focus areas, key figures and indicators, followed quarterly."""

    name = "strategy"
    verbose_name = "Strategi"
    # Everyone with a role reads the figures; only the manager (leder) keeps the focus areas,
    # targets and manual values and recomputes on demand.
    role_permissions: dict[str, list[str]] = {
        CASEWORKER: READ_FIGURES,
        CONSULTANT: READ_FIGURES,
        API_CLIENT: READ_FIGURES,
        MANAGER: [
            *READ_FIGURES,
            "strategy.add_focusarea",
            "strategy.change_focusarea",
            "strategy.change_indicator",
            "strategy.add_target",
            "strategy.change_target",
            "strategy.add_measurement",
            "strategy.change_measurement",
            "strategy.compute_indicator",
        ],
    }

    def ready(self) -> None:
        # The samarbejdsgrad's denominator is a manual figure kept here; the employers' side
        # reads it through this hook (employers never imports strategy).
        from employers.selectors import set_workplaces_figure_source

        from .computations import workplaces_in_municipality_for

        set_workplaces_figure_source(workplaces_in_municipality_for)
