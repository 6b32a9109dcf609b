"""The GRID's scoring kernel: plain numpy, no Django, so it is tested and benchmarked alone.

Inputs are arrays (CitizenArrays, OpeningArrays, Tables); `screen` returns the top-k openings per
citizen with integer scores, and the number of pairs excluded per reason.

Exactness. Every factor is an integer 0-100 and every weight an integer, so the raw score
sum(weight * factor) is an exact integer in numpy and in pure Python alike; the score is the
weighted mean rounded half up. Matches are ordered by raw score, then by the smaller opening id,
so the top-k is one well-defined set that the blocked kernel, the unblocked numpy reference and
the pure-Python reference (both below, for the tests and the benchmark) all return.

Relevance. A pair is screened only when the opening's DISCO-08 code shares at least the major
group with one of the citizen's job tracks (occupation factor > 0) and it lies within the maximum
commute. Blocking uses this (see `screen`): pairs with no occupation fit, an opening without a
free seat or a kind the citizen's benefit does not allow are counted by arithmetic and never
scored; the others are scored tier by tier with a branch-and-bound cut. The hard limits are masks,
evaluated in order so each excluded pair is counted once, under the first limit it breaks (limits
3-6 and the distance only for the pairs actually scored; `pruned` counts candidate pairs skipped
by the bound, and `no_occupation_fit` the pairs outside every block):

1. no_free_seat      the opening is not open, has no free seat, or its workplace's
                     rimelighedskrav has no room (and no dispensation)
2. kind_not_allowed  the opening's kind is not allowed for the citizen's benefit (GridKindRule)
3. hours             the opening's minimum hours exceed the citizen's max hours per week
4. accommodations    a skånebehov of the citizen the workplace cannot accommodate
5. languages_licence a required language or the driving licence is missing
6. already_placed    the citizen is already placed in the opening
(then) too_far       beyond the maximum commute (not a hard limit: relevance)
Inactive citizens (no open course) are never loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Order of the opening kinds and segments in the arrays (values of core.choices.OpeningKind and
# citizens.segments.Segment).
KINDS = (
    "ordinaert_job",
    "virksomhedspraktik",
    "loentilskud",
    "smaajob",
    "fleksjob",
    "nyttejob",
    "loennede_timer",
)
SEGMENTS = ("jobparate", "ikke_jobparate", "sygedagpenge_jobafklaring", "unge", "integration", "")
ACCOMMODATIONS = (
    "no_heavy_lifting",
    "no_prolonged_standing",
    "no_night_or_shift_work",
    "quiet_environment",
    "flexible_hours",
    "limited_customer_contact",
    "step_free_access",
    "mentor_support",
)
EXCLUSION_REASONS = (
    "no_free_seat",
    "kind_not_allowed",
    "hours",
    "accommodations",
    "languages_licence",
    "already_placed",
    "too_far",
)
NOT_RELEVANT = "no_occupation_fit"

# Occupation factor by shared DISCO level (0 none .. 4 same unit group), and by track priority.
LEVEL_FACTOR = (0, 25, 50, 75, 100)
PRIORITY_PERCENT = {1: 100, 2: 85, 3: 70}
PRIORITY_PERCENT_REST = 60
# Citizen's language level → language factor (an opening asking for a language).
LANGUAGE_LEVEL_FACTOR = {"basic": 50, "good": 75, "fluent": 100, "native": 100}
NO_HOURS_LIMIT = 999
LOW_HOURS = 15  # a citizen who can work at most this many hours prefers few-hours kinds
LOW_HOURS_KINDS = ("smaajob", "fleksjob", "loennede_timer")

# How well a kind suits a segment (0-100): company-based placements first for ikke-jobparate,
# ordinary jobs first for jobparate. Rows: SEGMENTS; columns: KINDS.
KIND_FIT = {
    "jobparate": (100, 60, 70, 40, 50, 40, 50),
    "ikke_jobparate": (40, 100, 80, 70, 100, 60, 90),
    "sygedagpenge_jobafklaring": (80, 100, 70, 60, 90, 40, 70),
    "unge": (80, 90, 70, 60, 50, 50, 70),
    "integration": (70, 100, 90, 60, 50, 60, 80),
    "": (50, 50, 50, 50, 50, 50, 50),
}


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


@dataclass
class OpeningArrays:
    ids: np.ndarray  # int64, ascending
    code: np.ndarray  # int16 4-digit unit group
    kind: np.ndarray  # int8 index into KINDS
    hours_min: np.ndarray  # int16
    accommodations: np.ndarray  # uint8 bit mask (ACCOMMODATIONS)
    languages: np.ndarray  # uint64 bit mask of required languages
    licence: np.ndarray  # bool: requires a driving licence
    postcode: np.ndarray  # int16 index into Tables.commute
    free: np.ndarray  # bool: hard limit 1 holds

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, index: np.ndarray) -> OpeningArrays:
        return OpeningArrays(**{name: getattr(self, name)[index] for name in _OPENING_FIELDS})


_OPENING_FIELDS = tuple(OpeningArrays.__dataclass_fields__)


@dataclass
class CitizenArrays:
    ids: np.ndarray  # int64, ascending
    tracks: np.ndarray  # int16 (n, T): unit codes by priority, 0 when none
    benefit: np.ndarray  # int8 index into Tables.benefits
    segment: np.ndarray  # int8 index into SEGMENTS
    max_hours: np.ndarray  # int16 (NO_HOURS_LIMIT when not set)
    accommodations: np.ndarray  # uint8 bit mask of needs
    languages: np.ndarray  # uint64 bit mask of spoken languages
    language_levels: np.ndarray  # uint8 (n, L): LANGUAGE_LEVEL_FACTOR per language, 0 none
    licence: np.ndarray  # bool
    postcode: np.ndarray  # int16 index into Tables.commute
    urgency: np.ndarray  # int16 0-100
    overdue: np.ndarray | None = None  # bool: an overdue deadline (for the reasons only)

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, index: np.ndarray) -> CitizenArrays:
        return CitizenArrays(
            **{
                name: None if getattr(self, name) is None else getattr(self, name)[index]
                for name in _CITIZEN_FIELDS
            }
        )


_CITIZEN_FIELDS = tuple(CitizenArrays.__dataclass_fields__)


@dataclass
class Tables:
    """Everything the score needs besides the two sides."""

    weights: tuple[int, int, int, int, int]  # occupation, commute, urgency, language, kind
    kind_allowed: np.ndarray  # bool (n_benefits, len(KINDS))
    commute: np.ndarray  # int16 (P, P): commute factor 0-100, -1 beyond the max distance
    distance_km: np.ndarray  # int16 (P, P): rounded km, -1 unknown
    top_k: int = 20
    placed: frozenset[tuple[int, int]] = frozenset()  # (citizen id, opening id)
    kind_fit: np.ndarray = field(
        default_factory=lambda: np.array([KIND_FIT[s] for s in SEGMENTS], dtype=np.int16)
    )
    low_hours_kinds: np.ndarray = field(
        default_factory=lambda: np.array([k in LOW_HOURS_KINDS for k in KINDS], dtype=bool)
    )

    @property
    def weight_sum(self) -> int:
        return sum(self.weights)


@dataclass
class ScreenResult:
    """Kept matches, flat and ordered by citizen then rank."""

    citizen_ids: np.ndarray
    opening_ids: np.ndarray
    scores: np.ndarray  # int16 0-100
    raw: np.ndarray  # int32 weighted sum (ranking key)
    ranks: np.ndarray  # int16, 1-based per citizen
    pairs_considered: int = 0
    excluded: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.citizen_ids)

    def as_sets(self) -> dict[int, list[tuple[int, int]]]:
        """{citizen id: [(opening id, score), ...] in rank order} — for comparisons."""
        return self._grouped(self.citizen_ids, self.opening_ids)

    def as_opening_sets(self) -> dict[int, list[tuple[int, int]]]:
        """{opening id: [(citizen id, score), ...] in row order} — for comparisons."""
        return self._grouped(self.opening_ids, self.citizen_ids)

    def _grouped(self, keys: np.ndarray, others: np.ndarray) -> dict[int, list[tuple[int, int]]]:
        out: dict[int, list[tuple[int, int]]] = {}
        for key, other, score in zip(
            keys.tolist(), others.tolist(), self.scores.tolist(), strict=True
        ):
            out.setdefault(key, []).append((other, score))
        return out


def score_from_raw(raw: np.ndarray, weight_sum: int) -> np.ndarray:
    """Weighted mean of 0-100 factors, rounded half up, as an integer 0-100."""
    return ((2 * raw.astype(np.int64) + weight_sum) // (2 * weight_sum)).astype(np.int16)


# --- Per-citizen precomputation ------------------------------------------------------------------


def _occupation_table(tracks: np.ndarray, codes: np.ndarray) -> np.ndarray:
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


def _language_factor(citizens: CitizenArrays, required: np.ndarray, n_languages: int) -> np.ndarray:
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


# --- The blocked kernel ----------------------------------------------------------------------


def _empty_result() -> ScreenResult:
    return ScreenResult(
        citizen_ids=np.zeros(0, np.int64),
        opening_ids=np.zeros(0, np.int64),
        scores=np.zeros(0, np.int16),
        raw=np.zeros(0, np.int32),
        ranks=np.zeros(0, np.int16),
        excluded={reason: 0 for reason in (*EXCLUSION_REASONS, NOT_RELEVANT)},
    )


def _score_chunk(
    c: CitizenArrays,
    o: OpeningArrays,
    tables: Tables,
    excluded: dict[str, int],
    n_languages: int,
    count_kind: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Raw scores (n_c, n_o) int32 with -1 where a pair is excluded; counts exclusions."""
    # 1 free seat (per opening; the kernel is also given non-free openings to count them).
    alive = np.broadcast_to(o.free[None, :], (len(c), len(o))).copy()
    excluded["no_free_seat"] += int(alive.size - np.count_nonzero(alive))
    # 2 kind allowed for the benefit.
    if count_kind:
        ok = tables.kind_allowed[c.benefit][:, o.kind]
        excluded["kind_not_allowed"] += int(np.count_nonzero(alive & ~ok))
        alive &= ok
    # 3 hours.
    ok = o.hours_min[None, :] <= c.max_hours[:, None]
    excluded["hours"] += int(np.count_nonzero(alive & ~ok))
    alive &= ok
    # 4 accommodations: every need of the citizen is one the workplace can accommodate.
    ok = (c.accommodations[:, None] & ~o.accommodations[None, :]) == 0
    excluded["accommodations"] += int(np.count_nonzero(alive & ~ok))
    alive &= ok
    # 5 languages and licence.
    ok = (o.languages[None, :] & ~c.languages[:, None]) == 0
    ok &= c.licence[:, None] | ~o.licence[None, :]
    excluded["languages_licence"] += int(np.count_nonzero(alive & ~ok))
    alive &= ok
    # 6 already placed (few pairs: looked up, not broadcast).
    if tables.placed:
        c_pos = {cid: i for i, cid in enumerate(c.ids.tolist())}
        o_pos = {oid: j for j, oid in enumerate(o.ids.tolist())}
        for cid, oid in tables.placed:
            i, j = c_pos.get(cid), o_pos.get(oid)
            if i is not None and j is not None and alive[i, j]:
                alive[i, j] = False
                excluded["already_placed"] += 1
    # Relevance: distance.
    commute = tables.commute[c.postcode][:, o.postcode]
    far = commute < 0
    excluded["too_far"] += int(np.count_nonzero(alive & far))
    alive &= ~far
    # Score. Occupation and language through small per-citizen tables indexed by the opening's
    # distinct code and language mask (one gather per pair each).
    codes, code_index = np.unique(o.code, return_inverse=True)
    occupation = _occupation_table(c.tracks, codes)[:, code_index]
    relevant = occupation > 0
    excluded[NOT_RELEVANT] += int(np.count_nonzero(alive & ~relevant))
    alive &= relevant
    w_occ, w_com, w_urg, w_lang, w_kind = tables.weights
    raw = occupation.astype(np.int32) * w_occ
    raw += commute.astype(np.int32) * w_com
    raw += (c.urgency.astype(np.int32) * w_urg)[:, None]
    masks, mask_index = np.unique(o.languages, return_inverse=True)
    if len(masks) > 1 or masks[0] != 0:
        raw += _language_factor(c, masks, n_languages)[:, mask_index].astype(np.int32) * w_lang
    else:
        raw += 100 * w_lang
    fit = tables.kind_fit[c.segment][:, o.kind]
    low = (c.max_hours <= LOW_HOURS)[:, None] & tables.low_hours_kinds[o.kind][None, :]
    fit = np.where(low, 100, fit)
    raw += fit.astype(np.int32) * w_kind
    raw[~alive] = -1
    return raw, alive


_INVALID = -(1 << 62)


def _top_k(raw: np.ndarray, k: int, opening_order: np.ndarray):
    """Per row: indices (n, k') of the k best by (raw desc, opening id asc), -1 padding."""
    n, m = raw.shape
    if m == 0:
        return np.zeros((n, 0), dtype=np.int64)
    # A total order key: raw score first, then the smaller opening id (opening_order: 0 = smallest).
    key = raw.astype(np.int64) * (1 << 32) - opening_order[None, :].astype(np.int64)
    key[raw < 0] = _INVALID
    if m > k:
        part = np.argpartition(-key, k - 1, axis=1)[:, :k]
    else:
        part = np.broadcast_to(np.arange(m), (n, m)).copy()
    part_keys = np.take_along_axis(key, part, axis=1)
    order = np.argsort(-part_keys, axis=1, kind="stable")
    best = np.take_along_axis(part, order, axis=1)
    best_keys = np.take_along_axis(part_keys, order, axis=1)
    best[best_keys == _INVALID] = -1
    return best


def _key_raw(key: np.ndarray) -> np.ndarray:
    """The raw score inside a ranking key (key = raw * 2**32 - opening order): the key divided
    by 2**32 rounded up, as a shift (an arithmetic shift rounds down)."""
    return (key + (_ORDER_SPAN - 1)) >> 32


_ORDER_SPAN = 1 << 32


_POSITION_SPAN = 1 << 15  # openings per tier for int32 keys (raw <= 50,000 < 2**16)


def _score_tier(
    c: CitizenArrays,
    o: OpeningArrays,
    combos: tuple[np.ndarray, np.ndarray],
    excluded: dict[str, int],
    placed_by_citizen: dict[int, set[int]],
) -> np.ndarray:
    """Raw scores (n_c, n_o) int32, -1 where a hard limit (3-6) or the distance excludes the
    pair. `combos` is the citizens' _combo_table for one occupation factor and each opening's
    column in it: every opening here is free, allowed for the citizens' benefit and has that
    factor for them (the caller's blocking guarantees it)."""
    # Each limit is evaluated only where it can bite: the citizens with a max below the
    # openings' highest minimum hours, the citizens with skånebehov, the openings that require
    # a language or a licence. Every excluded pair is counted under the first limit it breaks.
    bad = np.zeros((len(c), len(o)), dtype=bool)
    rows = np.flatnonzero(c.max_hours < o.hours_min.max()) if len(o) else []
    if len(rows):
        bad[rows] = o.hours_min[None, :] > c.max_hours[rows, None]
        excluded["hours"] += int(np.count_nonzero(bad[rows]))
    rows = np.flatnonzero(c.accommodations)
    if len(rows):
        new = (c.accommodations[rows, None] & ~o.accommodations[None, :]) != 0
        new &= ~bad[rows]
        excluded["accommodations"] += int(np.count_nonzero(new))
        bad[rows] |= new
    cols = np.flatnonzero((o.languages != 0) | o.licence)
    if len(cols):
        missing = (o.languages[None, cols] & ~c.languages[:, None]) != 0
        missing |= o.licence[None, cols] & ~c.licence[:, None]
        missing &= ~bad[:, cols]
        excluded["languages_licence"] += int(np.count_nonzero(missing))
        bad[:, cols] |= missing
    if placed_by_citizen:
        for i, cid in enumerate(c.ids.tolist()):
            for oid in placed_by_citizen.get(cid, ()):
                j = int(np.searchsorted(o.ids, oid))
                if j < len(o.ids) and o.ids[j] == oid and not bad[i, j]:
                    bad[i, j] = True
                    excluded["already_placed"] += 1
    table, combo_index = combos
    raw = table[:, combo_index]
    if (table < 0).any():
        far = (raw < 0) & ~bad
        excluded["too_far"] += int(np.count_nonzero(far))
    raw[bad] = -1
    return raw


def _combo_table(
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
        table += _language_factor(c, masks, 64)[:, q_mask].astype(np.int32) * w_lang
    else:
        table += 100 * w_lang
    fit = tables.kind_fit[c.segment][:, q_kind]
    low = c.max_hours <= LOW_HOURS
    if low.any():
        fit = np.where(low[:, None] & tables.low_hours_kinds[q_kind][None, :], 100, fit)
    table += fit.astype(np.int32) * w_kind
    table[commute < 0] = -1
    return table, combo_index.reshape(-1)


def _promising_combos(
    c: CitizenArrays, table: np.ndarray, column: np.ndarray, k: int
) -> np.ndarray | None:
    """Which combinations (columns of a chunk's _combo_table) to score first: for each group of
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


def _tier_top_k(raw: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row the (up to) k best positions by (raw desc, position asc) as an (n, k) array
    padded with position 0 and raw -1. Keys are unique per row, so the k-th largest key found
    by np.partition (values only, cheaper than argpartition) selects exactly the k best."""
    n, m = raw.shape
    # key = raw * span + (span - 1 - position): unique per row, ordered by raw then position,
    # and negative exactly where raw is -1 (excluded), so no masking pass is needed.
    if m < _POSITION_SPAN:
        key = raw * _POSITION_SPAN
        key += np.arange(_POSITION_SPAN - 1, _POSITION_SPAN - 1 - m, -1, dtype=np.int32)
    else:
        key = raw.astype(np.int64) * _ORDER_SPAN
        key += np.arange(_ORDER_SPAN - 1, _ORDER_SPAN - 1 - m, -1, dtype=np.int64)
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


def _group_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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


def _merge_top_k(
    best_key: np.ndarray, best_col: np.ndarray, keys: np.ndarray, cols: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    all_keys = np.concatenate([best_key, keys], axis=1)
    all_cols = np.concatenate([best_col, cols], axis=1)
    if all_keys.shape[1] > k:
        part = np.argpartition(-all_keys, k - 1, axis=1)[:, :k]
        all_keys = np.take_along_axis(all_keys, part, axis=1)
        all_cols = np.take_along_axis(all_cols, part, axis=1)
    return all_keys, all_cols


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
    blocked by code (and kind, and free seat), and taken tier by tier, highest occupation factor
    first. Phase 1 scores, for citizens grouped by (best factor, the codes that give it,
    benefit), only the free openings of allowed kinds in those codes. A citizen whose k-th best
    raw score then beats the best any lower tier could reach is finished (branch and bound);
    the few others go on tier by tier in phase 2, grouped by their whole factor row. Pairs with
    no occupation fit, not free or of a disallowed kind are counted by arithmetic, never scored.
    The result is exactly the unblocked top-k (tests/grid/test_engine.py). Hard limits 3-6 and
    the distance are counted for the pairs actually scored; `excluded["pruned"]` counts the
    candidate pairs the bound skipped.
    """
    if len(citizens) * len(openings) <= small_pairs:
        return screen_unblocked(citizens, openings, tables, n_languages=n_languages)
    result = _empty_result()
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
    factors = _occupation_table(citizens.tracks, codes)  # (n_c, n_u)
    relevant = factors > 0
    per_unit = np.bincount(code_index, minlength=n_u).astype(np.int64)
    not_free = np.bincount(code_index[~openings.free], minlength=n_u).astype(np.int64)
    free_kind = np.zeros((n_u, len(KINDS)), dtype=np.int64)
    np.add.at(free_kind, (code_index[openings.free], openings.kind[openings.free]), 1)
    allowed = tables.kind_allowed.astype(np.int64)
    disallowed = free_kind @ (1 - allowed).T  # (n_u, n_benefits)
    candidates_per_unit = free_kind @ allowed.T
    excluded[NOT_RELEVANT] += int(((~relevant) * per_unit[None, :]).sum())
    excluded["no_free_seat"] += int((relevant * not_free[None, :]).sum())
    excluded["kind_not_allowed"] += int((relevant * disallowed.T[citizens.benefit]).sum())
    candidate_pairs = int((relevant * candidates_per_unit.T[citizens.benefit]).sum())

    candidates: dict[tuple[int, int], np.ndarray] = {}

    def candidates_for(units: np.ndarray, benefit: int) -> np.ndarray:
        parts = []
        for unit in units.tolist():
            found = candidates.get((unit, benefit))
            if found is None:
                found = np.flatnonzero(
                    (code_index == unit)
                    & openings.free
                    & tables.kind_allowed[benefit][openings.kind]
                )
                candidates[(unit, benefit)] = found
            parts.append(found)
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    placed_by_citizen: dict[int, set[int]] = {}
    for cid, oid in tables.placed:
        placed_by_citizen.setdefault(cid, set()).add(oid)
    best_key = np.full((n_c, k), _INVALID, dtype=np.int64)
    best_col = np.full((n_c, k), -1, dtype=np.int64)
    considered = 0

    def score_tier(members: np.ndarray, value: int, cand: np.ndarray) -> None:
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
            table, column = _combo_table(c, o, value, tables)
            chosen = _promising_combos(c, table, column, k)
            if chosen is None:
                score(chunk, c, cand, (table, column))
                continue
            first = chosen[column]
            score(chunk, c, cand[first], (table, column[first]))
            # Unchosen openings count only for a citizen whose k-th best does not beat all of
            # them (its k-th best is not yet above the best raw score they could give).
            bound = np.where(chosen[None, :], -1, table).max(axis=1)
            kth = best_key[chunk].min(axis=1)
            again = (bound >= 0) & ((kth == _INVALID) | (_key_raw(kth) <= bound))
            if again.any():
                rest = ~first
                score(chunk[again], c.take(again), cand[rest], (table[again], column[rest]))

    def score(chunk, c, cand_part, combos) -> None:
        nonlocal considered
        if len(chunk) == 0 or len(cand_part) == 0:
            return
        o = openings.take(cand_part)
        raw = _score_tier(c, o, combos, excluded, placed_by_citizen)
        considered += raw.size
        position, picked = _tier_top_k(raw, k)
        tier_key = picked.astype(np.int64) * _ORDER_SPAN - opening_order[cand_part][position]
        tier_key[picked < 0] = _INVALID
        best_key[chunk], best_col[chunk] = _merge_top_k(
            best_key[chunk], best_col[chunk], tier_key, cand_part[position], k
        )

    w_occ, w_com, w_urg, w_lang, w_kind = tables.weights
    rest = 100 * (w_com + w_lang + w_kind)

    def unfinished(members: np.ndarray, next_value: np.ndarray) -> np.ndarray:
        """The members that a lower tier (factor next_value, 0: none) could still improve."""
        bound = next_value.astype(np.int64) * w_occ + rest
        bound += citizens.urgency[members].astype(np.int64) * w_urg
        kth = best_key[members].min(axis=1)
        finished = (next_value <= 0) | ((kth != _INVALID) & (_key_raw(kth) > bound))
        return members[~finished]

    # Phase 1: the best tier of every citizen, in coarse groups.
    top = factors.max(axis=1)
    top_mask = (factors == top[:, None]) & (top[:, None] > 0)
    key1 = np.concatenate(
        [top[:, None], top_mask.astype(np.int16), citizens.benefit[:, None].astype(np.int16)],
        axis=1,
    )
    by_group, bounds = _group_rows(key1)
    for g in range(len(bounds) - 1):
        members = np.sort(by_group[bounds[g] : bounds[g + 1]])
        first = key1[members[0]]
        value = int(first[0])
        if value <= 0:
            continue
        units = np.flatnonzero(first[1 : n_u + 1])
        score_tier(members, value, candidates_for(units, int(first[n_u + 1])))
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
                citizens.benefit[remaining, None].astype(np.int16),
            ],
            axis=1,
        )
        by_group, bounds = _group_rows(key)
        for g in range(len(bounds) - 1):
            members = np.sort(by_group[bounds[g] : bounds[g + 1]])
            first = key[members[0]]
            units = np.flatnonzero(first[1 : n_u + 1])
            score_tier(remaining[members], int(first[0]), candidates_for(units, int(first[-1])))
        done_to[remaining] = value
        following = np.where(rows < value[:, None], rows, 0).max(axis=1)
        remaining = unfinished(remaining, following)
    excluded["pruned"] = max(0, candidate_pairs - considered)
    result.pairs_considered = considered
    return _kept(result, best_key, best_col, citizens.ids, openings.ids, tables.weight_sum)


def _kept(
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
    flat = np.flatnonzero(best_key != _INVALID)
    rows = row_ids[by_id][flat // k]
    others = other_ids[best_other[flat]]
    result.citizen_ids, result.opening_ids = (rows, others) if rows_are_citizens else (others, rows)
    result.raw = _key_raw(best_key[flat]).astype(np.int32)
    result.ranks = (flat % k + 1).astype(np.int16)
    result.scores = score_from_raw(result.raw, weight_sum)
    return result


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
    opening's DISCO code, so openings are taken code by code, and within a code the citizens tier
    by tier, highest factor first; only citizens who share at least the major group are ever
    looked at. An opening is finished when its k-th best raw score beats the best any lower tier
    could reach (that tier's factor, the highest urgency left, and 100 for the rest), so most
    openings see only their top tiers. Hard limits are applied as in `screen`; the exclusion
    counts are the citizen side's (this pass counts nothing). The result is ordered by opening
    id, then rank; `ranks` are the citizens' ranks for the opening."""
    result = _empty_result()
    n_c, n_o, k = len(citizens), len(openings), tables.top_k
    if n_c == 0 or n_o == 0:
        return result
    citizen_order = np.empty(n_c, dtype=np.int64)
    citizen_order[np.argsort(citizens.ids, kind="stable")] = np.arange(n_c)
    codes, code_index = np.unique(openings.code, return_inverse=True)
    code_index = code_index.reshape(-1)
    w_occ, w_com, w_urg, w_lang, w_kind = tables.weights
    rest = 100 * (w_com + w_lang + w_kind)
    uncounted = {reason: 0 for reason in (*EXCLUSION_REASONS, NOT_RELEVANT)}
    placed_by_citizen: dict[int, set[int]] = {}
    for cid, oid in tables.placed:
        placed_by_citizen.setdefault(cid, set()).add(oid)
    best_key = np.full((n_o, k), _INVALID, dtype=np.int64)
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
        factors = _occupation_table(tracks[sharing], codes[units])  # (len(sharing), len(units))
        for j, unit in enumerate(units.tolist()):
            active = np.flatnonzero((code_index == unit) & openings.free)
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
                    combos = _combo_table(c, o, int(values[start]), tables)
                    raw = _score_tier(c, o, combos, uncounted, placed_by_citizen)
                    raw[~tables.kind_allowed[c.benefit][:, o.kind]] = -1
                    considered += raw.size
                    position, picked = _tier_top_k(raw.T, k)
                    tier_key = (
                        picked.astype(np.int64) * _ORDER_SPAN - citizen_order[chunk][position]
                    )
                    tier_key[picked < 0] = _INVALID
                    best_key[active], best_row[active] = _merge_top_k(
                        best_key[active], best_row[active], tier_key, chunk[position], k
                    )
                if end >= len(ordered):
                    break
                bound = int(values[end]) * w_occ + rest + int(urgency_left[end]) * w_urg
                kth = best_key[active].min(axis=1)
                finished = (kth != _INVALID) & (_key_raw(kth) > bound)
                active = active[~finished]
                if len(active) == 0:
                    break
    result.pairs_considered = considered
    return _kept(
        result,
        best_key,
        best_row,
        openings.ids,
        citizens.ids,
        tables.weight_sum,
        rows_are_citizens=False,
    )


def _assemble(result, out_c, out_o, out_raw, out_rank, weight_sum) -> ScreenResult:
    """Concatenate the kept rows (the references'), ordered by citizen id then rank."""
    if out_c:
        cids = np.concatenate(out_c)
        oids = np.concatenate(out_o)
        raw = np.concatenate(out_raw).astype(np.int32)
        ranks = np.concatenate(out_rank)
        order = np.lexsort((ranks, cids))
        result.citizen_ids = cids[order]
        result.opening_ids = oids[order]
        result.raw = raw[order]
        result.ranks = ranks[order]
        result.scores = score_from_raw(result.raw, weight_sum)
    return result


# --- References (tests and benchmark) ------------------------------------------------------


def screen_unblocked(
    citizens: CitizenArrays,
    openings: OpeningArrays,
    tables: Tables,
    *,
    n_languages: int = 64,
    max_cells: int = 4_000_000,
) -> ScreenResult:
    """Every pair scored with numpy (no blocking): the reference for the blocked kernel."""
    result = _empty_result()
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
        raw, _ = _score_chunk(c, openings, tables, result.excluded, n_languages, count_kind=True)
        best = _top_k(raw, tables.top_k, opening_order)
        valid = best >= 0
        row_idx = np.nonzero(valid)[0]
        col = best[valid]
        out_c.append(c.ids[row_idx])
        out_o.append(openings.ids[col])
        out_raw.append(raw[row_idx, col])
        out_rank.append((np.cumsum(valid, axis=1)[valid]).astype(np.int16))
    result.pairs_considered = len(citizens) * len(openings)
    return _assemble(result, out_c, out_o, out_raw, out_rank, tables.weight_sum)


def pair_raw_score(
    citizens: CitizenArrays, i: int, openings: OpeningArrays, j: int, tables: Tables
) -> tuple[int | None, str | None]:
    """One pair in pure Python: (raw score, None) when it is a match candidate, else
    (None, the first reason that excludes it). The definition the kernels must agree with."""
    if not openings.free[j]:
        return None, "no_free_seat"
    kind = int(openings.kind[j])
    if not tables.kind_allowed[int(citizens.benefit[i]), kind]:
        return None, "kind_not_allowed"
    if int(openings.hours_min[j]) > int(citizens.max_hours[i]):
        return None, "hours"
    if int(citizens.accommodations[i]) & ~int(openings.accommodations[j]) & 0xFF:
        return None, "accommodations"
    required = int(openings.languages[j])
    if required & ~int(citizens.languages[i]) & 0xFFFFFFFFFFFFFFFF:
        return None, "languages_licence"
    if bool(openings.licence[j]) and not bool(citizens.licence[i]):
        return None, "languages_licence"
    if (int(citizens.ids[i]), int(openings.ids[j])) in tables.placed:
        return None, "already_placed"
    commute = int(tables.commute[int(citizens.postcode[i]), int(openings.postcode[j])])
    if commute < 0:
        return None, "too_far"
    occupation = 0
    for t, code in enumerate(citizens.tracks[i].tolist()):
        level = shared_level(int(code), int(openings.code[j]))
        occupation = max(occupation, LEVEL_FACTOR[level] * priority_percent(t + 1) // 100)
    if occupation == 0:
        return None, NOT_RELEVANT
    language = 100
    if required:
        language = min(
            int(citizens.language_levels[i, bit]) for bit in range(64) if required >> bit & 1
        )
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
    result = _empty_result()
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
    return _assemble(result, out_c, out_o, out_raw, out_rank, tables.weight_sum)


def screen_openings_python(
    citizens: CitizenArrays, openings: OpeningArrays, tables: Tables
) -> ScreenResult:
    """The opening side as a pure-Python pair loop: the reference for `screen_openings`."""
    result = _empty_result()
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
