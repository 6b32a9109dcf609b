"""Match runs: shards, counts, the current-run switch, idempotent shards, scoped runs and a broker
that cannot be reached."""

from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from kombu.exceptions import OperationalError

from grid.models import GridState, Match, MatchRun, MatchRunShard
from grid.selectors import match_run_status
from grid.services import current_run, match_run_execute_shard, match_run_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def population(make_citizen, make_opening):
    citizens = [make_citizen() for _ in range(5)]
    openings = [make_opening() for _ in range(3)]
    return citizens, openings


@override_settings(GRID_SHARD_SIZE=2)
def test_a_run_over_everything_is_sharded_and_switched_in_when_done(population, run_grid, manager):
    _citizens, _openings = population

    run = run_grid(actor=manager, trigger=MatchRun.Trigger.USER)

    assert run.status == MatchRun.Status.DONE
    # 5 citizens, 2 per citizens' shard; the 3 openings in one openings' shard.
    assert run.shards_total == 4
    assert run.shards_done == 4
    assert sorted(run.shards.values_list("side", flat=True)) == ["citizens"] * 3 + ["openings"]
    assert run.citizens_count == 5
    assert run.matches_kept == 15 == Match.objects.filter(run=run).count()
    assert run.pairs_considered >= 15
    assert set(run.timings) >= {"load", "score", "score_openings", "persist", "merge", "wall"}
    assert run.progress == 100
    assert current_run() == run
    status = match_run_status(user=manager, run_id=run.pk)
    assert status["status"] == "done" and status["is_current"] is True


@override_settings(GRID_SHARD_SIZE=2)
def test_results_are_not_visible_before_every_shard_is_done(population, run_grid):
    first = run_grid()
    with mock.patch("grid.services._dispatch"), transaction.atomic():
        second = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    match_run_execute_shard(run_id=second.pk, index=0)
    match_run_execute_shard(run_id=second.pk, index=1)

    match_run_execute_shard(run_id=second.pk, index=2)

    second.refresh_from_db()
    assert second.status == MatchRun.Status.RUNNING
    assert second.progress == 75
    assert current_run() == first

    match_run_execute_shard(run_id=second.pk, index=3)

    assert current_run() == second


@override_settings(GRID_SHARD_SIZE=2)
def test_a_shard_run_twice_leaves_one_set_of_rows(population, run_grid):
    with mock.patch("grid.services._dispatch"), transaction.atomic():
        run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    match_run_execute_shard(run_id=run.pk, index=0)
    rows = list(Match.objects.filter(run=run).values_list("citizen_id", "opening_id", "score"))
    # A redelivered task after a crash between the write and the acknowledgement:
    MatchRunShard.objects.filter(run=run, index=0).update(done=False)
    MatchRun.objects.filter(pk=run.pk).update(shards_done=0)

    match_run_execute_shard(run_id=run.pk, index=0)
    match_run_execute_shard(run_id=run.pk, index=0)  # and once more after it is done

    assert sorted(
        Match.objects.filter(run=run).values_list("citizen_id", "opening_id", "score")
    ) == sorted(rows)
    assert MatchRun.objects.get(pk=run.pk).shards_done == 1


def test_a_run_for_one_citizen_replaces_only_that_citizens_suggestions(
    population, run_grid, make_opening
):
    citizens, openings = population
    full = run_grid()
    other_rows = Match.objects.filter(run=full).exclude(citizen=citizens[0]).count()
    newer = make_opening()

    narrow = run_grid(scope=MatchRun.Scope.CITIZEN, citizen=citizens[0])

    assert narrow.status == MatchRun.Status.DONE
    assert current_run() == full
    mine = set(
        Match.objects.filter(run=full, citizen=citizens[0]).values_list("opening_id", flat=True)
    )
    assert mine == {o.pk for o in openings} | {newer.pk}
    assert Match.objects.filter(run=full).exclude(citizen=citizens[0]).count() == other_rows


def test_a_run_for_one_opening_keeps_its_best_citizens(population, run_grid):
    _citizens, openings = population
    run_grid()

    run = run_grid(scope=MatchRun.Scope.OPENING, opening=openings[0])

    assert run.status == MatchRun.Status.DONE
    assert run.openings_count == 1
    assert Match.objects.filter(run=current_run(), opening=openings[0]).count() == 5


def test_a_scope_needs_its_object():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        match_run_start(actor=None, scope=MatchRun.Scope.CITIZEN)

    assert "citizen" in error.value.message_dict


def test_the_broker_down_fails_the_run_with_a_danish_reason(population, run_grid):
    refused = OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    with (
        mock.patch("grid.tasks.run_match_shard.apply_async", side_effect=refused),
        translation.override("da"),
    ):
        run = run_grid()

    assert run.status == MatchRun.Status.FAILED
    assert "Køen" in run.failure_reason
    assert not GridState.objects.filter(current_run=run).exists()
    assert not Match.objects.filter(run=run).exists()


def test_a_failing_shard_fails_the_run_with_the_reason(population, run_grid):
    with mock.patch("grid.engine.screen", side_effect=RuntimeError("boom")):
        run = run_grid()

    assert run.status == MatchRun.Status.FAILED
    assert "boom" in run.failure_reason


def test_an_empty_scope_is_done_at_once(run_grid):
    run = run_grid()

    assert run.status == MatchRun.Status.DONE
    assert run.shards_total == 0


def test_incremental_run_after_a_citizen_changes(
    make_citizen, make_opening, django_capture_on_commit_callbacks
):
    citizen = make_citizen()
    make_opening()

    with django_capture_on_commit_callbacks(execute=True):
        citizen.max_hours_per_week = 20
        citizen.save()

    run = MatchRun.objects.get()
    assert run.trigger == MatchRun.Trigger.INCREMENTAL
    assert run.scope == MatchRun.Scope.CITIZEN and run.citizen == citizen
    assert run.status == MatchRun.Status.DONE


@override_settings(GRID_INCREMENTAL=False)
def test_incremental_runs_can_be_switched_off(make_opening, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_opening()

    assert not MatchRun.objects.exists()


def test_an_incremental_run_already_waiting_is_not_queued_twice(make_citizen):
    from grid.tasks import incremental_match_run

    citizen = make_citizen()
    with mock.patch("grid.services._dispatch"), transaction.atomic():
        first = incremental_match_run(citizen_id=citizen.pk)
    with mock.patch("grid.services._dispatch"), transaction.atomic():
        second = incremental_match_run(citizen_id=citizen.pk)

    assert first == second
    assert MatchRun.objects.filter(trigger=MatchRun.Trigger.INCREMENTAL).count() == 1


@pytest.mark.postgres
def test_a_full_run_refreshes_the_planners_statistics_before_it_becomes_current(
    make_citizen, make_opening, run_grid
):
    """Without it the planner counts on a handful of rows of the new run and the matches lists
    scan the whole run (grid.services._refresh_match_statistics)."""
    from django.db import connection

    for _ in range(4):
        make_citizen()
    make_opening()
    make_opening()

    run = run_grid()

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'grid_match'")
        estimated = cursor.fetchone()[0]
    assert run.status == MatchRun.Status.DONE
    assert estimated == Match.objects.count() == 8


def _rows(run, opening):
    return set(
        Match.objects.filter(run=run, opening=opening).values_list(
            "citizen_id", "score", "opening_rank"
        )
    )


def test_a_run_for_one_opening_reads_only_the_citizens_it_can_fit_and_agrees_with_a_full_run(
    make_citizen, make_opening, run_grid
):
    cooks = [make_citizen(tracks=("5120",)) for _ in range(3)]
    make_citizen(tracks=("5120", "2211"))  # a cook who is also a doctor
    nurses = [make_citizen(tracks=("2221",)) for _ in range(2)]  # major group 2, not 5
    kitchen = make_opening(code="5120")
    full = run_grid()
    before = _rows(full, kitchen)

    run = run_grid(scope=MatchRun.Scope.OPENING, opening=kitchen)

    assert run.status == MatchRun.Status.DONE
    assert run.citizens_count == 4  # the cooks, not the nurses
    assert _rows(current_run(), kitchen) == before
    assert {citizen for citizen, _score, _rank in before} >= {c.pk for c in cooks}
    assert not Match.objects.filter(opening=kitchen, citizen__in=nurses).exists()


def test_an_opening_no_citizen_can_fit_any_more_loses_its_old_matches(
    make_citizen, make_opening, run_grid
):
    from django.test import override_settings

    for _ in range(3):
        make_citizen(tracks=("5120",))
    kitchen = make_opening(code="5120")
    run_grid()
    assert Match.objects.filter(run=current_run(), opening=kitchen).exists()

    with override_settings(GRID_INCREMENTAL=False):
        kitchen.occupation_id = "9112"  # cleaners: no citizen has a track in group 9
        kitchen.save()
    run = run_grid(scope=MatchRun.Scope.OPENING, opening=kitchen)

    assert run.status == MatchRun.Status.DONE
    assert not Match.objects.filter(run=current_run(), opening=kitchen).exists()
