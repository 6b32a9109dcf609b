"""A run for one opening (a consultant saved it): its top-k citizens, read tier by tier.

Only citizens with a job track in the opening's DISCO major group can be relevant to it
(grid.loading.with_track_in_group): at national scale tens of thousands, most of a run's time.
The occupation factor falls with the DISCO level a citizen's track shares with the opening's
code (grid.engine.factors: 100, 75, 50 and 25 % times the track's priority percent), so the
citizens are read from the closest level down: those sharing the unit group, then the minor, the
sub-major and the major group (grid.loading.shared_digits: one query of ids; each tier is then read
by id). After each tier the opening's top-k
among the citizens read is final once its k-th raw score beats the best a citizen of the tiers
left could reach (grid.engine.tier_bound: that level's factor, the highest urgency, 100 for every
other factor; the bound screen_openings uses between its own tiers), so most openings read only
their closest citizens. The result is exactly the one reading the whole group gives
(tests/grid/test_opening_run.py).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np

from . import engine
from .loading import UNIT_DIGITS, load_citizens, load_openings, shared_digits, tables_for


@dataclass
class OpeningScreen:
    citizens: engine.CitizenArrays  # the citizens read, ascending ids
    openings: engine.OpeningArrays  # the one opening (none when it is not open)
    tables: engine.Tables
    result: engine.ScreenResult
    tiers_read: int
    load_seconds: float


def _joined(parts: list[engine.CitizenArrays]) -> engine.CitizenArrays:
    fields = {
        name: None
        if any(getattr(part, name) is None for part in parts)
        else np.concatenate([getattr(part, name) for part in parts])
        for name in engine.CITIZEN_FIELDS
    }
    joined = engine.CitizenArrays(**fields)
    return joined.take(np.argsort(joined.ids, kind="stable"))


def screen_one_opening(
    *, opening_id: int, occupation_code: str, on: date, top_k: int
) -> OpeningScreen:
    """The opening's top-k citizens as engine.screen_openings finds them among every citizen
    with a track in its major group, reading the citizens tier by tier (module docstring)."""
    load_seconds = 0.0
    started = time.perf_counter()
    openings = load_openings(on=on, opening_id=opening_id)
    parts: list[engine.CitizenArrays] = []
    placed: set[tuple[int, int]] = set()
    by_digits: dict[int, list[int]] = defaultdict(list)
    for citizen_id, digits in shared_digits(occupation_code).items():
        by_digits[digits].append(citizen_id)
    load_seconds += time.perf_counter() - started
    tiers = 0
    for digits in range(UNIT_DIGITS, 0, -1):
        started = time.perf_counter()
        tier, tier_placed = load_citizens(
            on=on, id_from=0, id_to=2**62, ids=sorted(by_digits[digits])
        )
        parts.append(tier)
        placed |= tier_placed
        citizens = _joined(parts)
        tables = tables_for(on=on, top_k=top_k, placed=frozenset(placed))
        tiers += 1
        load_seconds += time.perf_counter() - started
        result = engine.screen_openings(citizens, openings, tables)
        if digits == 1 or len(openings) == 0:
            break
        bound = engine.tier_bound(tables.weights, engine.LEVEL_FACTOR[digits - 1])
        if len(result) >= tables.top_k and int(result.raw.min()) > bound:
            break
    return OpeningScreen(citizens, openings, tables, result, tiers, load_seconds)
