"""The pure-Python pair loop: slow and obvious, the definition the kernels must agree with
(tests/grid/test_engine.py) and what "why not?" (grid.selectors.explain_exclusions) asks."""

from __future__ import annotations

import numpy as np

from .arrays import (
    CitizenArrays,
    OpeningArrays,
    ScreenResult,
    Tables,
    assemble,
    empty_result,
    score_from_raw,
)
from .factors import LEVEL_FACTOR, priority_percent, shared_level
from .limits import NOT_RELEVANT, TOO_FAR, stages
from .vocabulary import LOW_HOURS


def pair_raw_score(
    citizens: CitizenArrays, i: int, openings: OpeningArrays, j: int, tables: Tables
) -> tuple[int | None, str | None]:
    """One pair in pure Python: (raw score, None) when it is a match candidate, else
    (None, the first reason that excludes it). The definition the kernels must agree with."""
    for limit in stages().limits:
        if limit.breaks_pair(citizens, i, openings, j, tables):
            return None, limit.name
    commute = int(tables.commute[int(citizens.postcode[i]), int(openings.postcode[j])])
    if commute < 0:
        return None, TOO_FAR
    occupation = 0
    for t, code in enumerate(citizens.tracks[i].tolist()):
        level = shared_level(int(code), int(openings.code[j]))
        occupation = max(occupation, LEVEL_FACTOR[level] * priority_percent(t + 1) // 100)
    if occupation == 0:
        return None, NOT_RELEVANT
    required = int(openings.languages[j])
    language = 100
    if required:
        language = min(
            int(citizens.language_levels[i, bit]) for bit in range(64) if required >> bit & 1
        )
    kind = int(openings.kind[j])
    fit = int(tables.kind_fit[int(citizens.segment[i]), kind])
    if int(citizens.max_hours[i]) <= LOW_HOURS and bool(tables.low_hours_kinds[kind]):
        fit = 100
    w_occ, w_com, w_urg, w_lang, w_kind = tables.weights
    raw = (
        occupation * w_occ
        + commute * w_com
        + int(citizens.urgency[i]) * w_urg
        + language * w_lang
        + fit * w_kind
    )
    return raw, None


def screen_python(citizens: CitizenArrays, openings: OpeningArrays, tables: Tables) -> ScreenResult:
    """The pure-Python pair loop: slow and obvious, the reference for the property tests."""
    result = empty_result(stages().reasons)
    out_c, out_o, out_raw, out_rank = [], [], [], []
    for i in range(len(citizens)):
        found = []
        for j in range(len(openings)):
            raw, reason = pair_raw_score(citizens, i, openings, j, tables)
            if raw is None:
                result.excluded[reason] += 1
            else:
                found.append((-raw, int(openings.ids[j]), raw))
        found.sort()
        for rank, (_neg, oid, raw) in enumerate(found[: tables.top_k], start=1):
            out_c.append(np.array([citizens.ids[i]]))
            out_o.append(np.array([oid]))
            out_raw.append(np.array([raw]))
            out_rank.append(np.array([rank], dtype=np.int16))
    result.pairs_considered = len(citizens) * len(openings)
    return assemble(result, out_c, out_o, out_raw, out_rank, tables.weight_sum)


def screen_openings_python(
    citizens: CitizenArrays, openings: OpeningArrays, tables: Tables
) -> ScreenResult:
    """The opening side as a pure-Python pair loop: the reference for `screen_openings`."""
    result = empty_result(stages().reasons)
    out_c, out_o, out_raw, out_rank = [], [], [], []
    for j in np.argsort(openings.ids, kind="stable").tolist():
        found = []
        for i in range(len(citizens)):
            raw, _reason = pair_raw_score(citizens, i, openings, j, tables)
            if raw is not None:
                found.append((-raw, int(citizens.ids[i]), raw))
        found.sort()
        for rank, (_neg, cid, raw) in enumerate(found[: tables.top_k], start=1):
            out_c.append(cid)
            out_o.append(int(openings.ids[j]))
            out_raw.append(raw)
            out_rank.append(rank)
    result.citizen_ids = np.array(out_c, dtype=np.int64)
    result.opening_ids = np.array(out_o, dtype=np.int64)
    result.raw = np.array(out_raw, dtype=np.int32)
    result.ranks = np.array(out_rank, dtype=np.int16)
    result.scores = score_from_raw(result.raw, tables.weight_sum)
    result.pairs_considered = len(citizens) * len(openings)
    return result
