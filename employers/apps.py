from django.apps import AppConfig

from core.roles import API_CLIENT, CASEWORKER, CONSULTANT, MANAGER

_READ = [
    "employers.view_employer",
    "employers.view_workplace",
    "employers.view_opening",
    "employers.view_employercontact",
    "employers.view_placement",
    "employers.view_dispensation",
]
# Registered dispensations from the rimelighedskrav: consultants and managers (leder).
_DISPENSATIONS = ["employers.add_dispensation", "employers.change_dispensation"]
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
        CONSULTANT: [*_READ, *_WRITE, *_DISPENSATIONS, "employers.take_employer"],
        CASEWORKER: [
            "employers.view_employer",
            "employers.view_workplace",
            "employers.view_opening",
        ],
        MANAGER: [*_READ, *_DISPENSATIONS],
        API_CLIENT: _READ,
    }
