"""A caseworker sees only the GRID runs of their own team (issue 13, item 8): the runs of
everyone (all citizens, one opening) and the runs of their own team or one of its citizens —
never another team's run, nor the id of another team's citizen, in the pages or the API, lists,
details and fragments. A manager sees every run. The API client starts no run."""

import pytest

from core.models import AccessLog
from grid.models import MatchRun
from tests.grid.ui_fixtures import no_incremental_runs  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(make_citizen, make_opening, run_grid, jobafsnit, sygedagpengeafsnit):
    own = make_citizen(team=jobafsnit)
    foreign = make_citizen(team=sygedagpengeafsnit)
    opening = make_opening()
    return {
        "all": run_grid(),
        "opening": run_grid(scope=MatchRun.Scope.OPENING, opening=opening),
        "own_team": run_grid(scope=MatchRun.Scope.TEAM, team=jobafsnit),
        "own_citizen": run_grid(scope=MatchRun.Scope.CITIZEN, citizen=own),
        "foreign_team": run_grid(scope=MatchRun.Scope.TEAM, team=sygedagpengeafsnit),
        "foreign_citizen": run_grid(scope=MatchRun.Scope.CITIZEN, citizen=foreign),
        "foreign": foreign,
    }


VISIBLE = {"all", "opening", "own_team", "own_citizen"}
HIDDEN = {"foreign_team", "foreign_citizen"}


def test_the_api_lists_a_caseworker_only_the_runs_of_everyone_and_the_own_team(
    api, caseworker, runs
):
    api.force_authenticate(caseworker)

    listed = {row["id"] for row in api.get("/api/v1/match-runs/").json()["results"]}

    assert listed == {runs[key].pk for key in VISIBLE}
    assert runs["foreign"].pk not in [
        row["citizen"] for row in api.get("/api/v1/match-runs/").json()["results"]
    ]


@pytest.mark.parametrize("key", sorted(HIDDEN))
def test_another_teams_run_is_not_found_for_a_caseworker_in_the_api_and_the_pages(
    api, client, caseworker, runs, key
):
    api.force_authenticate(caseworker)
    client.force_login(caseworker)
    run = runs[key]

    assert api.get(f"/api/v1/match-runs/{run.pk}/").status_code == 404
    assert client.get(f"/grid/koersler/{run.pk}/").status_code == 404
    assert client.get(f"/grid/koersler/{run.pk}/fremdrift/").status_code == 404
    fragment = client.get(f"/grid/koersler/{run.pk}/fremdrift/", headers={"HX-Request": "true"})
    assert fragment.status_code == 404
    assert not AccessLog.objects.filter(citizen_id=runs["foreign"].pk).exists()


@pytest.mark.parametrize("key", sorted(VISIBLE))
def test_the_runs_of_everyone_and_the_own_team_open_for_a_caseworker(
    api, client, caseworker, runs, key
):
    api.force_authenticate(caseworker)
    client.force_login(caseworker)
    run = runs[key]

    assert api.get(f"/api/v1/match-runs/{run.pk}/").status_code == 200
    assert client.get(f"/grid/koersler/{run.pk}/").status_code == 200


def test_the_overview_page_lists_a_caseworker_no_other_teams_run(client, caseworker, runs):
    client.force_login(caseworker)

    shown = {run.pk for run in client.get("/grid/").context["runs"]}

    assert shown == {runs[key].pk for key in VISIBLE}


def test_the_other_teams_caseworker_sees_their_own_and_not_ours(api, other_caseworker, runs):
    api.force_authenticate(other_caseworker)

    listed = {row["id"] for row in api.get("/api/v1/match-runs/").json()["results"]}

    assert listed == {runs[key].pk for key in ("all", "opening", "foreign_team", "foreign_citizen")}


def test_a_manager_sees_every_run(api, manager, runs):
    api.force_authenticate(manager)

    listed = {row["id"] for row in api.get("/api/v1/match-runs/").json()["results"]}

    assert listed == {runs[key].pk for key in VISIBLE | HIDDEN}


def test_the_api_client_may_not_start_a_run_through_the_api_or_the_service(api, api_user, db):
    from core.exceptions import PermissionRefused
    from grid.services import match_run_start

    api.force_authenticate(api_user)

    assert api.post("/api/v1/match-runs/", {}, format="json").status_code == 403
    with pytest.raises(PermissionRefused):
        match_run_start(actor=api_user)
    assert not MatchRun.objects.exists()
