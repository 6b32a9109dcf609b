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
  `sick_reassessment_weeks`. A missing rule is never replaced by a seed value: the computation
  raises core.rules.RuleMissing and `compute` gives the indicator no value for the period. The
  sick-pay reassessment comes from citizens.rules.sick_pay (the record's rule), not from here.
"""

import logging
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, Protocol

from django.db.models import (
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
    Value,
)
from django.db.models.functions import Coalesce

from citizens.models import (
    Benefit,
    Citizen,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    InterventionKind,
    Outcome,
    PaidHours,
    Readiness,
)
from citizens.rules import contact, long_term, paid_hours_target, three_month
from citizens.rules import distinct_staff as staff_rule
from citizens.rules.course_state import annotate_state, value_at
from citizens.rules.sick_pay import reassessment_due_by_course
from citizens.segments import YOUTH_BENEFITS, Segment, annotate_segment, young_born_after
from core.rules import RuleBook, RuleMissing
from core.workdays import add_months
from employers.selectors import samarbejdsgrad as employer_samarbejdsgrad

logger = logging.getLogger(__name__)

FAR_FUTURE = date(9999, 12, 31)
THREE_MONTHS_DAYS = 91
SIX_MONTHS_DAYS = 182
DAYS_PER_MONTH = Decimal("365.25") / 12

SICK_BENEFITS = (Benefit.SYGEDAGPENGE, Benefit.JOBAFKLARING)
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
    """The computation's result; with a rule missing on the period (core.rules' policy) the
    indicator has no value for the period, and a warning is logged."""
    try:
        return COMPUTATIONS[key](period_start, period_end, segment=segment or None, team=team)
    except RuleMissing as missing:
        logger.warning(
            "Indicator %s has no value for %s..%s: %s", key, period_start, period_end, missing
        )
        return Result(None)


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


def _days(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=DurationField())


def _overlaps(start: Any, end: Any, prefix: str = "") -> Q:
    """Rows whose [start, end] (end empty: open) overlaps [start, end] (values or expressions)."""
    return Q(**{f"{prefix}start__lte": end}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": start})
    )


def courses_on(day: date, *, team: Any = None) -> QuerySet[Course]:
    """Courses active on `day`, annotated with their state then: benefit_at, readiness_at,
    integration_at (citizens.rules.course_state) and segment_at (citizens.segments' bulk form)."""
    queryset = Course.objects.filter(_overlaps(day, day)).order_by()
    if team is not None:
        queryset = queryset.filter(citizen__team=team)
    return annotate_segment(annotate_state(queryset, day), day)


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
    """Samarbejdsgrad on E (employers.selectors.samarbejdsgrad): the registered workplaces in
    the municipality with cooperation in the 12 months ending on E — a placement (not cancelled)
    or a visit or meeting; a phone call or an e-mail alone is not cooperation — divided by the
    yearly manual figure `workplaces_in_municipality` for E's year. Without that figure there
    is no value. Not per team or segment."""
    if team is not None:
        return Result(None)
    workplaces = workplaces_in_municipality_for(period_end)
    figure = employer_samarbejdsgrad(on=period_end, workplaces_in_municipality=workplaces)
    if figure.denominator is None:
        return Result(None, Decimal(figure.numerator), None)
    return share(figure.numerator, figure.denominator)


@register("distinct_staff")
def distinct_staff(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Færre fagfolk (citizens.rules.distinct_staff, the record's definition): the average number
    of distinct staff per citizen active on E who touched the case in the 90 days ending on E
    (a conversation held, an intervention started, the plan revised, a course change recorded,
    the case transferred). Numerator: distinct (citizen, staff member) pairs; denominator: active
    citizens."""
    active = courses_on(period_end, team=team)
    if segment:
        active = active.filter(segment_at=segment)
    pairs = staff_rule.staff_pairs(active.values("citizen_id"), on=period_end).count()
    return ratio(pairs, _citizens(active))


# --- Company-based interventions and paid hours -------------------------------------------------


def _paid_months(
    period_start: date, period_end: date, *, under_frikort: bool, citizen: str = "citizen"
) -> QuerySet[PaidHours]:
    """The outer row's citizen's (OuterRef(`citizen`)) months in the period with paid hours
    (hours > 0), ordinary or under the socialt frikort."""
    return PaidHours.objects.filter(
        citizen=OuterRef(citizen),
        month__gte=period_start,
        month__lte=period_end,
        hours__gt=0,
        under_frikort=under_frikort,
    )


@register("company_based_share")
def company_based_share(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Share of citizens active on E (in `segment` on E, when given) who, during the period, were
    in a company-based intervention (Intervention.company_based, overlapping the period) or had
    ordinary paid hours (PaidHours with hours > 0 in a month of the period, not under the
    socialt frikort: frikort earnings are counted apart)."""
    active = courses_on(period_end, team=team)
    if segment:
        active = active.filter(segment_at=segment)
    paid = _paid_months(period_start, period_end, under_frikort=False)
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
    """Lønnede timer: of the citizens in the paid-hours target group on E
    (citizens.rules.paid_hours_target: aktivitetsparate on kontanthjælp or the former
    uddannelseshjælp, and citizens in a ressourceforløb, outside the integration programme;
    seeds 003 and 004, about 700 citizens), the share with ordinary paid hours (PaidHours,
    hours > 0) in a month of the period. A month whose earnings fall under the socialt frikort
    (PaidHours.under_frikort) never counts: frikort holders are counted apart (frikort_holders)."""
    active = courses_on(period_end, team=team).filter(paid_hours_target.target_group_q())
    if segment:
        active = active.filter(segment_at=segment)
    paid = _paid_months(period_start, period_end, under_frikort=False)
    counts = active.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(Exists(paid))),
    )
    return share(counts["hits"], counts["total"])


@register("frikort_holders")
def frikort_holders(period_start: date, period_end: date, *, segment=None, team=None) -> Result:
    """Socialt frikort: the number of citizens with earnings under the socialt frikort
    (PaidHours.under_frikort, hours > 0) in a month of the period, whatever their benefit or
    course (the frikort is not tied to a benefit; seed 003: 55 holders in September 2024, all
    ages). The system records frikort earnings per month, not the card itself: a holder without
    earnings in the period is not counted. Not per segment."""
    if segment:
        return Result(None)
    earnings = _paid_months(period_start, period_end, under_frikort=True, citizen="pk")
    citizens = Citizen.objects.filter(Exists(earnings))
    if team is not None:
        citizens = citizens.filter(team=team)
    return Result(Decimal(citizens.count()), None, None)


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
    """3-month rule (citizens.rules.three_month, the same definition as the alert): of the
    jobparate ledige on E (jobparat or a-dagpenge) whose three months are reached on E (counted
    from the earliest of "a-dagpenge since" and "jobparat since"), the share WITHOUT a
    virksomhedspraktik, løntilskud or nytteindsats since then. Lower is better (towards 0)."""
    active = Course.objects.filter(_overlaps(period_end, period_end)).order_by()
    if team is not None:
        active = active.filter(citizen__team=team)
    rules = RuleBook([three_month.RULE_KEY])
    judged = three_month.annotate(active, on=period_end, rules=rules)
    three_month.raise_if_missing(judged, on=period_end)
    counts = judged.filter(three_month_reached=True).aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(three_month_cleared=False)),
    )
    return share(counts["hits"], counts["total"])


def long_term_on(queryset: QuerySet[Course], day: date) -> QuerySet:
    """Keep the courses whose citizen is long-term unemployed on `day`: the bulk form of the one
    definition in citizens.rules.long_term (at least `long_term_unemployment_percent` (80) % of
    the `long_term_unemployment_window_months` (12) months ending on `day` on an unemployment
    benefit)."""
    return long_term.filter_long_term(queryset, on=day, rules=RuleBook(long_term.RULE_KEYS))


@register("long_term_unemployment")
def long_term_unemployment(
    period_start: date, period_end: date, *, segment=None, team=None
) -> Result:
    """Long-term unemployment: of the forsikrede ledige on E (a-dagpenge on E), the share who
    are long-term unemployed on E (citizens.rules.long_term, the alert's definition: on
    a-dagpenge, kontanthjælp or the former uddannelseshjælp at least 80 % of the 12 months)."""
    insured = courses_on(period_end, team=team).filter(benefit_at=Benefit.A_DAGPENGE)
    long_term_ids = long_term_on(insured, period_end).values("pk")
    counts = insured.aggregate(
        total=Count("citizen", distinct=True),
        hits=Count("citizen", distinct=True, filter=Q(pk__in=long_term_ids)),
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
    """Aktivitetsparate (or in a ressourceforløb) on `day` who are long-term unemployed on `day`
    by the one definition (citizens.rules.long_term; seed 002: "aktivitetsparate borgere, som har
    været ledige i 80 pct. af tiden i 1 år"): days on ressourceforløb are not unemployment."""
    group = courses_on(day, team=team).filter(
        Q(readiness_at=Readiness.AKTIVITETSPARAT) | Q(benefit_at=Benefit.RESSOURCEFORLOEB)
    )
    return long_term_on(group, day)


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


def _unge_closed(period_start: date, period_end: date, *, team: Any = None) -> QuerySet[Course]:
    """The courses of the unge segment (citizens.segments) that ended in the period: on
    kontanthjælp (or the former uddannelseshjælp) at their end, not in the integration programme,
    of citizens under 30 on E. Young people on a-dagpenge are forsikrede ledige, not unge."""
    return _closed_in(period_start, period_end, team=team).filter(
        benefit__in=sorted(YOUTH_BENEFITS),
        integration_programme=False,
        citizen__birth_date__gt=young_born_after(period_end),
    )


def youth_median_months(
    period_start: date, period_end: date, *, readiness: str, segment=None, team=None
) -> Result:
    """Median months on benefit of the unge courses (_unge_closed) that ended in the period with
    the given readiness at their end: (end - start + 1) days / 30.44. Numerator empty,
    denominator the number of courses."""
    durations = (
        _unge_closed(period_start, period_end, team=team)
        .filter(readiness=readiness)
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
    """Of the citizens in the unge segment (under 30 on kontanthjælp, citizens.segments) who were
    aktivitetsparat on S = E minus 12 months (by their course on S), the share who in the 12
    months after S (S+1 .. E) became uddannelsesparat or åbenlyst uddannelsesparat (a readiness
    change), or started education (an opkvalificering or FGU intervention started, or a course
    ended with education)."""
    then = add_months(period_end, -12)
    cohort = courses_on(then, team=team).filter(
        readiness_at=Readiness.AKTIVITETSPARAT, segment_at=Segment.UNGE
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
    """Ungegaranti: of the unge courses that ended in the period (_unge_closed), the share with a
    positive destination: ended with an ordinary job, flex job or education, or with an FGU
    intervention running on the course's last day."""
    closed = _unge_closed(period_start, period_end, team=team)
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

# Focus area 5: the system does not record origin and matching stays blind to it, so no
# computation counts the whole group of citizens of non-Western origin. These computations (and
# any computed for the integration segment) count the integration programme only; the figures
# for the whole group are manual indicators (strategy.dashboard labels both).
INTEGRATION_PROGRAMME_ONLY = frozenset({"integration_outcome_women", "integration_outcome_men"})


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
    """Of the citizens on sygedagpenge on E, the share whose reassessment (sygedagpengeloven
    § 24) is due on or before E: the same due date as the record's and the alerts' (the end of
    the month in which more than 22 weeks of sick pay fall within 9 months, counted from the
    first absence day, earlier sick-pay courses included), from citizens.rules.sick_pay."""
    sick = courses_on(period_end, team=team).filter(benefit_at=Benefit.SYGEDAGPENGE)
    rows = list(sick.values_list("pk", "citizen_id"))
    dues = reassessment_due_by_course(pk for pk, _citizen in rows)
    total = len({citizen for _pk, citizen in rows})
    hits = len({citizen for pk, citizen in rows if pk in dues and dues[pk] <= period_end})
    return share(hits, total)


LABOUR_FORCE_INDICATOR = "labour_force"
# Computations that read a manual indicator's values: recomputed when such a value is entered.
DEPENDS_ON_MANUAL: dict[str, tuple[str, ...]] = {
    LABOUR_FORCE_INDICATOR: ("sick_labour_force_share",),
}


WORKPLACES_INDICATOR = "workplaces_in_municipality"


def workplaces_in_municipality_for(day: date) -> Decimal | None:
    """The yearly manual figure of workplaces in the municipality for `day`'s year: the latest
    entered for a period of that year starting on or before `day` (None: not entered)."""
    from .models import Measurement

    measurement = (
        Measurement.objects.filter(
            indicator__key=WORKPLACES_INDICATOR,
            team__isnull=True,
            period_start__lte=day,
            period_start__year=day.year,
            value__isnull=False,
        )
        .order_by("-period_start")
        .first()
    )
    return measurement.value if measurement else None


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
