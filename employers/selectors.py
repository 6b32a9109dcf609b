"""Reads of the employers' side: what a user may see, the lists with their counts (in a constant
number of queries), seats in use, the rimelighedskrav's room at a workplace and samarbejdsgrad.

Every list function is given the user and returns only what that user's role may read (the
employers' side holds no citizen data, so a role that may read a model reads all its rows)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core.choices import OpeningKind
from core.models import User

from .models import Employer, EmployerContact, Opening, Placement, Workplace

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


def _has_dispensation(workplace: Workplace, start: date) -> bool:
    return bool(
        workplace.dispensation_capacity is not None
        and workplace.dispensation_from
        and workplace.dispensation_from <= start
        and (workplace.dispensation_to is None or workplace.dispensation_to >= start)
    )


def _rimelighedskrav_placements(start: date, end: date | None) -> QuerySet[Placement]:
    """The placements the rimelighedskrav counts in the period (all workplaces)."""
    return placements_overlapping(
        start=start,
        end=end,
        queryset=Placement.objects.filter(opening__kind__in=RIMELIGHEDSKRAV_KINDS),
    )


def rimelighedskrav_room(
    *, workplace: Workplace, start: date, end: date | None
) -> RimelighedskravRoom:
    """How many supported placements the workplace may hold in the period, and how many it holds.

    A dispensation in force at the start replaces the limit with its capacity."""
    from core.rules import rimelighedskrav_capacity

    used = _rimelighedskrav_placements(start, end).filter(opening__workplace=workplace).count()
    has_dispensation = _has_dispensation(workplace, start)
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


def rimelighedskrav_rooms(
    *, workplaces: Iterable[Workplace], start: date, end: date | None
) -> dict[int, RimelighedskravRoom]:
    """rimelighedskrav_room for many workplaces at once, keyed by workplace id: one aggregate
    query for the placements and the four rule values read once (only when a workplace without
    a dispensation needs them) — a constant number of queries however many workplaces."""
    from core.rules import rimelighedskrav_capacity, rimelighedskrav_rules

    workplaces = list(workplaces)
    if not workplaces:
        return {}
    used = dict(
        _rimelighedskrav_placements(start, end)
        .filter(opening__workplace__in=[workplace.pk for workplace in workplaces])
        .order_by()
        .values_list("opening__workplace")
        .annotate(n=Count("pk"))
        .values_list("opening__workplace", "n")
    )
    rules = None
    rooms = {}
    for workplace in workplaces:
        has_dispensation = _has_dispensation(workplace, start)
        if has_dispensation:
            capacity = workplace.dispensation_capacity
        else:
            rules = rules or rimelighedskrav_rules(on=start)
            capacity = rimelighedskrav_capacity(workplace.ordinary_employees, on=start, rules=rules)
        rooms[workplace.pk] = RimelighedskravRoom(
            capacity=capacity,
            used=used.get(workplace.pk, 0),
            ordinary_employees=workplace.ordinary_employees,
            dispensation=has_dispensation,
        )
    return rooms


# --- What a user may see -----------------------------------------------------------------------


def _visible(user: User, perm: str, queryset: QuerySet) -> QuerySet:
    if not user or not user.is_authenticated or not user.has_perm(perm):
        return queryset.none()
    return queryset


def employers_visible_to(user: User) -> QuerySet[Employer]:
    """Companies the user may read (consultants, caseworkers, managers, the API client)."""
    return _visible(user, "employers.view_employer", Employer.objects.all())


def workplaces_visible_to(user: User) -> QuerySet[Workplace]:
    return _visible(user, "employers.view_workplace", Workplace.objects.all())


def openings_visible_to(user: User) -> QuerySet[Opening]:
    return _visible(user, "employers.view_opening", Opening.objects.all())


def contacts_visible_to(user: User) -> QuerySet[EmployerContact]:
    return _visible(user, "employers.view_employercontact", EmployerContact.objects.all())


def placements_visible_to(user: User) -> QuerySet[Placement]:
    return _visible(user, "employers.view_placement", Placement.objects.all())


# --- Lists -------------------------------------------------------------------------------------


def _active_on(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Placement.Status.ACTIVE, f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


def _count_subquery(queryset: QuerySet, field: str) -> Coalesce:
    """COUNT(*) of `queryset` per outer row (grouped on `field`), 0 when there are none."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def employers_annotated(queryset: QuerySet[Employer], *, on: date) -> QuerySet[Employer]:
    """Companies with `open_openings_count`, `active_placements_count` (active on `on`) and
    `last_contact_date` — each a subquery, so the joins never multiply rows."""
    open_openings = Opening.objects.filter(
        workplace__employer=OuterRef("pk"), status=Opening.Status.OPEN
    )
    active_placements = Placement.objects.filter(
        _active_on(on), opening__workplace__employer=OuterRef("pk")
    )
    last_contact = (
        EmployerContact.objects.filter(employer=OuterRef("pk"))
        .order_by()
        .values("employer")
        .annotate(last=Max("date"))
        .values("last")
    )
    return queryset.annotate(
        open_openings_count=_count_subquery(open_openings, "workplace__employer"),
        active_placements_count=_count_subquery(active_placements, "opening__workplace__employer"),
        last_contact_date=Subquery(last_contact),
    )


def employer_list(*, user: User, on: date | None = None) -> QuerySet[Employer]:
    """The companies the user may read, with the consultant and the counts a list row shows
    (employers_annotated), in one query."""
    on = on or timezone.localdate()
    return employers_annotated(employers_visible_to(user).select_related("consultant"), on=on)


def openings_annotated(queryset: QuerySet[Opening], *, on: date) -> QuerySet[Opening]:
    """Openings with `seats_used` (placements active on `on`) as a subquery."""
    active = Placement.objects.filter(_active_on(on), opening=OuterRef("pk"))
    return queryset.annotate(seats_used=_count_subquery(active, "opening"))


def opening_list(*, user: User, on: date | None = None) -> QuerySet[Opening]:
    """The openings the user may read, with workplace, company and occupation, and
    `seats_used` on `on` (default today), in one query."""
    on = on or timezone.localdate()
    return openings_annotated(
        openings_visible_to(user).select_related("workplace__employer", "occupation"), on=on
    )


def workplace_list(*, user: User) -> QuerySet[Workplace]:
    return workplaces_visible_to(user).select_related("employer")


def contact_list(*, user: User) -> QuerySet[EmployerContact]:
    return contacts_visible_to(user).select_related("employer", "by", "opening")


def placement_list(*, user: User) -> QuerySet[Placement]:
    return placements_visible_to(user).select_related("opening")


def employer_detail(*, user: User, employer_id: int, on: date | None = None) -> Employer:
    """One company for its page: the counts of employer_list, plus prefetched `workplaces`,
    `openings` (all of the company's, with `seats_used`, as the attribute `opening_rows`),
    `contacts` (newest first, with who) and `placement_rows` (newest first).
    Http404 when the company does not exist or the user may not read it."""
    on = on or timezone.localdate()
    employer = (
        employers_annotated(employers_visible_to(user).select_related("consultant"), on=on)
        .prefetch_related(
            Prefetch("workplaces", queryset=Workplace.objects.order_by("p_number")),
            Prefetch(
                "contacts",
                queryset=EmployerContact.objects.select_related("by", "opening").order_by(
                    "-date", "-id"
                ),
            ),
        )
        .filter(pk=employer_id)
        .first()
    )
    if employer is None:
        raise Http404
    employer.opening_rows = list(
        openings_annotated(
            Opening.objects.filter(workplace__employer=employer).select_related(
                "workplace", "occupation"
            ),
            on=on,
        )
    )
    employer.placement_rows = list(
        Placement.objects.filter(opening__workplace__employer=employer)
        .select_related("opening__workplace")
        .order_by("-start", "-id")
    )
    return employer


# --- Samarbejdsgrad ----------------------------------------------------------------------------

SAMARBEJDSGRAD_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class Samarbejdsgrad:
    """The share of registered companies the job centre worked with in the window."""

    on: date
    window_start: date
    numerator: int
    denominator: int
    percent: Decimal  # one decimal; 0 when no company is registered
    target: Decimal | None  # samarbejdsgrad_min_percent on `on`; None if the rule is missing

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.percent >= self.target


def samarbejdsgrad(*, on: date | None = None) -> Samarbejdsgrad:
    """Samarbejdsgrad on `on` (default today): of the companies registered by then, those with a
    logged contact or a placement (not cancelled) in the 12 months up to and including `on`.
    The target is the rule `samarbejdsgrad_min_percent` (20 % to start with)."""
    from core.rules import RuleMissing, rule_value

    on = on or timezone.localdate()
    window_start = on - relativedelta(months=SAMARBEJDSGRAD_WINDOW_MONTHS) + relativedelta(days=1)
    registered = Employer.objects.filter(created_at__date__lte=on)
    contacted = EmployerContact.objects.filter(
        employer=OuterRef("pk"), date__gte=window_start, date__lte=on
    )
    placed = (
        Placement.objects.filter(opening__workplace__employer=OuterRef("pk"), start__lte=on)
        .exclude(status=Placement.Status.CANCELLED)
        .filter(Q(end__isnull=True) | Q(end__gte=window_start))
    )

    counts = registered.aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Exists(contacted) | Exists(placed)),
    )
    denominator = counts["denominator"]
    numerator = counts["numerator"]
    percent = (
        (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if denominator
        else Decimal("0.0")
    )
    try:
        target: Decimal | None = rule_value("samarbejdsgrad_min_percent", on=on)
    except RuleMissing:
        target = None
    return Samarbejdsgrad(
        on=on,
        window_start=window_start,
        numerator=numerator,
        denominator=denominator,
        percent=percent,
        target=target,
    )
