"""The permission matrix: every URL of the project (the URL conf, the REST API's router included)
× every role → the status it answers, to a GET and to an empty POST.

The URLs come from the access-log walk's machinery (tests/core/test_access_log_walk.py:
`project_routes()` walks `get_resolver()`, and its `world` gives a citizen of team A — the
caseworker's own — one of the same team, one of team B, a GRID run, an opening of the consultant's
company with a proposed candidate); the API router's registry is checked against the same list.
`MATRIX` below is the explicit table: a route with no entry fails `test_every_url_is_in_the_matrix`,
so a new URL must be declared here, with what each role gets, before it can land.

Each request is made by a fresh client (logged in as the role, or anonymous) inside a transaction
that is rolled back, so an allowed write changes nothing the next request sees. Statuses, in ROLES
order: anonymous, caseworker (own team: the citizens the URLs name are theirs), caseworker of
another team, consultant, manager (leder), API client. The API client gets 403 on every page
(core.api_role); anonymous is sent to the login page (302) or gets 401 from the API.
"""

import pytest
from django.db import transaction
from django.test import Client

from ballerup_jobcenter.api_urls import router
from grid.models import CandidateRequest
from strategy.models import Indicator
from tests.core.test_access_log_walk import (  # noqa: F401 (the walk's fixtures)
    OUTSIDE_THE_WALK,
    ROUTES,
    project_routes,
    users,
    world,
)
from tests.factories.employers import (
    DispensationFactory,
    EmployerContactFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "caseworker", "other_caseworker", "consultant", "manager", "api_user")
METHODS = ("GET", "POST")

# route: (GET statuses, POST statuses), each in ROLES order:
#   anonymous, caseworker (own team), caseworker (other team), consultant, manager, API client.
# A POST is sent with an empty body (a form shown again with its errors is 422, an API 400).
MATRIX: dict[str, tuple[str, str]] = {
    "": ("302 200 200 200 200 403", "302 200 200 200 200 403"),
    "adgangslog/": ("302 403 403 403 200 403", "302 403 403 403 422 403"),
    "api/v1/^[\\s\\S]*$": ("401 404 404 404 404 404", "401 404 404 404 404 404"),
    "api/v1/^citizens/find/$": ("401 405 405 403 405 405", "401 400 400 403 400 400"),
    "api/v1/^candidate-requests/$": ("401 200 200 200 200 403", "401 405 405 405 405 403"),
    "api/v1/^candidate-requests/(?P<pk>\\d+)/$": (
        "401 200 200 200 200 403",
        "401 405 405 405 405 403",
    ),
    "api/v1/^candidate-requests/(?P<pk>\\d+)/answers/$": (
        "401 405 405 405 405 403",
        "401 400 400 403 403 403",
    ),
    "api/v1/^citizens/$": ("401 200 200 403 200 200", "401 400 400 403 403 403"),
    "api/v1/^citizens/(?P<pk>\\d+)/$": ("401 200 403 403 200 200", "401 405 405 403 403 403"),
    "api/v1/^citizens/(?P<pk>\\d+)/accommodations/$": (
        "401 200 403 403 200 200",
        "401 405 405 403 403 403",
    ),
    "api/v1/^citizens/(?P<pk>\\d+)/competences/$": (
        "401 200 403 403 200 200",
        "401 405 405 403 403 403",
    ),
    "api/v1/^citizens/(?P<pk>\\d+)/conversations/$": (
        "401 200 403 403 200 200",
        "401 400 403 403 403 403",
    ),
    "api/v1/^citizens/(?P<pk>\\d+)/interventions/$": (
        "401 200 403 403 200 200",
        "401 400 403 403 403 403",
    ),
    "api/v1/^citizens/(?P<pk>\\d+)/job-tracks/$": (
        "401 200 403 403 200 200",
        "401 405 405 403 403 403",
    ),
    "api/v1/^citizens/(?P<pk>\\d+)/paid-hours/$": (
        "401 200 403 403 200 200",
        "401 400 403 403 403 403",
    ),
    "api/v1/^citizens/(?P<pk>\\d+)/plan/$": ("401 200 403 403 200 200", "401 400 403 403 403 403"),
    "api/v1/^citizens/(?P<pk>\\d+)/timeline/$": (
        "401 200 403 403 200 200",
        "401 405 405 403 403 403",
    ),
    "api/v1/^citizens/transfer/$": ("401 405 405 403 405 405", "401 400 400 403 403 403"),
    "api/v1/^deadlines/$": ("401 200 200 403 200 200", "401 405 405 403 405 405"),
    "api/v1/^employer-contacts/$": ("401 403 403 200 200 200", "401 403 403 400 403 403"),
    "api/v1/^employer-contacts/(?P<pk>[^/.]+)/$": (
        "401 403 403 200 200 200",
        "401 403 403 405 403 403",
    ),
    "api/v1/^employers/$": ("401 200 200 200 200 200", "401 403 403 400 403 403"),
    "api/v1/^employers/(?P<pk>[^/.]+)/$": ("401 200 200 200 200 200", "401 403 403 405 403 403"),
    "api/v1/^employers/samarbejdsgrad/$": ("401 200 200 200 200 200", "401 403 403 405 403 403"),
    "api/v1/^focus-areas/$": ("401 200 200 200 200 200", "401 403 403 403 400 403"),
    "api/v1/^focus-areas/(?P<pk>[^/.]+)/$": ("401 200 200 200 200 200", "401 403 403 403 405 403"),
    "api/v1/^grid/exclusions/$": ("401 200 404 403 200 200", "401 403 403 403 405 403"),
    "api/v1/^grid/plan/$": ("401 403 403 403 200 403", "401 403 403 403 405 403"),
    "api/v1/^grid/supply-demand/$": ("401 403 403 200 200 403", "401 403 403 403 405 403"),
    "api/v1/^indicators/$": ("401 200 200 200 200 200", "401 403 403 403 403 403"),
    "api/v1/^indicators/(?P<pk>[^/.]+)/$": ("401 200 200 200 200 200", "401 403 403 403 403 403"),
    "api/v1/^indicators/(?P<pk>[^/.]+)/compute/$": (
        "401 405 405 405 405 405",
        "401 403 403 403 200 403",
    ),
    "api/v1/^indicators/(?P<pk>[^/.]+)/measurements/$": (
        "401 200 200 200 200 200",
        "401 403 403 403 400 403",
    ),
    "api/v1/^match-runs/$": ("401 200 200 403 200 200", "401 202 202 403 202 403"),
    "api/v1/^match-runs/(?P<pk>\\d+)/$": ("401 200 200 403 200 200", "401 405 405 403 405 403"),
    "api/v1/^matches/$": ("401 200 200 200 200 200", "401 405 405 405 405 405"),
    "api/v1/^matches/(?P<pk>\\d+)/$": ("401 200 404 200 200 200", "401 405 405 405 405 405"),
    "api/v1/^matches/(?P<pk>\\d+)/accept/$": ("401 405 405 405 405 405", "401 403 403 200 403 403"),
    "api/v1/^matches/(?P<pk>\\d+)/propose/$": (
        "401 405 405 405 405 405",
        "401 409 404 403 403 403",
    ),
    "api/v1/^matches/(?P<pk>\\d+)/reject/$": ("401 405 405 405 405 405", "401 403 403 400 403 403"),
    "api/v1/^openings/$": ("401 200 200 200 200 200", "401 403 403 400 403 403"),
    "api/v1/^openings/(?P<pk>[^/.]+)/$": ("401 200 200 200 200 200", "401 403 403 405 403 403"),
    "api/v1/^placements/$": ("401 403 403 200 200 200", "401 403 403 400 403 403"),
    "api/v1/^placements/(?P<pk>[^/.]+)/$": ("401 403 403 200 200 200", "401 403 403 405 403 403"),
    "api/v1/^placements/(?P<pk>[^/.]+)/end/$": (
        "401 403 403 405 405 405",
        "401 403 403 200 403 403",
    ),
    "api/v1/^workplaces/$": ("401 200 200 200 200 200", "401 403 403 400 403 403"),
    "api/v1/^workplaces/(?P<pk>[^/.]+)/$": ("401 200 200 200 200 200", "401 403 403 405 403 403"),
    "api/v1/audit/access-log.csv": ("401 403 403 403 405 403", "401 403 403 403 400 403"),
    "api/v1/audit/access-log/": ("401 403 403 403 405 403", "401 403 403 403 400 403"),
    "api/v1/auth/token/": ("405 405 405 405 405 405", "400 400 400 400 400 400"),
    "api/v1/docs/": ("302 200 200 200 200 200", "302 405 405 405 405 405"),
    "api/v1/me/": ("401 200 200 200 200 200", "401 405 405 405 405 405"),
    "api/v1/openings/<int:pk>/candidate-requests/": (
        "401 403 403 405 405 403",
        "401 403 403 400 400 403",
    ),
    "api/v1/schema/": ("401 200 200 200 200 200", "401 405 405 405 405 405"),
    "borgere/": ("302 200 200 403 200 403", "302 200 200 403 200 403"),
    "borgere/sletning/": ("302 403 403 403 200 403", "302 405 405 405 405 403"),
    "borgere/<int:pk>/": ("302 200 403 403 200 403", "302 200 403 403 200 403"),
    "borgere/<int:pk>/begrundelse/": ("302 405 405 405 405 403", "302 302 403 403 302 403"),
    "borgere/<int:pk>/forloeb/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/<int:pk>/forloeb/afslut/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/<int:pk>/forloeb/nyt/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/<int:pk>/forloeb/sygedagpenge/": (
        "302 200 403 403 403 403",
        "302 422 403 403 403 403",
    ),
    "borgere/<int:pk>/indsatser/ny/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/<int:pk>/jobspor/": ("302 200 403 403 403 403", "302 302 403 403 403 403"),
    "borgere/<int:pk>/loennede-timer/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/<int:pk>/plan/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/<int:pk>/samtaler/ny/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/<int:pk>/skaanebehov/": ("302 200 403 403 403 403", "302 302 403 403 403 403"),
    "borgere/<int:pk>/sprog/": ("302 200 403 403 403 403", "302 302 403 403 403 403"),
    "borgere/<int:pk>/stamdata/": ("302 200 403 403 403 403", "302 422 403 403 403 403"),
    "borgere/find/": ("302 200 200 403 200 403", "302 422 422 403 422 403"),
    "borgere/frister/": ("302 200 200 403 200 403", "302 405 405 405 405 403"),
    "borgere/mine/": ("302 200 200 403 200 403", "302 200 200 403 200 403"),
    "borgere/ny/": ("302 200 200 403 403 403", "302 200 200 403 403 403"),
    "borgere/overdrag/": ("302 200 200 403 403 403", "302 422 422 403 403 403"),
    "grid/": ("302 200 200 302 200 403", "302 405 405 405 405 403"),
    "grid/aabninger/<int:pk>/": ("302 404 404 200 200 403", "302 404 404 200 200 403"),
    "grid/anmodninger/": ("302 200 200 403 403 403", "302 405 405 405 405 403"),
    "grid/anmodninger/<int:pk>/svar/": ("302 405 405 405 405 403", "302 404 404 403 403 403"),
    "grid/fairness/": ("302 403 403 403 200 403", "302 405 405 405 405 403"),
    "grid/kandidater/": ("302 403 403 200 403 403", "302 405 405 405 405 403"),
    "grid/kandidater/<int:pk>/accepter/": ("302 405 405 405 405 403", "302 403 403 302 403 403"),
    "grid/kandidater/<int:pk>/afvis/": ("302 403 403 200 403 403", "302 403 403 422 403 403"),
    "grid/koersler/<int:pk>/": ("302 200 200 403 200 403", "302 405 405 405 405 403"),
    "grid/koersler/<int:pk>/fremdrift/": ("302 200 200 403 200 403", "302 405 405 405 405 403"),
    "grid/koersler/start/": ("302 405 405 405 405 403", "302 422 422 403 422 403"),
    "grid/matches/": ("302 200 200 403 200 403", "302 405 405 405 405 403"),
    "grid/matches/<int:pk>/foreslaa/": ("302 405 405 405 405 403", "302 302 404 403 403 403"),
    "grid/matches/borger/": ("302 200 404 403 200 403", "302 405 405 405 405 403"),
    "grid/matches/borger/udelukket/": ("302 200 404 403 200 403", "302 405 405 405 405 403"),
    "grid/plan/": ("302 403 403 403 200 403", "302 405 405 405 405 403"),
    "grid/udbud-og-efterspoergsel/": ("302 403 403 200 200 403", "302 405 405 405 405 403"),
    "grid/udbud-og-efterspoergsel/kampagneforslag.csv": (
        "302 403 403 200 200 403",
        "302 405 405 405 405 403",
    ),
    "healthz": ("200 200 200 200 200 200", "405 405 405 405 405 405"),
    "session/forlaeng/": ("302 405 405 405 405 403", "302 200 200 200 200 403"),
    "tilgaengelighed/": ("200 200 200 200 200 200", "405 405 405 405 405 405"),
    "i18n/setlang/": ("302 302 302 302 302 302", "302 302 302 302 302 302"),
    "login/": ("200 200 200 200 200 200", "200 200 200 200 200 200"),
    "logout/": ("302 405 405 405 405 405", "302 302 302 302 302 302"),
    "occupations/search/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "strategi/": ("302 302 302 302 302 403", "302 302 302 302 302 403"),
    "strategi/fokusomraader/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "strategi/fokusomraader/<int:pk>/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "strategi/indikatorer/<int:pk>/genberegn/": (
        "302 405 405 405 405 403",
        "302 403 403 403 302 403",
    ),
    "strategi/indikatorer/<int:pk>/vaerdi/": ("302 403 403 403 200 403", "302 403 403 403 422 403"),
    "strategi/overblik/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "strategi/rapport/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "strategi/rapport/csv/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "strategi/rapport/xlsx/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "virksomheder/<int:pk>/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "virksomheder/<int:pk>/arbejdssteder/ny/": (
        "302 403 403 200 403 403",
        "302 403 403 200 403 403",
    ),
    "virksomheder/<int:pk>/kontakter/": ("302 405 405 405 405 403", "302 403 403 422 403 403"),
    "virksomheder/<int:pk>/rediger/": ("302 403 403 200 403 403", "302 403 403 200 403 403"),
    "virksomheder/<int:pk>/tag/": ("302 405 405 405 405 403", "302 403 403 302 403 403"),
    "virksomheder/aabninger/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "virksomheder/aabninger/<int:pk>/rediger/": (
        "302 403 403 200 403 403",
        "302 403 403 200 403 403",
    ),
    "virksomheder/aabninger/<int:pk>/status/": (
        "302 405 405 405 405 403",
        "302 403 403 302 403 403",
    ),
    "virksomheder/arbejdssteder/<int:pk>/dispensationer/ny/": (
        "302 403 403 200 200 403",
        "302 403 403 200 200 403",
    ),
    "virksomheder/arbejdssteder/<int:pk>/rediger/": (
        "302 403 403 200 403 403",
        "302 403 403 200 403 403",
    ),
    "virksomheder/arbejdssteder/soeg/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "virksomheder/behov/ny/": ("302 403 403 200 403 403", "302 403 403 422 403 403"),
    "virksomheder/dispensationer/<int:pk>/rediger/": (
        "302 403 403 200 200 403",
        "302 403 403 200 200 403",
    ),
    "virksomheder/import/": ("302 403 403 200 403 403", "302 403 403 200 403 403"),
    "virksomheder/mine/": ("302 200 200 200 200 403", "302 405 405 405 405 403"),
    "virksomheder/ny/": ("302 403 403 200 403 403", "302 403 403 200 403 403"),
}


# --- The URL each route is requested at ------------------------------------------------------

# A route's <pk> is the object of this key in the world, by the route's start (first match).
TARGETS: tuple[tuple[str, str], ...] = (
    ("borgere/<int:pk>/", "own"),
    ("api/v1/^citizens/(?P<pk>", "own"),
    ("virksomheder/arbejdssteder/<int:pk>/", "workplace"),
    ("virksomheder/dispensationer/", "dispensation"),
    ("virksomheder/aabninger/", "opening"),
    ("virksomheder/<int:pk>/", "employer"),
    ("grid/koersler/", "run"),
    ("grid/matches/", "proposed"),
    ("grid/kandidater/", "proposed"),
    ("grid/aabninger/", "opening"),
    ("grid/anmodninger/", "request"),
    ("strategi/fokusomraader/", "focus_area"),
    ("strategi/indikatorer/<int:pk>/vaerdi/", "manual_indicator"),
    ("strategi/indikatorer/", "computed_indicator"),
    ("api/v1/openings/<int:pk>/", "opening"),
    ("api/v1/^candidate-requests/", "request"),
    ("api/v1/^employer-contacts/", "contact"),
    ("api/v1/^employers/", "employer"),
    ("api/v1/^workplaces/", "workplace"),
    ("api/v1/^openings/", "opening"),
    ("api/v1/^placements/", "placement"),
    ("api/v1/^focus-areas/", "focus_area"),
    ("api/v1/^indicators/(?P<pk>[^/.]+)/measurements/", "manual_indicator"),
    ("api/v1/^indicators/", "computed_indicator"),
    ("api/v1/^match-runs/", "run"),
    ("api/v1/^matches/", "proposed"),
)
PK_PATTERNS = ("<int:pk>", "(?P<pk>\\d+)", "(?P<pk>[^/.]+)")


def url_for(route: str, w: dict) -> str:
    """The address a route is requested at: the walk's own address when it declares one (with
    its query string), else the route with its pk filled from the world."""
    entry = ROUTES.get(route)
    if entry is not None and getattr(entry, "url", None) is not None:
        return entry.url(w)
    path = route
    for pattern in PK_PATTERNS:
        if pattern in path:
            key = next(key for start, key in TARGETS if route.startswith(start))
            path = path.replace(pattern, str(w[key].pk))
    path = path.replace("^", "").replace("$", "")
    return "/" + path


@pytest.fixture
def matrix_world(world, users):  # noqa: F811 (the walk's fixtures)
    w = dict(world)
    opening = w["opening"]
    w["workplace"] = opening.workplace
    w["employer"] = opening.workplace.employer
    w["dispensation"] = DispensationFactory(workplace=opening.workplace)
    w["contact"] = EmployerContactFactory(employer=w["employer"], by=users["consultant"])
    w["placement"] = PlacementFactory(opening=opening, created_by=users["consultant"])
    w["request"] = CandidateRequest.objects.create(
        opening=opening, requested_by=users["consultant"], note="Vi mangler to chauffører."
    )
    indicators = Indicator.objects.select_related("focus_area")
    w["manual_indicator"] = indicators.filter(source=Indicator.Source.MANUAL).first()
    w["computed_indicator"] = indicators.exclude(source=Indicator.Source.MANUAL).first()
    w["focus_area"] = w["computed_indicator"].focus_area
    return w


def status_of(user, method: str, url: str) -> int:
    """One request by a fresh client, its writes rolled back."""
    client = Client()
    if user is not None:
        client.force_login(user)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url)
        transaction.set_rollback(True)
    return response.status_code


def observed(route: str, w: dict, users: dict) -> tuple[str, str]:  # noqa: F811
    url = url_for(route, w)
    return tuple(
        " ".join(
            str(status_of(None if role == "anonymous" else users[role], method, url))
            for role in ROLES
        )
        for method in METHODS
    )


# --- The tests -------------------------------------------------------------------------------


def test_every_url_is_in_the_matrix():
    routes = project_routes()
    assert sorted(routes - set(MATRIX)) == [], "declare these URLs in MATRIX"
    assert sorted(set(MATRIX) - routes) == [], "these URLs in MATRIX no longer exist"


def test_every_endpoint_of_the_api_router_is_in_the_matrix():
    endpoints = {"api/v1/" + str(pattern.pattern) for pattern in router.urls}
    assert endpoints, "the router has endpoints"
    assert sorted(endpoints - set(MATRIX)) == []


def test_the_matrix_names_a_status_for_every_role_and_method():
    for route, statuses in MATRIX.items():
        assert len(statuses) == len(METHODS), route
        for line in statuses:
            assert len(line.split()) == len(ROLES), route
            assert all(code.isdigit() for code in line.split()), route


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_each_url_answers_each_role_as_the_matrix_says(route, matrix_world, users):  # noqa: F811
    got = observed(route, matrix_world, users)
    expected = MATRIX[route]
    assert got == expected, (
        f"{route} ({url_for(route, matrix_world)}): roles {ROLES}\n"
        f"  GET  expected {expected[0]}, got {got[0]}\n  POST expected {expected[1]}, got {got[1]}"
    )


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_admin_is_for_superusers_only(role, users):  # noqa: F811
    """The Django admin (outside the matrix: superusers only) sends every role to its login."""
    client = Client()
    client.force_login(users[role])

    response = client.get("/admin/")

    assert response.status_code in (302, 403)
    assert OUTSIDE_THE_WALK == ("admin/",)
