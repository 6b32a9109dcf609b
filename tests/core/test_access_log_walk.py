"""The access-log walk: every URL of the project is declared here, and what it shows is logged.

`ROUTES` names every URL pattern (the route as Django resolves it). Each is either
- `Shows(...)`: a page or endpoint that shows citizens: it is requested as every role (and, for a
  page, as an htmx fragment too) over a small world of citizens, and for every response the
  citizens it shows (their unique surnames in the body) must be exactly the citizens it wrote one
  access-log row each for, and exactly the citizens that role is expected to see; or
- `NoCitizens(why)`: a URL that shows no citizen. When it can be requested without arguments it
  is, as every role, and must show no citizen and log nothing.

A new URL that is in neither list fails `test_every_url_is_declared`; a declared URL that no longer
exists fails it too. A page that shows a citizen without logging fails `test_..._logs_...`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from citizens.models import Alert, Citizen, JobTrack, PlanRevision
from core.choices import OpeningKind
from core.models import AccessLog
from core.roles import CASEWORKER
from grid.models import Match, MatchRun
from grid.services import match_propose, match_run_start
from tests.factories.citizens import AlertFactory, CitizenFactory, ConversationFactory
from tests.factories.core import UserFactory
from tests.factories.employers import OpeningFactory, WorkplaceFactory, occupation_get_or_create

pytestmark = pytest.mark.django_db

ROLES = ("caseworker", "other_caseworker", "manager", "consultant", "api_user")
# Surnames no fake name contains: finding one in a response means that citizen is shown.
SURNAMES = {"own": "Qadgangaa", "team": "Qadgangbb", "foreign": "Qadgangcc"}
# The Django admin is for superusers only, and no citizen model is registered in it
# (test_no_citizen_model_in_the_admin): it is left out of the walk.
OUTSIDE_THE_WALK = ("admin/",)

World = dict[str, Any]


@dataclass(frozen=True)
class Shows:
    """A URL that shows citizens: `url(world)` to request; `sees[role]` the citizens (keys of
    SURNAMES) that role is shown (missing: none); `actions` the access-log actions it may write."""

    url: Callable[[World], str]
    sees: dict[str, frozenset[str]]
    actions: frozenset[str]
    fragment: bool = True  # also requested as an htmx fragment (pages only)
    # The citizen the address itself names (a record's sub-resource, ?citizen=): shown by any
    # answer that is not an error, even one that does not print the name.
    about: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NoCitizens:
    why: str
    url: Callable[[World], str] | None = field(default=None)


def _s(*keys: str) -> frozenset[str]:
    return frozenset(keys)


ALL = _s("own", "team", "foreign")
TEAM = _s("own", "team")
VIEW = _s(AccessLog.Action.VIEW, AccessLog.Action.SEARCH)
LIST = _s(AccessLog.Action.LIST)
API_DETAIL = _s(AccessLog.Action.API_DETAIL)
API_LIST = _s(AccessLog.Action.API_LIST)
WRITE = "POST only: a write that redirects (its form page, if any, is declared with it)"


def _own(path: str) -> Callable[[World], str]:
    return lambda w: reverse(path, args=[w["own"].pk])


def _api(path: str) -> Callable[[World], str]:
    return lambda w: f"/api/v1/citizens/{w['own'].pk}/{path}"


def _record_form(name: str) -> Shows:
    """A form of the own citizen's record: the caseworker of the team sees the citizen."""
    return Shows(_own(name), {"caseworker": _s("own")}, VIEW, fragment=False)


def _api_sub(path: str) -> Shows:
    return Shows(
        _api(path),
        {"caseworker": _s("own"), "manager": _s("own"), "api_user": _s("own")},
        API_DETAIL,
        about=_s("own"),
    )


ROUTES: dict[str, Shows | NoCitizens] = {
    # --- Shell -----------------------------------------------------------------------------------
    "login/": NoCitizens("the login page"),
    "logout/": NoCitizens("POST only: logs out"),
    "i18n/setlang/": NoCitizens("POST only: switches the language"),
    "": NoCitizens("the start page: counts only", url=lambda w: "/"),
    "healthz": NoCitizens("health check", url=lambda w: "/healthz"),
    "session/forlaeng/": NoCitizens("POST only: renews the session before the idle timeout"),
    "tilgaengelighed/": NoCitizens("the accessibility statement"),
    "occupations/search/": NoCitizens("the occupation list", url=lambda w: "/occupations/search/"),
    "adgangslog/": NoCitizens(
        "the access log of a CPR number (the citizen's right of access): not a read of the case"
    ),
    # --- Citizens (pages) ----------------------------------------------------------------------
    "borgere/": Shows(
        lambda w: reverse("citizens:list"),
        {"caseworker": TEAM, "other_caseworker": _s("foreign"), "manager": ALL},
        LIST,
    ),
    "borgere/mine/": Shows(
        lambda w: reverse("citizens:caseload"),
        {"caseworker": _s("own"), "other_caseworker": _s("foreign")},
        LIST,
    ),
    "borgere/frister/": Shows(
        lambda w: reverse("citizens:agenda") + "?scope=team",
        {"caseworker": TEAM, "other_caseworker": _s("foreign"), "manager": ALL},
        LIST,
        fragment=False,
    ),
    "borgere/ny/": NoCitizens("the form for a new citizen", url=lambda w: "/borgere/ny/"),
    "borgere/find/": NoCitizens(
        "find-by-CPR: a POST form (a CPR number never goes into an address); the GET shows the "
        "empty form. Its searches and refusals: tests/citizens/test_find_by_cpr.py",
        url=lambda w: reverse("citizens:find"),
    ),
    "borgere/overdrag/": Shows(
        lambda w: reverse("citizens:transfer") + f"?citizens={w['own'].pk}",
        {"caseworker": _s("own")},
        LIST,
        fragment=False,
    ),
    # The closed cases due for anonymisation (the world's cases are open: none; logging is proven
    # in tests/citizens/test_retention.py).
    "borgere/sletning/": Shows(lambda w: reverse("citizens:retention"), {}, LIST),
    "borgere/<int:pk>/": Shows(
        _own("citizens:detail"),
        # Another team's caseworker gets a refusal that names nobody (logged as refused); the
        # API client is refused every web page (core.api_role).
        {"caseworker": _s("own"), "manager": _s("own")},
        VIEW,
    ),
    "borgere/<int:pk>/begrundelse/": NoCitizens(WRITE),
    "borgere/<int:pk>/stamdata/": _record_form("citizens:edit"),
    "borgere/<int:pk>/forloeb/": _record_form("citizens:course_change"),
    "borgere/<int:pk>/forloeb/afslut/": _record_form("citizens:course_close"),
    "borgere/<int:pk>/forloeb/nyt/": _record_form("citizens:course_open"),
    "borgere/<int:pk>/plan/": _record_form("citizens:plan_revise"),
    "borgere/<int:pk>/samtaler/ny/": _record_form("citizens:conversation_create"),
    "borgere/<int:pk>/indsatser/ny/": _record_form("citizens:intervention_create"),
    "borgere/<int:pk>/jobspor/": _record_form("citizens:job_tracks"),
    "borgere/<int:pk>/skaanebehov/": _record_form("citizens:accommodations"),
    "borgere/<int:pk>/sprog/": _record_form("citizens:languages"),
    "borgere/<int:pk>/loennede-timer/": _record_form("citizens:paid_hours"),
    "borgere/<int:pk>/forloeb/sygedagpenge/": _record_form("citizens:course_sick_pay"),
    # --- Citizens (API) --------------------------------------------------------------------------
    "api/v1/^citizens/$": Shows(
        lambda w: "/api/v1/citizens/",
        {"caseworker": TEAM, "other_caseworker": _s("foreign"), "manager": ALL, "api_user": ALL},
        API_LIST,
    ),
    "api/v1/^citizens/transfer/$": NoCitizens("POST only: returns a count"),
    "api/v1/^citizens/find/$": NoCitizens(
        "POST only (the CPR number in the body): tests/citizens/test_need_to_know_refusals.py"
    ),
    "api/v1/openings/<int:pk>/candidate-requests/": NoCitizens("POST only: a request"),
    "api/v1/^candidate-requests/$": NoCitizens(
        "requests; a caseworker's fitting citizens (none in the walk)",
        url=lambda w: "/api/v1/candidate-requests/",
    ),
    "api/v1/^candidate-requests/(?P<pk>\\d+)/$": NoCitizens("a request (none in the walk)"),
    "api/v1/^candidate-requests/(?P<pk>\\d+)/answers/$": NoCitizens(WRITE),
    "api/v1/^citizens/(?P<pk>\\d+)/$": _api_sub(""),
    "api/v1/^citizens/(?P<pk>\\d+)/accommodations/$": _api_sub("accommodations/"),
    "api/v1/^citizens/(?P<pk>\\d+)/competences/$": _api_sub("competences/"),
    "api/v1/^citizens/(?P<pk>\\d+)/conversations/$": _api_sub("conversations/"),
    "api/v1/^citizens/(?P<pk>\\d+)/interventions/$": _api_sub("interventions/"),
    "api/v1/^citizens/(?P<pk>\\d+)/job-tracks/$": _api_sub("job-tracks/"),
    "api/v1/^citizens/(?P<pk>\\d+)/paid-hours/$": _api_sub("paid-hours/"),
    "api/v1/^citizens/(?P<pk>\\d+)/plan/$": _api_sub("plan/"),
    "api/v1/^citizens/(?P<pk>\\d+)/timeline/$": _api_sub("timeline/"),
    "api/v1/^deadlines/$": Shows(
        lambda w: "/api/v1/deadlines/?scope=team",
        {"caseworker": TEAM, "other_caseworker": _s("foreign"), "manager": ALL, "api_user": ALL},
        API_LIST,
    ),
    # --- GRID ------------------------------------------------------------------------------------
    "grid/": NoCitizens("start a run, recent runs (counts)", url=lambda w: "/grid/"),
    "grid/koersler/start/": NoCitizens(WRITE),
    "grid/koersler/<int:pk>/": Shows(
        lambda w: f"/grid/koersler/{w['run'].pk}/",
        {
            "caseworker": _s("own"),
            "other_caseworker": _s("foreign"),
            "manager": _s("own", "foreign"),
        },
        LIST,
        fragment=False,
    ),
    "grid/koersler/<int:pk>/fremdrift/": NoCitizens(
        "a run's progress", url=lambda w: f"/grid/koersler/{w['run'].pk}/fremdrift/"
    ),
    # Who fits (counts only) and the thread: the proposed and decided candidates by name.
    "grid/aabninger/<int:pk>/": Shows(
        lambda w: f"/grid/aabninger/{w['opening'].pk}/",
        {"manager": _s("own"), "consultant": _s("own")},
        VIEW,
        fragment=False,
    ),
    "grid/anmodninger/": NoCitizens(
        "requests for candidates with the caseworker's fitting citizens (none in the walk)",
        url=lambda w: "/grid/anmodninger/",
    ),
    "grid/anmodninger/<int:pk>/svar/": NoCitizens(WRITE),
    "virksomheder/<int:pk>/tag/": NoCitizens(WRITE),
    "grid/matches/": Shows(
        lambda w: reverse("grid:results"),
        {
            "caseworker": _s("own"),
            "other_caseworker": _s("foreign"),
            "manager": _s("own", "foreign"),
        },
        LIST,
    ),
    "grid/matches/borger/": Shows(
        lambda w: reverse("grid:citizen_matches") + f"?citizen={w['own'].pk}",
        {"caseworker": _s("own"), "manager": _s("own")},
        VIEW,
        about=_s("own"),
    ),
    "grid/matches/borger/udelukket/": Shows(
        lambda w: reverse("grid:citizen_exclusions") + f"?citizen={w['own'].pk}",
        {"caseworker": _s("own"), "manager": _s("own")},
        VIEW,
        about=_s("own"),
    ),
    "grid/matches/<int:pk>/foreslaa/": NoCitizens(WRITE),
    "grid/kandidater/": Shows(
        lambda w: reverse("grid:candidates"), {"consultant": _s("own")}, LIST
    ),
    "grid/kandidater/<int:pk>/accepter/": NoCitizens(WRITE),
    "grid/kandidater/<int:pk>/afvis/": Shows(
        lambda w: f"/grid/kandidater/{w['proposed'].pk}/afvis/",
        {"consultant": _s("own")},
        VIEW,
        fragment=False,
    ),
    "grid/udbud-og-efterspoergsel/": NoCitizens(
        "counts per occupation group", url=lambda w: "/grid/udbud-og-efterspoergsel/"
    ),
    "grid/udbud-og-efterspoergsel/kampagneforslag.csv": NoCitizens(
        "counts per occupation group and kind (CSV)",
        url=lambda w: "/grid/udbud-og-efterspoergsel/kampagneforslag.csv",
    ),
    "grid/plan/": NoCitizens("seats and scores, no names", url=lambda w: "/grid/plan/"),
    "grid/fairness/": NoCitizens("rates per group", url=lambda w: "/grid/fairness/"),
    "api/v1/^match-runs/$": NoCitizens("runs (counts)", url=lambda w: "/api/v1/match-runs/"),
    "api/v1/^match-runs/(?P<pk>\\d+)/$": NoCitizens(
        "a run (counts)", url=lambda w: f"/api/v1/match-runs/{w['run'].pk}/"
    ),
    "api/v1/^matches/$": Shows(
        lambda w: "/api/v1/matches/",
        {
            "caseworker": _s("own"),
            "other_caseworker": _s("foreign"),
            "manager": _s("own", "foreign"),
            "api_user": _s("own", "foreign"),
            "consultant": _s("own"),
        },
        API_LIST,
    ),
    "api/v1/^matches/(?P<pk>\\d+)/$": Shows(
        lambda w: f"/api/v1/matches/{w['proposed'].pk}/",
        {
            "caseworker": _s("own"),
            "manager": _s("own"),
            "api_user": _s("own"),
            "consultant": _s("own"),
        },
        API_DETAIL,
    ),
    "api/v1/^matches/(?P<pk>\\d+)/accept/$": NoCitizens(WRITE),
    "api/v1/^matches/(?P<pk>\\d+)/propose/$": NoCitizens(WRITE),
    "api/v1/^matches/(?P<pk>\\d+)/reject/$": NoCitizens(WRITE),
    "api/v1/^grid/exclusions/$": Shows(
        lambda w: f"/api/v1/grid/exclusions/?citizen={w['own'].pk}",
        {"caseworker": _s("own"), "manager": _s("own"), "api_user": _s("own")},
        API_DETAIL,
        about=_s("own"),
    ),
    "api/v1/^grid/plan/$": NoCitizens("seats and scores", url=lambda w: "/api/v1/grid/plan/"),
    "api/v1/^grid/supply-demand/$": NoCitizens(
        "counts", url=lambda w: "/api/v1/grid/supply-demand/"
    ),
    # --- Employers (this app knows no citizens) -------------------------------------------------
    "virksomheder/mine/": NoCitizens("employers", url=lambda w: "/virksomheder/mine/"),
    "virksomheder/ny/": NoCitizens("employer form", url=lambda w: "/virksomheder/ny/"),
    "virksomheder/<int:pk>/": NoCitizens(
        "an employer: placements without citizens",
        url=lambda w: f"/virksomheder/{w['opening'].workplace.employer_id}/",
    ),
    "virksomheder/<int:pk>/rediger/": NoCitizens("employer form"),
    "virksomheder/<int:pk>/kontakter/": NoCitizens("contact form"),
    "virksomheder/<int:pk>/arbejdssteder/ny/": NoCitizens("workplace form"),
    "virksomheder/arbejdssteder/<int:pk>/rediger/": NoCitizens("workplace form"),
    "virksomheder/arbejdssteder/soeg/": NoCitizens("workplace search"),
    "virksomheder/arbejdssteder/<int:pk>/dispensationer/ny/": NoCitizens("dispensation form"),
    "virksomheder/dispensationer/<int:pk>/rediger/": NoCitizens("dispensation form"),
    "virksomheder/aabninger/": NoCitizens("openings", url=lambda w: "/virksomheder/aabninger/"),
    "virksomheder/aabninger/<int:pk>/rediger/": NoCitizens("opening form"),
    "virksomheder/aabninger/<int:pk>/status/": NoCitizens("opening status (POST)"),
    "virksomheder/behov/ny/": NoCitizens("recruitment need form"),
    "virksomheder/import/": NoCitizens("employer import"),
    "api/v1/^employers/$": NoCitizens("employers", url=lambda w: "/api/v1/employers/"),
    "api/v1/^employers/samarbejdsgrad/$": NoCitizens("a ratio"),
    "api/v1/^employers/(?P<pk>[^/.]+)/$": NoCitizens("an employer"),
    "api/v1/^workplaces/$": NoCitizens("workplaces", url=lambda w: "/api/v1/workplaces/"),
    "api/v1/^workplaces/(?P<pk>[^/.]+)/$": NoCitizens("a workplace"),
    "api/v1/^openings/$": NoCitizens("openings", url=lambda w: "/api/v1/openings/"),
    "api/v1/^openings/(?P<pk>[^/.]+)/$": NoCitizens("an opening"),
    "api/v1/^employer-contacts/$": NoCitizens(
        "contacts", url=lambda w: "/api/v1/employer-contacts/"
    ),
    "api/v1/^employer-contacts/(?P<pk>[^/.]+)/$": NoCitizens("a contact"),
    "api/v1/^placements/$": NoCitizens(
        "placements: seats, no citizen data", url=lambda w: "/api/v1/placements/"
    ),
    "api/v1/^placements/(?P<pk>[^/.]+)/$": NoCitizens("a placement"),
    "api/v1/^placements/(?P<pk>[^/.]+)/end/$": NoCitizens(WRITE),
    # --- Strategy (figures only) -----------------------------------------------------------------
    "strategi/": NoCitizens("a redirect"),
    "strategi/overblik/": NoCitizens("figures", url=lambda w: "/strategi/overblik/"),
    "strategi/fokusomraader/": NoCitizens("figures", url=lambda w: "/strategi/fokusomraader/"),
    "strategi/fokusomraader/<int:pk>/": NoCitizens("figures"),
    "strategi/rapport/": NoCitizens("figures", url=lambda w: "/strategi/rapport/"),
    "strategi/rapport/csv/": NoCitizens("figures", url=lambda w: "/strategi/rapport/csv/"),
    "strategi/rapport/xlsx/": NoCitizens("figures (a binary file)"),
    "strategi/indikatorer/<int:pk>/vaerdi/": NoCitizens("a figure"),
    "strategi/indikatorer/<int:pk>/genberegn/": NoCitizens(WRITE),
    "api/v1/^focus-areas/$": NoCitizens("figures", url=lambda w: "/api/v1/focus-areas/"),
    "api/v1/^focus-areas/(?P<pk>[^/.]+)/$": NoCitizens("figures"),
    "api/v1/^indicators/$": NoCitizens("figures", url=lambda w: "/api/v1/indicators/"),
    "api/v1/^indicators/(?P<pk>[^/.]+)/$": NoCitizens("figures"),
    "api/v1/^indicators/(?P<pk>[^/.]+)/compute/$": NoCitizens(WRITE),
    "api/v1/^indicators/(?P<pk>[^/.]+)/measurements/$": NoCitizens("figures"),
    # --- API shell -------------------------------------------------------------------------------
    "api/v1/auth/token/": NoCitizens("POST only: a token"),
    "api/v1/me/": NoCitizens("the user", url=lambda w: "/api/v1/me/"),
    "api/v1/schema/": NoCitizens("the OpenAPI schema"),
    "api/v1/docs/": NoCitizens("the API documentation"),
    "api/v1/audit/access-log/": NoCitizens(
        "the access log of a CPR number (the citizen's right of access): not a read of the case"
    ),
    "api/v1/audit/access-log.csv": NoCitizens("the same, as CSV"),
    "api/v1/^[\\s\\S]*$": NoCitizens(
        "JSON 404 for any other address", url=lambda w: "/api/v1/ingen/"
    ),
}


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def project_routes() -> set[str]:
    return {
        route
        for route in _routes(get_resolver().url_patterns)
        if not route.startswith(OUTSIDE_THE_WALK)
    }


def test_every_url_is_declared_as_showing_citizens_or_not():
    routes = project_routes()
    assert sorted(routes - set(ROUTES)) == [], "declare these URLs in ROUTES"
    assert sorted(set(ROUTES) - routes) == [], "these declared URLs no longer exist"


def test_no_citizen_model_in_the_admin():
    citizen_models = {Citizen, Alert, JobTrack, PlanRevision, Match}
    assert not citizen_models & {
        model for model in admin.site._registry if model.__name__ != "Match"
    }
    # The GRID's Match admin lists ids only, never a name or a CPR number.
    match_admin = admin.site._registry.get(Match)
    if match_admin is not None:
        assert "citizen" not in match_admin.list_display


# --- The world ---------------------------------------------------------------------------------


@pytest.fixture
def users(caseworker, other_caseworker, manager, consultant, api_user):
    return {
        "caseworker": caseworker,
        "other_caseworker": other_caseworker,
        "manager": manager,
        "consultant": consultant,
        "api_user": api_user,
    }


@pytest.fixture
def world(users, jobafsnit, sygedagpengeafsnit, django_capture_on_commit_callbacks):
    """Three citizens (the caseworker's own, another of the same team, another team's), each
    with a deadline; the own and the foreign one matched by the GRID to the consultant's opening,
    the own one proposed."""
    colleague = UserFactory(username="sb-job-kollega", team=jobafsnit, roles=[CASEWORKER])
    teams = {
        "own": (jobafsnit, users["caseworker"]),
        "team": (jobafsnit, colleague),
        "foreign": (sygedagpengeafsnit, users["other_caseworker"]),
    }
    world: World = {}
    today = timezone.localdate()
    for key, (team, caseworker) in teams.items():
        citizen = CitizenFactory(
            team=team, caseworker=caseworker, last_name=SURNAMES[key], postcode="2750"
        )
        AlertFactory(citizen=citizen, due=today)
        ConversationFactory(citizen=citizen, held_by=caseworker)
        if key != "team":
            JobTrack.objects.create(
                citizen=citizen, occupation=occupation_get_or_create("5322"), priority=1
            )
        world[key] = citizen
    workplace = WorkplaceFactory(postcode="2750", ordinary_employees=100)
    workplace.employer.consultant = users["consultant"]
    workplace.employer.save()
    world["opening"] = OpeningFactory(
        workplace=workplace,
        occupation_code="5322",
        kind=OpeningKind.ORDINAERT_JOB,
        seats=2,
        hours_min=15,
        hours_max=30,
    )
    with override_settings(GRID_INCREMENTAL=False):
        with django_capture_on_commit_callbacks(execute=True):
            world["run"] = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
        match = Match.objects.get(citizen=world["own"], opening=world["opening"])
        world["proposed"] = match_propose(actor=users["caseworker"], match=match)
    return world


def _shown(body: str) -> set[str]:
    return {key for key, surname in SURNAMES.items() if surname in body}


def _request(user, url: str, *, fragment: bool = False):
    client = Client()
    client.force_login(user)
    before = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    headers = {"HX-Request": "true"} if fragment else {}
    response = client.get(url, headers=headers)
    rows = list(AccessLog.objects.filter(id__gt=before))
    return response, rows


def _named(world: World, url: str) -> set[str]:
    """The citizens an address names by id (/borgere/7/, ?citizen=7)."""
    if not url.startswith(("/borgere/", "/api/v1/citizens/")) and "citizen=" not in url:
        return set()
    return {key for key in SURNAMES if re.search(rf"(/|=){world[key].pk}(/|&|$)", url) is not None}


def _check(
    route: str, role: str, user, world: World, response, rows, expected, url: str = ""
) -> None:
    where = f"{route} as {role}"
    body = response.content.decode("utf-8", errors="replace")
    shown = _shown(body)
    if response.status_code < 400:
        shown |= ROUTES[route].about  # the citizen the address names, when it answers
    # A refused attempt (need to know) is logged as `refused` for the citizen the address names,
    # and only when the answer is a refusal; it shows nobody.
    refused = [row for row in rows if row.action == AccessLog.Action.REFUSED]
    rows = [row for row in rows if row.action != AccessLog.Action.REFUSED]
    names = {world[key].pk: key for key in SURNAMES}
    if refused:
        assert response.status_code >= 400, f"{where}: refused rows with {response.status_code}"
        assert {names.get(row.citizen_id) for row in refused} <= _named(world, url), where
        assert not shown, f"{where}: a refusal shows {shown}"
    if role == "other_caseworker" and response.status_code in (403, 404) and _named(world, url):
        assert refused, f"{where}: the refused attempt ({response.status_code}) is not logged"
    logged = sorted(row.citizen_id for row in rows)
    assert logged == sorted(world[key].pk for key in shown), (
        f"{where} ({response.status_code}): shown {shown}, logged {[names.get(i) for i in logged]}"
    )
    assert shown == set(expected), f"{where}: expected {set(expected)}, shown {shown}"
    for row in rows:
        assert row.actor_id == user.pk, where


@pytest.mark.parametrize(
    "route", sorted(route for route, entry in ROUTES.items() if isinstance(entry, Shows))
)
def test_each_url_that_shows_citizens_logs_one_row_per_citizen_shown(route, users, world):
    entry = ROUTES[route]
    url = entry.url(world)
    for role in ROLES:
        user = users[role]
        expected = entry.sees.get(role, frozenset())
        response, rows = _request(user, url)
        _check(route, role, user, world, response, rows, expected, url)
        if expected:
            assert {row.action for row in rows} <= entry.actions | {AccessLog.Action.SEARCH}, (
                f"{route} as {role}: {[row.action for row in rows]}"
            )
        if entry.fragment and not url.startswith("/api/"):
            response, rows = _request(user, url, fragment=True)
            _check(route, role, user, world, response, rows, expected, url)


@pytest.mark.parametrize(
    "route",
    sorted(
        route
        for route, entry in ROUTES.items()
        if isinstance(entry, NoCitizens) and entry.url is not None
    ),
)
def test_each_url_declared_without_citizens_shows_and_logs_none(route, users, world):
    url = ROUTES[route].url(world)
    for role in ROLES:
        response, rows = _request(users[role], url)
        body = response.content.decode("utf-8", errors="replace")
        assert _shown(body) == set(), f"{route} as {role} shows {_shown(body)}"
        assert rows == [], f"{route} as {role} logged {len(rows)} rows"
