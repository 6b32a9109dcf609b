"""The GRID's writes are checked in their services, for the actor they are given
(core.permissions): a caseworker proposes only their own team's citizens, only the responsible
consultant of the opening's company accepts or rejects, and a run for one team or citizen is
started only by someone who may see it. Refused whichever door is used — the service (a task), the
page, the API — and nothing changes."""

import pytest
from django.urls import reverse

from citizens.models import Intervention
from core.exceptions import PermissionRefused
from employers.models import Placement
from grid.models import Match, MatchRun
from grid.services import match_accept, match_propose, match_reject, match_run_start
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_citizen, make_opening, run_grid, consultant):
    citizen = make_citizen()
    opening = make_opening(consultant=consultant, seats=1)
    run_grid()
    return citizen, opening, Match.objects.get(citizen=citizen, opening=opening)


@pytest.fixture
def proposed(pair, caseworker):
    _citizen, _opening, match = pair
    return match_propose(actor=caseworker, match=match)


@pytest.fixture
def other_consultant(consultant):
    from core.roles import CONSULTANT

    return UserFactory(username="vk2", roles=[CONSULTANT])


def _state(match: Match) -> tuple:
    match.refresh_from_db()
    return (
        match.status,
        match.proposed_by_id,
        match.decided_by_id,
        Intervention.objects.count(),
        Placement.objects.count(),
    )


# --- Proposing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_caseworker", "consultant", "manager", "api_user"])
def test_proposing_is_refused_by_the_service_outside_the_citizens_team(who, request, pair):
    _citizen, _opening, match = pair
    before = _state(match)

    with pytest.raises(PermissionRefused):
        match_propose(actor=request.getfixturevalue(who), match=match)

    assert _state(match) == before


def test_proposing_another_teams_citizen_is_refused_by_the_page_and_the_api(
    pair, other_caseworker, login, api
):
    _citizen, _opening, match = pair
    before = _state(match)

    page = login(other_caseworker).post(reverse("grid:propose", args=[match.pk]))
    api.force_authenticate(other_caseworker)
    answer = api.post(f"/api/v1/matches/{match.pk}/propose/")

    assert page.status_code in (403, 404)
    assert answer.status_code in (403, 404)
    assert _state(match) == before


# --- Accepting and rejecting -------------------------------------------------------------------


DECISIONS = {
    "accept": lambda actor, match: match_accept(actor=actor, match=match),
    "reject": lambda actor, match: match_reject(actor=actor, match=match, reason="Nej"),
}


@pytest.mark.parametrize("decision", list(DECISIONS))
@pytest.mark.parametrize("who", ["other_consultant", "caseworker", "manager", "api_user"])
def test_deciding_is_refused_by_the_service_unless_the_openings_consultant(
    decision, who, request, proposed
):
    before = _state(proposed)

    with pytest.raises(PermissionRefused):
        DECISIONS[decision](request.getfixturevalue(who), proposed)

    assert _state(proposed) == before


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_deciding_is_refused_by_the_page_and_the_api_for_another_consultant(
    decision, proposed, other_consultant, login, api
):
    before = _state(proposed)
    data = {"reason": "Nej"}

    page = login(other_consultant).post(reverse(f"grid:{decision}", args=[proposed.pk]), data)
    api.force_authenticate(other_consultant)
    answer = api.post(f"/api/v1/matches/{proposed.pk}/{decision}/", data, format="json")

    assert page.status_code in (403, 404)
    assert answer.status_code in (403, 404)
    assert _state(proposed) == before


def test_the_openings_consultant_accepts_and_the_intervention_is_theirs(proposed, consultant):
    accepted = match_accept(actor=consultant, match=proposed)

    assert accepted.status == Match.Status.ACCEPTED
    assert accepted.intervention.created_by == consultant
    assert accepted.intervention.placement.created_by == consultant


# --- Starting a run ---------------------------------------------------------------------------


def test_a_run_for_another_team_is_refused_by_the_service(caseworker, sygedagpengeafsnit):
    with pytest.raises(PermissionRefused):
        match_run_start(actor=caseworker, scope=MatchRun.Scope.TEAM, team=sygedagpengeafsnit)

    assert not MatchRun.objects.exists()


def test_a_run_for_another_teams_citizen_is_refused_by_the_service(other_caseworker, make_citizen):
    citizen = make_citizen()

    with pytest.raises(PermissionRefused):
        match_run_start(actor=other_caseworker, scope=MatchRun.Scope.CITIZEN, citizen=citizen)

    assert not MatchRun.objects.exists()


def test_a_run_for_another_team_is_refused_by_the_page_and_the_api(
    caseworker, sygedagpengeafsnit, login, api
):
    data = {"scope": "team", "team": sygedagpengeafsnit.pk}

    page = login(caseworker).post(reverse("grid:run_start"), data)
    api.force_authenticate(caseworker)
    answer = api.post("/api/v1/match-runs/", data, format="json")

    assert page.status_code in (403, 422)
    assert answer.status_code == 403
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize("who", ["consultant", "outsider"])
def test_a_run_is_refused_for_roles_without_the_grid(who, request):
    with pytest.raises(PermissionRefused):
        match_run_start(actor=request.getfixturevalue(who))

    assert not MatchRun.objects.exists()


def test_a_user_run_needs_an_actor():
    with pytest.raises(PermissionRefused):
        match_run_start(actor=None, trigger=MatchRun.Trigger.USER)

    assert not MatchRun.objects.exists()
