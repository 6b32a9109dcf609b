"""Every pair scored with numpy, chunk by chunk: the kernel for small inputs (Ballerup) and the
reference the blocked kernel is tested against."""

from __future__ import annotations

import numpy as np

from .arrays import CitizenArrays, OpeningArrays, ScreenResult, Tables, assemble, empty_result
from .factors import language_factor, occupation_table
from .limits import NOT_RELEVANT, TOO_FAR, stages
from .topk import INVALID
from .vocabulary import LOW_HOURS


def score_chunk(
    c: CitizenArrays,
    o: OpeningArrays,
    tables: Tables,
    excluded: dict[str, int],
    n_languages: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Raw scores (n_c, n_o) int32 with -1 where a pair is excluded; counts exclusions, each
    pair under the first hard limit it breaks (HARD_LIMITS in order), then the relevance."""
    alive = np.ones((len(c), len(o)), dtype=bool)
    for limit in stages().limits:
        broken = limit.breaks(c, o, tables)
        excluded[limit.name] += int(np.count_nonzero(alive & broken))
        alive &= ~broken
    # Relevance: distance.
    commute = tables.commute[c.postcode][:, o.postcode]
    far = commute < 0
    excluded[TOO_FAR] += int(np.count_nonzero(alive & far))
    alive &= ~far
    # Score. Occupation and language through small per-citizen tables indexed by the opening's
    # distinct code and language mask (one gather per pair each).
    codes, code_index = np.unique(o.code, return_inverse=True)
    occupation = occupation_table(c.tracks, codes)[:, code_index]
    relevant = occupation > 0
    excluded[NOT_RELEVANT] += int(np.count_nonzero(alive & ~relevant))
    alive &= relevant
    w_occ, w_com, w_urg, w_lang, w_kind = tables.weights
    raw = occupation.astype(np.int32) * w_occ
    raw += commute.astype(np.int32) * w_com
    raw += (c.urgency.astype(np.int32) * w_urg)[:, None]
    masks, mask_index = np.unique(o.languages, return_inverse=True)
    if len(masks) > 1 or masks[0] != 0:
        raw += language_factor(c, masks, n_languages)[:, mask_index].astype(np.int32) * w_lang
    else:
        raw += 100 * w_lang
    fit = tables.kind_fit[c.segment][:, o.kind]
    low = (c.max_hours <= LOW_HOURS)[:, None] & tables.low_hours_kinds[o.kind][None, :]
    fit = np.where(low, 100, fit)
    raw += fit.astype(np.int32) * w_kind
    raw[~alive] = -1
    return raw, alive


def top_k(raw: np.ndarray, k: int, opening_order: np.ndarray):
    """Per row: indices (n, k') of the k best by (raw desc, opening id asc), -1 padding."""
    n, m = raw.shape
    if m == 0:
        return np.zeros((n, 0), dtype=np.int64)
    # A total order key: raw score first, then the smaller opening id (opening_order: 0 = smallest).
    key = raw.astype(np.int64) * (1 << 32) - opening_order[None, :].astype(np.int64)
    key[raw < 0] = INVALID
    if m > k:
        part = np.argpartition(-key, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(m), (n, m)).copy()
    part_keys = np.take_along_axis(key, part, axis=1)
    order = np.argsort(-part_keys, axis=1, kind="stable")
    best = np.take_along_axis(part, order, axis=1)
    best_keys = np.take_along_axis(part_keys, order, axis=1)
    best[best_keys == INVALID] = -1
    return best


def screen_unblocked(
    citizens: CitizenArrays,
    openings: OpeningArrays,
    tables: Tables,
    *,
    n_languages: int = 64,
    max_cells: int = 4_000_000,
) -> ScreenResult:
    """Every pair scored with numpy (no blocking): the reference for the blocked kernel."""
    result = empty_result(stages().reasons)
    if len(citizens) == 0 or len(openings) == 0:
        return result
    order = np.argsort(openings.ids, kind="stable")
    opening_order = np.empty(len(openings), dtype=np.int64)
    opening_order[order] = np.arange(len(openings))
    rows = max(1, max_cells // len(openings))
    out_c, out_o, out_raw, out_rank = [], [], [], []
    for start in range(0, len(citizens), rows):
        chunk = np.arange(start, min(start + rows, len(citizens)))
        c = citizens.take(chunk)
        raw, _ = score_chunk(c, openings, tables, result.excluded, n_languages)
        best = top_k(raw, tables.top_k, opening_order)
        valid = best >= 0
        row_idx = np.nonzero(valid)[0]
        col = best[valid]
        out_c.append(c.ids[row_idx])
        out_o.append(openings.ids[col])
        out_raw.append(raw[row_idx, col])
        out_rank.append((np.cumsum(valid, axis=1)[valid]).astype(np.int16))
    result.pairs_considered = len(citizens) * len(openings)
    return assemble(result, out_c, out_o, out_raw, out_rank, tables.weight_sum)
