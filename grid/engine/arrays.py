"""The engine's inputs and output: the two sides as arrays, the tables, the screening result."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .vocabulary import KINDS, LOW_HOURS_KINDS, kind_fit_matrix


@dataclass
class OpeningArrays:
    ids: np.ndarray  # int64, ascending
    code: np.ndarray  # int16 4-digit unit group
    kind: np.ndarray  # int8 index into KINDS
    hours_min: np.ndarray  # int16
    accommodations: np.ndarray  # ACCOMMODATION_DTYPE bit mask (ACCOMMODATIONS) it can meet
    languages: np.ndarray  # uint64 bit mask of required languages (LANGUAGE_CODES)
    licence: np.ndarray  # bool: requires a driving licence
    postcode: np.ndarray  # int16 index into Tables.commute
    free: np.ndarray  # bool: open, a free seat, and room under the rimelighedskrav
    employer: np.ndarray  # int64: the company's CVR number (0 when unknown)

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, index: np.ndarray) -> OpeningArrays:
        return OpeningArrays(**{name: getattr(self, name)[index] for name in OPENING_FIELDS})


OPENING_FIELDS = tuple(OpeningArrays.__dataclass_fields__)
UNKNOWN_EMPLOYER = -1  # never a CVR number, so it matches no opening


@dataclass
class CitizenArrays:
    ids: np.ndarray  # int64, ascending
    tracks: np.ndarray  # int16 (n, T): unit codes by priority, 0 when none
    benefit: np.ndarray  # int8 index into Tables.kind_allowed's rows (grid.loading.BENEFITS)
    segment: np.ndarray  # int8 index into SEGMENTS
    max_hours: np.ndarray  # int16 (NO_HOURS_LIMIT when not set)
    accommodations: np.ndarray  # ACCOMMODATION_DTYPE bit mask of skånebehov
    languages: np.ndarray  # uint64 bit mask of spoken languages
    language_levels: np.ndarray  # uint8 (n, L): language factor per language, 0 none
    licence: np.ndarray  # bool
    postcode: np.ndarray  # int16 index into Tables.commute
    urgency: np.ndarray  # int16 0-100
    # int64: sick-listed from a job, matched only at this employer's CVR (gradvis
    # tilbagevenden); 0 when not bound; UNKNOWN_EMPLOYER when bound but the CVR is not recorded.
    own_employer: np.ndarray
    overdue: np.ndarray | None = None  # bool: an overdue deadline (for the reasons only)

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, index: np.ndarray) -> CitizenArrays:
        return CitizenArrays(
            **{
                name: None if getattr(self, name) is None else getattr(self, name)[index]
                for name in CITIZEN_FIELDS
            }
        )


CITIZEN_FIELDS = tuple(CitizenArrays.__dataclass_fields__)


@dataclass
class Tables:
    """Everything the score needs besides the two sides."""

    weights: tuple[int, int, int, int, int]  # occupation, commute, urgency, language, kind
    kind_allowed: np.ndarray  # bool (n_benefits, len(KINDS))
    commute: np.ndarray  # int16 (P, P): commute factor 0-100, -1 beyond the max distance
    distance_km: np.ndarray  # int16 (P, P): rounded km, -1 unknown
    top_k: int = 20
    placed: frozenset[tuple[int, int]] = frozenset()  # (citizen id, opening id)
    kind_fit: np.ndarray = field(default_factory=kind_fit_matrix)
    low_hours_kinds: np.ndarray = field(
        default_factory=lambda: np.array([k in LOW_HOURS_KINDS for k in KINDS], dtype=bool)
    )

    @property
    def weight_sum(self) -> int:
        return sum(self.weights)

    def by_citizen(self, name: str) -> dict[int, list[int]]:
        """A set of (citizen id, opening id) pairs (such as `placed`) grouped by citizen id, for
        the kernels' look-ups; computed once per set."""
        pairs = getattr(self, name)
        cached = self.__dict__.get(f"_{name}_by_citizen")
        if cached is None or cached[0] is not pairs:
            out: dict[int, list[int]] = {}
            for cid, oid in pairs:
                out.setdefault(cid, []).append(oid)
            cached = (pairs, out)
            self.__dict__[f"_{name}_by_citizen"] = cached
        return cached[1]


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


def empty_result(reasons: tuple[str, ...]) -> ScreenResult:
    return ScreenResult(
        citizen_ids=np.zeros(0, np.int64),
        opening_ids=np.zeros(0, np.int64),
        scores=np.zeros(0, np.int16),
        raw=np.zeros(0, np.int32),
        ranks=np.zeros(0, np.int16),
        excluded=dict.fromkeys(reasons, 0),
    )


def assemble(result, out_c, out_o, out_raw, out_rank, weight_sum) -> ScreenResult:
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
