"""The 3-month rule (seed 001, Ballerup's activation strategy): "Den jobparate ledige skal hurtigst
muligt i job. Hvis det ikke lykkes inden for tre måneder, ... skal [den jobparate] enten i
virksomhedspraktik, løntilskud eller nytteindsats."

Who: a jobparat ledig on the day `on`: readiness jobparat, or benefit a-dagpenge (a forsikret ledig
is jobparat by definition), by the course's state on `on` (citizens.rules.course_state).

The anchor (since): the EARLIEST of the days the course entered the states that hold on `on`
(a-dagpenge since, jobparat since). The strategy counts from the start of the unemployment
("hurtigst muligt i forløbet"): a citizen on a-dagpenge from 1 January who is recorded as jobparat
from 1 May has been a jobparat ledig since 1 January, and the three months ran out on 1 April.
Counting from the latest day would restart the clock on every change of record and miss exactly
the citizens the rule is for. Both forms below count from this one anchor.

Reached: on or after `due` = the working day on or before since + `jobparat_company_offer_months`
(the rule in force on `since`, the day the measured period starts).

Cleared only by an intervention of kind virksomhedspraktik, løntilskud or nytteindsats (nyttejob
is the employer side's name for a nytteindsats seat) that started on or before `on` and did not
end before `since`. Other company-based interventions (ordinary job, småjob, IPS, ...) do not
clear it: the strategy names these three offers.

Per case: `status(course, interventions, on=..., rules=...)` for the alert and the record.
Bulk: `annotate(queryset, on=..., rules=...)` for the indicator. A missing rule: the per-case form
raises RuleMissing; the bulk form marks the row `three_month_rule_missing` (the indicator then
raises RuleMissing: no value). tests/citizens/rules/test_three_month.py proves they agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Least

from citizens.models import Benefit, Course, Intervention, InterventionKind, Readiness
from core.rules import RuleBook, RuleMissing, RuleValue
from core.workdays import add_months, deadline_on_working_day

from .course_state import annotate_state, entered_at, entered_on, value_on

RULE_KEY = "jobparat_company_offer_months"
CLEARING_KINDS = frozenset(
    {
        InterventionKind.VIRKSOMHEDSPRAKTIK,
        InterventionKind.LOENTILSKUD,
        InterventionKind.NYTTEINDSATS,
        InterventionKind.NYTTEJOB,
    }
)


@dataclass(frozen=True)
class ThreeMonth:
    since: date
    months: int
    due: date
    cleared: bool
    rule: RuleValue

    @property
    def applies(self) -> bool:
        """Reached (the caller only gets a ThreeMonth then) and not cleared."""
        return not self.cleared


def due_date(since: date, months: int) -> date:
    return deadline_on_working_day(add_months(since, months))


def latest_since(months: int, on: date) -> date:
    """The latest anchor whose due date is on or before `on` (due_date is monotone in since)."""
    day = add_months(on, -months)
    while due_date(day, months) > on:
        day -= timedelta(days=1)
    while due_date(day + timedelta(days=1), months) <= on:
        day += timedelta(days=1)
    return day


def anchor(course: Course, *, on: date) -> date | None:
    """The day the citizen became a jobparat ledig (see the module), or None if not one on `on`."""
    anchors = []
    if value_on(course, "benefit", on) == Benefit.A_DAGPENGE:
        anchors.append(entered_on(course, "benefit", {Benefit.A_DAGPENGE}, on))
    if value_on(course, "readiness", on) == Readiness.JOBPARAT:
        anchors.append(entered_on(course, "readiness", {Readiness.JOBPARAT}, on))
    return min(anchors) if anchors else None


def status(
    course: Course, interventions: Iterable[Intervention], *, on: date, rules: RuleBook
) -> ThreeMonth | None:
    """The 3-month rule for one course on `on`: None when the citizen is not a jobparat ledig or
    the three months are not reached yet; else whether an offer cleared it. RuleMissing when no
    value of the rule is in force on the anchor."""
    since = anchor(course, on=on)
    if since is None:
        return None
    rule = rules.lookup(RULE_KEY, on=since)
    due = due_date(since, rule.as_int)
    if on < due:
        return None
    cleared = any(
        intervention.kind in CLEARING_KINDS
        and intervention.start <= on
        and (intervention.end is None or intervention.end >= since)
        for intervention in interventions
    )
    return ThreeMonth(since=since, months=rule.as_int, due=due, cleared=cleared, rule=rule)


def annotate(queryset: QuerySet[Course], *, on: date, rules: RuleBook) -> QuerySet[Course]:
    """Annotate courses with the rule on `on`: three_month_since (None: not a jobparat ledig),
    three_month_reached, three_month_cleared and three_month_rule_missing."""
    queryset = annotate_state(queryset, on).annotate(
        tm_benefit_since=entered_at("benefit", [Benefit.A_DAGPENGE], on),
        tm_readiness_since=entered_at("readiness", [Readiness.JOBPARAT], on),
    )
    dagpenge = Q(benefit_at=Benefit.A_DAGPENGE)
    jobparat = Q(readiness_at=Readiness.JOBPARAT)
    queryset = queryset.annotate(
        three_month_since=Case(
            When(dagpenge & jobparat, then=Least("tm_benefit_since", "tm_readiness_since")),
            When(dagpenge, then="tm_benefit_since"),
            When(jobparat, then="tm_readiness_since"),
            default=None,
            output_field=DateField(),
        )
    )
    reached = Q(pk__in=[])
    missing = Q(pk__in=[])
    for period in rules.periods(RULE_KEY):
        in_period = Q()
        if period.start is not None:
            in_period &= Q(three_month_since__gte=period.start)
        if period.end is not None:
            in_period &= Q(three_month_since__lte=period.end)
        if period.rule is None:
            missing |= in_period & Q(three_month_since__isnull=False)
        else:
            reached |= in_period & Q(three_month_since__lte=latest_since(period.rule.as_int, on))
    offered = Intervention.objects.filter(
        citizen=OuterRef("citizen"), kind__in=sorted(CLEARING_KINDS), start__lte=on
    ).filter(Q(end__isnull=True) | Q(end__gte=OuterRef("three_month_since")))
    return queryset.annotate(
        three_month_reached=Case(
            When(reached, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        three_month_rule_missing=Case(
            When(missing, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        three_month_cleared=Exists(offered),
    )


def raise_if_missing(queryset: QuerySet[Course], *, on: date) -> None:
    """The indicator's side of the policy: a course judged without a rule means no value."""
    if queryset.filter(three_month_rule_missing=True).exists():
        raise RuleMissing(RULE_KEY, on=on)
