"""Who may do what in the GRID, for every API endpoint and page: caseworker (own team),
caseworker of another team, consultant, manager (leder), API client and anonymous. A consultant
never sees CPR, notes or citizens who were not proposed to them."""

import pytest
from django.urls import reverse

from core.roles import CONSULTANT
from grid.models import Match
from tests.factories.core import UserFactory
from tests.grid.ui_fixtures import (  # noqa: F401 (fixtures)
    SECRET_NOTE,
    no_incremental_runs,
    pair_fixture,
    proposed_fixture,
)

pytestmark = pytest.mark.django_db

ROLES = ["caseworker", "other_caseworker", "consultant", "manager", "api_user", "anonymous"]


def _api_as(request, api, role):
    if role != "anonymous":
        api.force_authenticate(request.getfixturevalue(role))
    return api


def _client_as(request, client, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


# --- API ---------------------------------------------------------------------------------------

API_READS = {
    # endpoint: expected status per role (caseworker, other, consultant, manager, api, anonymous)
    "runs": (200, 200, 403, 200, 200, 401),
    "run": (200, 200, 403, 200, 200, 401),
    "matches": (200, 200, 200, 200, 200, 401),
    "match": (200, 404, 404, 200, 200, 401),
    "supply_demand": (403, 403, 200, 200, 403, 401),
    "plan": (403, 403, 403, 200, 403, 401),
    "exclusions": (200, 404, 403, 200, 200, 401),
}


def _api_url(name, citizen, match):
    return {
        "runs": "/api/v1/match-runs/",
        "run": f"/api/v1/match-runs/{match.run_id}/",
        "matches": "/api/v1/matches/",
        "match": f"/api/v1/matches/{match.pk}/",
        "supply_demand": "/api/v1/grid/supply-demand/",
        "plan": "/api/v1/grid/plan/",
        "exclusions": f"/api/v1/grid/exclusions/?citizen={citizen.pk}",
    }[name]


@pytest.mark.parametrize("endpoint", sorted(API_READS))
@pytest.mark.parametrize("role", ROLES)
def test_api_reads(request, api, pair, role, endpoint):
    citizen, _opening, match = pair
    expected = API_READS[endpoint][ROLES.index(role)]

    response = _api_as(request, api, role).get(_api_url(endpoint, citizen, match))

    assert response.status_code == expected, response.content
    text = response.content.decode()
    if role in ("other_caseworker", "consultant", "anonymous"):
        assert citizen.full_name not in text
    assert citizen.cpr not in text
    assert SECRET_NOTE not in text


@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, (202, 202, 403, 202, 403, 401), strict=True)),
)
def test_api_start_a_run(request, api, db, role, expected, caseworker):
    response = _api_as(request, api, role).post("/api/v1/match-runs/", {}, format="json")

    assert response.status_code == expected


@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, (200, 404, 403, 403, 403, 401), strict=True)),
)
def test_api_propose(request, api, pair, role, expected):
    _citizen, _opening, match = pair

    response = _api_as(request, api, role).post(f"/api/v1/matches/{match.pk}/propose/")

    assert response.status_code == expected
    match.refresh_from_db()
    assert (match.status == Match.Status.PROPOSED) == (expected == 200)


@pytest.mark.parametrize("action", ["accept", "reject"])
@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, (403, 403, 200, 403, 403, 401), strict=True)),
)
def test_api_decide(request, api, proposed, role, expected, action):
    _citizen, _opening, match = proposed

    response = _api_as(request, api, role).post(
        f"/api/v1/matches/{match.pk}/{action}/", {"reason": "Passer ikke"}, format="json"
    )

    assert response.status_code == expected
    match.refresh_from_db()
    assert (match.status != Match.Status.PROPOSED) == (expected == 200)


def test_api_another_consultant_cannot_decide_or_see(api, proposed):
    citizen, _opening, match = proposed
    other = UserFactory(username="vk-anden", roles=[CONSULTANT])
    api.force_authenticate(other)

    listed = api.get("/api/v1/matches/")
    accepted = api.post(f"/api/v1/matches/{match.pk}/accept/", {}, format="json")

    assert listed.json()["count"] == 0
    assert citizen.full_name not in listed.content.decode()
    assert accepted.status_code == 404


def test_api_consultant_sees_the_proposed_citizen_but_never_cpr_or_notes(api, consultant, proposed):
    citizen, _opening, match = proposed
    api.force_authenticate(consultant)

    listed = api.get("/api/v1/matches/").content.decode()
    detail = api.get(f"/api/v1/matches/{match.pk}/").content.decode()

    for text in (listed, detail):
        assert f'"first_name":"{citizen.first_name}","last_name":"{citizen.last_name}"' in text
        assert citizen.cpr not in text and citizen.cpr[:6] not in text
        assert SECRET_NOTE not in text
        assert '"cpr"' not in text


def test_api_consultant_sees_name_shared_needs_and_hours_only(api, consultant, proposed):
    citizen, _opening, match = proposed
    citizen.accommodations = ["no_heavy_lifting", "quiet_environment"]
    citizen.shared_accommodations = ["quiet_environment"]
    citizen.max_hours_per_week = 20
    citizen.save()
    api.force_authenticate(consultant)

    row = api.get(f"/api/v1/matches/{match.pk}/").json()

    assert set(row) == {
        "id",
        "opening",
        "first_name",
        "last_name",
        "accommodations",
        "max_hours_per_week",
        "hours_low",
        "hours_high",
        "booked_hours",
        "status",
        "proposed_at",
        "decided_at",
        "reject_reason",
    }
    assert row["accommodations"] == ["quiet_environment"]
    assert (row["max_hours_per_week"], row["hours_high"]) == (20, 20)


# --- Pages -------------------------------------------------------------------------------------

# The API client is refused every page (core.api_role): its account is for the REST API only.
PAGE_READS = {
    "overview": (200, 200, 302, 200, 403, 302),
    "run": (200, 200, 403, 200, 403, 302),
    "run_progress": (200, 200, 403, 200, 403, 302),
    "results": (200, 200, 403, 200, 403, 302),
    "citizen_matches": (200, 404, 403, 200, 403, 302),
    "citizen_exclusions": (200, 404, 403, 200, 403, 302),
    "candidates": (403, 403, 200, 403, 403, 302),
    "supply_demand": (403, 403, 200, 200, 403, 302),
    "supply_demand_csv": (403, 403, 200, 200, 403, 302),
    "plan": (403, 403, 403, 200, 403, 302),
    "fairness": (403, 403, 403, 200, 403, 302),
}


def _page_url(name, citizen, match):
    if name in ("run", "run_progress"):
        return reverse(f"grid:{name}", args=[match.run_id])
    if name.startswith("citizen_"):
        return f"{reverse(f'grid:{name}')}?citizen={citizen.pk}"
    return reverse(f"grid:{name}")


@pytest.mark.parametrize("page", sorted(PAGE_READS))
@pytest.mark.parametrize("role", ROLES)
def test_page_reads(request, client, pair, role, page):
    citizen, _opening, match = pair
    expected = PAGE_READS[page][ROLES.index(role)]

    response = _client_as(request, client, role).get(_page_url(page, citizen, match))

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if role == "consultant" and page == "overview":
        assert response["Location"] == reverse("grid:candidates")
    text = response.content.decode()
    if role in ("other_caseworker", "consultant", "anonymous"):
        assert citizen.full_name not in text
    assert citizen.cpr not in text
    assert SECRET_NOTE not in text


@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, (302, 302, 403, 302, 403, 302), strict=True)),
)
def test_page_start_a_run(request, client, db, role, expected, caseworker):
    response = _client_as(request, client, role).post(reverse("grid:run_start"), {"scope": "all"})

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, (302, 404, 403, 403, 403, 302), strict=True)),
)
def test_page_propose(request, client, pair, role, expected):
    _citizen, _opening, match = pair

    response = _client_as(request, client, role).post(reverse("grid:propose", args=[match.pk]))

    assert response.status_code == expected
    match.refresh_from_db()
    assert (match.status == Match.Status.PROPOSED) == (role == "caseworker")


@pytest.mark.parametrize("action", ["accept", "reject"])
@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, (403, 403, 302, 403, 403, 302), strict=True)),
)
def test_page_decide(request, client, proposed, role, expected, action):
    _citizen, _opening, match = proposed

    response = _client_as(request, client, role).post(
        reverse(f"grid:{action}", args=[match.pk]), {"reason": "Passer ikke"}
    )

    assert response.status_code == expected
    match.refresh_from_db()
    assert (match.status != Match.Status.PROPOSED) == (role == "consultant")


def test_page_another_consultant_sees_no_candidate_and_cannot_decide(client, proposed):
    citizen, _opening, match = proposed
    other = UserFactory(username="vk-anden", roles=[CONSULTANT])
    client.force_login(other)

    page = client.get(reverse("grid:candidates"))
    accepted = client.post(reverse("grid:accept", args=[match.pk]))

    assert citizen.full_name not in page.content.decode()
    assert accepted.status_code == 404


def test_a_user_without_a_role_gets_403_on_the_pages_and_the_api(client, api, outsider, pair):
    client.force_login(outsider)
    api.force_authenticate(outsider)

    assert client.get(reverse("grid:overview")).status_code == 403
    assert client.get(reverse("grid:results")).status_code == 403
    assert api.get("/api/v1/matches/").status_code == 403
    assert api.get("/api/v1/match-runs/").status_code == 403
