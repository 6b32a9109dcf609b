"""The blocked kernel: the top-k openings per citizen without scoring most pairs.

A citizen's occupation factor depends only on the opening's DISCO code, so openings are blocked
by code (and by the block limit's category, and the opening limits), and taken tier by tier,
highest occupation factor first, with a branch-and-bound cut. The result is exactly the
unblocked top-k (tests/grid/test_engine.py)."""

from __future__ import annotations

import numpy as np

from .arrays import CitizenArrays, OpeningArrays, ScreenResult, Tables, empty_result
from .factors import combo_table, occupation_table
from .limits import NOT_RELEVANT, TOO_FAR, stages
from .topk import INVALID, ORDER_SPAN, kept, key_raw, merge_top_k, tier_top_k
from .unblocked import screen_unblocked
from .vocabulary import SEGMENTS


def opening_stage(openings: OpeningArrays) -> tuple[np.ndarray, list[np.ndarray]]:
    """(open, broken): `open` the openings within every opening limit, and per opening limit
    the openings it is the first to exclude."""
    first = np.zeros(len(openings), dtype=bool)
    broken = []
    for limit in stages().opening:
        now = limit.breaks_openings(openings) & ~first
        broken.append(now)
        first |= now
    return ~first, broken


def block_stage(citizens: CitizenArrays, openings: OpeningArrays, tables: Tables):
    """(citizen category, opening category, allowed table) of the block limit; with none, one
    category that allows everything."""
    block = stages().block
    if block is None:
        return (
            np.zeros(len(citizens), dtype=np.int64),
            np.zeros(len(openings), dtype=np.int64),
            np.ones((1, 1), dtype=bool),
        )
    (check,) = block.checks
    return (
        getattr(citizens, check.citizen_field),
        getattr(openings, check.opening_field),
        getattr(tables, check.table),
    )


def score_tier(
    c: CitizenArrays,
    o: OpeningArrays,
    tables: Tables,
    combos: tuple[np.ndarray, np.ndarray],
    excluded: dict[str, int],
) -> np.ndarray:
    """Raw scores (n_c, n_o) int32, -1 where a pair limit or the distance excludes the pair.
    `combos` is the citizens' combo_table for one occupation factor and each opening's column
    in it: every opening here is within the opening limits and the block limit and has that
    factor for them (the caller's blocking guarantees it)."""
    # Each limit is evaluated only where it can bite (its region: the citizens with a max below
    # the openings' highest minimum hours, the citizens with skånebehov, the openings that
    # require a language or a licence, ...). Every excluded pair is counted under the first.
    bad = np.zeros((len(c), len(o)), dtype=bool)
    for limit in stages().pair:
        rows, cols = limit.region(c, o, tables)
        if (rows is not None and len(rows) == 0) or (cols is not None and len(cols) == 0):
            continue
        if rows is None and cols is None:
            where = (slice(None),)
        elif cols is None:
            where = (rows,)
        elif rows is None:
            where = (slice(None), cols)
        else:
            where = np.ix_(rows, cols)
        before = bad[where]
        new = limit.breaks(c, o, tables, rows, cols) & ~before
        excluded[limit.name] += int(np.count_nonzero(new))
        bad[where] = before | new
    table, combo_index = combos
    raw = table[:, combo_index]
    if (table < 0).any():
        far = (raw < 0) & ~bad
        excluded[TOO_FAR] += int(np.count_nonzero(far))
    raw[bad] = -1
    return raw


def promising_combos(
    c: CitizenArrays, table: np.ndarray, column: np.ndarray, k: int
) -> np.ndarray | None:
    """Which combinations (columns of a chunk's combo_table) to score first: for each group of
    citizens alike in postcode and segment, the best combinations until they hold k openings
    (hard limits aside). None when that would be nearly everything. Only a heuristic: the caller
    scores the rest for every citizen whose k-th best does not beat them (branch and bound)."""
    n_q = table.shape[1]
    if n_q <= 2:
        return None
    counts = np.bincount(column, minlength=n_q)
    group_key = c.postcode.astype(np.int64) * len(SEGMENTS) + c.segment
    _keys, first = np.unique(group_key, return_index=True)
    # The groups' rows without the per-citizen constants (urgency) still order the same way.
    rows = table[first].astype(np.int64) - c.urgency[first].astype(np.int64)[:, None]
    order = np.argsort(-rows, axis=1, kind="stable")
    held = np.cumsum(counts[order], axis=1)
    reach = np.minimum((held < 3 * k).sum(axis=1), n_q - 1)
    threshold = np.take_along_axis(rows, order, axis=1)[np.arange(len(first)), reach]
    chosen = (rows >= threshold[:, None]).any(axis=0)
    if counts[chosen].sum() > 0.6 * len(column):
        return None
    return chosen


def group_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group equal rows of a small non-negative integer matrix: (order, bounds) so that
    order[bounds[g]:bounds[g + 1]] are the rows of group g. Rows are packed into int64 words
    and sorted with lexsort (much faster than np.unique(axis=0))."""
    n, width = matrix.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64)
    bits = max(1, int(matrix.max()).bit_length())
    per_word = max(1, 62 // bits)
    words = []
    for start in range(0, width, per_word):
        word = np.zeros(n, dtype=np.int64)
        for column in range(start, min(start + per_word, width)):
            word = (word << bits) | matrix[:, column].astype(np.int64)
        words.append(word)
    order = np.lexsort(words[::-1])
    stacked = np.stack([w[order] for w in words], axis=1)
    change = np.flatnonzero((stacked[1:] != stacked[:-1]).any(axis=1)) + 1
    bounds = np.concatenate([[0], change, [n]])
    return order, bounds


def screen(
    citizens: CitizenArrays,
    openings: OpeningArrays,
    tables: Tables,
    *,
    n_languages: int = 64,
    max_cells: int = 2_000_000,
    small_pairs: int = 4_000_000,
) -> ScreenResult:
    """The blocked kernel: top-k openings per citizen, counts of excluded pairs per reason.

    Inputs of at most `small_pairs` pairs (Ballerup: 2,840 x 258) are scored in one unblocked
    pass instead: the same result, without the per-group overhead that only pays at scale.

    Blocking. A citizen's occupation factor depends only on the opening's code, so openings are
    blocked by code (and by the opening limits and the block limit: free seat, kind allowed for
    the benefit), and taken tier by tier, highest occupation factor first. Phase 1 scores, for
    citizens grouped by (best factor, the codes that give it, benefit), only the free openings
    of allowed kinds in those codes. A citizen whose k-th best
    raw score then beats the best any lower tier could reach is finished (branch and bound);
    the few others go on tier by tier in phase 2, grouped by their whole factor row. Pairs with
    no occupation fit, not free or of a disallowed kind are counted by arithmetic, never scored.
    The result is exactly the unblocked top-k (tests/grid/test_engine.py). The pair limits and
    the distance are counted for the pairs actually scored; `excluded["pruned"]` counts the
    candidate pairs the bound skipped.
    """
    if len(citizens) * len(openings) <= small_pairs:
        return screen_unblocked(citizens, openings, tables, n_languages=n_languages)
    staged = stages()
    result = empty_result(staged.reasons)
    excluded = result.excluded
    excluded["pruned"] = 0
    n_c, n_o, k = len(citizens), len(openings), tables.top_k
    if n_c == 0 or n_o == 0:
        return result
    order = np.argsort(openings.ids, kind="stable")
    opening_order = np.empty(n_o, dtype=np.int64)
    opening_order[order] = np.arange(n_o)
    codes, code_index = np.unique(openings.code, return_inverse=True)
    n_u = len(codes)
    factors = occupation_table(citizens.tracks, codes)  # (n_c, n_u)
    relevant = factors > 0
    per_unit = np.bincount(code_index, minlength=n_u).astype(np.int64)
    excluded[NOT_RELEVANT] += int(((~relevant) * per_unit[None, :]).sum())
    # The opening limits (a free seat) and the block limit (the kind allowed for the benefit)
    # by arithmetic: per unit code, the openings each excludes, times the citizens it concerns.
    is_open, broken = opening_stage(openings)
    for limit, excluding in zip(staged.opening, broken, strict=True):
        per = np.bincount(code_index[excluding], minlength=n_u).astype(np.int64)
        excluded[limit.name] += int((relevant * per[None, :]).sum())
    citizen_category, opening_category, allowed_table = block_stage(citizens, openings, tables)
    open_category = np.zeros((n_u, allowed_table.shape[1]), dtype=np.int64)
    np.add.at(open_category, (code_index[is_open], opening_category[is_open]), 1)
    allowed = allowed_table.astype(np.int64)
    disallowed = open_category @ (1 - allowed).T  # (n_u, citizen categories)
    candidates_per_unit = open_category @ allowed.T
    if staged.block is not None:
        excluded[staged.block.name] += int((relevant * disallowed.T[citizen_category]).sum())
    candidate_pairs = int((relevant * candidates_per_unit.T[citizen_category]).sum())

    candidates: dict[tuple[int, int], np.ndarray] = {}

    def candidates_for(units: np.ndarray, category: int) -> np.ndarray:
        parts = []
        for unit in units.tolist():
            found = candidates.get((unit, category))
            if found is None:
                found = np.flatnonzero(
                    (code_index == unit) & is_open & allowed_table[category][opening_category]
                )
                candidates[(unit, category)] = found
            parts.append(found)
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    best_key = np.full((n_c, k), INVALID, dtype=np.int64)
    best_col = np.full((n_c, k), -1, dtype=np.int64)
    considered = 0

    def score_group(members: np.ndarray, value: int, cand: np.ndarray) -> None:
        nonlocal considered
        if len(members) == 0 or len(cand) == 0:
            return
        o = openings.take(cand)
        # Chunks of citizens who live near one another share most of their best openings.
        members = members[np.argsort(citizens.postcode[members], kind="stable")]
        rows = max(1, max_cells // len(cand))
        for start in range(0, len(members), rows):
            chunk = members[start : start + rows]
            c = citizens.take(chunk)
            table, column = combo_table(c, o, value, tables)
            chosen = promising_combos(c, table, column, k)
            if chosen is None:
                score(chunk, c, cand, (table, column))
                continue
            first = chosen[column]
            score(chunk, c, cand[first], (table, column[first]))
            # Unchosen openings count only for a citizen whose k-th best does not beat all of
            # them (its k-th best is not yet above the best raw score they could give).
            bound = np.where(chosen[None, :], -1, table).max(axis=1)
            kth = best_key[chunk].min(axis=1)
            again = (bound >= 0) & ((kth == INVALID) | (key_raw(kth) <= bound))
            if again.any():
                rest = ~first
                score(chunk[again], c.take(again), cand[rest], (table[again], column[rest]))

    def score(chunk, c, cand_part, combos) -> None:
        nonlocal considered
        if len(chunk) == 0 or len(cand_part) == 0:
            return
        o = openings.take(cand_part)
        raw = score_tier(c, o, tables, combos, excluded)
        considered += raw.size
        position, picked = tier_top_k(raw, k)
        tier_key = picked.astype(np.int64) * ORDER_SPAN - opening_order[cand_part][position]
        tier_key[picked < 0] = INVALID
        best_key[chunk], best_col[chunk] = merge_top_k(
            best_key[chunk], best_col[chunk], tier_key, cand_part[position], k
        )

    w_occ, w_com, w_urg, w_lang, w_kind = tables.weights
    rest = 100 * (w_com + w_lang + w_kind)

    def unfinished(members: np.ndarray, next_value: np.ndarray) -> np.ndarray:
        """The members that a lower tier (factor next_value, 0: none) could still improve."""
        bound = next_value.astype(np.int64) * w_occ + rest
        bound += citizens.urgency[members].astype(np.int64) * w_urg
        kth = best_key[members].min(axis=1)
        finished = (next_value <= 0) | ((kth != INVALID) & (key_raw(kth) > bound))
        return members[~finished]

    # Phase 1: the best tier of every citizen, in coarse groups.
    top = factors.max(axis=1)
    top_mask = (factors == top[:, None]) & (top[:, None] > 0)
    key1 = np.concatenate(
        [top[:, None], top_mask.astype(np.int16), citizen_category[:, None].astype(np.int16)],
        axis=1,
    )
    by_group, bounds = group_rows(key1)
    for g in range(len(bounds) - 1):
        members = np.sort(by_group[bounds[g] : bounds[g + 1]])
        first = key1[members[0]]
        value = int(first[0])
        if value <= 0:
            continue
        units = np.flatnonzero(first[1 : n_u + 1])
        score_group(members, value, candidates_for(units, int(first[n_u + 1])))
    next_value = np.where(factors < top[:, None], factors, 0).max(axis=1)
    remaining = unfinished(np.arange(n_c), next_value)

    # Phase 2: the others, one tier at a time for all of them, in coarse groups again (the
    # tier's factor, the codes that give it, the benefit).
    done_to = top.copy()  # tiers at or above this factor are scored
    while len(remaining):
        rows = factors[remaining]
        value = np.where(rows < done_to[remaining, None], rows, 0).max(axis=1)
        remaining, rows, value = remaining[value > 0], rows[value > 0], value[value > 0]
        if len(remaining) == 0:
            break
        key = np.concatenate(
            [
                value[:, None],
                (rows == value[:, None]).astype(np.int16),
                citizen_category[remaining, None].astype(np.int16),
            ],
            axis=1,
        )
        by_group, bounds = group_rows(key)
        for g in range(len(bounds) - 1):
            members = np.sort(by_group[bounds[g] : bounds[g + 1]])
            first = key[members[0]]
            units = np.flatnonzero(first[1 : n_u + 1])
            score_group(remaining[members], int(first[0]), candidates_for(units, int(first[-1])))
        done_to[remaining] = value
        following = np.where(rows < value[:, None], rows, 0).max(axis=1)
        remaining = unfinished(remaining, following)
    excluded["pruned"] = max(0, candidate_pairs - considered)
    result.pairs_considered = considered
    return kept(result, best_key, best_col, citizens.ids, openings.ids, tables.weight_sum)
