from django.apps import AppConfig

from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER

_READ = ["grid.view_matchrun", "grid.view_match"]


class GridConfig(AppConfig):
    """The Ballerup-GRID: match screening of citizens against employers' openings."""

    name = "grid"
    verbose_name = "GRID"
    role_permissions = {
        # Caseworkers start runs, see their own citizens' matches and propose them.
        CASEWORKER: [
            *_READ,
            "grid.add_matchrun",
            "grid.propose_match",
            "grid.view_candidaterequest",
            "grid.answer_candidaterequest",
        ],
        # Consultants see only the candidates proposed to their openings; they decide, and they
        # ask the caseworkers for candidates; they see supply and demand (counts only) to plan
        # campaigns towards employers.
        CONSULTANT: [
            "grid.view_match",
            "grid.decide_match",
            "grid.view_candidaterequest",
            "grid.add_candidaterequest",
            "grid.view_supply_demand",
        ],
        # Managers see the picture (supply/demand, plan, fairness) and tune the weights and rules.
        MANAGER: [
            *_READ,
            "grid.add_matchrun",
            "grid.view_grid_picture",
            "grid.view_supply_demand",
            "grid.view_scoreweights",
            "grid.change_scoreweights",
            "grid.add_scoreweights",
            "grid.view_gridkindrule",
            "grid.change_gridkindrule",
            "grid.add_gridkindrule",
            "grid.view_candidaterequest",
            "grid.add_candidaterequest",
        ],
        # The API client reads; it starts no run (the nightly and incremental runs keep the
        # results fresh for it).
        API_CLIENT: [*_READ],
    }

    def ready(self) -> None:
        from citizens.retention import register_scrubber
        from citizens.selectors import register_timeline_source

        from . import signals
        from .permissions import register_rules
        from .selectors import match_timeline_entries
        from .services import citizens_anonymised

        register_rules()
        signals.connect()
        register_timeline_source(match_timeline_entries)
        register_scrubber(citizens_anonymised)
