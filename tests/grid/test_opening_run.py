"""grid.opening_run: a run for one opening reads its citizens tier by tier (the unit group's first)
and stops when no citizen left could enter the top-k; the result is exactly the one screening every
citizen with a track in the major group gives."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from grid import engine
from grid.loading import (
    active_citizens,
    load_citizens,
    load_openings,
    tables_for,
    with_track_in_group,
)
from grid.models import Match, MatchRun
from grid.opening_run import screen_one_opening

pytestmark = pytest.mark.django_db

# Codes at every level from the opening's 5322: the unit group, the minor group (532x), the
# sub-major group (53xx), the major group (5xxx), and another major group.
CODES = ("5322", "5322", "5321", "5312", "5311", "5111", "5131", "4110")


@pytest.fixture
def population(make_citizen):
    rng = random.Random(5322)
    today = timezone.localdate()
    for _ in range(70):
        tracks = rng.sample(CODES, rng.randint(1, 3))
        citizen = make_citizen(tracks=tracks, postcode=rng.choice(("2750", "2740", "2760")))
        # Courses of different lengths: different urgency.
        citizen.current_course.start = today - timedelta(days=rng.randint(0, 500))
        citizen.current_course.save(update_fields=["start"])


def _whole_group(opening, top_k):
    """The top-k among every citizen with a track in the opening's major group (as before)."""
    on = timezone.localdate()
    group = with_track_in_group(active_citizens(), opening.occupation_id)
    citizens, placed = load_citizens(
        on=on, id_from=0, id_to=2**62, ids=list(group.values_list("pk", flat=True))
    )
    openings = load_openings(on=on, opening_id=opening.pk)
    tables = tables_for(on=on, top_k=top_k, placed=placed)
    return engine.screen_openings(citizens, openings, tables)


@pytest.mark.parametrize("top_k", [1, 3, 8, 20, 60])
def test_the_tiers_give_what_the_whole_major_group_gives(population, make_opening, top_k):
    opening = make_opening(code="5322", postcode="2750", seats=2)

    tiered = screen_one_opening(
        opening_id=opening.pk,
        occupation_code=opening.occupation_id,
        on=timezone.localdate(),
        top_k=top_k,
    )

    expected = _whole_group(opening, top_k)
    assert tiered.result.as_opening_sets() == expected.as_opening_sets()
    assert list(tiered.result.raw) == list(expected.raw)


def test_a_full_top_k_among_the_unit_group_reads_no_further(population, make_opening):
    opening = make_opening(code="5322", postcode="2750", seats=2)

    one = screen_one_opening(
        opening_id=opening.pk,
        occupation_code=opening.occupation_id,
        on=timezone.localdate(),
        top_k=1,
    )
    every = screen_one_opening(
        opening_id=opening.pk,
        occupation_code=opening.occupation_id,
        on=timezone.localdate(),
        top_k=60,
    )

    assert one.tiers_read == 1
    assert len(one.citizens) < len(every.citizens)
    # More places than citizens: every tier is read.
    assert every.tiers_read == 4


def test_a_run_for_one_opening_keeps_the_same_rows_as_before(population, make_opening, run_grid):
    opening = make_opening(code="5322", postcode="2750", seats=2)
    run = run_grid(scope=MatchRun.Scope.OPENING, opening=opening)

    assert run.status == MatchRun.Status.DONE
    rows = set(Match.objects.filter(opening=opening).values_list("citizen_id", "opening_rank"))
    expected = _whole_group(opening, run.top_k)
    assert {citizen for citizen, _rank in rows} >= set(expected.citizen_ids.tolist())


def test_a_better_citizen_of_a_farther_tier_is_read(make_citizen, make_opening):
    """The unit group's citizens here have it only as their third track (factor 70); a citizen
    of the minor group with it first (factor 75) and a long course scores higher, so the run must
    read on past the unit group."""
    today = timezone.localdate()
    low = [make_citizen(tracks=("4110", "4120", "5322")) for _ in range(3)]
    better = make_citizen(tracks=("5321",))
    better.current_course.start = today - timedelta(days=400)
    better.current_course.save(update_fields=["start"])
    opening = make_opening(code="5322", postcode="2750", seats=2)

    tiered = screen_one_opening(
        opening_id=opening.pk, occupation_code=opening.occupation_id, on=today, top_k=3
    )

    kept = set(tiered.result.citizen_ids.tolist())
    assert better.pk in kept and len(kept & {c.pk for c in low}) == 2
    assert tiered.tiers_read > 1
    assert tiered.result.as_opening_sets() == _whole_group(opening, 3).as_opening_sets()
