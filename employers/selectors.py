"""Reads of the employers' side: what a user may see, the lists with their counts (in a constant
number of queries), seats in use and samarbejdsgrad (the rimelighedskrav lives in employers.rules).

Every list function is given the user and returns only what that user's role may read (the
employers' side holds no citizen data, so a role that may read a model reads all its rows)."""

from collections.abc import Callable
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

from core.models import User

from . import rules
from .models import Employer, EmployerContact, Opening, Placement, Workplace


def placements_overlapping(
    *, start: date, end: date | None, queryset: QuerySet[Placement] | None = None
) -> QuerySet[Placement]:
    """Active placements whose period overlaps [start, end] (end None: open-ended)."""
    queryset = Placement.objects.all() if queryset is None else queryset
    return queryset.filter(rules.overlaps_q(start, end))


def openings_with_seats_used(*, on: date, queryset: QuerySet[Opening] | None = None):
    """Openings annotated with `seats_used`: active placements on the given day."""
    queryset = Opening.objects.all() if queryset is None else queryset
    return queryset.annotate(
        seats_used=Count("placements", filter=rules.active_on_q(on, "placements__"))
    )


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
    return rules.active_on_q(on, prefix)


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
    """Openings with `seats_used` (placements active on `on`) and `seats_planned` (active
    placements that start after `on`), each a subquery."""
    active = Placement.objects.filter(_active_on(on), opening=OuterRef("pk"))
    planned = Placement.objects.filter(
        status=Placement.Status.ACTIVE, start__gt=on, opening=OuterRef("pk")
    )
    return queryset.annotate(
        seats_used=_count_subquery(active, "opening"),
        seats_planned=_count_subquery(planned, "opening"),
    )


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
# Ballerup Kommune's postcodes (Ballerup, Skovlunde, Måløv): the workplaces of the municipality.
MUNICIPALITY_POSTCODES = ("2740", "2750", "2760")
# The contacts that are cooperation: a visit or a meeting with the company (a dialogue about
# staff, placements or recruitment). A phone call or an e-mail alone is not: STAR's
# samarbejdsgrad counts concrete cooperation (virksomhedspraktik, løntilskud, fleksjob, mentor,
# jobrotation, skånejob: jobindsats.dk, "Samarbejdsgrad mellem jobcentre og virksomheder"),
# which the placements below cover; Ballerup also counts an in-person dialogue.
COOPERATION_CONTACT_KINDS = (EmployerContact.Kind.BESOEG, EmployerContact.Kind.MOEDE)


@dataclass(frozen=True)
class Samarbejdsgrad:
    """The share of the municipality's workplaces the job centre cooperated with in the window.

    The denominator is the yearly manual figure of workplaces in the municipality (the strategy's
    indicator `workplaces_in_municipality`); without it there is no share."""

    on: date
    window_start: date
    numerator: int  # registered workplaces in the municipality with cooperation in the window
    denominator: int | None  # the manual figure; None when it has not been entered
    percent: Decimal | None  # one decimal; None without the manual figure
    target: Decimal | None  # samarbejdsgrad_min_percent on `on`; None if the rule is missing

    @property
    def met(self) -> bool | None:
        if self.target is None or self.percent is None:
            return None
        return self.percent >= self.target


def cooperating_workplaces(*, on: date) -> QuerySet[Workplace]:
    """The registered workplaces in the municipality with cooperation in the 12 months up to and
    including `on`: a placement there (not cancelled) running in the window, or a visit or
    meeting (COOPERATION_CONTACT_KINDS) about one of its openings, or with its company when the
    contact names no opening."""
    window_start = on - relativedelta(months=SAMARBEJDSGRAD_WINDOW_MONTHS) + relativedelta(days=1)
    in_window = {"date__gte": window_start, "date__lte": on, "kind__in": COOPERATION_CONTACT_KINDS}
    placed = (
        Placement.objects.filter(opening__workplace=OuterRef("pk"), start__lte=on)
        .exclude(status=Placement.Status.CANCELLED)
        .filter(Q(end__isnull=True) | Q(end__gte=window_start))
    )
    about_opening = EmployerContact.objects.filter(opening__workplace=OuterRef("pk"), **in_window)
    with_company = EmployerContact.objects.filter(
        employer=OuterRef("employer"), opening__isnull=True, **in_window
    )
    return Workplace.objects.filter(
        postcode__in=MUNICIPALITY_POSTCODES, employer__created_at__date__lte=on
    ).filter(Exists(placed) | Exists(about_opening) | Exists(with_company))


# Where the yearly manual figure comes from: set by the strategy app at start-up (its manual
# indicator `workplaces_in_municipality`), so this app needs no import of strategy.
_workplaces_figure_source: Callable[[date], Decimal | None] | None = None


def set_workplaces_figure_source(source: Callable[[date], Decimal | None] | None) -> None:
    global _workplaces_figure_source
    _workplaces_figure_source = source


def samarbejdsgrad(
    *, on: date | None = None, workplaces_in_municipality: int | Decimal | None = None
) -> Samarbejdsgrad:
    """Samarbejdsgrad on `on` (default today): cooperating_workplaces divided by the yearly
    manual figure `workplaces_in_municipality` (given by the caller: the strategy reads it, the
    employers' side cannot). Without the figure, only the numerator. The target is the rule
    `samarbejdsgrad_min_percent` (20 % to start with). When the figure is not given, it is read
    from the registered source (the strategy's manual indicator)."""
    from core.rules import RuleMissing, rule_value

    on = on or timezone.localdate()
    window_start = on - relativedelta(months=SAMARBEJDSGRAD_WINDOW_MONTHS) + relativedelta(days=1)
    numerator = cooperating_workplaces(on=on).count()
    if workplaces_in_municipality is None and _workplaces_figure_source is not None:
        workplaces_in_municipality = _workplaces_figure_source(on)
    denominator = int(workplaces_in_municipality) if workplaces_in_municipality else None
    percent = (
        (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if denominator
        else None
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
