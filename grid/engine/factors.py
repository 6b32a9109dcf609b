"""The score's factors (each an integer 0-100): occupation fit through the DISCO hierarchy and
the job track's priority, the language level, and the per-citizen table of everything an
opening contributes through its (postcode, kind, required languages)."""

from __future__ import annotations

import numpy as np

from .arrays import CitizenArrays, OpeningArrays, Tables
from .vocabulary import KINDS, LOW_HOURS

# Occupation factor by shared DISCO level (0 none .. 4 same unit group), and by track priority.
LEVEL_FACTOR = (0, 25, 50, 75, 100)
PRIORITY_PERCENT = {1: 100, 2: 85, 3: 70}
PRIORITY_PERCENT_REST = 60


def priority_percent(priority: int) -> int:
    return PRIORITY_PERCENT.get(priority, PRIORITY_PERCENT_REST)


def shared_level(code_a: int, code_b: int) -> int:
    """The DISCO level two 4-digit unit codes share (as core.occupations.common_group_level)."""
    if code_a <= 0 or code_b <= 0:
        return 0
    level = 0
    for div in (1000, 100, 10, 1):
        if code_a // div != code_b // div:
            break
        level += 1
    return level


def occupation_table(tracks: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """(n, len(codes)) int16: the occupation factor of each citizen for each distinct unit code:
    the best over the tracks of LEVEL_FACTOR[shared level] * priority percent / 100."""
    n, t_count = tracks.shape
    table = np.zeros((n, len(codes)), dtype=np.int16)
    level_factor = np.array(LEVEL_FACTOR, dtype=np.int16)
    for t in range(t_count):
        track = tracks[:, t : t + 1].astype(np.int32)
        code = codes[None, :].astype(np.int32)
        level = np.zeros((n, len(codes)), dtype=np.int8)
        same = np.broadcast_to(track > 0, level.shape).copy()
        for div in (1000, 100, 10, 1):
            same &= track // div == code // div
            level += same
        factor = (level_factor[level] * priority_percent(t + 1)) // 100
        np.maximum(table, factor.astype(np.int16), out=table)
    return table


def language_factor(citizens: CitizenArrays, required: np.ndarray, n_languages: int) -> np.ndarray:
    """(n, len(required)) int16: per distinct required-language mask, the citizen's factor: 100
    when nothing is required, else the lowest level factor among the required languages."""
    out = np.full((len(citizens), len(required)), 100, dtype=np.int16)
    for j, mask in enumerate(required.tolist()):
        if mask == 0:
            continue
        for bit in range(n_languages):
            if mask >> bit & 1:
                np.minimum(out[:, j], citizens.language_levels[:, bit], out=out[:, j])
    return out


def combo_table(
    c: CitizenArrays, o: OpeningArrays, factor: int, tables: Tables
) -> tuple[np.ndarray, np.ndarray]:
    """Everything but the hard limits depends on the opening only through its (postcode, kind,
    required languages): (table, column) where table is (n_c, distinct combinations) int32 raw
    scores, -1 beyond the commute, and column[j] is opening j's combination. A pair's score is
    then one gather."""
    combo = (o.postcode.astype(np.int64) * len(KINDS) + o.kind) * (1 << 20)
    masks, mask_index = np.unique(o.languages, return_inverse=True)
    combo += mask_index.reshape(-1)
    combos, combo_index = np.unique(combo, return_inverse=True)
    q_mask = combos % (1 << 20)
    q_kind = (combos // (1 << 20)) % len(KINDS)
    q_postcode = combos // (1 << 20) // len(KINDS)
    w_occ, w_com, w_urg, w_lang, w_kind = tables.weights
    commute = tables.commute[c.postcode][:, q_postcode].astype(np.int32)
    table = commute * w_com
    table += (c.urgency.astype(np.int32) * w_urg + factor * w_occ)[:, None]
    if len(masks) > 1 or masks[0] != 0:
        table += language_factor(c, masks, 64)[:, q_mask].astype(np.int32) * w_lang
    else:
        table += 100 * w_lang
    fit = tables.kind_fit[c.segment][:, q_kind]
    low = c.max_hours <= LOW_HOURS
    if low.any():
        fit = np.where(low[:, None] & tables.low_hours_kinds[q_kind][None, :], 100, fit)
    table += fit.astype(np.int32) * w_kind
    table[commute < 0] = -1
    return table, combo_index.reshape(-1)
