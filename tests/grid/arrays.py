"""Small random inputs for the GRID engine (grid.engine), from a seed."""

import numpy as np

from grid.engine import (
    ACCOMMODATION_DTYPE,
    ACCOMMODATIONS,
    KINDS,
    SEGMENTS,
    CitizenArrays,
    OpeningArrays,
    Tables,
)

EMPLOYERS = [11111111, 22222222, 33333333, 44444444]
CODES = np.array([5321, 5322, 5329, 5120, 9112, 9111, 4110, 4321, 8322, 2221, 7112, 5223])


def random_inputs(*, n_citizens: int, n_openings: int, seed: int, top_k: int = 5):
    r = np.random.default_rng(seed)
    postcodes = 6
    openings = OpeningArrays(
        ids=np.sort(r.choice(np.arange(1, 10 * n_openings + 2), n_openings, replace=False)).astype(
            np.int64
        ),
        code=r.choice(CODES, n_openings).astype(np.int16),
        kind=r.integers(0, len(KINDS), n_openings).astype(np.int8),
        hours_min=r.integers(5, 38, n_openings).astype(np.int16),
        accommodations=r.integers(0, 1 << len(ACCOMMODATIONS), n_openings).astype(
            ACCOMMODATION_DTYPE
        ),
        languages=np.where(r.random(n_openings) < 0.2, 1 << r.integers(0, 4, n_openings), 0).astype(
            np.uint64
        ),
        licence=r.random(n_openings) < 0.2,
        postcode=r.integers(0, postcodes, n_openings).astype(np.int16),
        free=r.random(n_openings) < 0.9,
        employer=r.choice(EMPLOYERS, n_openings).astype(np.int64),
    )
    tracks = np.where(
        r.random((n_citizens, 3)) < [0.95, 0.5, 0.2], r.choice(CODES, (n_citizens, 3)), 0
    ).astype(np.int16)
    levels = np.where(
        r.random((n_citizens, 64)) < 0.3, r.choice([50, 75, 100], (n_citizens, 64)), 0
    ).astype(np.uint8)
    spoken = np.zeros(n_citizens, np.uint64)
    for bit in range(64):
        spoken |= np.where(levels[:, bit] > 0, np.uint64(1 << bit), np.uint64(0))
    citizens = CitizenArrays(
        ids=np.arange(1, n_citizens + 1, dtype=np.int64) * 2,
        tracks=tracks,
        benefit=r.integers(0, 4, n_citizens).astype(np.int8),
        segment=r.integers(0, len(SEGMENTS), n_citizens).astype(np.int8),
        max_hours=np.where(r.random(n_citizens) < 0.3, r.integers(5, 37, n_citizens), 999).astype(
            np.int16
        ),
        accommodations=np.where(
            r.random(n_citizens) < 0.5, 1 << r.integers(0, len(ACCOMMODATIONS), n_citizens), 0
        ).astype(ACCOMMODATION_DTYPE),
        languages=spoken,
        language_levels=levels,
        licence=r.random(n_citizens) < 0.5,
        postcode=r.integers(0, postcodes, n_citizens).astype(np.int16),
        urgency=r.integers(0, 101, n_citizens).astype(np.int16),
        # A tenth sick-listed from a job: bound to one of the employers (or an unknown one).
        own_employer=np.where(
            r.random(n_citizens) < 0.1, r.choice([*EMPLOYERS, -1], n_citizens), 0
        ).astype(np.int64),
    )
    km = r.integers(0, 80, (postcodes, postcodes))
    km = (km + km.T) // 2
    np.fill_diagonal(km, 0)
    commute = np.where(km > 60, -1, 100 - 100 * km // 60).astype(np.int16)
    placed = frozenset()
    if n_citizens and n_openings:
        placed = frozenset(
            (int(citizens.ids[i]), int(openings.ids[j]))
            for i, j in zip(r.integers(0, n_citizens, 5), r.integers(0, n_openings, 5), strict=True)
        )
    tables = Tables(
        weights=tuple(int(w) for w in r.integers(0, 60, 5)) if seed % 3 else (45, 20, 15, 10, 10),
        kind_allowed=r.random((4, len(KINDS))) < 0.7,
        commute=commute,
        distance_km=km.astype(np.int16),
        top_k=top_k,
        placed=placed,
    )
    if tables.weight_sum == 0:
        tables.weights = (1, 0, 0, 0, 0)
    return citizens, openings, tables
