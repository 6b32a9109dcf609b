"""Keeping the k best per row exactly: unique integer keys (raw score, then the smaller id), so
every kernel keeps one well-defined set."""

from __future__ import annotations

import numpy as np

from .arrays import ScreenResult, score_from_raw

INVALID = -(1 << 62)
ORDER_SPAN = 1 << 32
POSITION_SPAN = 1 << 15  # openings per tier for int32 keys (raw <= 50,000 < 2**16)


def key_raw(key: np.ndarray) -> np.ndarray:
    """The raw score inside a ranking key (key = raw * 2**32 - opening order): the key divided
    by 2**32 rounded up, as a shift (an arithmetic shift rounds down)."""
    return (key + (ORDER_SPAN - 1)) >> 32


def tier_top_k(raw: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row the (up to) k best positions by (raw desc, position asc) as an (n, k) array
    padded with position 0 and raw -1. Keys are unique per row, so the k-th largest key found
    by np.partition (values only, cheaper than argpartition) selects exactly the k best."""
    n, m = raw.shape
    # key = raw * span + (span - 1 - position): unique per row, ordered by raw then position,
    # and negative exactly where raw is -1 (excluded), so no masking pass is needed.
    if m < POSITION_SPAN:
        key = raw * POSITION_SPAN
        key += np.arange(POSITION_SPAN - 1, POSITION_SPAN - 1 - m, -1, dtype=np.int32)
    else:
        key = raw.astype(np.int64) * ORDER_SPAN
        key += np.arange(ORDER_SPAN - 1, ORDER_SPAN - 1 - m, -1, dtype=np.int64)
    if m > k:
        threshold = np.partition(key, m - k, axis=1)[:, m - k]
        np.maximum(threshold, 0, out=threshold)
        chosen = key >= threshold[:, None]
    else:
        chosen = key >= 0
    rows, cols = np.nonzero(chosen)
    slot = (
        np.arange(len(rows))
        - np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])[rows]
    )
    position = np.zeros((n, k), dtype=np.int64)
    picked = np.full((n, k), -1, dtype=np.int32)
    position[rows, slot] = cols
    picked[rows, slot] = raw[rows, cols]
    return position, picked


def merge_top_k(
    best_key: np.ndarray, best_col: np.ndarray, keys: np.ndarray, cols: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    all_keys = np.concatenate([best_key, keys], axis=1)
    all_cols = np.concatenate([best_col, cols], axis=1)
    if all_keys.shape[1] > k:
        part = np.argpartition(-all_keys, k - 1, axis=1)[:, :k]
        all_keys = np.take_along_axis(all_keys, part, axis=1)
        all_cols = np.take_along_axis(all_cols, part, axis=1)
    return all_keys, all_cols


def kept(
    result: ScreenResult,
    best_key: np.ndarray,
    best_other: np.ndarray,
    row_ids: np.ndarray,
    other_ids: np.ndarray,
    weight_sum: int,
    *,
    rows_are_citizens: bool = True,
) -> ScreenResult:
    """The kept pairs, flat: for each row (in row id order) its valid keys best first with
    ranks 1, 2, … Sorting puts the invalid keys last, so a row's kept entries are a prefix and
    one flatnonzero gives rows, ranks and entries together."""
    k = best_key.shape[1]
    by_id = np.argsort(row_ids, kind="stable")
    best_key, best_other = best_key[by_id], best_other[by_id]
    sort = np.argsort(-best_key, axis=1, kind="stable")
    best_key = np.take_along_axis(best_key, sort, axis=1).reshape(-1)
    best_other = np.take_along_axis(best_other, sort, axis=1).reshape(-1)
    flat = np.flatnonzero(best_key != INVALID)
    rows = row_ids[by_id][flat // k]
    others = other_ids[best_other[flat]]
    result.citizen_ids, result.opening_ids = (rows, others) if rows_are_citizens else (others, rows)
    result.raw = key_raw(best_key[flat]).astype(np.int32)
    result.ranks = (flat % k + 1).astype(np.int16)
    result.scores = score_from_raw(result.raw, weight_sum)
    return result
