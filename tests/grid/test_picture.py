"""The picture for managers: the optimal plan against greedy, supply/demand, fairness."""

import numpy as np
import pytest
from django.http import Http404

from grid.picture import PlanInput, plan_greedy, plan_optimal
from grid.selectors import fairness_report, optimal_plan, supply_demand

pytestmark = pytest.mark.django_db


def plan(edges, seats, workplace_of=None, room=None):
    data = np.array(edges, dtype=np.int64).reshape(-1, 3)
    return PlanInput(data[:, 0], data[:, 1], data[:, 2], seats, workplace_of or {}, room or {})


def test_optimal_places_more_than_greedy_where_greedy_blocks_a_seat():
    # Citizen 1 is best at opening 10 but could also take 11; citizen 2 fits only 10.
    data = plan([(1, 10, 90), (1, 11, 80), (2, 10, 85)], {10: 1, 11: 1})

    greedy, optimal = plan_greedy(data), plan_optimal(data)

    assert greedy.placements == 1
    assert optimal.placements == 2
    assert sorted(optimal.assignments) == [(1, 11, 80), (2, 10, 85)]


def test_the_plan_respects_seats_and_the_rimelighedskrav_room():
    edges = [(c, o, 50 + c) for c in range(1, 6) for o in (10, 11)]
    data = plan(edges, {10: 3, 11: 3}, workplace_of={10: 7, 11: 7}, room={7: 2})

    optimal = plan_optimal(data)

    assert optimal.placements == 2
    assert len({c for c, _, _ in optimal.assignments}) == 2
    assert plan_greedy(data).placements == 2


def test_plan_supply_demand_and_fairness_for_a_manager_only(
    make_citizen, make_opening, run_grid, manager, caseworker
):
    make_citizen(sex="M")
    make_citizen(sex="F")
    make_opening(seats=1)
    run_grid()

    comparison = optimal_plan(user=manager)
    cells = supply_demand(user=manager)
    fairness = fairness_report(user=manager)

    assert comparison.data["optimal"]["placements"] == comparison.data["greedy"]["placements"] == 1
    assert comparison.data["more_placements"] == 0
    assert {"group": "5", "citizens": 2, "free_seats": 1, "gap": 1}.items() <= cells["gap"][
        0
    ].items()
    genders = {row["value"]: row for row in fairness["gender"]}
    assert genders["M"]["match_rate"] == genders["F"]["match_rate"] == 1.0
    for selector in (optimal_plan, supply_demand, fairness_report):
        with pytest.raises(Http404):
            selector(user=caseworker)


def test_a_full_run_keeps_its_plan_when_it_finishes(make_citizen, make_opening, run_grid):
    from grid.models import RunPlan

    make_citizen()
    make_opening(seats=1)
    run = run_grid()

    stored = RunPlan.objects.get(run=run)
    assert stored.data["optimal"]["placements"] == 1
    assert stored.data["edges"] == 1


def test_the_plan_page_reads_the_stored_plan_without_solving_it(
    make_citizen, make_opening, run_grid, manager, client, monkeypatch
):
    import grid.picture

    make_citizen()
    make_opening(seats=1)
    run_grid()

    def solving(run):
        raise AssertionError("the page must not solve the plan")

    monkeypatch.setattr(grid.picture, "plan_compare", solving)
    client.force_login(manager)
    response = client.get("/grid/plan/")
    assert response.status_code == 200
    assert response.context["plan"]["optimal"]["placements"] == 1


def test_a_re_screening_of_one_citizen_solves_no_plan(
    make_citizen, make_opening, run_grid, monkeypatch
):
    import grid.picture
    from grid.models import MatchRun, RunPlan

    citizen = make_citizen()
    make_opening(seats=1)
    run_grid()
    calls = []
    monkeypatch.setattr(grid.picture, "plan_compare", lambda run: calls.append(run))

    run_grid(scope=MatchRun.Scope.CITIZEN, citizen=citizen, trigger=MatchRun.Trigger.INCREMENTAL)

    assert calls == []
    assert RunPlan.objects.count() == 1


def test_a_run_finished_without_a_plan_gets_it_once_on_first_read(
    make_citizen, make_opening, run_grid, manager, monkeypatch
):
    import grid.picture
    from grid.models import RunPlan

    make_citizen()
    make_opening(seats=1)
    run_grid()
    RunPlan.objects.all().delete()  # as for a run finished before plans were kept
    solve = grid.picture.plan_compare
    calls = []
    monkeypatch.setattr(grid.picture, "plan_compare", lambda run: calls.append(run) or solve(run))

    first = optimal_plan(user=manager)
    again = optimal_plan(user=manager)

    assert len(calls) == 1
    assert first.data == again.data
