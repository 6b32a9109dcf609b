"""Every write to the employers' data is checked in its service, for the actor it is given
(core.permissions): only a virksomhedskonsulent keeps companies, workplaces, openings, contacts and
placements. A caseworker, a leder, the API client and a user without a role are refused by the
service itself, by the CSV import command, and nothing changes. (The pages and the API refuse the
same roles before the service: tests/employers/test_view_permissions.py, test_api_permissions.py.)
"""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.exceptions import PermissionRefused
from core.permissions import granted
from employers import services
from employers.imports import import_csv
from employers.models import Employer, EmployerContact, Opening, Placement, Workplace
from tests.factories.employers import OpeningFactory, PlacementFactory, occupation_get_or_create

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
EXAMPLE = Path(__file__).resolve().parents[2] / "employers" / "examples" / "virksomheder.csv"


def _state() -> tuple:
    return (
        list(Employer.objects.order_by("pk").values_list("name", "cvr", "consultant_id")),
        list(Workplace.objects.order_by("pk").values_list("name", "ordinary_employees")),
        list(Opening.objects.order_by("pk").values_list("title", "seats", "status")),
        list(Placement.objects.order_by("pk").values_list("status", "end")),
        EmployerContact.objects.count(),
    )


@pytest.fixture
def opening():
    occupation_get_or_create("5321")
    return OpeningFactory(start=TODAY, end=TODAY + timedelta(weeks=8), seats=2)


@pytest.fixture
def placement(opening):
    return PlacementFactory(opening=opening, start=TODAY)


WRITES = {
    "employer_create": lambda actor, o, p: services.employer_create(
        actor=actor, cvr="35003711", name="Ny ApS"
    ),
    "employer_update": lambda actor, o, p: services.employer_update(
        actor=actor, employer=o.workplace.employer, name="Nyt navn"
    ),
    "workplace_create": lambda actor, o, p: services.workplace_create(
        actor=actor, employer=o.workplace.employer, p_number="1900000099", postcode="2750"
    ),
    "workplace_update": lambda actor, o, p: services.workplace_update(
        actor=actor, workplace=o.workplace, ordinary_employees=99
    ),
    "opening_create": lambda actor, o, p: services.opening_create(
        actor=actor,
        workplace=o.workplace,
        kind="virksomhedspraktik",
        occupation="5321",
        title="Ny praktik",
        hours_min=10,
        hours_max=20,
        start=TODAY,
    ),
    "opening_update": lambda actor, o, p: services.opening_update(
        actor=actor, opening=o, title="Ændret"
    ),
    "opening_set_status": lambda actor, o, p: services.opening_set_status(
        actor=actor, opening=o, status="closed"
    ),
    "contact_create": lambda actor, o, p: services.contact_create(
        actor=actor, employer=o.workplace.employer, date=TODAY, kind="telefon"
    ),
    "placement_create": lambda actor, o, p: services.placement_create(
        actor=actor, opening=o, start=TODAY
    ),
    "placement_end": lambda actor, o, p: services.placement_end(
        actor=actor, placement=p, cancel=True
    ),
}


@pytest.mark.parametrize("name", list(WRITES))
@pytest.mark.parametrize("who", ["caseworker", "manager", "api_user", "outsider"])
def test_the_service_refuses_roles_that_keep_no_employer_data(
    name, who, request, opening, placement
):
    actor = request.getfixturevalue(who)
    before = _state()

    with pytest.raises(PermissionRefused) as refused:
        WRITES[name](actor, opening, placement)

    assert refused.value.message
    assert _state() == before


@pytest.mark.parametrize("name", list(WRITES))
def test_the_service_lets_a_consultant_write(name, consultant, opening, placement):
    before = _state()

    WRITES[name](consultant, opening, placement)

    assert _state() != before


def test_a_caseworker_takes_a_seat_only_through_an_intervention(caseworker, opening):
    """placement_create refuses a caseworker; the intervention service grants it for the opening
    of the intervention it plans (citizens.services.intervention_create)."""
    with pytest.raises(PermissionRefused):
        services.placement_create(actor=caseworker, opening=opening, start=TODAY)

    with granted(caseworker, "employers.add_placement", opening):
        services.placement_create(actor=caseworker, opening=opening, start=TODAY)

    assert Placement.objects.filter(opening=opening).count() == 1


def test_a_grant_holds_for_its_opening_only(caseworker, opening):
    other = OpeningFactory(start=TODAY)

    with granted(caseworker, "employers.add_placement", opening), pytest.raises(PermissionRefused):
        services.placement_create(actor=caseworker, opening=other, start=TODAY)

    assert not Placement.objects.exists()


# --- The CSV import: the page and the command -----------------------------------------------------


@pytest.mark.parametrize("who", ["caseworker", "manager", "api_user"])
def test_the_import_service_refuses_roles_that_keep_no_employer_data(who, request):
    with pytest.raises(PermissionRefused):
        import_csv(actor=request.getfixturevalue(who), content=EXAMPLE.read_bytes(), dry_run=False)

    assert not Employer.objects.exists()


@pytest.mark.parametrize("who", ["caseworker", "manager"])
def test_the_import_command_refuses_roles_that_keep_no_employer_data(who, request):
    actor = request.getfixturevalue(who)

    with pytest.raises(CommandError, match="rolle"):
        call_command(
            "import_employers",
            str(EXAMPLE),
            "--commit",
            "--user",
            actor.username,
            stdout=StringIO(),
        )

    assert not Employer.objects.exists()


def test_the_import_command_needs_a_user():
    with pytest.raises(CommandError):
        call_command("import_employers", str(EXAMPLE), "--commit", stdout=StringIO())

    assert not Employer.objects.exists()


def test_the_import_command_imports_for_a_consultant(consultant):
    occupation_get_or_create("5321")
    occupation_get_or_create("9112")
    out = StringIO()

    call_command(
        "import_employers", str(EXAMPLE), "--commit", "--user", consultant.username, stdout=out
    )

    assert Employer.objects.exists()
