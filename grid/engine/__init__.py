"""The GRID's scoring kernel: plain numpy (and the models' vocabularies, no model and no
database), so it is tested and benchmarked alone.

Inputs are arrays (CitizenArrays, OpeningArrays, Tables); `screen` returns the top-k openings per
citizen with integer scores, and the number of pairs excluded per reason.

Exactness. Every factor is an integer 0-100 and every weight an integer, so the raw score
sum(weight * factor) is an exact integer in numpy and in pure Python alike; the score is the
weighted mean rounded half up. Matches are ordered by raw score, then by the smaller opening id,
so the top-k is one well-defined set that the blocked kernel, the unblocked numpy kernel and the
pure-Python reference (for the tests and the benchmark) all return.

Relevance. A pair is screened only when the opening's DISCO-08 code shares at least the major
group with one of the citizen's job tracks (occupation factor > 0) and it lies within the maximum
commute. Blocking uses this (see `screen`): pairs with no occupation fit, an opening without a
free seat or a kind the citizen's benefit does not allow are counted by arithmetic and never
scored; the others are scored tier by tier with a branch-and-bound cut. The hard limits are
declared once, in order, in grid.engine.limits.HARD_LIMITS; every kernel evaluates them in that
order, so each excluded pair is counted once, under the first limit it breaks (the pair limits
and the distance only for the pairs actually scored; `pruned` counts candidate pairs skipped by
the bound, and `no_occupation_fit` the pairs outside every block). After them, too_far (beyond
the maximum commute) is relevance, not a hard limit. Inactive citizens (no open course) are
never loaded.

The modules:
- vocabulary: kinds, segments, skånebehov and languages from the models; UnknownCode; KIND_FIT
- arrays: the inputs (CitizenArrays, OpeningArrays, Tables) and the output (ScreenResult)
- limits: the hard limits, declared once (HARD_LIMITS), with both forms of each check
- factors: the score's factors (occupation through DISCO, language, the per-citizen table)
- topk: exact top-k with unique integer keys
- unblocked: every pair scored (small inputs, and the reference for the blocked kernel)
- blocked: `screen`, the blocked kernel for the citizens' side
- opening_side: `screen_openings`, the top-k citizens per opening
- reference: the pure-Python pair loop (`pair_raw_score`, `screen_python`, ...)
- explain: the components of each kept match, for its reasons
"""

from .arrays import (
    CITIZEN_FIELDS,
    OPENING_FIELDS,
    UNKNOWN_EMPLOYER,
    CitizenArrays,
    OpeningArrays,
    ScreenResult,
    Tables,
    score_from_raw,
)
from .blocked import screen
from .explain import Explanation, explain
from .factors import LEVEL_FACTOR, PRIORITY_PERCENT, priority_percent, shared_level
from .limits import (
    EXCLUSION_REASONS,
    HARD_LIMITS,
    LIMITS_BY_NAME,
    NOT_RELEVANT,
    TOO_FAR,
    HardLimit,
    hard_limits_markdown,
)
from .opening_side import screen_openings, tier_bound
from .reference import pair_raw_score, screen_openings_python, screen_python
from .unblocked import screen_unblocked
from .vocabulary import (
    ACCOMMODATION_DTYPE,
    ACCOMMODATIONS,
    KIND_FIT,
    KINDS,
    LANGUAGE_CODES,
    LOW_HOURS,
    LOW_HOURS_KINDS,
    NO_HOURS_LIMIT,
    SEGMENTS,
    UnknownCode,
)

__all__ = [
    "ACCOMMODATIONS",
    "ACCOMMODATION_DTYPE",
    "CITIZEN_FIELDS",
    "EXCLUSION_REASONS",
    "HARD_LIMITS",
    "KINDS",
    "KIND_FIT",
    "LANGUAGE_CODES",
    "LEVEL_FACTOR",
    "LIMITS_BY_NAME",
    "LOW_HOURS",
    "LOW_HOURS_KINDS",
    "NOT_RELEVANT",
    "NO_HOURS_LIMIT",
    "OPENING_FIELDS",
    "PRIORITY_PERCENT",
    "SEGMENTS",
    "TOO_FAR",
    "UNKNOWN_EMPLOYER",
    "CitizenArrays",
    "Explanation",
    "HardLimit",
    "OpeningArrays",
    "ScreenResult",
    "Tables",
    "UnknownCode",
    "explain",
    "hard_limits_markdown",
    "pair_raw_score",
    "priority_percent",
    "score_from_raw",
    "screen",
    "screen_openings",
    "screen_openings_python",
    "screen_python",
    "screen_unblocked",
    "shared_level",
    "tier_bound",
]
