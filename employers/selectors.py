"""Reads of the employers' side: seats in use and the rimelighedskrav's room at a workplace."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from core.choices import OpeningKind

from .models import Opening, Placement, Workplace

# The supported placements the rimelighedskrav counts together per P-nummer (bek. 1297/2017 § 92
# for praktik and løntilskud; seed 004 applies the same ratio to nyttejob).
RIMELIGHEDSKRAV_KINDS = (
    OpeningKind.VIRKSOMHEDSPRAKTIK,
    OpeningKind.LOENTILSKUD,
    OpeningKind.NYTTEJOB,
)


def placements_overlapping(
    *, start: date, end: date | None, queryset: QuerySet[Placement] | None = None
) -> QuerySet[Placement]:
    """Active placements whose period overlaps [start, end] (end None: open-ended)."""
    queryset = Placement.objects.all() if queryset is None else queryset
    overlapping = queryset.filter(status=Placement.Status.ACTIVE).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    if end is not None:
        overlapping = overlapping.filter(start__lte=end)
    return overlapping


def openings_with_seats_used(*, on: date, queryset: QuerySet[Opening] | None = None):
    """Openings annotated with `seats_used`: active placements on the given day."""
    queryset = Opening.objects.all() if queryset is None else queryset
    active = Q(placements__status=Placement.Status.ACTIVE, placements__start__lte=on) & (
        Q(placements__end__isnull=True) | Q(placements__end__gte=on)
    )
    return queryset.annotate(seats_used=Count("placements", filter=active))


@dataclass(frozen=True)
class RimelighedskravRoom:
    capacity: int
    used: int
    ordinary_employees: int
    dispensation: bool

    @property
    def free(self) -> int:
        return max(self.capacity - self.used, 0)


def rimelighedskrav_room(
    *, workplace: Workplace, start: date, end: date | None
) -> RimelighedskravRoom:
    """How many supported placements the workplace may hold in the period, and how many it holds.

    A dispensation in force at the start replaces the limit with its capacity."""
    from core.rules import rimelighedskrav_capacity

    used = placements_overlapping(
        start=start,
        end=end,
        queryset=Placement.objects.filter(
            opening__workplace=workplace, opening__kind__in=RIMELIGHEDSKRAV_KINDS
        ),
    ).count()
    has_dispensation = bool(
        workplace.dispensation_capacity is not None
        and workplace.dispensation_from
        and workplace.dispensation_from <= start
        and (workplace.dispensation_to is None or workplace.dispensation_to >= start)
    )
    if has_dispensation:
        capacity = workplace.dispensation_capacity
    else:
        capacity = rimelighedskrav_capacity(workplace.ordinary_employees, on=start)
    return RimelighedskravRoom(
        capacity=capacity,
        used=used,
        ordinary_employees=workplace.ordinary_employees,
        dispensation=has_dispensation,
    )
