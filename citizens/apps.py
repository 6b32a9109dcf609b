from django.apps import AppConfig

from core.roles import API_CLIENT, CASEWORKER, MANAGER

_MODELS = (
    "citizen",
    "course",
    "planrevision",
    "conversation",
    "intervention",
    "jobtrack",
    "citizenlanguage",
    "paidhours",
    "alert",
)
_READ = [f"citizens.view_{model}" for model in _MODELS]
_WRITE = [
    f"citizens.{verb}_{model}"
    for model in _MODELS
    if model != "alert"  # alerts are computed, never typed
    for verb in ("add", "change")
]


class CitizensConfig(AppConfig):
    """The caseworker's case management: citizens, courses, plans, conversations, interventions."""

    name = "citizens"
    verbose_name = "Borgere"
    role_permissions = {
        CASEWORKER: [
            *_READ,
            *_WRITE,
            "citizens.view_full_cpr",
            "citizens.break_glass_citizen",
            "citizens.transfer_citizen",
        ],
        MANAGER: [
            *_READ,
            "citizens.view_full_cpr",
            "citizens.view_all_teams",
            "citizens.view_retention",  # the cases due for anonymisation (citizens.retention)
        ],
        API_CLIENT: [*_READ, "citizens.view_full_cpr", "citizens.view_all_teams"],
    }

    def ready(self) -> None:
        from .permissions import register_rules

        register_rules()
