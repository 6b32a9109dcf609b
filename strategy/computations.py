"""The computed indicators: one registry of documented functions over the case data.

Each computation is `function(period_start, period_end, *, segment=None, team=None) -> Result`
and is registered under a key (Indicator.computation). It reads citizens' courses, course changes,
interventions, conversations and paid hours, and employers' contacts and placements, aggregates
in the database, and writes nothing.

Conventions (all functions)
- "As of" the period end E: a citizen counts by the state of their course ON E, not today. A
  course is active on E when start <= E and (end is empty or end >= E). Its benefit, readiness and
  integration programme on E are the current values unless a CourseChange took effect after E; then
  the old value of the first such change (citizens keep every change with its effective date).
- The segment on E follows citizens.segments.derive_segment with those values and the age on E.
- `team`: only citizens of that team (the citizen's current team). `segment`: only citizens in that
  segment on E (where the function says so).
- Shares are percentages (0-100) with numerator and denominator; with an empty denominator the
  value is None (nothing to measure). Values are rounded to 4 decimals.
- Windows counted per course in days: 3 months = 91 days, 6 months = 182 days (26 weeks).
  Windows counted back from E use calendar months (core.workdays.add_months).
- Durations from the rule table (core.rules) where the rule exists, in force on E: 3-month rule
  `jobparat_company_offer_months`, `long_term_unemployment_percent` and `_window_months`,
  `sick_reassessment_weeks`; the seeds' values are the fallback when a rule is missing.
"""

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, Protocol

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from citizens.models import (
    Benefit,
    CaseTransfer,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    InterventionKind,
    Outcome,
    PaidHours,
    PlanRevision,
    Readiness,
)
from citizens.rules import contact
from citizens.segments import YOUTH_AGE_LIMIT, Segment
from core.rules import RuleMissing, rule_value
from core.workdays import add_months
from employers.selectors import samarbejdsgrad as employer_samarbejdsgrad

FAR_FUTURE = date(9999, 12, 31)
THREE_MONTHS_DAYS = 91
SIX_MONTHS_DAYS = 182
DAYS_PER_MONTH = Decimal("365.25") / 12

UNEMPLOYED_BENEFITS = (Benefit.A_DAGPENGE, Benefit.KONTANTHJAELP, Benefit.UDDANNELSESHJAELP)
SICK_BENEFITS = (Benefit.SYGEDAGPENGE, Benefit.JOBAFKLARING)
# "Ydelsesmodtagerne (de relevante målgrupper)" of seed 003 for paid hours: those on the margin of
# the labour market.
PAID_HOURS_BENEFITS = (
    Benefit.KONTANTHJAELP,
    Benefit.UDDANNELSESHJAELP,
    Benefit.RESSOURCEFORLOEB,
    Benefit.LEDIGHEDSYDELSE,
    Benefit.FOERTIDSPENSION,
)
LONG_TERM_BENEFITS = (
    *UNEMPLOYED_BENEFITS,
    Benefit.RESSOURCEFORLOEB,
    Benefit.LEDIGHEDSYDELSE,
)
JOB_OUTCOMES = (Outcome.ORDINARY_JOB, Outcome.FLEKSJOB)
JOB_OR_EDUCATION = (*JOB_OUTCOMES, Outcome.EDUCATION)
EDUCATION_READINESS = (Readiness.UDDANNELSESPARAT, Readiness.AABENLYST_UDDANNELSESPARAT)
EDUCATION_KINDS = (InterventionKind.OPKVALIFICERING, InterventionKind.FGU)
JOB_ORIENTED_CONVERSATIONS = (Conversation.Kind.JOBRETTET, Conversation.Kind.FAELLESSAMTALE)


@dataclass(frozen=True)
class Result:
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


class Computation(Protocol):
    def __call__(
        self,
        period_start: date,
        period_end: date,
        *,
        segment: str | None = None,
        team: Any = None,
    ) -> Result: ...


COMPUTATIONS: dict[str, Computation] = {}


def register(key: str, function: Callable[..., Result] | None = None):
    """Register a computation under `key` (usable as a decorator)."""

    def wrap(func):
        if key in COMPUTATIONS:
            raise ValueError(f"Computation {key!r} is registered twice.")
        COMPUTATIONS[key] = func
        return func

    return wrap(function) if function is not None else wrap


def compute(
    key: str, period_start: date, period_end: date, *, segment: str | None = None, team: Any = None
) -> Result:
    return COMPUTATIONS[key](period_start, period_end, segment=segment or None, team=team)


# --- Helpers ----------------------------------------------------------------------------------


def _q4(number: Decimal) -> Decimal:
    return number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def share(numerator: int, denominator: int) -> Result:
    """A percentage; None without a denominator."""
    if not denominator:
        return Result(None, Decimal(numerator), Decimal(denominator))
    return Result(
        _q4(Decimal(100) * numerator / denominator), Decimal(numerator), Decimal(denominator)
    )


def ratio(numerator: int, denominator: int) -> Result:
    if not denominator:
        return Result(None, Decimal(numerator), Decimal(denominator))
    return Result(_q4(Decimal(numerator) / denominator), Decimal(numerator), Decimal(denominator))


def _rule(key: str, on: date, default: Decimal | int) -> Decimal:
    try:
        return rule_value(key, on=on)
    except RuleMissing:
        return Decimal(default)


def _years_before(day: date, years: int) -> date:
    return add_months(day, -12 * years)


def _days(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=DurationField())


def _overlaps(start: Any, end: Any, prefix: str = "") -> Q:
    """Rows whose [start, end] (end empty: open) overlaps [start, end] (values or expressions)."""
    return Q(**{f"{prefix}start__lte": end}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": start})
    )


def value_at(field: str, day: Any) -> Coalesce:
    """The course's `field` (benefit or readiness) as it was on `day` (a date or an expression
    on the course): the old value of the first change that took effect after `day`, else the
    current value."""
    later = (
        CourseChange.objects.filter(course=OuterRef("pk"), field=field, effective__gt=day)
        .order_by("effective", "id")
        .values("old_value")[:1]
    )
    return Coalesce(Subquery(later), F(field), output_field=CharField())


def courses_on(day: date, *, team: Any = None) -> QuerySet[Course]:
    """Courses active on `day`, annotated with their state then: benefit_at, readiness_at,
    integration_at and segment_at."""
    integration_later = (
        CourseChange.objects.filter(
            course=OuterRef("pk"), field="integration_programme", effective__gt=day
        )
        .order_by("effective", "id")
        .values("old_value")[:1]
    )
    queryset = Course.objects.filter(_overlaps(day, day)).order_by()
    if team is not None:
        queryset = queryset.filter(citizen__team=team)
    young_from = _years_before(day, YOUTH_AGE_LIMIT)
    return (
        queryset.annotate(
            benefit_at=value_at("benefit", day),
            readiness_at=value_at("readiness", day),
            integration_old=Subquery(integration_later),
        )
        .annotate(
            integration_at=Case(
                When(integration_old="True", then=Value(True)),
                When(integration_old="False", then=Value(False)),
                default=F("integration_programme"),
                output_field=BooleanField(),
            )
        )
        .annotate(
            segment_at=Case(
                When(benefit_at__in=SICK_BENEFITS, then=Value(Segment.SYGEDAGPENGE_JOBAFKLARING)),
                When(integration_at=True, then=Value(Segment.INTEGRATION)),
                When(citizen__birth_date__gt=young_from, then=Value(Segment.UNGE)),
                When(
                    Q(readiness_at=Readiness.JOBPARAT) | Q(benefit_at=Benefit.A_DAGPENGE),
                    then=Value(Segment.JOBPARATE),
                ),
                default=Value(Segment.IKKE_JOBPARATE),
                output_field=CharField(),
            )
        )
    )


def _citizens(queryset: QuerySet[Course]) -> int:
    """Distinct citizens among the courses (a citizen may have two courses on a change day)."""
    return queryset.aggregate(n=Count("citizen", distinct=True))["n"]


def _intervention(*conditions: Q, **filters: Any) -> Exists:
    return Exists(Intervention.objects.filter(*conditions, citizen=OuterRef("citizen"), **filters))


def _closed_in(period_start: date, period_end: date, *, team: Any = None) -> QuerySet[Course]:
    queryset = Course.objects.filter(end__gte=period_start, end__lte=period_end).order_by()
    if team is not None:
        queryset = queryset.filter(citizen__team=team)
    return queryset


def _since(entries: dict[str, tuple[str, ...]], day: date) -> Coalesce:
    """The day the course last entered a state (on or before `day`), else its start: the latest
    change of a field in `entries` ({field: values}) from a value outside to one inside."""
    into = Q()
    for field, values in entries.items():
        into |= Q(field=field, new_value__in=values) & ~Q(old_value__in=values)
    entered = (
        CourseChange.objects.filter(into, course=OuterRef("pk"), effective__lte=day)
        .order_by()
        .values("course")
        .annotate(last=Max("effective"))
        .values("last")
    )
    return Coalesce(Subquery(entered, output_field=DateField()), F("start"))


# --- Focus area 1: Samarbejde i øjenhøjde ------------------------------------------------------


@register("samarbejdsgrad")
def samarbejdsgrad(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Samarbejdsgrad, as employers.selectors.samarbejdsgrad defines it on E: of the companies
    registered by E, the share with a logged contact (EmployerContact) or a placement (not
    cancelled) in the 12 months ending on E. Not per team or segment."""
    figure = employer_samarbejdsgrad(on=period_end)
    return share(figure.numerator, figure.denominator)


@register("distinct_staff")
def distinct_staff(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Færre fagfolk: the average number of distinct staff per citizen active on E who, in the 90
    days ending on E, held a conversation with the citizen, started an intervention (its start
    date), revised the plan, recorded a course change (its effective date) or transferred the case.
    Numerator: distinct (citizen, staff member) pairs; denominator: active citizens."""
    since = period_end - timedelta(days=89)
    active = courses_on(period_end, team=team)
    if segment:
        active = active.filter(segment_at=segment)
    citizen_ids = active.values("citizen_id")
    day_range = (since, period_end)
    pairs = (
        Conversation.objects.filter(citizen_id__in=citizen_ids, date__range=day_range)
        .order_by()
        .values_list("citizen_id", "held_by_id")
        .union(
            Intervention.objects.filter(citizen_id__in=citizen_ids, start__range=day_range)
            .order_by()
            .values_list("citizen_id", "created_by_id"),
            PlanRevision.objects.filter(
                citizen_id__in=citizen_ids, created_at__date__range=day_range
            )
            .order_by()
            .values_list("citizen_id", "created_by_id"),
            CourseChange.objects.filter(
                course__citizen_id__in=citizen_ids,
                effective__range=day_range,
                changed_by__isnull=False,
            )
            .order_by()
            .values_list("course__citizen_id", "changed_by_id"),
            CaseTransfer.objects.filter(citizen_id__in=citizen_ids, at__date__range=day_range)
            .order_by()
            .values_list("citizen_id", "by_id"),
        )
        .count()
    )
    return ratio(pairs, _citizens(active))


# --- Company-based interventions and paid hours -------------------------------------------------


@register("company_based_share")
def company_based_share(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Share of citizens active on E (in `segment` on E, when given) who, during the period, were
    in a company-based intervention (Intervention.company_based, overlapping the period) or had
    paid hours (PaidHours with hours > 0 in a month of the period)."""
    active = courses_on(period_end, team=team)
    if segment:
        active = active.filter(segment_at=segment)
    paid = PaidHours.objects.filter(
        citizen=OuterRef("citizen"),
        month__gte=period_start,
        month__lte=period_end,
        hours__gt=0,
    )
    counts = active.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count(
            "citizen",
            distinct=True,
            filter=Q(_intervention(_overlaps(period_start, period_end), company_based=True))
            | Q(Exists(paid)),
        ),
    )
    return share(counts["hits"], counts["total"])


@register("paid_hours_share")
def paid_hours_share(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Lønnede timer: share of benefit recipients on E (kontanthjælp, uddannelseshjælp,
    ressourceforløb, ledighedsydelse, førtidspension: the relevant groups of seed 003) with paid
    hours (PaidHours, hours > 0) in a month of the period."""
    active = courses_on(period_end, team=team).filter(benefit_at__in=PAID_HOURS_BENEFITS)
    if segment:
        active = active.filter(segment_at=segment)
    paid = PaidHours.objects.filter(
        citizen=OuterRef("citizen"), month__gte=period_start, month__lte=period_end, hours__gt=0
    )
    counts = active.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(Exists(paid))),
    )
    return share(counts["hits"], counts["total"])


# --- Focus area 2: Forsikrede ledige -----------------------------------------------------------


def _started_jobparat(
    period_start: date, period_end: date, months: int, team: Any
) -> QuerySet[Course]:
    """Courses whose first `months` months end in the period: started in
    [period_start - months, period_end - months], on a-dagpenge or jobparat at the start."""
    first = add_months(period_start, -months)
    last = add_months(period_end + timedelta(days=1), -months) - timedelta(days=1)
    queryset = Course.objects.filter(start__gte=first, start__lte=last).order_by()
    if team is not None:
        queryset = queryset.filter(citizen__team=team)
    return queryset.annotate(
        benefit_then=value_at("benefit", OuterRef("start")),
        readiness_then=value_at("readiness", OuterRef("start")),
    ).filter(Q(benefit_then=Benefit.A_DAGPENGE) | Q(readiness_then=Readiness.JOBPARAT))


@register("early_offer")
def early_offer(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Early offer: of the newly unemployed forsikrede / jobparate whose first 3 months end in
    the period (courses started 3 months before the period, on a-dagpenge or jobparat at the
    start), the share who started an intervention (any kind but an ordinary job) within 91 days
    of the course start."""
    cohort = _started_jobparat(period_start, period_end, 3, team)
    offer = (
        Intervention.objects.filter(citizen=OuterRef("citizen"), start__gte=OuterRef("start"))
        .exclude(kind=InterventionKind.ORDINAERT_JOB)
        .annotate(after=_days(F("start") - OuterRef("start")))
        .filter(after__lt=timedelta(days=THREE_MONTHS_DAYS))
    )
    counts = cohort.aggregate(total=Count("pk"), hits=Count("pk", filter=Q(Exists(offer))))
    return share(counts["hits"], counts["total"])


def _jobparate_on(day: date, team: Any) -> QuerySet[Course]:
    return courses_on(day, team=team).filter(
        Q(readiness_at=Readiness.JOBPARAT) | Q(benefit_at=Benefit.A_DAGPENGE)
    )


@register("three_month_rule")
def three_month_rule(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """3-month rule: of the citizens jobparat (or on a-dagpenge) on E who have been so for at
    least `jobparat_company_offer_months` (3) months (since the course start or the latest change
    into jobparat or into a-dagpenge, whichever is later), the share WITHOUT a company-based
    intervention running at any time from that day to E. Lower is better (towards 0)."""
    months = int(_rule("jobparat_company_offer_months", period_end, 3))
    due_since = add_months(period_end, -months)
    since = _since(
        {"readiness": (Readiness.JOBPARAT,), "benefit": (Benefit.A_DAGPENGE,)}, period_end
    )
    due = _jobparate_on(period_end, team).annotate(since=since).filter(since__lte=due_since)
    # Annotated first: an aggregate's filter cannot refer to an annotation through OuterRef.
    due = due.annotate(
        offered=_intervention(_overlaps(OuterRef("since"), period_end), company_based=True)
    )
    counts = due.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(offered=False)),
    )
    return share(counts["hits"], counts["total"])


def long_term_on(queryset: QuerySet[Course], day: date, benefits: tuple[str, ...]) -> QuerySet:
    """Keep the courses whose citizen was on one of `benefits` (the benefit of each course) at
    least `long_term_unemployment_percent` (80) % of the days of the
    `long_term_unemployment_window_months` (12) months ending on `day` (STAR's definition)."""
    percent = _rule("long_term_unemployment_percent", day, 80)
    months = int(_rule("long_term_unemployment_window_months", day, 12))
    window_start = add_months(day, -months) + timedelta(days=1)
    window_days = (day - window_start).days + 1
    needed = timedelta(days=math.ceil(percent * window_days / 100))
    days_on = (
        Course.objects.filter(
            _overlaps(window_start, day), citizen=OuterRef("citizen"), benefit__in=benefits
        )
        .order_by()
        .values("citizen")
        .annotate(
            total=Sum(
                _days(
                    Least(Coalesce("end", Value(day)), Value(day))
                    - Greatest("start", Value(window_start))
                    + Value(timedelta(days=1))
                )
            )
        )
        .values("total")
    )
    return queryset.annotate(days_on=Subquery(days_on, output_field=DurationField())).filter(
        days_on__gte=needed
    )


@register("long_term_unemployment")
def long_term_unemployment(
    period_start: date, period_end: date, *, segment=None, team=None
) -> Result:
    """Long-term unemployment: of the forsikrede ledige on E (a-dagpenge on E), the share who
    were on an unemployment benefit (a-dagpenge, kontanthjælp, uddannelseshjælp: each course's
    benefit) at least 80 % of the days of the 12 months ending on E (long_term_on)."""
    insured = courses_on(period_end, team=team).filter(benefit_at=Benefit.A_DAGPENGE)
    long_term = long_term_on(insured, period_end, UNEMPLOYED_BENEFITS).values("pk")
    counts = insured.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(pk__in=long_term)),
    )
    return share(counts["hits"], counts["total"])


@register("conversations_first_6_months")
def conversations_first_6_months(
    period_start: date, period_end: date, *, segment=None, team=None
) -> Result:
    """Conversations (the 75 % rule): of the courses whose first 6 months end in the period and
    that the contact rule covers (a-dagpenge, jobparat kontanthjælp or ledighedsydelse at the
    start), the share that had the job conversations the law required then. The rule, its
    groups and numbers live in citizens.rules.contact (annotate_obligation)."""
    first = add_months(period_start, -6)
    last = add_months(period_end + timedelta(days=1), -6) - timedelta(days=1)
    courses = Course.objects.filter(start__gte=first, start__lte=last).order_by()
    if team is not None:
        courses = courses.filter(citizen__team=team)
    cohort = contact.annotate_obligation(courses).filter(contact_required__isnull=False)
    counts = cohort.aggregate(
        total=Count("pk"), hits=Count("pk", filter=Q(contact_held__gte=F("contact_required")))
    )
    return share(counts["hits"], counts["total"])


# --- Focus area 3: Borgere med udfordringer ud over ledighed ------------------------------------


def _long_term_aktivitetsparate(day: date, team: Any) -> QuerySet[Course]:
    """Aktivitetsparate (or in a ressourceforløb) on `day` who were on public benefit (any but
    sygedagpenge, jobafklaring, førtidspension) at least 80 % of the 12 months ending on `day`
    (seed 002: "ledige i 80 pct. af tiden i 1 år")."""
    group = courses_on(day, team=team).filter(
        Q(readiness_at=Readiness.AKTIVITETSPARAT) | Q(benefit_at=Benefit.RESSOURCEFORLOEB)
    )
    return long_term_on(group, day, LONG_TERM_BENEFITS)


def _composite(period_start: date, period_end: date) -> Exists:
    """A company-based intervention in the period with another intervention running at the same
    time (parallel, not serial)."""
    parallel = Intervention.objects.filter(
        _overlaps(period_start, period_end),
        citizen=OuterRef("citizen"),
        start__lte=OuterRef("end_or_far"),
    ).filter(Q(end__isnull=True) | Q(end__gte=OuterRef("start")))
    company_based = (
        Intervention.objects.filter(
            _overlaps(period_start, period_end), citizen=OuterRef("citizen"), company_based=True
        )
        .annotate(end_or_far=Coalesce("end", Value(FAR_FUTURE)))
        .filter(Exists(parallel.exclude(pk=OuterRef("pk"))))
    )
    return Exists(company_based)


@register("composite_offer")
def composite_offer(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Composite offer: of the long-term aktivitetsparate on E (aktivitetsparat or in a
    ressourceforløb on E, and on benefit 80 % of the 12 months before E: long_term_on), the share
    with at least two parallel interventions in the period, one of them company-based (they
    overlap in time)."""
    group = _long_term_aktivitetsparate(period_end, team)
    counts = group.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(_composite(period_start, period_end))),
    )
    return share(counts["hits"], counts["total"])


@register("composite_offer_progress")
def composite_offer_progress(
    period_start: date, period_end: date, *, segment=None, team=None
) -> Result:
    """Of those counted with a composite offer 12 months earlier (the composite_offer numerator
    of the period 12 months before), the share who within the 12 months ending on E reached job
    or education (a course ended with an ordinary job, flex job or education) or readiness (a
    change of readiness to jobparat or uddannelsesparat)."""
    earlier_start = add_months(period_start, -12)
    earlier_end = add_months(period_end + timedelta(days=1), -12) - timedelta(days=1)
    cohort = _long_term_aktivitetsparate(earlier_end, team).filter(
        _composite(earlier_start, earlier_end)
    )
    window = (earlier_end + timedelta(days=1), period_end)
    reached = Exists(
        Course.objects.filter(
            citizen=OuterRef("citizen"), end__range=window, outcome__in=JOB_OR_EDUCATION
        )
    ) | Exists(
        CourseChange.objects.filter(
            course__citizen=OuterRef("citizen"),
            field="readiness",
            new_value__in=(Readiness.JOBPARAT, *EDUCATION_READINESS),
            effective__range=window,
        )
    )
    counts = cohort.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(reached)),
    )
    return share(counts["hits"], counts["total"])


@register("mentor_share")
def mentor_share(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Of the long-term aktivitetsparate on E (as in composite_offer), the share with a mentor
    (an intervention of kind mentor running at some time in the period)."""
    group = _long_term_aktivitetsparate(period_end, team)
    mentor = _intervention(_overlaps(period_start, period_end), kind=InterventionKind.MENTOR)
    counts = group.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(mentor)),
    )
    return share(counts["hits"], counts["total"])


# --- Focus area 4: Unge ------------------------------------------------------------------------


def youth_median_months(
    period_start: date, period_end: date, *, readiness: str, segment=None, team=None
) -> Result:
    """Median months on benefit of the courses that ended in the period with the given readiness
    at their end, of citizens under 30 on E: (end - start + 1) days / 30.44. Numerator empty,
    denominator the number of courses."""
    young_from = _years_before(period_end, YOUTH_AGE_LIMIT)
    durations = (
        _closed_in(period_start, period_end, team=team)
        .filter(readiness=readiness, citizen__birth_date__gt=young_from)
        .annotate(length=_days(F("end") - F("start") + Value(timedelta(days=1))))
        .values_list("length", flat=True)
    )
    days = [length.days for length in durations]
    if not days:
        return Result(None, None, Decimal(0))
    median_days = Decimal(str(statistics.median(days)))
    return Result(_q4(median_days / DAYS_PER_MONTH), None, Decimal(len(days)))


register(
    "youth_median_months_aabenlyst",
    partial(youth_median_months, readiness=Readiness.AABENLYST_UDDANNELSESPARAT),
)
register(
    "youth_median_months_uddannelsesparat",
    partial(youth_median_months, readiness=Readiness.UDDANNELSESPARAT),
)


@register("youth_progress")
def youth_progress(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Of the citizens under 30 who were aktivitetsparat on S = E minus 12 months (by their course
    on S), the share who in the 12 months after S (S+1 .. E) became uddannelsesparat or
    åbenlyst uddannelsesparat (a readiness change), or started education (an opkvalificering or
    FGU intervention started, or a course ended with education)."""
    then = add_months(period_end, -12)
    young_from = _years_before(then, YOUTH_AGE_LIMIT)
    cohort = courses_on(then, team=team).filter(
        readiness_at=Readiness.AKTIVITETSPARAT, citizen__birth_date__gt=young_from
    )
    window = (then + timedelta(days=1), period_end)
    progressed = (
        Exists(
            CourseChange.objects.filter(
                course__citizen=OuterRef("citizen"),
                field="readiness",
                new_value__in=EDUCATION_READINESS,
                effective__range=window,
            )
        )
        | _intervention(kind__in=EDUCATION_KINDS, start__range=window)
        | Exists(
            Course.objects.filter(
                citizen=OuterRef("citizen"), end__range=window, outcome=Outcome.EDUCATION
            )
        )
    )
    counts = cohort.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(progressed)),
    )
    return share(counts["hits"], counts["total"])


@register("ungegaranti")
def ungegaranti(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Ungegaranti: of the courses that ended in the period, of citizens under 30 on E, the share
    with a positive destination: ended with an ordinary job, flex job or education, or with an FGU
    intervention running on the course's last day."""
    young_from = _years_before(period_end, YOUTH_AGE_LIMIT)
    closed = _closed_in(period_start, period_end, team=team).filter(
        citizen__birth_date__gt=young_from
    )
    fgu = _intervention(_overlaps(OuterRef("end"), OuterRef("end")), kind=InterventionKind.FGU)
    counts = closed.aggregate(
        total=Count("pk"),
        hits=Count("pk", filter=Q(outcome__in=JOB_OR_EDUCATION) | Q(fgu)),
    )
    return share(counts["hits"], counts["total"])


# --- Focus area 5: Borgere med ikke-vestlig baggrund -------------------------------------------


def integration_outcome(
    period_start: date, period_end: date, *, gender: str, segment=None, team=None
) -> Result:
    """Of the courses in the integration programme (at their end) that ended in the period, of
    citizens of the given gender (from the CPR number), the share that ended in job (ordinary job,
    flex job) or education."""
    closed = _closed_in(period_start, period_end, team=team).filter(
        integration_programme=True, citizen__gender=gender
    )
    counts = closed.aggregate(
        total=Count("pk"), hits=Count("pk", filter=Q(outcome__in=JOB_OR_EDUCATION))
    )
    return share(counts["hits"], counts["total"])


register("integration_outcome_women", partial(integration_outcome, gender="F"))
register("integration_outcome_men", partial(integration_outcome, gender="M"))


# --- Sygedagpenge og jobafklaring --------------------------------------------------------------


@register("sick_count")
def sick_count(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Citizens on sygedagpenge or in a jobafklaringsforløb on E (a count)."""
    count = _citizens(courses_on(period_end, team=team).filter(benefit_at__in=SICK_BENEFITS))
    return Result(Decimal(count), None, None)


@register("sick_ordinary_job")
def sick_ordinary_job(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Of the sygedagpenge courses (benefit at their end) that ended in the period, the share that
    ended in an ordinary job."""
    closed = _closed_in(period_start, period_end, team=team).filter(benefit=Benefit.SYGEDAGPENGE)
    counts = closed.aggregate(
        total=Count("pk"), hits=Count("pk", filter=Q(outcome=Outcome.ORDINARY_JOB))
    )
    return share(counts["hits"], counts["total"])


@register("sick_past_reassessment")
def sick_past_reassessment(
    period_start: date, period_end: date, *, segment=None, team=None
) -> Result:
    """Of the citizens on sygedagpenge on E, the share who have had sygedagpenge for more than
    `sick_reassessment_weeks` (22) weeks on E, counted from the course start or the latest change
    into sygedagpenge (E - since + 1 > 22 * 7 days)."""
    weeks = int(_rule("sick_reassessment_weeks", period_end, 22))
    latest_since = period_end - timedelta(days=weeks * 7)
    sick = (
        courses_on(period_end, team=team)
        .filter(benefit_at=Benefit.SYGEDAGPENGE)
        .annotate(since=_since({"benefit": (Benefit.SYGEDAGPENGE,)}, period_end))
    )
    counts = sick.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(since__lte=latest_since)),
    )
    return share(counts["hits"], counts["total"])


LABOUR_FORCE_INDICATOR = "labour_force"
# Computations that read a manual indicator's values: recomputed when such a value is entered.
DEPENDS_ON_MANUAL: dict[str, tuple[str, ...]] = {
    LABOUR_FORCE_INDICATOR: ("sick_labour_force_share",),
}


def labour_force_for(period_start: date) -> Decimal | None:
    """The manual labour-force figure for the period, or the latest entered before it."""
    from .models import Measurement

    measurement = (
        Measurement.objects.filter(
            indicator__key=LABOUR_FORCE_INDICATOR,
            team__isnull=True,
            period_start__lte=period_start,
            value__isnull=False,
        )
        .order_by("-period_start")
        .first()
    )
    return measurement.value if measurement else None


@register("sick_labour_force_share")
def sick_labour_force_share(
    period_start: date, period_end: date, *, segment=None, team=None
) -> Result:
    """Share of the labour force on sygedagpenge or jobafklaring: sick_count on E divided by the
    labour force (the manual indicator `labour_force` for the period, or the latest entered before
    it). Without a labour-force figure there is no value. Only for the whole job centre."""
    if team is not None:
        return Result(None)
    labour_force = labour_force_for(period_start)
    count = sick_count(period_start, period_end).value
    if not labour_force:
        return Result(None, count, None)
    return Result(_q4(Decimal(100) * count / labour_force), count, labour_force)
