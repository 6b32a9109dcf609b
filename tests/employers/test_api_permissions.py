"""Who may do what on the employers' API: each role x endpoint x method.

Writes are sent with an empty body, so a role that may write gets past the permission check and is
stopped by validation (400), and a role that may not gets 403. No role may delete (403)."""

import pytest

from tests.factories.employers import (
    EmployerContactFactory,
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
)

pytestmark = pytest.mark.django_db

R, W = "read", "write"
ENDPOINTS = ["employers", "workplaces", "openings", "employer-contacts", "placements"]
# What each role may do per endpoint (from the apps' role_permissions).
GRANTS = {
    "consultant": {endpoint: {R, W} for endpoint in ENDPOINTS},
    "caseworker": {"employers": {R}, "workplaces": {R}, "openings": {R}},
    "manager": {endpoint: {R} for endpoint in ENDPOINTS},
    "api_user": {endpoint: {R} for endpoint in ENDPOINTS},
    "outsider": {},
}
UPDATABLE = {"employers", "workplaces", "openings"}  # contacts and placements: list/create only


@pytest.fixture
def rows():
    employer = EmployerFactory()
    workplace = WorkplaceFactory(employer=employer)
    opening = OpeningFactory(workplace=workplace)
    return {
        "employers": employer.pk,
        "workplaces": workplace.pk,
        "openings": opening.pk,
        "employer-contacts": EmployerContactFactory(employer=employer).pk,
        "placements": PlacementFactory(opening=opening).pk,
    }


def expected(role: str, endpoint: str, method: str) -> int:
    grants = GRANTS[role].get(endpoint, set())
    if method in ("list", "detail"):
        return 200 if R in grants else 403
    if method == "create":
        return 400 if W in grants else 403
    if method == "update":
        if W not in grants:
            return 403
        return 400 if endpoint in UPDATABLE else 405
    if method == "delete":
        return 403  # no role holds a delete permission
    raise AssertionError(method)


def call(api, method: str, endpoint: str, pk: int):
    collection = f"/api/v1/{endpoint}/"
    item = f"{collection}{pk}/"
    if method == "list":
        return api.get(collection)
    if method == "detail":
        return api.get(item)
    if method == "create":
        return api.post(collection, {})
    if method == "update":
        return api.put(item, {})
    if method == "delete":
        return api.delete(item)
    raise AssertionError(method)


@pytest.mark.parametrize("role", list(GRANTS))
@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("method", ["list", "detail", "create", "update", "delete"])
def test_permission_matrix(request, api, rows, role, endpoint, method):
    api.force_authenticate(request.getfixturevalue(role))

    response = call(api, method, endpoint, rows[endpoint])

    assert response.status_code == expected(role, endpoint, method), response.content
    if response.status_code == 403:
        assert response.json()["detail"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("method", ["list", "detail", "create", "update", "delete"])
def test_anonymous_gets_401(api, rows, endpoint, method):
    response = call(api, method, endpoint, rows[endpoint])

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("consultant", 200),
        ("manager", 200),
        ("api_user", 200),
        ("caseworker", 200),
        ("outsider", 403),
    ],
)
def test_samarbejdsgrad_is_read_by_those_who_read_companies(request, api, role, status):
    api.force_authenticate(request.getfixturevalue(role))

    assert api.get("/api/v1/employers/samarbejdsgrad/").status_code == status


def test_anonymous_samarbejdsgrad_is_401(api, db):
    assert api.get("/api/v1/employers/samarbejdsgrad/").status_code == 401


@pytest.mark.parametrize("role", ["caseworker", "manager", "api_user", "outsider"])
def test_only_a_consultant_may_end_a_placement(request, api, rows, role):
    api.force_authenticate(request.getfixturevalue(role))

    response = api.post(f"/api/v1/placements/{rows['placements']}/end/", {"cancel": True})

    assert response.status_code == 403


def test_a_consultant_can_change_a_company_with_a_valid_body(api, consultant, rows):
    api.force_authenticate(consultant)

    response = api.patch(f"/api/v1/employers/{rows['employers']}/", {"name": "Nyt navn"})

    assert response.status_code == 200
    assert response.json()["name"] == "Nyt navn"
