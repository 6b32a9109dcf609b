"""Deadlines and alerts on citizens' cases, computed from the case data and the rule table.

`compute_alerts` reads one citizen (with the related rows prefetched) and returns the alerts that
hold on `today`; it writes nothing. `alerts_refresh` writes them for a batch of citizens: it deletes
the alerts no longer due and upserts the current ones, with a constant number of queries per chunk
of 1000 citizens. It runs after every change to a case (citizens.services -> citizens.tasks) and
every night (citizens.tasks.refresh_all_alerts, Celery beat).

Only citizens with an open course (current_course set and not ended) get alerts.

Conventions
- Every `due` is a working day (core.workdays). All the rules are "no later than" deadlines, so a
  date on a weekend or holiday moves EARLIER to the last working day on or before it.
- Two kinds of alert:
  * deadlines the caseworker must meet, shown as soon as the obligation exists (due in the future,
    or overdue): sick_first_conversation, sick_follow_up, sick_reassessment, and
    intervention_over_max for a planned intervention that ends too late;
  * states, shown from the day they are reached (due = that day, so due <= today):
    jobparat_3_months, plan_outdated, long_term_unemployed, frikort_near_cap, and
    intervention_over_max for an open-ended intervention that has run past its maximum.
- Which rule value applies: the one in force on the day the measured period starts (the course
  or readiness start, the last conversation, the last plan revision, the intervention's start),
  so a case keeps the deadline it started with; rolling measures (sick_reassessment,
  long_term_unemployed) and the frikort use the values in force today.
- A missing rule row never breaks the batch: that one alert is skipped and a warning logged.

Per alert (codes as in Alert.Code):
- jobparat_3_months: readiness jobparat or benefit a_dagpenge since S (the course start, or the
  latest CourseChange into jobparat / a_dagpenge); shown from S + jobparat_company_offer_months
  unless a company-based intervention (Intervention.company_based) overlaps S..today.
- sick_first_conversation: benefit sygedagpenge since S and no conversation of kind sygeopfoelgning
  held since S; due = the end of week sick_first_conversation_weeks counted from S (S + 8 * 7 - 1
  days: the first week is S..S+6).
- sick_follow_up: after the first conversation; due = last sick conversation +
  sick_follow_up_weeks weeks.
- sick_reassessment: days on sygedagpenge (courses of benefit sygedagpenge; for the open course from
  the day the benefit became sygedagpenge, assumed to continue) within the window of
  sick_reassessment_window_months months ending on a day; due = the first day the total is more
  than sick_reassessment_weeks weeks (projected when still ahead).
- long_term_unemployed: the open course is a_dagpenge, kontanthjaelp or uddannelseshjaelp, and days
  on such courses within the last long_term_unemployment_window_months months are at least
  long_term_unemployment_percent % of the window's days; due = the first day of the current
  unbroken run of days on which that held (a state: stable from night to night).
- intervention_over_max: an active or planned intervention (not ended before today) longer than
  the maximum for the citizen's current group (citizens.rules.intervention_max); due = the
  last day it may run. With several, the earliest.
- frikort_near_cap: earnings under the socialt frikort in today's calendar year at least
  frikort_warning_percent (default 80) % of frikort_amount_dkk, or at least 100 %: two messages;
  due = today.
- plan_outdated: no plan revision for plan_outdated_months months: due = last revision + that
  many months. A citizen with an open course and no plan at all is alerted from the course start.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import Rule
from core.rules import RuleMissing, RuleValue
from core.workdays import add_months, deadline_on_working_day

from .models import (
    Alert,
    Benefit,
    Citizen,
    Conversation,
    Course,
    Intervention,
    PlanRevision,
    Readiness,
)
from .rules import intervention_max

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000

UNEMPLOYED_BENEFITS = frozenset(
    {Benefit.A_DAGPENGE, Benefit.KONTANTHJAELP, Benefit.UDDANNELSESHJAELP}
)
# Used when the rule table has no `frikort_warning_percent` row: the issue's own warning level.
DEFAULT_FRIKORT_WARNING_PERCENT = Decimal(80)

RULE_KEYS = (
    "jobparat_company_offer_months",
    "sick_first_conversation_weeks",
    "sick_follow_up_weeks",
    "sick_reassessment_weeks",
    "sick_reassessment_window_months",
    "long_term_unemployment_percent",
    "long_term_unemployment_window_months",
    "frikort_amount_dkk",
    "frikort_warning_percent",
    "plan_outdated_months",
    "praktik_max_weeks",
    "praktik_max_weeks_extended",
    "praktik_max_hours_per_week",
    "loentilskud_public_max_months",
    "loentilskud_private_max_months",
    "nytteindsats_max_weeks",
)


@dataclass(frozen=True)
class AlertDraft:
    code: str
    due: date
    message: str


# --- Rules -----------------------------------------------------------------------------------


def _as_value(rule: Rule) -> RuleValue:
    return RuleValue(
        key=rule.key,
        qualifier=rule.qualifier,
        value=rule.value,
        unit=rule.unit,
        legal_reference=rule.legal_reference,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
    )


class RuleBook:
    """The rows of the rule table loaded once (one query) for a batch of citizens.

    `lookup` answers exactly as core.rules.rule_lookup: the row in force on the date, the
    qualified one before the unqualified one. `first` tries several qualifiers in order.
    """

    def __init__(self, keys: Iterable[str] = RULE_KEYS) -> None:
        self._rows: dict[str, list[Rule]] = defaultdict(list)
        for rule in Rule.objects.filter(key__in=list(keys)):
            self._rows[rule.key].append(rule)

    def _in_force(self, key: str, on: date, qualifier: str) -> Rule | None:
        rows = [
            rule
            for rule in self._rows.get(key, ())
            if rule.qualifier == qualifier
            and rule.valid_from <= on
            and (rule.valid_to is None or rule.valid_to >= on)
        ]
        return max(rows, key=lambda rule: rule.valid_from) if rows else None

    def first(self, key: str, *, on: date, qualifiers: Sequence[str]) -> RuleValue | None:
        for qualifier in (*qualifiers, ""):
            rule = self._in_force(key, on, qualifier)
            if rule is not None:
                return _as_value(rule)
        return None

    def lookup(self, key: str, *, on: date, qualifier: str = "") -> RuleValue:
        value = self.first(key, on=on, qualifiers=(qualifier,))
        if value is None:
            raise RuleMissing(
                f"No value of rule {key!r} ({qualifier or 'all'}) is in force on {on}."
            )
        return value


# --- Helpers ---------------------------------------------------------------------------------


def _fmt(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _fmt_dkk(amount: Decimal) -> str:
    return f"{int(amount):,}".replace(",", ".")


def _since(course: Course, field: str, values: set[str]) -> date:
    """The day the course's `field` last became one of `values` (the course start if it always
    was). The caller checks that the current value is one of them."""
    entered = [
        change.effective
        for change in course.changes.all()
        if change.field == field and change.new_value in values and change.old_value not in values
    ]
    return max(entered, default=course.start)


class _DayCoverage:
    """How many days of [first, last] the given periods cover, answered in O(1) per window."""

    def __init__(self, periods: Iterable[tuple[date, date]], first: date, last: date) -> None:
        self.first = first
        size = (last - first).days + 1
        covered = bytearray(max(size, 0))
        for start, end in periods:
            lo = max((start - first).days, 0)
            hi = min((end - first).days, size - 1)
            if hi >= lo:
                covered[lo : hi + 1] = b"\x01" * (hi - lo + 1)
        self._prefix = list(accumulate(covered, initial=0))
        self.size = size

    def count(self, start: date, end: date) -> int:
        lo = max((start - self.first).days, 0)
        hi = min((end - self.first).days, self.size - 1)
        if hi < lo:
            return 0
        return self._prefix[hi + 1] - self._prefix[lo]


@dataclass
class _Case:
    citizen: Citizen
    course: Course
    today: date
    rules: RuleBook


# --- The alerts --------------------------------------------------------------------------------


def _jobparat_3_months(case: _Case) -> AlertDraft | None:
    course = case.course
    anchors = []
    if course.benefit == Benefit.A_DAGPENGE:
        anchors.append(_since(course, "benefit", {Benefit.A_DAGPENGE.value}))
    if course.readiness == Readiness.JOBPARAT:
        anchors.append(_since(course, "readiness", {Readiness.JOBPARAT.value}))
    if not anchors:
        return None
    since = min(anchors)
    months = case.rules.lookup("jobparat_company_offer_months", on=since).as_int
    due = deadline_on_working_day(add_months(since, months))
    if case.today < due:
        return None
    for intervention in case.citizen.interventions.all():
        if (
            intervention.company_based
            and intervention.start <= case.today
            and (intervention.end is None or intervention.end >= since)
        ):
            return None
    return AlertDraft(
        code=Alert.Code.JOBPARAT_3_MONTHS,
        due=due,
        message=_(
            "Job-ready since %(since)s without a company-based offer for %(months)s months: "
            "offer virksomhedspraktik, løntilskud or nytteindsats."
        )
        % {"since": _fmt(since), "months": months},
    )


def _sick_conversations(case: _Case, since: date) -> list[date]:
    return sorted(
        conversation.date
        for conversation in case.citizen.conversations.all()
        if conversation.kind == Conversation.Kind.SYGEOPFOELGNING
        and since <= conversation.date <= case.today
    )


def _sick_conversation_due(case: _Case) -> AlertDraft | None:
    course = case.course
    if course.benefit != Benefit.SYGEDAGPENGE:
        return None
    since = _since(course, "benefit", {Benefit.SYGEDAGPENGE.value})
    held = _sick_conversations(case, since)
    if not held:
        weeks = case.rules.lookup("sick_first_conversation_weeks", on=since).as_int
        due = deadline_on_working_day(since + timedelta(days=weeks * 7 - 1))
        return AlertDraft(
            code=Alert.Code.SICK_FIRST_CONVERSATION,
            due=due,
            message=_(
                "First sickness follow-up conversation no later than %(due)s "
                "(before the end of week %(weeks)s from %(since)s)."
            )
            % {"due": _fmt(due), "weeks": weeks, "since": _fmt(since)},
        )
    last = held[-1]
    weeks = case.rules.lookup("sick_follow_up_weeks", on=last).as_int
    due = deadline_on_working_day(last + timedelta(weeks=weeks))
    return AlertDraft(
        code=Alert.Code.SICK_FOLLOW_UP,
        due=due,
        message=_(
            "Next sickness follow-up conversation no later than %(due)s "
            "(at least every %(weeks)s weeks; the last was %(last)s)."
        )
        % {"due": _fmt(due), "weeks": weeks, "last": _fmt(last)},
    )


def _sick_reassessment(case: _Case) -> AlertDraft | None:
    course = case.course
    if course.benefit != Benefit.SYGEDAGPENGE:
        return None
    today = case.today
    weeks = case.rules.lookup("sick_reassessment_weeks", on=today).as_int
    months = case.rules.lookup("sick_reassessment_window_months", on=today).as_int
    limit = weeks * 7
    horizon = add_months(today, months) + timedelta(days=limit + 1)
    periods = [
        (previous.start, previous.end)
        for previous in case.citizen.courses.all()
        if previous.pk != course.pk
        and previous.benefit == Benefit.SYGEDAGPENGE
        and previous.end is not None
    ]
    periods.append((_since(course, "benefit", {Benefit.SYGEDAGPENGE.value}), horizon))
    first = min(start for start, _end in periods)
    coverage = _DayCoverage(periods, first, horizon)

    def total(day: date) -> int:
        return coverage.count(add_months(day, -months) + timedelta(days=1), day)

    day = today
    if total(day) > limit:
        while day > first and total(day - timedelta(days=1)) > limit:
            day -= timedelta(days=1)
    else:
        while total(day) <= limit:
            day += timedelta(days=1)
            if day > horizon:
                return None
    due = deadline_on_working_day(day)
    return AlertDraft(
        code=Alert.Code.SICK_REASSESSMENT,
        due=due,
        message=_(
            "Reassessment: more than %(weeks)s weeks of sickness benefit within %(months)s "
            "months from %(passes)s."
        )
        % {"weeks": weeks, "months": months, "passes": _fmt(day)},
    )


def _long_term_unemployed(case: _Case) -> AlertDraft | None:
    course = case.course
    if course.benefit not in UNEMPLOYED_BENEFITS:
        return None
    today = case.today
    percent = case.rules.lookup("long_term_unemployment_percent", on=today).value
    months = case.rules.lookup("long_term_unemployment_window_months", on=today).as_int
    unemployed = {benefit.value for benefit in UNEMPLOYED_BENEFITS}
    periods = [
        (previous.start, previous.end)
        for previous in case.citizen.courses.all()
        if previous.pk != course.pk and previous.benefit in unemployed and previous.end is not None
    ]
    periods.append((_since(course, "benefit", unemployed), today))
    first = min(start for start, _end in periods)
    coverage = _DayCoverage(periods, first, today)

    def holds(day: date) -> bool:
        window_start = add_months(day, -months) + timedelta(days=1)
        window_days = (day - window_start).days + 1
        return coverage.count(window_start, day) * 100 >= percent * window_days

    if not holds(today):
        return None
    day = today
    while day > first and holds(day - timedelta(days=1)):
        day -= timedelta(days=1)
    return AlertDraft(
        code=Alert.Code.LONG_TERM_UNEMPLOYED,
        due=deadline_on_working_day(day),
        message=_(
            "Long-term unemployed: on benefit at least %(percent)s %% of the last %(months)s "
            "months (since %(since)s)."
        )
        % {"percent": int(percent), "months": months, "since": _fmt(day)},
    )


def _intervention_over_max(case: _Case) -> AlertDraft | None:
    """The rule lives in citizens.rules.intervention_max; this turns it into an alert."""
    course = case.course
    found: list[AlertDraft] = []
    for intervention in case.citizen.interventions.all():
        if intervention.end is not None and intervention.end < case.today:
            continue
        public_employer = None
        if intervention.placement_id is not None:
            public_employer = intervention.placement.opening.workplace.employer.public
        maximum = intervention_max.maximum_for(
            kind=intervention.kind,
            start=intervention.start,
            benefit=course.benefit,
            readiness=course.readiness,
            public_employer=public_employer,
            graduated_on=case.citizen.graduated_on,
            extension_reason=intervention.extension_reason,
            rules=case.rules,
        )
        last_day = intervention_max.exceeds(
            maximum, start=intervention.start, end=intervention.end, today=case.today
        )
        if maximum is None or last_day is None:
            continue
        if intervention.end is None:
            period = _("Started %(start)s without an end date") % {
                "start": _fmt(intervention.start)
            }
        else:
            period = _("Planned %(start)s–%(end)s") % {
                "start": _fmt(intervention.start),
                "end": _fmt(intervention.end),
            }
        due = deadline_on_working_day(last_day)
        limit = intervention_max.message(
            kind=intervention.kind, maximum=maximum, public_employer=public_employer
        )
        found.append(
            AlertDraft(
                code=Alert.Code.INTERVENTION_OVER_MAX,
                due=due,
                message=_("%(limit)s %(period)s: it must end no later than %(last)s.")
                % {"limit": limit, "period": period, "last": _fmt(due)},
            )
        )
    return min(found, key=lambda draft: draft.due) if found else None


def _frikort_near_cap(case: _Case) -> AlertDraft | None:
    today = case.today
    earned = sum(
        (
            paid.earnings
            for paid in case.citizen.paid_hours.all()
            if paid.under_frikort and paid.month.year == today.year
        ),
        Decimal(0),
    )
    if not earned:
        return None
    amount = case.rules.lookup("frikort_amount_dkk", on=today).value
    warning = case.rules.first("frikort_warning_percent", on=today, qualifiers=())
    warning_percent = warning.value if warning else DEFAULT_FRIKORT_WARNING_PERCENT
    values = {"earned": _fmt_dkk(earned), "year": today.year, "amount": _fmt_dkk(amount)}
    if earned >= amount:
        message = _(
            "Socialt frikort: %(earned)s DKK earned in %(year)s; the yearly amount of "
            "%(amount)s DKK is reached (100 %%)."
        )
    elif earned * 100 >= amount * warning_percent:
        values["percent"] = int(warning_percent)
        message = _(
            "Socialt frikort: %(earned)s DKK earned in %(year)s, at least %(percent)s %% of "
            "the yearly amount of %(amount)s DKK."
        )
    else:
        return None
    return AlertDraft(
        code=Alert.Code.FRIKORT_NEAR_CAP,
        due=deadline_on_working_day(today),
        message=message % values,
    )


def _plan_outdated(case: _Case) -> AlertDraft | None:
    revised = [
        timezone.localdate(revision.created_at) for revision in case.citizen.plan_revisions.all()
    ]
    if not revised:
        due = deadline_on_working_day(case.course.start)
        if case.today < due:
            return None
        return AlertDraft(
            code=Alert.Code.PLAN_OUTDATED,
            due=due,
            message=_("The citizen has no plan yet: agree on a plan (Min Plan)."),
        )
    last = max(revised)
    months = case.rules.lookup("plan_outdated_months", on=last).as_int
    due = deadline_on_working_day(add_months(last, months))
    if case.today < due:
        return None
    return AlertDraft(
        code=Alert.Code.PLAN_OUTDATED,
        due=due,
        message=_("The plan has not been revised since %(last)s (%(months)s months).")
        % {"last": _fmt(last), "months": months},
    )


CHECKS: tuple[Callable[[_Case], AlertDraft | None], ...] = (
    _jobparat_3_months,
    _sick_conversation_due,
    _sick_reassessment,
    _long_term_unemployed,
    _intervention_over_max,
    _frikort_near_cap,
    _plan_outdated,
)


def compute_alerts(
    citizen: Citizen, *, today: date, rules: RuleBook | None = None
) -> list[AlertDraft]:
    """The alerts that hold for `citizen` on `today`. Writes nothing.

    Reads citizen.current_course (with its changes), courses, conversations, interventions (with
    placement -> opening -> workplace -> employer), plan_revisions and paid_hours: prefetch them
    (see `citizens_for_alerts`) when computing for many citizens.
    """
    course = citizen.current_course
    if course is None or (course.end is not None and course.end < today):
        return []
    rules = rules or RuleBook()
    case = _Case(citizen=citizen, course=course, today=today, rules=rules)
    drafts = []
    for check in CHECKS:
        try:
            draft = check(case)
        except RuleMissing as missing:
            logger.warning(
                "Alert %s skipped for citizen %s: %s", check.__name__, citizen.pk, missing
            )
            continue
        if draft is not None:
            drafts.append(draft)
    return drafts


def citizens_for_alerts(citizen_ids: Iterable[int]):
    """The citizens with everything compute_alerts reads, in a constant number of queries."""
    return (
        Citizen.objects.filter(pk__in=list(citizen_ids))
        .select_related("current_course")
        .prefetch_related(
            "current_course__changes",
            "courses",
            Prefetch(
                "conversations",
                queryset=Conversation.objects.only("id", "citizen_id", "date", "kind"),
            ),
            Prefetch(
                "plan_revisions",
                queryset=PlanRevision.objects.only("id", "citizen_id", "created_at"),
            ),
            Prefetch(
                "interventions",
                queryset=Intervention.objects.select_related(
                    "placement__opening__workplace__employer"
                ),
            ),
            "paid_hours",
        )
    )


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for offset in range(0, len(ids), size):
        yield ids[offset : offset + size]


def _refresh_chunk(ids: Sequence[int], today: date, rules: RuleBook) -> int:
    drafts: dict[tuple[int, str], AlertDraft] = {}
    for citizen in citizens_for_alerts(ids):
        for draft in compute_alerts(citizen, today=today, rules=rules):
            drafts[(citizen.pk, str(draft.code))] = draft
    stale = [
        pk
        for pk, citizen_id, code in Alert.objects.filter(citizen_id__in=ids).values_list(
            "pk", "citizen_id", "code"
        )
        if (citizen_id, code) not in drafts
    ]
    if stale:
        Alert.objects.filter(pk__in=stale).delete()
    if drafts:
        now = timezone.now()
        Alert.objects.bulk_create(
            [
                Alert(
                    citizen_id=citizen_id,
                    code=code,
                    due=draft.due,
                    message=draft.message[:300],
                    computed_at=now,
                )
                for (citizen_id, code), draft in drafts.items()
            ],
            update_conflicts=True,
            unique_fields=["citizen", "code"],
            update_fields=["due", "message", "computed_at"],
        )
    return len(drafts)


def alerts_refresh(*, citizen_ids: Iterable[int], today: date | None = None) -> int:
    """Recompute and store the alerts of these citizens: delete the ones no longer due, upsert
    the current ones. Chunks of 1000 citizens, each in one transaction with a constant number of
    queries. Messages are stored in the site language (Danish). Returns the number of alerts
    now stored for them. Safe to run twice."""
    today = today or timezone.localdate()
    ids = sorted(set(citizen_ids))
    if not ids:
        return 0
    rules = RuleBook()
    written = 0
    with translation.override(settings.LANGUAGE_CODE):
        for chunk in _chunks(ids, CHUNK_SIZE):
            with transaction.atomic():
                written += _refresh_chunk(chunk, today, rules)
    return written
