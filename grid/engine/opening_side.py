"""The openings' side: the top-k citizens per opening, blocked like the citizens' side."""

from __future__ import annotations

import numpy as np

from .arrays import CitizenArrays, OpeningArrays, ScreenResult, Tables, empty_result
from .blocked import block_stage, opening_stage, score_tier
from .factors import combo_table, occupation_table
from .limits import stages
from .topk import INVALID, ORDER_SPAN, kept, key_raw, merge_top_k, tier_top_k

URGENCY_MAX = 100  # CitizenArrays.urgency is 0-100


def tier_bound(weights: tuple[int, ...], factor: int, urgency: int = URGENCY_MAX) -> int:
    """The highest raw score a citizen whose occupation factor is at most `factor` (and urgency
    at most `urgency`) can reach: 100 for every other factor. An opening whose k-th best raw
    score beats it needs no citizen of that tier or below."""
    w_occ, w_com, w_urg, w_lang, w_kind = weights
    return factor * w_occ + 100 * (w_com + w_lang + w_kind) + urgency * w_urg


def screen_openings(
    citizens: CitizenArrays,
    openings: OpeningArrays,
    tables: Tables,
    *,
    max_cells: int = 2_000_000,
) -> ScreenResult:
    """The other side: the top-k citizens per opening (raw score desc, then the smaller citizen
    id), exactly as a pair loop over every citizen would find them (screen_openings_python).

    Blocking mirrors `screen`: an opening's occupation factor for a citizen depends only on the
    opening's DISCO code, so openings are taken code by code, and within a code the citizens
    tier by tier, highest factor first; only citizens who share at least the major group are
    ever looked at (and only the openings within the opening limits). An opening is finished
    when its k-th best raw score beats the best any lower tier could reach (that tier's factor,
    the highest urgency left, and 100 for the rest), so most openings see only their top tiers.
    Hard limits are applied as in `screen` (the block limit after scoring); the exclusion counts
    are the citizen side's (this pass counts nothing). The result is ordered by opening id, then
    rank; `ranks` are the citizens' ranks for the opening."""
    staged = stages()
    result = empty_result(staged.reasons)
    n_c, n_o, k = len(citizens), len(openings), tables.top_k
    if n_c == 0 or n_o == 0:
        return result
    citizen_order = np.empty(n_c, dtype=np.int64)
    citizen_order[np.argsort(citizens.ids, kind="stable")] = np.arange(n_c)
    codes, code_index = np.unique(openings.code, return_inverse=True)
    code_index = code_index.reshape(-1)
    uncounted = dict.fromkeys(staged.reasons, 0)
    is_open, _broken = opening_stage(openings)
    citizen_category, opening_category, allowed_table = block_stage(citizens, openings, tables)
    best_key = np.full((n_o, k), INVALID, dtype=np.int64)
    best_row = np.full((n_o, k), -1, dtype=np.int64)
    considered = 0
    tracks = citizens.tracks
    has_track = tracks > 0
    track_major = np.where(has_track, tracks // 1000, -1)
    majors = codes // 1000
    for major in np.unique(majors).tolist():
        units = np.flatnonzero(majors == major)
        sharing = np.flatnonzero((track_major == major).any(axis=1))
        if len(sharing) == 0:
            continue
        factors = occupation_table(tracks[sharing], codes[units])  # (len(sharing), len(units))
        for j, unit in enumerate(units.tolist()):
            active = np.flatnonzero((code_index == unit) & is_open)
            if len(active) == 0:
                continue
            factor = factors[:, j]
            nonzero = np.flatnonzero(factor)
            ordered = nonzero[np.argsort(-factor[nonzero], kind="stable")]
            values = factor[ordered]
            starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
            ends = np.append(starts[1:], len(ordered))
            # The highest urgency among the citizens from each tier on (for the bound).
            urgency_left = np.maximum.accumulate(
                citizens.urgency[sharing[ordered]][::-1].astype(np.int64)
            )[::-1]
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
                members = sharing[ordered[start:end]]
                o = openings.take(active)
                rows = max(1, max_cells // len(active))
                for first in range(0, len(members), rows):
                    chunk = members[first : first + rows]
                    c = citizens.take(chunk)
                    combos = combo_table(c, o, int(values[start]), tables)
                    raw = score_tier(c, o, tables, combos, uncounted)
                    if staged.block is not None:
                        allowed = allowed_table[citizen_category[chunk]]
                        raw[~allowed[:, opening_category[active]]] = -1
                    considered += raw.size
                    position, picked = tier_top_k(raw.T, k)
                    tier_key = picked.astype(np.int64) * ORDER_SPAN - citizen_order[chunk][position]
                    tier_key[picked < 0] = INVALID
                    best_key[active], best_row[active] = merge_top_k(
                        best_key[active], best_row[active], tier_key, chunk[position], k
                    )
                if end >= len(ordered):
                    break
                bound = tier_bound(tables.weights, int(values[end]), int(urgency_left[end]))
                kth = best_key[active].min(axis=1)
                finished = (kth != INVALID) & (key_raw(kth) > bound)
                active = active[~finished]
                if len(active) == 0:
                    break
    result.pairs_considered = considered
    return kept(
        result,
        best_key,
        best_row,
        openings.ids,
        citizens.ids,
        tables.weight_sum,
        rows_are_citizens=False,
    )
