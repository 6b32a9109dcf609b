"""The GRID's hard limits, declared once.

HARD_LIMITS is the one table of the limits: each has a name (the exclusion reason's code), what it
reads on the citizen's side and on the opening's, how it is checked (one or more checks, each with
its vectorised form for the numpy kernels and its one-pair form for the pure-Python reference,
side by side), and the explanation a user reads. Every kernel (grid.engine.blocked,
grid.engine.opening_side, grid.engine.unblocked), the pure-Python reference
(grid.engine.reference.pair_raw_score), the exclusion counts, grid.reasons' explanations and the
README's list iterate over it; tests/grid/test_limits.py proves the README lists exactly these.

Order matters: a pair is counted under the first limit it breaks. A limit's stage follows from
what it reads, and the blocked kernels use it: an "opening" limit reads the opening only (its
openings are left out of every block), a "block" limit compares a category of the citizen with
one of the opening through a table of Tables (the kernels block citizens by it; at most one),
a "pair" limit is evaluated for the pairs actually scored, only where it can bite (its region).
Stages must come in that order.

Adding a limit: declare it here (a HardLimit with its checks: reuse a Check class or write one
with both forms) and load the arrays' fields it reads (grid.engine.arrays, grid.loading); then
run scripts/grid_hard_limits_readme.py. The kernels read the table through `stages()` when they
run, never a copy (tests/grid/test_limits.py declares an invented limit and checks every kernel
applies it). "A sick-listed citizen only at the own employer" is such a pair limit, with a check
"citizen's employer is 0 (not bound) or equals the opening's" (ZeroOrEqual).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .arrays import CitizenArrays, OpeningArrays, Tables

Index = np.ndarray | None  # positions on one side; None: all of them


def _column(c: CitizenArrays, name: str, rows: Index) -> np.ndarray:
    values = getattr(c, name)
    return (values if rows is None else values[rows])[:, None]


def _row(o: OpeningArrays, name: str, cols: Index) -> np.ndarray:
    values = getattr(o, name)
    return (values if cols is None else values[cols])[None, :]


def _size(n: int, index: Index) -> int:
    return n if index is None else len(index)


class Check:
    """How a limit is checked: `breaks` for a block of pairs (rows × cols, numpy) and
    `breaks_pair` for one pair (plain Python); `region` narrows where it can bite."""

    citizen: tuple[str, ...] = ()  # CitizenArrays fields read
    opening: tuple[str, ...] = ()  # OpeningArrays fields read
    table: str = ""  # a Tables attribute read

    def words(self) -> str:
        raise NotImplementedError

    def breaks(
        self, c: CitizenArrays, o: OpeningArrays, tables: Tables, rows: Index, cols: Index
    ) -> np.ndarray:
        """bool (rows, cols): the pairs that break the check."""
        raise NotImplementedError

    def breaks_pair(
        self, c: CitizenArrays, i: int, o: OpeningArrays, j: int, tables: Tables
    ) -> bool:
        raise NotImplementedError

    def region(self, c: CitizenArrays, o: OpeningArrays, tables: Tables) -> tuple[Index, Index]:
        """(rows, cols) outside which no pair breaks the check (None: everywhere)."""
        return None, None


@dataclass(frozen=True)
class OpeningFlag(Check):
    """The opening's boolean field must be set (reads the opening only)."""

    field: str

    @property
    def opening(self) -> tuple[str, ...]:
        return (self.field,)

    def words(self) -> str:
        return f"the opening's `{self.field}` is true"

    def breaks_openings(self, o: OpeningArrays) -> np.ndarray:
        return ~getattr(o, self.field)

    def breaks(self, c, o, tables, rows, cols):
        shape = (_size(len(c), rows), _size(len(o), cols))
        return np.broadcast_to(~_row(o, self.field, cols), shape)

    def breaks_pair(self, c, i, o, j, tables):
        return not bool(getattr(o, self.field)[j])


@dataclass(frozen=True)
class AllowedBy(Check):
    """A category of the citizen and one of the opening must be allowed together in a bool
    table of Tables (rows: the citizen's values, columns: the opening's)."""

    citizen_field: str
    opening_field: str
    table: str

    @property
    def citizen(self) -> tuple[str, ...]:
        return (self.citizen_field,)

    @property
    def opening(self) -> tuple[str, ...]:
        return (self.opening_field,)

    def words(self) -> str:
        return (
            f"`Tables.{self.table}[citizen's {self.citizen_field}, "
            f"opening's {self.opening_field}]` is true"
        )

    def breaks(self, c, o, tables, rows, cols):
        allowed = getattr(tables, self.table)
        return ~allowed[_column(c, self.citizen_field, rows)[:, 0]][
            :, _row(o, self.opening_field, cols)[0]
        ]

    def breaks_pair(self, c, i, o, j, tables):
        allowed = getattr(tables, self.table)
        citizen = int(getattr(c, self.citizen_field)[i])
        return not bool(allowed[citizen, int(getattr(o, self.opening_field)[j])])


@dataclass(frozen=True)
class AtMost(Check):
    """The opening's value must not exceed the citizen's (a minimum against a maximum)."""

    opening_field: str
    citizen_field: str

    @property
    def citizen(self) -> tuple[str, ...]:
        return (self.citizen_field,)

    @property
    def opening(self) -> tuple[str, ...]:
        return (self.opening_field,)

    def words(self) -> str:
        return f"opening's `{self.opening_field}` ≤ citizen's `{self.citizen_field}`"

    def breaks(self, c, o, tables, rows, cols):
        return _row(o, self.opening_field, cols) > _column(c, self.citizen_field, rows)

    def breaks_pair(self, c, i, o, j, tables):
        return int(getattr(o, self.opening_field)[j]) > int(getattr(c, self.citizen_field)[i])

    def region(self, c, o, tables):
        if len(o) == 0:
            return np.zeros(0, dtype=np.int64), None
        highest = getattr(o, self.opening_field).max()
        return np.flatnonzero(getattr(c, self.citizen_field) < highest), None


@dataclass(frozen=True)
class ZeroOrEqual(Check):
    """The citizen's value is 0 (not bound) or equals the opening's: a sick-listed citizen's
    own employer against the opening's company."""

    citizen_field: str
    opening_field: str

    @property
    def citizen(self) -> tuple[str, ...]:
        return (self.citizen_field,)

    @property
    def opening(self) -> tuple[str, ...]:
        return (self.opening_field,)

    def words(self) -> str:
        return (
            f"citizen's `{self.citizen_field}` is 0 or equals the opening's `{self.opening_field}`"
        )

    def breaks(self, c, o, tables, rows, cols):
        bound = _column(c, self.citizen_field, rows)
        return (bound != 0) & (bound != _row(o, self.opening_field, cols))

    def breaks_pair(self, c, i, o, j, tables):
        bound = int(getattr(c, self.citizen_field)[i])
        return bound != 0 and bound != int(getattr(o, self.opening_field)[j])

    def region(self, c, o, tables):
        return np.flatnonzero(getattr(c, self.citizen_field) != 0), None


@dataclass(frozen=True)
class Subset(Check):
    """Every bit of one side's mask (or a flag) must be set on the other side: the citizen's
    skånebehov within what the workplace can meet; the opening's required languages within
    the citizen's."""

    inner_side: str  # "citizen" or "opening": the side whose bits must all be met
    inner: str
    outer: str

    @property
    def citizen(self) -> tuple[str, ...]:
        return (self.inner if self.inner_side == "citizen" else self.outer,)

    @property
    def opening(self) -> tuple[str, ...]:
        return (self.outer if self.inner_side == "citizen" else self.inner,)

    def words(self) -> str:
        outer_side = "opening" if self.inner_side == "citizen" else "citizen"
        return f"{self.inner_side}'s `{self.inner}` ⊆ {outer_side}'s `{self.outer}`"

    def breaks(self, c, o, tables, rows, cols):
        if self.inner_side == "citizen":
            inner, outer = _column(c, self.inner, rows), _row(o, self.outer, cols)
        else:
            inner, outer = _row(o, self.inner, cols), _column(c, self.outer, rows)
        return (inner & ~outer) != 0

    def breaks_pair(self, c, i, o, j, tables):
        if self.inner_side == "citizen":
            inner, outer = int(getattr(c, self.inner)[i]), int(getattr(o, self.outer)[j])
        else:
            inner, outer = int(getattr(o, self.inner)[j]), int(getattr(c, self.outer)[i])
        return inner & ~outer != 0

    def region(self, c, o, tables):
        if self.inner_side == "citizen":
            return np.flatnonzero(getattr(c, self.inner)), None
        return None, np.flatnonzero(getattr(o, self.inner))


@dataclass(frozen=True)
class NotListed(Check):
    """The pair must not be in a set of (citizen id, opening id) pairs of Tables."""

    table: str

    @property
    def citizen(self) -> tuple[str, ...]:
        return ("ids",)

    @property
    def opening(self) -> tuple[str, ...]:
        return ("ids",)

    def words(self) -> str:
        return f"(citizen, opening) not in `Tables.{self.table}`"

    def breaks(self, c, o, tables, rows, cols):
        listed = tables.by_citizen(self.table)
        citizen_ids = c.ids if rows is None else c.ids[rows]
        opening_ids = o.ids if cols is None else o.ids[cols]  # ascending
        out = np.zeros((len(citizen_ids), len(opening_ids)), dtype=bool)
        for i, cid in enumerate(citizen_ids.tolist()):
            for oid in listed.get(cid, ()):
                j = int(np.searchsorted(opening_ids, oid))
                if j < len(opening_ids) and opening_ids[j] == oid:
                    out[i, j] = True
        return out

    def breaks_pair(self, c, i, o, j, tables):
        return (int(c.ids[i]), int(o.ids[j])) in getattr(tables, self.table)

    def region(self, c, o, tables):
        listed = tables.by_citizen(self.table)
        if not listed:
            return np.zeros(0, dtype=np.int64), None
        return np.flatnonzero([cid in listed for cid in c.ids.tolist()]), None


def _union(parts: list[Index]) -> Index:
    if any(part is None for part in parts):
        return None
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class HardLimit:
    name: str  # the exclusion reason's code
    citizen: str  # what the citizen's side is (and where it is loaded from)
    opening: str  # what the opening's side is
    checks: tuple[Check, ...]  # broken when any check is broken
    text: Promise  # why a pair breaks it, for the user

    @property
    def stage(self) -> str:
        if not any(check.citizen for check in self.checks):
            return "opening"
        if any(isinstance(check, AllowedBy) for check in self.checks):
            return "block"
        return "pair"

    def how(self) -> str:
        """What must hold (every check), in words."""
        return "; and ".join(check.words() for check in self.checks)

    def breaks(
        self,
        c: CitizenArrays,
        o: OpeningArrays,
        tables: Tables,
        rows: Index = None,
        cols: Index = None,
    ) -> np.ndarray:
        broken = self.checks[0].breaks(c, o, tables, rows, cols)
        for check in self.checks[1:]:
            broken = broken | check.breaks(c, o, tables, rows, cols)
        return broken

    def breaks_pair(
        self, c: CitizenArrays, i: int, o: OpeningArrays, j: int, tables: Tables
    ) -> bool:
        return any(check.breaks_pair(c, i, o, j, tables) for check in self.checks)

    def breaks_openings(self, o: OpeningArrays) -> np.ndarray:
        """For an "opening" limit: bool per opening."""
        broken = np.zeros(len(o), dtype=bool)
        for check in self.checks:
            broken |= check.breaks_openings(o)
        return broken

    def region(self, c: CitizenArrays, o: OpeningArrays, tables: Tables) -> tuple[Index, Index]:
        regions = [check.region(c, o, tables) for check in self.checks]
        return _union([r for r, _ in regions]), _union([k for _, k in regions])


HARD_LIMITS: tuple[HardLimit, ...] = (
    HardLimit(
        name="no_free_seat",
        citizen="—",
        opening="open, a seat not taken by an active placement, and (for supported kinds) room "
        "under the workplace's rimelighedskrav or a dispensation in force (`free`, grid.loading)",
        checks=(OpeningFlag("free"),),
        text=_(
            "No free seat, the opening is not open, or the workplace's rimelighedskrav is used up"
        ),
    ),
    HardLimit(
        name="kind_not_allowed",
        citizen="the benefit of the open course",
        opening="the kind (`OpeningKind`); the allowed pairs are the `GridKindRule` rows in force",
        checks=(AllowedBy("benefit", "kind", "kind_allowed"),),
        text=_("The kind of opening is not allowed for the citizen's benefit"),
    ),
    HardLimit(
        name="sick_own_employer",
        citizen="sick from employment (sygedagpenge course), unless the caseworker recorded that "
        "return is not possible: the employer's CVR (`Course.employer_cvr`; not recorded: no "
        "opening fits); otherwise not bound",
        opening="the company's CVR number",
        checks=(ZeroOrEqual("own_employer", "employer"),),
        text=_(
            "Sick-listed from a job: matched only to openings at the own employer (gradvis "
            "tilbagevenden), unless return there is recorded as not possible"
        ),
    ),
    HardLimit(
        name="hours",
        citizen="max hours per week (none: no limit)",
        opening="minimum hours per week",
        checks=(AtMost("hours_min", "max_hours"),),
        text=_("The opening's minimum hours exceed the citizen's max hours per week"),
    ),
    HardLimit(
        name="accommodations",
        citizen="skånebehov needed (`Accommodation`)",
        opening="skånebehov the workplace can meet",
        checks=(Subset("citizen", "accommodations", "accommodations"),),
        text=_("The workplace cannot accommodate every accommodation need"),
    ),
    HardLimit(
        name="languages_licence",
        citizen="languages spoken; driving licence",
        opening="languages required; driving licence required",
        checks=(
            Subset("opening", "languages", "languages"),
            Subset("opening", "licence", "licence"),
        ),
        text=_("A required language or the driving licence is missing"),
    ),
    HardLimit(
        name="already_placed",
        citizen="the openings of the citizen's interventions with an active placement",
        opening="the opening",
        checks=(NotListed("placed"),),
        text=_("The citizen is already placed in this opening"),
    ),
)

TOO_FAR = "too_far"  # relevance, after the hard limits: beyond the maximum commute
NOT_RELEVANT = "no_occupation_fit"  # relevance: no job track in the opening's DISCO major group


@dataclass(frozen=True)
class Stages:
    """A declaration of hard limits by stage, as the kernels read it."""

    limits: tuple[HardLimit, ...]
    opening: tuple[HardLimit, ...]
    block: HardLimit | None
    pair: tuple[HardLimit, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every exclusion reason a kernel counts, in order."""
        return (*(limit.name for limit in self.limits), TOO_FAR, NOT_RELEVANT)


_ORDER = ("opening", "block", "pair")
_staged: dict[int, tuple[tuple[HardLimit, ...], Stages]] = {}


def stages() -> Stages:
    """HARD_LIMITS by stage; the kernels call this (not a copy taken at import), so a limit
    declared in HARD_LIMITS is applied everywhere. The order is checked once per declaration."""
    declared = HARD_LIMITS
    found = _staged.get(id(declared))
    if found is not None and found[0] is declared:
        return found[1]
    order = [_ORDER.index(limit.stage) for limit in declared]
    blocks = [limit for limit in declared if limit.stage == "block"]
    if (
        order != sorted(order)
        or len(blocks) > 1
        or len({lim.name for lim in declared}) < len(order)
    ):
        raise ValueError(
            "HARD_LIMITS: unique names; the opening limits first, then at most one block limit "
            "(with one AllowedBy check), then the pair limits."
        )
    if blocks and len(blocks[0].checks) != 1:
        raise ValueError("A block limit has exactly one check (AllowedBy).")
    result = Stages(
        limits=declared,
        opening=tuple(limit for limit in declared if limit.stage == "opening"),
        block=blocks[0] if blocks else None,
        pair=tuple(limit for limit in declared if limit.stage == "pair"),
    )
    _staged[id(declared)] = (declared, result)
    return result


stages()  # the declaration is checked on import
LIMITS_BY_NAME = {limit.name: limit for limit in HARD_LIMITS}
EXCLUSION_REASONS = (*(limit.name for limit in HARD_LIMITS), TOO_FAR)


def hard_limits_markdown() -> str:
    """The README's table of the hard limits (tests/grid/test_limits.py compares them)."""
    lines = [
        "| # | hard limit (reason code) | citizen's side | opening's side | how it is checked |",
        "|---|---|---|---|---|",
    ]
    for number, limit in enumerate(HARD_LIMITS, start=1):
        lines.append(
            f"| {number} | `{limit.name}` | {limit.citizen} | {limit.opening} | {limit.how()} |"
        )
    return "\n".join(lines)
