"""A run's results can be found by its id (a scoped run's rows live on in the current run), and
"Match for mine borgere" is the caseworker's own caseload unless the team is asked for."""

import pytest
from django.urls import reverse

from core.roles import CASEWORKER
from grid.models import Match, MatchRun
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db
MATCHES = "/api/v1/matches/"


@pytest.fixture
def two_citizens(make_citizen, make_opening, run_grid, caseworker, jobafsnit):
    colleague = UserFactory(username="kollega", roles=[CASEWORKER], team=jobafsnit)
    mine = make_citizen(caseworker=caseworker, first_name="Min", last_name="Borger")
    theirs = make_citizen(caseworker=colleague, first_name="Kollegas", last_name="Borger")
    make_opening()
    make_opening()
    full = run_grid()
    return mine, theirs, full


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_a_scoped_runs_results_are_found_by_its_id(api, caseworker, two_citizens, run_grid):
    mine, theirs, full = two_citizens
    scoped = run_grid(scope=MatchRun.Scope.CITIZEN, citizen=mine)
    api.force_authenticate(caseworker)

    by_run = api.get(MATCHES, {"run": scoped.pk})
    run_resource = api.get(f"/api/v1/match-runs/{scoped.pk}/").json()

    produced = set(Match.objects.filter(citizen=mine).values_list("pk", flat=True))
    assert produced and ids(by_run) == produced
    assert run_resource["matches"].endswith(f"/api/v1/matches/?run={scoped.pk}")
    # The current full run's id gives every row it holds now, the merged ones included.
    assert ids(api.get(MATCHES, {"run": full.pk})) == set(
        Match.objects.values_list("pk", flat=True)
    )
    assert Match.objects.filter(citizen=theirs).exists()


def test_the_run_page_shows_the_runs_results(login, caseworker, two_citizens, run_grid):
    mine, _theirs, _full = two_citizens
    scoped = run_grid(scope=MatchRun.Scope.CITIZEN, citizen=mine)

    page = login(caseworker).get(reverse("grid:run", args=[scoped.pk])).content.decode()

    assert "Kørslens resultater" in page
    assert "Borger, Min" in page or "Min Borger" in page
    assert "Kollegas Borger" not in page
    assert f"?run={scoped.pk}&amp;scope=team" in page


def test_matches_for_mine_borgere_is_my_caseload_by_default_with_a_switch_to_the_team(
    login, caseworker, two_citizens
):
    client = login(caseworker)

    mine_only = client.get(reverse("grid:results")).content.decode()
    team = client.get(reverse("grid:results"), {"scope": "team"}).content.decode()

    assert "Min Borger" in mine_only and "Kollegas Borger" not in mine_only
    assert "Min Borger" in team and "Kollegas Borger" in team
    assert 'value="mine"' in mine_only and "Hele afsnittets borgere" in mine_only


def test_the_api_gives_my_caseload_unless_the_team_is_asked_for(api, caseworker, two_citizens):
    mine, theirs, _full = two_citizens
    api.force_authenticate(caseworker)

    team = api.get(MATCHES, {"scope": "team"})
    own = api.get(MATCHES)

    citizens = lambda response: {row["citizen"] for row in response.json()["results"]}  # noqa: E731
    assert citizens(team) == {mine.pk, theirs.pk}
    assert citizens(own) == {mine.pk}
