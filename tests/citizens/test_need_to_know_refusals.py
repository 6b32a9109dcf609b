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
        last_name="Tvedebrink-Østergård",  # a name the staff factory never gives the caseworker
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
        last_name="Tvedebrink-Østergård",  # a name the staff factory never gives the caseworker
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
    for revealing in ("Tvedebrink-Østergård", "allerede findes"):
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


# --- The API's find-by-CPR (POST) ----------------------------------------------------------------

FIND = "/api/v1/citizens/find/"


def test_the_api_finds_an_own_citizen_by_cpr_in_the_body(api, caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, cpr="1503881237")
    api.force_authenticate(caseworker)

    response = api.post(FIND, {"cpr": "150388-1237"})

    assert response.status_code == 200
    assert response.json()["id"] == citizen.pk
    assert list(AccessLog.objects.values_list("action", "citizen_id")) == [
        ("api_detail", citizen.pk)
    ]


def test_the_api_find_of_another_teams_citizen_needs_a_reason(api, caseworker, karen):
    api.force_authenticate(caseworker)

    refused = api.post(FIND, {"cpr": karen.cpr})
    opened = api.post(FIND, {"cpr": karen.cpr, "access_reason": "Borgeren ringede"})

    assert refused.status_code == 403
    for revealing in _revealing(karen):
        assert revealing not in refused.content.decode()
    assert opened.status_code == 200 and opened.json()["id"] == karen.pk
    assert list(AccessLog.objects.order_by("id").values_list("action", "reason")) == [
        ("refused", ""),
        ("break_glass", "Borgeren ringede"),
    ]


def test_the_api_find_refuses_a_cpr_in_the_address_and_unknown_numbers(api, caseworker, karen):
    api.force_authenticate(caseworker)

    in_address = api.post(f"{FIND}?cpr={karen.cpr}", {"cpr": karen.cpr})
    unknown = api.post(FIND, {"cpr": "1503881237"})
    foreign_digits = api.post(FIND, {"cpr": "٠٢٠٨٠٣٤٣٦٤"})
    as_get = api.get(FIND)

    assert in_address.status_code == 400
    assert "aldrig sendes i en adresse" in in_address.json()["detail"]
    assert unknown.status_code == 404
    assert foreign_digits.status_code == 400 and "0-9" in foreign_digits.json()["cpr"][0]
    assert as_get.status_code == 405
    assert not AccessLog.objects.exists()


def test_a_consultant_cannot_find_citizens(api, consultant, karen):
    api.force_authenticate(consultant)

    assert api.post(FIND, {"cpr": karen.cpr}).status_code == 403
