"""The components of each kept match, stored on its row and rendered as reasons (grid.reasons)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .arrays import CitizenArrays, OpeningArrays, ScreenResult, Tables
from .factors import LEVEL_FACTOR, priority_percent
from .vocabulary import LOW_HOURS


@dataclass
class Explanation:
    """What the reasons of kept matches are rendered from, one entry per kept match."""

    track_priority: np.ndarray  # 1-based; 0 none
    track_code: np.ndarray  # the job track's unit code
    level: np.ndarray  # shared DISCO level 0-4
    distance_km: np.ndarray  # -1 unknown
    urgency: np.ndarray
    overdue: np.ndarray
    kind_fit: np.ndarray
    language_fit: np.ndarray


def explain(
    citizens: CitizenArrays, openings: OpeningArrays, tables: Tables, result: ScreenResult
) -> Explanation:
    """The components of each kept match (vectorised over the kept pairs only)."""
    ci = np.searchsorted(citizens.ids, result.citizen_ids)
    oi = np.searchsorted(openings.ids, result.opening_ids)
    n = len(ci)
    code = openings.code[oi].astype(np.int32)
    best_factor = np.full(n, -1, dtype=np.int32)
    best_t = np.zeros(n, dtype=np.int16)
    best_level = np.zeros(n, dtype=np.int16)
    level_factor = np.array(LEVEL_FACTOR, dtype=np.int32)
    for t in range(citizens.tracks.shape[1]):
        track = citizens.tracks[ci, t].astype(np.int32)
        level = np.zeros(n, dtype=np.int16)
        same = track > 0
        for div in (1000, 100, 10, 1):
            same &= track // div == code // div
            level += same
        factor = level_factor[level] * priority_percent(t + 1) // 100
        better = factor > best_factor
        best_factor = np.where(better, factor, best_factor)
        best_t = np.where(better, t, best_t)
        best_level = np.where(better, level, best_level)
    track_code = citizens.tracks[ci, best_t]
    kind = openings.kind[oi]
    fit = tables.kind_fit[citizens.segment[ci], kind]
    low = (citizens.max_hours[ci] <= LOW_HOURS) & tables.low_hours_kinds[kind]
    fit = np.where(low, 100, fit)
    language = np.full(n, 100, dtype=np.int16)
    required = openings.languages[oi]
    for bit in range(citizens.language_levels.shape[1]):
        needs = (required >> np.uint64(bit)) & np.uint64(1) == 1
        if needs.any():
            language = np.where(
                needs, np.minimum(language, citizens.language_levels[ci, bit]), language
            )
    overdue = citizens.overdue[ci] if citizens.overdue is not None else np.zeros(n, dtype=bool)
    return Explanation(
        track_priority=np.where(best_level > 0, best_t + 1, 0).astype(np.int16),
        track_code=track_code,
        level=best_level,
        distance_km=tables.distance_km[citizens.postcode[ci], openings.postcode[oi]],
        urgency=citizens.urgency[ci],
        overdue=overdue,
        kind_fit=fit.astype(np.int16),
        language_fit=language,
    )
