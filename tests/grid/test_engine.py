"""The kernel: the blocked top-k equals the unblocked numpy and the pure-Python references on
random data (property-based), and the score's components behave as documented."""

from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from grid import engine
from grid.engine import blocked
from tests.grid.arrays import random_inputs

# Small random markets and chunk sizes (max_cells 7 forces many chunks), for the property tests.
SMALL_INPUTS = {
    "n_citizens": st.integers(0, 40),
    "n_openings": st.integers(0, 40),
    "seed": st.integers(0, 2**32 - 1),
    "top_k": st.integers(1, 8),
    "max_cells": st.sampled_from([7, 100, 4_000_000]),
}


@settings(max_examples=60, deadline=None)
@given(**SMALL_INPUTS)
def test_blocked_top_k_equals_the_references(n_citizens, n_openings, seed, top_k, max_cells):
    citizens, openings, tables = random_inputs(
        n_citizens=n_citizens, n_openings=n_openings, seed=seed, top_k=top_k
    )

    blocked = engine.screen(citizens, openings, tables, max_cells=max_cells, small_pairs=0)
    unblocked = engine.screen_unblocked(citizens, openings, tables, max_cells=max_cells)
    python = engine.screen_python(citizens, openings, tables)

    assert blocked.as_sets() == python.as_sets()
    assert unblocked.as_sets() == python.as_sets()
    assert unblocked.excluded == python.excluded
    assert sum(blocked.excluded.values()) + len(blocked) <= n_citizens * n_openings
    assert all(len(kept) <= top_k for kept in blocked.as_sets().values())


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_kept_pair_passes_every_hard_limit(seed):
    citizens, openings, tables = random_inputs(n_citizens=30, n_openings=30, seed=seed)

    result = engine.screen(citizens, openings, tables, small_pairs=0)

    for cid, oid in zip(result.citizen_ids.tolist(), result.opening_ids.tolist(), strict=True):
        i = int(np.searchsorted(citizens.ids, cid))
        j = int(np.searchsorted(openings.ids, oid))
        raw, reason = engine.pair_raw_score(citizens, i, openings, j, tables)
        assert reason is None and raw is not None


def test_ranks_run_from_one_in_score_order():
    citizens, openings, tables = random_inputs(n_citizens=20, n_openings=60, seed=7, top_k=6)

    result = engine.screen(citizens, openings, tables)

    for kept in result.as_sets().values():
        scores = [score for _oid, score in kept]
        assert scores == sorted(scores, reverse=True)
    first = result.citizen_ids[0]
    assert result.ranks[result.citizen_ids == first].tolist() == list(
        range(1, int(np.count_nonzero(result.citizen_ids == first)) + 1)
    )


def _one(tracks, code, *, max_hours=999, segment="jobparate", kind="ordinaert_job"):
    citizens, openings, tables = random_inputs(n_citizens=1, n_openings=1, seed=1)
    citizens.tracks = np.array([tracks], dtype=np.int16)
    citizens.max_hours = np.array([max_hours], dtype=np.int16)
    citizens.accommodations[:] = 0
    citizens.languages[:] = 0
    citizens.licence[:] = True
    citizens.segment = np.array([engine.SEGMENTS.index(segment)], dtype=np.int8)
    citizens.benefit[:] = 0
    citizens.postcode[:] = 0
    openings.code = np.array([code], dtype=np.int16)
    openings.kind = np.array([engine.KINDS.index(kind)], dtype=np.int8)
    openings.hours_min[:] = 5
    openings.accommodations[:] = 255
    openings.languages[:] = 0
    openings.licence[:] = False
    openings.free[:] = True
    openings.postcode[:] = 0
    tables.kind_allowed[:] = True
    tables.placed = frozenset()
    return citizens, openings, tables


def test_occupation_factor_follows_the_disco_hierarchy_and_the_track_priority():
    tables_only = _one([5322, 0, 0], 5322)[2]
    tables_only.weights = (1, 0, 0, 0, 0)

    def occupation(tracks, code):
        citizens, openings, tables = _one(tracks, code)
        tables.weights = (1, 0, 0, 0, 0)
        raw, reason = engine.pair_raw_score(citizens, 0, openings, 0, tables)
        return raw if reason is None else 0

    assert occupation([5322, 0, 0], 5322) == 100  # same unit group
    assert occupation([5322, 0, 0], 5321) == 75  # same minor group
    assert occupation([5322, 0, 0], 5311) == 50  # same sub-major group
    assert occupation([5322, 0, 0], 5011) == 25  # same major group
    assert occupation([5322, 0, 0], 9112) == 0  # nothing in common: not a match
    assert occupation([9112, 5322, 0], 5322) == 85  # second track
    assert occupation([9112, 4110, 5322], 5322) == 70  # third track


def test_few_hours_kinds_suit_citizens_with_low_max_hours():
    def kind_fit(max_hours, kind):
        citizens, openings, tables = _one([5322, 0, 0], 5322, max_hours=max_hours, kind=kind)
        tables.weights = (0, 0, 0, 0, 1)
        return engine.pair_raw_score(citizens, 0, openings, 0, tables)[0]

    assert kind_fit(10, "loennede_timer") == 100
    assert kind_fit(37, "loennede_timer") == engine.KIND_FIT["jobparate"]["loennede_timer"]
    assert kind_fit(37, "ordinaert_job") == 100  # ordinary jobs first for jobparate


def test_score_is_the_weighted_mean_rounded_half_up():
    assert engine.score_from_raw(np.array([4550]), 100).tolist() == [46]
    assert engine.score_from_raw(np.array([4549]), 100).tolist() == [45]
    assert engine.score_from_raw(np.array([10000]), 100).tolist() == [100]


@settings(max_examples=60, deadline=None)
@given(**SMALL_INPUTS)
def test_top_k_per_opening_equals_the_pair_loop(n_citizens, n_openings, seed, top_k, max_cells):
    citizens, openings, tables = random_inputs(
        n_citizens=n_citizens, n_openings=n_openings, seed=seed, top_k=top_k
    )

    blocked = engine.screen_openings(citizens, openings, tables, max_cells=max_cells)
    python = engine.screen_openings_python(citizens, openings, tables)

    assert blocked.as_opening_sets() == python.as_opening_sets()
    assert blocked.ranks.tolist() == python.ranks.tolist()
    assert all(len(kept) <= top_k for kept in blocked.as_opening_sets().values())


def test_an_opening_keeps_its_best_citizens_even_outside_their_own_top_k():
    # With top-1 per citizen most openings are nobody's best; per opening they still get theirs.
    citizens, openings, tables = random_inputs(n_citizens=30, n_openings=30, seed=11, top_k=1)

    per_citizen = engine.screen(citizens, openings, tables, small_pairs=0)
    per_opening = engine.screen_openings(citizens, openings, tables)

    citizen_pairs = set(
        zip(per_citizen.citizen_ids.tolist(), per_citizen.opening_ids.tolist(), strict=True)
    )
    opening_pairs = set(
        zip(per_opening.citizen_ids.tolist(), per_opening.opening_ids.tolist(), strict=True)
    )
    assert opening_pairs - citizen_pairs
    assert len(per_opening.as_opening_sets()) > len(set(per_citizen.opening_ids.tolist()))


def _screen_recording_promising(citizens, openings, tables):
    chosen = []
    promising = blocked.promising_combos

    def spy(*args):
        chosen.append(promising(*args))
        return chosen[-1]

    with mock.patch.object(blocked, "promising_combos", spy):
        result = engine.screen(citizens, openings, tables, small_pairs=0, max_cells=600)
    return result, chosen


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), top_k=st.integers(1, 4))
def test_scoring_the_promising_openings_first_keeps_the_exact_top_k(seed, top_k):
    # Many openings per code and few per citizen kept: the kernel scores each chunk's nearest
    # openings first and the rest only for citizens they could still improve.
    citizens, openings, tables = random_inputs(
        n_citizens=30, n_openings=150, seed=seed, top_k=top_k
    )

    blocked, _chosen = _screen_recording_promising(citizens, openings, tables)

    assert blocked.as_sets() == engine.screen_python(citizens, openings, tables).as_sets()


def test_the_promising_openings_are_scored_first_when_they_are_few():
    citizens, openings, tables = random_inputs(n_citizens=30, n_openings=150, seed=3, top_k=2)

    blocked, chosen = _screen_recording_promising(citizens, openings, tables)

    assert any(found is not None for found in chosen)
    assert blocked.as_sets() == engine.screen_python(citizens, openings, tables).as_sets()
