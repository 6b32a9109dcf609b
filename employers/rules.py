"""The rimelighedskrav and "a placement active on a day": the one home of these rules.

Each rule has a per-case form (plain Python over values, for a service deciding one placement)
and a bulk form (ORM, for lists, the GRID and indicators) side by side; tests/employers/
test_rules.py generates cases with hypothesis and asserts the two agree.

The law (checked 2026-12-04, sources in the README's "Rules and their sources"):
- LAB requires a reasonable ratio between ordinary employees and people with public support
  (LAB § 77 for løntilskud); the ratio itself is in the bekendtgørelse om en aktiv
  beskæftigelsesindsats: bek. nr. 2636 af 28/12/2021 § 65 (before: bek. nr. 1297 af 9/11/2017
  § 92). Virksomhedspraktik, løntilskud and nytteindsats together may be at most 1 per 5 ordinary
  employees up to 50 ("dog altid 1 person") plus 1 per 10 ordinary employees above — the four
  numbers are dated rows of core.models.Rule (keys rimelighedskrav_*).
- The count is of the people placed AT THE SAME TIME: a new placement is allowed when, on the
  busiest day of its period, the supported placements running that day plus the new one do not
  exceed the limit (a placement that ended before, or starts after, another never shares a seat).
- Beyond the ratio only a registered dispensation gives room (employers.models.Dispensation:
  who granted it — the regionale arbejdsmarkedsråd (RAR) under bek. nr. 1178 af 25/11/2019 § 12
  for nytteindsats —, its reference, its period, the kinds it covers, and extra seats or no
  limit). A dispensation counts for a placement only when it covers the whole placement period.

Missing rule policy (the same in every form): when a rimelighedskrav rule has no row in force on
the start day, the capacity is 0 — no supported placement can be created, and the service says
why in Danish. Nothing guesses a number.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from core.choices import OpeningKind

# The supported placements the rimelighedskrav counts together per P-nummer (bek. 2636/2021
# § 65: virksomhedspraktik, løntilskud and nytteindsats).
RIMELIGHEDSKRAV_KINDS: tuple[str, ...] = (
    OpeningKind.VIRKSOMHEDSPRAKTIK,
    OpeningKind.LOENTILSKUD,
    OpeningKind.NYTTEJOB,
)

RULE_KEYS = (
    "rimelighedskrav_employees_per_seat",
    "rimelighedskrav_threshold",
    "rimelighedskrav_employees_per_seat_above",
    "rimelighedskrav_min_seats",
)


# --- A placement active on a day ---------------------------------------------------------------


def placement_active_on(*, status: str, start: date, end: date | None, on: date) -> bool:
    """Per case: an active (not ended, not cancelled) placement whose period holds `on`."""
    return status == "active" and start <= on and (end is None or end >= on)


def active_on_q(on, prefix: str = "") -> Q:
    """Bulk: the same as a Q on Placement (`prefix` e.g. "placements__" from an opening).
    `on` may be a date or an expression (OuterRef)."""
    return Q(**{f"{prefix}status": "active", f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


def overlaps_q(start: date, end: date | None, prefix: str = "") -> Q:
    """Active placements whose period overlaps [start, end] (end None: open-ended)."""
    q = Q(**{f"{prefix}status": "active"}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": start})
    )
    if end is not None:
        q &= Q(**{f"{prefix}start__lte": end})
    return q


# --- Capacity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RimelighedskravRules:
    """The four rule values the ratio is computed from, read once for many workplaces."""

    employees_per_seat: int
    threshold: int
    employees_per_seat_above: int
    min_seats: int


def rimelighedskrav_rules(*, on: date) -> RimelighedskravRules | None:
    """The rule values in force on `on`; None when one of them is missing (capacity 0)."""
    from core.rules import RuleMissing, rule_int

    try:
        return RimelighedskravRules(*(rule_int(key, on=on) for key in RULE_KEYS))
    except RuleMissing:
        return None


def capacity(ordinary_employees: int, rules: RimelighedskravRules | None) -> int:
    """Per case: how many supported placements the ratio allows at once.

    One per `employees_per_seat` (5) ordinary employees up to `threshold` (50), plus one per
    `employees_per_seat_above` (10) above it, rounded down, never fewer than `min_seats` (1):
    0 -> 1, 10 -> 2, 49 -> 9, 50 -> 10, 60 -> 11, 200 -> 25. No rules: 0."""
    if ordinary_employees < 0:
        raise ValueError("The number of ordinary employees cannot be negative.")
    if rules is None:
        return 0
    below = min(ordinary_employees, rules.threshold) // rules.employees_per_seat
    above = max(ordinary_employees - rules.threshold, 0) // rules.employees_per_seat_above
    return max(below + above, rules.min_seats)


def capacity_expression(rules: RimelighedskravRules | None, employees: str = "ordinary_employees"):
    """Bulk: the same as an ORM expression over a workplace's `employees` field."""
    if rules is None:
        return Value(0, output_field=IntegerField())
    staff = F(employees)
    below = Least(staff, Value(rules.threshold)) / Value(rules.employees_per_seat)
    above = Greatest(staff - Value(rules.threshold), Value(0)) / Value(
        rules.employees_per_seat_above
    )
    return Greatest(below + above, Value(rules.min_seats), output_field=IntegerField())


def capacity_on(ordinary_employees: int, *, on: date) -> int:
    """capacity() with the rules in force on `on` (0 when a rule is missing)."""
    return capacity(ordinary_employees, rimelighedskrav_rules(on=on))


# --- Busiest day -------------------------------------------------------------------------------


def busiest_day_count(
    periods: Iterable[tuple[date, date | None]], start: date, end: date | None
) -> int:
    """Per case: the most periods (start, end inclusive; end None open) running on one day of
    [start, end]. The maximum is reached on `start` or on a day a period starts, so only those
    days are tried."""
    periods = [
        (s, e) for s, e in periods if (e is None or e >= start) and (end is None or s <= end)
    ]
    days = {max(s, start) for s, _ in periods}
    return max(
        (sum(1 for s, e in periods if s <= day and (e is None or e >= day)) for day in days),
        default=0,
    )


def busiest_day_counts(placements: QuerySet, *, start: date, end: date | None, group: str) -> dict:
    """Bulk: busiest_day_count per value of `group` (e.g. "opening__workplace") over the active
    `placements` — one query: each overlapping placement is annotated with the number running
    on its candidate day (its start, or `start` if earlier) in the same group. For one day
    (start == end, as the GRID asks) every overlapping placement runs on it, so the count is a
    plain aggregate (at 100x Ballerup 6.5 s of subqueries otherwise)."""
    if end is not None and end == start:
        return dict(
            placements.filter(active_on_q(start))
            .order_by()
            .values(group)
            .annotate(n=Count("pk"))
            .values_list(group, "n")
        )
    candidates = placements.filter(overlaps_q(start, end)).annotate(
        day=Greatest(F("start"), Value(start, output_field=DateField()), output_field=DateField())
    )
    running = (
        placements.filter(active_on_q(OuterRef("day")), **{group: OuterRef(group)})
        .order_by()
        .values(group)
        .annotate(n=Count("pk"))
        .values("n")
    )
    counts: dict = {}
    for key, n in candidates.annotate(
        n=Coalesce(Subquery(running, output_field=IntegerField()), 0)
    ).values_list(group, "n"):
        counts[key] = max(counts.get(key, 0), n)
    return counts


# --- Dispensations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DispensationTerms:
    """What a dispensation gives: the kinds it covers, its period, and extra seats (None: no
    limit)."""

    kinds: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    extra_seats: int | None
    reference: str = ""


def covers(terms: DispensationTerms, *, kind: str, start: date, end: date | None) -> bool:
    """Per case: the dispensation covers a placement of `kind` over the whole of [start, end]."""
    if kind not in terms.kinds or terms.valid_from > start:
        return False
    if terms.valid_to is None:
        return True
    return end is not None and terms.valid_to >= end


def covering_q(start: date, end: date | None) -> Q:
    """Bulk: dispensations whose period covers [start, end] (the kinds are checked per row)."""
    q = Q(valid_from__lte=start)
    if end is None:
        return q & Q(valid_to__isnull=True)
    return q & (Q(valid_to__isnull=True) | Q(valid_to__gte=end))


# --- Room --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Room:
    """The rimelighedskrav at one workplace for one kind over a period."""

    ratio_capacity: int  # from the ordinary employees and the rules in force at the start
    extra_seats: int  # from dispensations covering the period and kind
    unlimited: bool  # a covering dispensation without a seat limit
    used: int  # supported placements running on the busiest day of the period
    ordinary_employees: int
    rules_missing: bool = False
    references: tuple[str, ...] = field(default=())

    @property
    def capacity(self) -> int | None:
        return None if self.unlimited else self.ratio_capacity + self.extra_seats

    @property
    def free(self) -> int | None:
        """Free places (None: no limit under a dispensation)."""
        return (
            None if self.unlimited else max(self.ratio_capacity + self.extra_seats - self.used, 0)
        )

    @property
    def has_room(self) -> bool:
        return self.unlimited or self.used < self.ratio_capacity + self.extra_seats

    @property
    def dispensation(self) -> bool:
        return self.unlimited or self.extra_seats > 0


def room_of(
    *,
    ordinary_employees: int,
    rules: RimelighedskravRules | None,
    periods: Iterable[tuple[date, date | None]],
    dispensations: Sequence[DispensationTerms],
    kind: str,
    start: date,
    end: date | None,
) -> Room:
    """Per case: the room from plain values (what the workplace has, what runs, what is granted)."""
    granted = [d for d in dispensations if covers(d, kind=kind, start=start, end=end)]
    return Room(
        ratio_capacity=capacity(ordinary_employees, rules),
        extra_seats=sum(d.extra_seats or 0 for d in granted),
        unlimited=any(d.extra_seats is None for d in granted),
        used=busiest_day_count(periods, start, end),
        ordinary_employees=ordinary_employees,
        rules_missing=rules is None,
        references=tuple(d.reference for d in granted),
    )


def _terms(row) -> DispensationTerms:
    return DispensationTerms(
        kinds=tuple(row.kinds or ()),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        extra_seats=row.extra_seats,
        reference=row.reference,
    )


def room(*, workplace, kind: str, start: date, end: date | None) -> Room:
    """Per case for one workplace (a service deciding one placement): two small reads, then
    room_of."""
    from .models import Dispensation, Placement

    periods = Placement.objects.filter(
        overlaps_q(start, end),
        opening__workplace=workplace,
        opening__kind__in=RIMELIGHEDSKRAV_KINDS,
    ).values_list("start", "end")
    dispensations = [_terms(d) for d in Dispensation.objects.filter(workplace=workplace)]
    return room_of(
        ordinary_employees=workplace.ordinary_employees,
        rules=rimelighedskrav_rules(on=start),
        periods=list(periods),
        dispensations=dispensations,
        kind=kind,
        start=start,
        end=end,
    )


def rooms(
    *, workplace_ids: Iterable[int], kind: str, start: date, end: date | None
) -> dict[int, Room]:
    """Bulk: room for many workplaces in a constant number of queries (the ratio as an ORM
    expression, the busiest day as one annotated query, the covering dispensations in one)."""
    from .models import Dispensation, Placement, Workplace

    ids = list(workplace_ids)
    if not ids:
        return {}
    rules = rimelighedskrav_rules(on=start)
    workplaces = dict(
        Workplace.objects.filter(pk__in=ids)
        .annotate(ratio=capacity_expression(rules))
        .values_list("pk", "ratio")
    )
    employees = dict(Workplace.objects.filter(pk__in=ids).values_list("pk", "ordinary_employees"))
    used = busiest_day_counts(
        Placement.objects.filter(
            opening__workplace__in=ids, opening__kind__in=RIMELIGHEDSKRAV_KINDS
        ),
        start=start,
        end=end,
        group="opening__workplace",
    )
    extra: dict[int, int] = {}
    unlimited: set[int] = set()
    references: dict[int, list[str]] = {}
    for row in Dispensation.objects.filter(covering_q(start, end), workplace__in=ids):
        if kind not in (row.kinds or ()):
            continue
        references.setdefault(row.workplace_id, []).append(row.reference)
        if row.extra_seats is None:
            unlimited.add(row.workplace_id)
        else:
            extra[row.workplace_id] = extra.get(row.workplace_id, 0) + row.extra_seats
    return {
        pk: Room(
            ratio_capacity=ratio,
            extra_seats=extra.get(pk, 0),
            unlimited=pk in unlimited,
            used=used.get(pk, 0),
            ordinary_employees=employees[pk],
            rules_missing=rules is None,
            references=tuple(references.get(pk, ())),
        )
        for pk, ratio in workplaces.items()
    }
