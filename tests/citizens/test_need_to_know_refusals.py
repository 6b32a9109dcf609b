"""Need to know (issue 13, item 1): a refusal names nobody and is logged as `refused`; registering
a CPR number that is already known answers the same neutral message whatever team holds it."""

import pytest
from django.urls import reverse

from citizens.models import Citizen
from core.models import AccessLog
from tests.factories.citizens import CitizenFactory

pytestmark = pytest.mark.django_db
KNOWN_DA = "Personen kan allerede være kendt"


@pytest.fixture
def karen(sygedagpengeafsnit):
    """Another team's citizen whose name and team would reveal a sickness benefit."""
    return CitizenFactory(
        team=sygedagpengeafsnit,
        first_name="Karen",
        last_name="Christensen",
        cpr="0208034364",
        course__benefit="sygedagpenge",
    )


def _form(caseworker, cpr: str) -> dict:
    return {
        "cpr": cpr,
        "first_name": "Karen",
        "last_name": "Kristensen",
        "postcode": "2750",
        "team": caseworker.team_id,
        "caseworker": caseworker.pk,
        "benefit": "a_dagpenge",
        "course_start": "2026-11-02",
    }


def _revealing(citizen: Citizen) -> tuple[str, ...]:
    return (citizen.first_name, citizen.last_name, str(citizen.team), "ygedagpenge")


@pytest.mark.parametrize("same_team", [False, True], ids=["another_team", "own_team"])
def test_registering_a_known_cpr_reveals_nothing_and_is_logged(
    client, caseworker, sygedagpengeafsnit, jobafsnit, same_team
):
    known = CitizenFactory(
        team=jobafsnit if same_team else sygedagpengeafsnit,
        first_name="Karen",
        last_name="Christensen",
        cpr="0208034364",
    )
    client.force_login(caseworker)

    response = client.post(reverse("citizens:create"), _form(caseworker, "020803-4364"))

    content = response.content.decode()
    assert response.status_code == 422
    assert KNOWN_DA in content
    assert response.context["form"].errors["cpr"] == [
        "Personen kan allerede være kendt. Brug »Find borger ud fra CPR« for at åbne sagen "
        "(en borger i et andet team med en begrundelse)."
    ]
    for revealing in ("Christensen", "allerede findes"):
        assert revealing not in content
    assert Citizen.objects.count() == 1
    row = AccessLog.objects.get()
    assert (row.action, row.citizen_id, row.actor_id) == ("refused", known.pk, caseworker.pk)
    assert "CPR-nummer" in row.reason


def test_the_api_answers_a_known_cpr_neutrally_and_logs_it(api, caseworker, karen):
    api.force_authenticate(caseworker)

    response = api.post(
        "/api/v1/citizens/",
        {
            "cpr": karen.cpr,
            "first_name": "K",
            "last_name": "K",
            "postcode": "2750",
            "benefit": "a_dagpenge",
        },
    )

    assert response.status_code == 400
    assert KNOWN_DA in response.json()["cpr"][0]
    for revealing in _revealing(karen):
        assert revealing not in response.content.decode()
    assert list(AccessLog.objects.values_list("action", "citizen_id")) == [("refused", karen.pk)]


def test_the_record_of_another_team_names_nobody(client, caseworker, karen):
    client.force_login(caseworker)

    response = client.get(reverse("citizens:detail", args=[karen.pk]))

    assert response.status_code == 403
    for revealing in _revealing(karen):
        assert revealing not in response.content.decode()
    assert list(AccessLog.objects.values_list("action", "citizen_id")) == [("refused", karen.pk)]


@pytest.mark.parametrize(
    "url",
    [
        "/grid/matches/borger/?citizen={pk}",
        "/grid/matches/borger/udelukket/?citizen={pk}",
        "/api/v1/grid/exclusions/?citizen={pk}",
    ],
)
def test_a_refused_grid_fragment_of_another_teams_citizen_is_logged(client, caseworker, karen, url):
    client.force_login(caseworker)

    response = client.get(url.format(pk=karen.pk))

    assert response.status_code in (403, 404)
    for revealing in _revealing(karen):
        assert revealing not in response.content.decode()
    assert list(AccessLog.objects.values_list("action", "citizen_id")) == [("refused", karen.pk)]


def test_a_citizen_id_that_does_not_exist_logs_nothing(client, caseworker):
    client.force_login(caseworker)

    response = client.get(reverse("citizens:detail", args=[987654]))

    assert response.status_code == 404
    assert not AccessLog.objects.exists()
