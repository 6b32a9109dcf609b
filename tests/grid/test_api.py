"""The GRID's REST API: runs (202), matches with reasons and filters, propose / accept (409 when
full) / reject (reason required), the picture, the exclusions, and the access log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from citizens.models import Intervention
from citizens.selectors import citizen_timeline
from core.models import AccessLog
from employers.models import Placement
from grid.models import Match, MatchRun
from tests.factories.employers import PlacementFactory
from tests.grid.ui_fixtures import (  # noqa: F401 (fixtures)
    SECRET_NOTE,
    no_incremental_runs,
    pair_fixture,
    proposed_fixture,
)

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/match-runs/"
MATCHES = "/api/v1/matches/"


def test_posting_a_run_answers_202_with_the_queued_run(api, caseworker):
    api.force_authenticate(caseworker)

    response = api.post(RUNS, {}, format="json")

    assert response.status_code == 202
    body = response.json()
    run = MatchRun.objects.get(pk=body["id"])
    assert body["scope"] == "all"
    assert body["status"] in {"queued", "done"}
    assert body["started_by"] == str(caseworker)
    assert set(body["counts"]) == {
        "citizens",
        "openings",
        "pairs_considered",
        "excluded",
        "matches_kept",
    }
    assert run.started_by == caseworker


def test_a_citizen_in_the_body_narrows_the_scope(api, caseworker, make_citizen):
    citizen = make_citizen()
    api.force_authenticate(caseworker)

    response = api.post(RUNS, {"citizen": citizen.pk}, format="json")

    assert response.status_code == 202
    assert response.json()["scope"] == "citizen"
    assert response.json()["citizen"] == citizen.pk


def test_two_scopes_at_once_or_another_teams_citizen_or_team_are_refused(
    api, caseworker, make_citizen, sygedagpengeafsnit, make_opening
):
    mine = make_citizen()
    theirs = make_citizen(team=sygedagpengeafsnit)
    opening = make_opening()
    api.force_authenticate(caseworker)

    both = api.post(RUNS, {"citizen": mine.pk, "opening": opening.pk}, format="json")
    other_team = api.post(RUNS, {"citizen": theirs.pk}, format="json")
    other_team_scope = api.post(RUNS, {"team": sygedagpengeafsnit.pk}, format="json")

    assert both.status_code == 400
    assert other_team.status_code == 400 and "citizen" in other_team.json()
    assert other_team_scope.status_code == 403 and other_team_scope.json()["detail"]
    assert not MatchRun.objects.exists()


def test_a_run_reads_status_progress_counts_and_timings(api, manager, pair):
    run = Match.objects.first().run
    api.force_authenticate(manager)

    body = api.get(f"{RUNS}{run.pk}/").json()

    assert body["status"] == "done"
    assert body["progress"] == 100
    assert body["counts"]["matches_kept"] == run.matches_kept >= 1
    assert body["counts"]["pairs_considered"] == run.pairs_considered
    assert "wall" in body["timings"]
    assert body["finished_at"]


def test_matches_have_score_rank_reasons_and_status_and_are_logged(api, caseworker, pair):
    citizen, opening, match = pair
    api.force_authenticate(caseworker)

    response = api.get(MATCHES, {"citizen": citizen.pk}, HTTP_ACCEPT_LANGUAGE="da")

    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [match.pk]
    row = rows[0]
    assert row["citizen"] == citizen.pk and row["opening"] == opening.pk
    assert row["status"] == "suggested"
    assert 0 <= row["score"] <= 100 and row["rank"] == 1
    assert "Kan tilbyde: ingen tunge løft" in row["reasons"]
    assert "cpr" not in row
    assert AccessLog.objects.filter(
        actor=caseworker, citizen_id=citizen.pk, action=AccessLog.Action.API_LIST
    ).exists()


def test_the_match_filters_run_opening_and_status(api, caseworker, pair, make_opening):
    _citizen, opening, match = pair
    api.force_authenticate(caseworker)

    assert api.get(MATCHES, {"opening": opening.pk}).json()["count"] == 1
    assert api.get(MATCHES, {"run": match.run_id}).json()["count"] >= 1
    assert api.get(MATCHES, {"run": match.run_id + 100}).json()["count"] == 0
    assert api.get(MATCHES, {"status": "proposed"}).json()["count"] == 0
    assert api.get(MATCHES, {"status": "nonsense"}).status_code == 400


def test_a_match_detail_includes_the_reasons(api, caseworker, pair):
    _citizen, _opening, match = pair
    api.force_authenticate(caseworker)

    body = api.get(f"{MATCHES}{match.pk}/", HTTP_ACCEPT_LANGUAGE="da").json()

    assert body["reasons"][0].startswith("Jobspor 1: ")


def test_propose_accept_creates_placement_and_intervention_in_the_timeline(
    api, caseworker, consultant, pair
):
    citizen, opening, match = pair
    api.force_authenticate(caseworker)
    proposed_response = api.post(f"{MATCHES}{match.pk}/propose/")
    api.force_authenticate(consultant)

    accepted = api.post(f"{MATCHES}{match.pk}/accept/", {}, format="json")

    assert proposed_response.status_code == 200
    assert proposed_response.json()["status"] == "proposed"
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    intervention = Intervention.objects.get(citizen=citizen)
    assert intervention.placement.opening == opening
    kinds = {entry.kind for entry in citizen_timeline(citizen=citizen)}
    assert {"grid_proposed", "grid_accepted"} <= kinds


def test_accept_on_a_full_opening_is_409_with_the_reason_and_saves_nothing(
    api, consultant, proposed
):
    citizen, opening, match = proposed
    PlacementFactory(opening=opening, start=timezone.localdate() - timedelta(days=1))
    api.force_authenticate(consultant)

    response = api.post(
        f"{MATCHES}{match.pk}/accept/", {}, format="json", HTTP_ACCEPT_LANGUAGE="da"
    )

    assert response.status_code == 409
    assert response.json()["detail"]
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED
    assert not Intervention.objects.filter(citizen=citizen).exists()
    assert Placement.objects.filter(opening=opening).count() == 1


def test_reject_needs_a_reason(api, consultant, proposed):
    citizen, _opening, match = proposed
    api.force_authenticate(consultant)

    missing = api.post(f"{MATCHES}{match.pk}/reject/", {}, format="json")
    blank = api.post(f"{MATCHES}{match.pk}/reject/", {"reason": "  "}, format="json")
    given = api.post(f"{MATCHES}{match.pk}/reject/", {"reason": "Mangler truckcertifikat"})

    assert missing.status_code == 400 and "reason" in missing.json()
    assert blank.status_code == 400 and "reason" in blank.json()
    assert given.status_code == 200
    assert given.json()["reject_reason"] == "Mangler truckcertifikat"
    kinds = {entry.kind for entry in citizen_timeline(citizen=citizen)}
    assert "grid_rejected" in kinds


def test_proposing_twice_is_409(api, caseworker, proposed):
    _citizen, _opening, match = proposed
    api.force_authenticate(caseworker)

    assert api.post(f"{MATCHES}{match.pk}/propose/").status_code == 409


def test_a_consultant_sees_proposed_candidates_by_name_and_needs_only(
    api, consultant, caseworker, pair
):
    citizen, _opening, match = pair
    citizen.shared_accommodations = ["no_heavy_lifting"]
    citizen.save()
    api.force_authenticate(consultant)
    before = api.get(MATCHES)
    api.force_authenticate(caseworker)
    api.post(f"{MATCHES}{match.pk}/propose/")
    api.force_authenticate(consultant)

    after = api.get(MATCHES)

    assert before.json()["count"] == 0
    assert citizen.full_name not in before.content.decode()
    text = after.content.decode()
    row = after.json()["results"][0]
    assert (row["first_name"], row["last_name"]) == (citizen.first_name, citizen.last_name)
    assert row["accommodations"] == ["no_heavy_lifting"]
    assert not {"citizen", "score", "rank", "reasons", "opening_rank"} & set(row)
    assert citizen.cpr not in text
    assert citizen.cpr[:6] not in text
    assert SECRET_NOTE not in text
    assert "cpr" not in row


def test_supply_demand_cells_for_a_manager(api, manager, pair):
    api.force_authenticate(manager)

    body = api.get("/api/v1/grid/supply-demand/").json()

    assert {"supply", "demand", "gap"} <= set(body)
    assert any(cell["group"] == "5" and cell["citizens"] >= 1 for cell in body["supply"])
    assert any(cell["group"] == "5" and cell["seats"] >= 1 for cell in body["demand"])
    gap = next(cell for cell in body["gap"] if cell["group"] == "5")
    assert gap["gap"] == gap["citizens"] - gap["free_seats"]


def test_the_plan_compares_optimal_with_greedy(api, manager, pair):
    citizen, opening, _match = pair
    api.force_authenticate(manager)

    body = api.get("/api/v1/grid/plan/").json()

    assert body["optimal"]["placements"] >= body["greedy"]["placements"]
    assert body["more_placements"] == body["optimal"]["placements"] - body["greedy"]["placements"]
    assert {"citizen": citizen.pk, "opening": opening.pk} == {
        key: body["optimal"]["assignments"][0][key] for key in ("citizen", "opening")
    }


def test_exclusions_name_the_hard_limit_and_are_logged(api, caseworker, pair, make_opening):
    citizen, _opening, _match = pair
    no_lifting = make_opening(accommodations=[])  # cannot accommodate the citizen's need
    api.force_authenticate(caseworker)

    response = api.get("/api/v1/grid/exclusions/", {"citizen": citizen.pk})

    rows = {row["opening"]: row for row in response.json()}
    assert rows[no_lifting.pk]["reason"] == "accommodations"
    assert AccessLog.objects.filter(
        actor=caseworker, citizen_id=citizen.pk, action=AccessLog.Action.API_DETAIL
    ).exists()


def test_exclusions_need_the_citizen_parameter(api, caseworker):
    api.force_authenticate(caseworker)

    assert api.get("/api/v1/grid/exclusions/").status_code == 400


def test_the_match_list_queries_do_not_grow_with_rows(
    api, caseworker, make_citizen, make_opening, run_grid, django_assert_max_num_queries
):
    make_opening()
    make_citizen()
    run_grid()
    api.force_authenticate(caseworker)
    with django_assert_max_num_queries(50) as few:
        api.get(MATCHES, {"scope": "team"})
    for _ in range(6):
        make_citizen(tracks=("5322", "5321"))
    make_opening(code="5321")
    run_grid()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api.get(MATCHES, {"scope": "team"})

    assert response.json()["count"] > 6
