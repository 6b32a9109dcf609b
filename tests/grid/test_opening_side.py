"""The openings' side of a run: every opening keeps its own top-k citizens (opening_rank), also
citizens for whom it is not among their own top-k; shards of that side are idempotent; and a
scoped run leaves both sides' ranks consecutive."""

from collections import defaultdict
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from grid import engine
from grid.loading import load_citizens, load_openings, tables_for
from grid.models import Match, MatchRun, MatchRunShard, OpeningCandidate, ScoreWeights
from grid.services import current_run, match_run_execute_shard, match_run_start

pytestmark = pytest.mark.django_db

POSTCODES = ("2750", "2740", "2730", "2610", "2600", "2100")


@pytest.fixture
def two_per_side():
    return ScoreWeights.objects.create(top_k=2)


@pytest.fixture
def market(make_citizen, make_opening, two_per_side):
    # Citizens near one another and openings spread out: the far openings are in no citizen's
    # top-2, yet each has its own best two citizens.
    citizens = [make_citizen(postcode=POSTCODES[i % 2]) for i in range(7)]
    openings = [make_opening(postcode=POSTCODES[i]) for i in range(5)]
    return citizens, openings


def _ranks(run, column, group):
    out = defaultdict(list)
    rows = Match.objects.filter(run=run, **{f"{column}__isnull": False})
    for key, rank in rows.order_by(column).values_list(group, column):
        out[key].append(rank)
    return out


def test_a_full_run_keeps_each_openings_best_citizens_as_the_engine_finds_them(market, run_grid):
    _citizens, openings = market

    run = run_grid()

    on = timezone.localdate()
    arrays, placed = load_citizens(on=on, id_from=0, id_to=2**62)
    reference = engine.screen_openings(
        arrays, load_openings(on=on), tables_for(on=on, top_k=2, placed=placed)
    )
    stored = defaultdict(list)
    for oid, cid, score in (
        Match.objects.filter(run=run, opening_rank__isnull=False)
        .order_by("opening_id", "opening_rank")
        .values_list("opening_id", "citizen_id", "score")
    ):
        stored[oid].append((cid, score))
    assert stored == reference.as_opening_sets()
    assert set(stored) == {o.pk for o in openings}
    assert all(ranks == [1, 2] for ranks in _ranks(run, "opening_rank", "opening_id").values())
    # 7 citizens and 5 openings with 2 per side: some pairs are kept only for the opening.
    only_for_opening = Match.objects.filter(run=run, rank__isnull=True)
    assert only_for_opening.exists()
    assert not Match.objects.filter(run=run, rank__isnull=True, opening_rank__isnull=True).exists()
    assert run.matches_kept == Match.objects.filter(run=run).count()
    assert not OpeningCandidate.objects.filter(run_id=run.pk).exists()
    assert current_run() == run


def test_an_openings_shard_run_twice_leaves_one_set_of_rows(market, run_grid):
    with mock.patch("grid.services._dispatch"), transaction.atomic():
        run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    shard = run.shards.get(side=MatchRunShard.Side.OPENINGS)
    match_run_execute_shard(run_id=run.pk, index=shard.index)
    first = sorted(OpeningCandidate.objects.filter(run=run).values_list("citizen_id", "opening_id"))
    MatchRunShard.objects.filter(pk=shard.pk).update(done=False)

    match_run_execute_shard(run_id=run.pk, index=shard.index)

    again = sorted(OpeningCandidate.objects.filter(run=run).values_list("citizen_id", "opening_id"))
    assert again == first and len(first) == 10
    for other in run.shards.exclude(pk=shard.pk):
        match_run_execute_shard(run_id=run.pk, index=other.index)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert Match.objects.filter(run=run, opening_rank__isnull=False).count() == 10


def test_a_run_for_one_opening_renumbers_the_citizens_ranks(market, run_grid):
    citizens, openings = market
    full = run_grid()
    openings[0].hours_min = 25
    openings[0].save()
    for citizen in citizens[:3]:  # these three can no longer work its hours
        citizen.max_hours_per_week = 20
        citizen.save()

    narrow = run_grid(scope=MatchRun.Scope.OPENING, opening=openings[0])

    assert narrow.status == MatchRun.Status.DONE
    assert current_run() == full
    for ranks in _ranks(full, "rank", "citizen_id").values():
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= 2
    for ranks in _ranks(full, "opening_rank", "opening_id").values():
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= 2
    kept = Match.objects.filter(run=full, opening=openings[0])
    assert not kept.filter(citizen__in=citizens[:3]).exists()


def test_a_run_for_one_citizen_renumbers_the_openings_ranks(market, run_grid):
    citizens, openings = market
    full = run_grid()
    mover = citizens[-1]
    mover.postcode = "2750"
    mover.save()

    run_grid(scope=MatchRun.Scope.CITIZEN, citizen=mover)

    for ranks in _ranks(full, "opening_rank", "opening_id").values():
        assert ranks == list(range(1, len(ranks) + 1)) and len(ranks) <= 2
    assert _ranks(full, "rank", "citizen_id")[mover.pk] == [1, 2]
    by_opening = defaultdict(list)
    for oid, raw in (
        Match.objects.filter(run=full, opening_rank__isnull=False)
        .order_by("opening_id", "opening_rank")
        .values_list("opening_id", "raw_score")
    ):
        by_opening[oid].append(raw)
    assert set(by_opening) == {o.pk for o in openings}
    assert all(raws == sorted(raws, reverse=True) for raws in by_opening.values())


def _result(run):
    return set(
        Match.objects.filter(run=run).values_list(
            "citizen_id", "opening_id", "rank", "opening_rank"
        )
    )


def test_the_openings_side_done_first_merges_each_citizens_range_early_to_the_same_result(
    market, run_grid, settings
):
    """Early merges of one citizens' range (grid.services._merge_when_openings_done) run while
    the run's rows are new to the planner; they give what merging at the end gives."""
    settings.GRID_SHARD_SIZE = 2
    reference = _result(run_grid())
    with mock.patch("grid.services._dispatch"), transaction.atomic():
        run = match_run_start(actor=None, trigger=MatchRun.Trigger.NIGHTLY)
    openings_first = run.shards.order_by("-side", "index")  # "openings" > "citizens"
    assert openings_first[0].side == MatchRunShard.Side.OPENINGS

    for shard in openings_first:
        match_run_execute_shard(run_id=run.pk, index=shard.index)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert _result(run) == reference
    assert not OpeningCandidate.objects.filter(run_id=run.pk).exists()
