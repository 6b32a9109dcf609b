from django.apps import AppConfig

from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER

_READ = [
    "employers.view_employer",
    "employers.view_workplace",
    "employers.view_opening",
    "employers.view_employercontact",
    "employers.view_placement",
]
_WRITE = [
    f"employers.{verb}_{model}"
    for model in ("employer", "workplace", "opening", "employercontact", "placement")
    for verb in ("add", "change")
]


class EmployersConfig(AppConfig):
    """Virksomhedsservice: companies, workplaces, openings, contacts and placements."""

    name = "employers"
    verbose_name = "Virksomheder"
    role_permissions = {
        CONSULTANT: [*_READ, *_WRITE, "employers.override_rimelighedskrav"],
        CASEWORKER: [
            "employers.view_employer",
            "employers.view_workplace",
            "employers.view_opening",
        ],
        MANAGER: _READ,
        API_CLIENT: _READ,
    }
