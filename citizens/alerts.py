"""Deadlines and alerts on citizens' cases, computed from the case data and the rule table.

`compute_alerts` reads one citizen (with the related rows prefetched) and returns the alerts that
hold on `today`; it writes nothing. `alerts_refresh` writes them for a batch of citizens: it
deletes the alerts no longer due and upserts the new and changed ones (an alert that comes out as
stored is not written again), with a constant number of queries per chunk of 1000 citizens. It
runs after every change to a case (citizens.services -> citizens.tasks) and every night
(citizens.tasks.refresh_all_alerts, Celery beat).

Only citizens with an open course (current_course set and not ended) get alerts.

Conventions
- Every `due` is a working day (core.workdays). All the rules are "no later than" deadlines, so a
  date on a weekend or holiday moves EARLIER to the last working day on or before it.
- Two kinds of alert:
  * deadlines the caseworker must meet, shown as soon as the obligation exists (due in the future,
    or overdue): sick_first_conversation, sick_follow_up, sick_reassessment,
    contact_conversation, and
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
- jobparat_3_months: citizens.rules.three_month (the one definition, shared with the indicator):
  a jobparat ledig (jobparat or a-dagpenge) since S, the EARLIEST of the days the course entered
  the states that hold; shown from S + jobparat_company_offer_months unless a virksomhedspraktik,
  løntilskud or nytteindsats ran between S and today.
- sick_first_conversation, sick_follow_up, sick_reassessment: citizens.rules.sick_pay (counted
  from the first absence day; the follow-up cadence and the reassessment month by the version of
  the law in force on that day).
- long_term_unemployed: citizens.rules.long_term (the one definition, shared with the
  indicators): the open course is on an unemployment benefit (a-dagpenge, kontanthjælp, the former
  uddannelseshjælp), and the days on one within the last long_term_unemployment_window_months
  months are at least long_term_unemployment_percent % of the window's days; due = the first day
  of the current unbroken run of days on which that held (a state: stable from night to night).
- intervention_over_max: an active or planned intervention (not ended before today) longer than
  the maximum for the citizen's current group (citizens.rules.intervention_max); due = the
  last day it may run. With several, the earliest.
- frikort_near_cap: earnings under the socialt frikort in today's calendar year at least
  frikort_warning_percent (80) % of frikort_amount_dkk, or at least 100 %: two messages;
  due = today.
- contact_conversation: citizens.rules.contact (`obligation_for`, the rule the record shows): an
  open course of a contact group (a-dagpenge, jobparat kontanthjælp, ledighedsydelse at the
  start) with fewer job conversations in its first 6 months than the row in force on the start
  requires; due = `next_due()` (the end of the first period, the law sets no earlier date for
  each conversation), shown from the course start. Once the period has passed it stays overdue
  until a job conversation is held after it (the late conversation the caseworker acts with).
  From 2026-07-01 the law requires the conversations for at least 75 % of the group
  (conversations_first_6_months_percent): the deadline is still shown for each citizen, as the
  job centre's plan, and the message says so.
- plan_outdated: no plan revision for plan_outdated_months months: due = last revision + that
  many months. A citizen with an open course and no plan at all is alerted from the course start.
"""

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.prefetch import attach_related, id_list
from core.rules import RuleBook, RuleMissing
from core.workdays import add_months, deadline_on_working_day

from .models import (
    Alert,
    Citizen,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    PaidHours,
    PlanRevision,
)
from .rules import contact, intervention_max, long_term, three_month
from .rules.sick_pay import SICK_RULE_KEYS, SickDeadline, sick_follow_up, sick_reassessment

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000


RULE_KEYS = (
    "jobparat_company_offer_months",
    *SICK_RULE_KEYS,
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
    *contact.RULE_KEYS,
)


@dataclass(frozen=True)
class AlertDraft:
    """An alert as computed. `legal_reference`: the legal reference of the rule-table row that
    produced the deadline (the row in force on the day the engine judged the case by), stored
    with the alert so the agenda names the law the deadline rests on ("" when no rule row
    produced it, e.g. a plan that was never made)."""

    code: str
    due: date
    message: str
    legal_reference: str = ""


# --- Rules -----------------------------------------------------------------------------------
# The rule lookups (per case and batch, RuleBook) and the missing-rule policy live in core.rules.


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
    """The 3-month rule's per-case form (citizens.rules.three_month): due and not cleared."""
    rule = three_month.status(
        case.course, case.citizen.interventions.all(), on=case.today, rules=case.rules
    )
    if rule is None or not rule.applies:
        return None
    return AlertDraft(
        code=Alert.Code.JOBPARAT_3_MONTHS,
        due=rule.due,
        message=_(
            "Job-ready since %(since)s without virksomhedspraktik, løntilskud or nytteindsats "
            "for %(months)s months: offer one of them."
        )
        % {"since": _fmt(rule.since), "months": rule.months},
        legal_reference=rule.rule.legal_reference,
    )


def _as_draft(deadline: SickDeadline | None) -> AlertDraft | None:
    if deadline is None:
        return None
    return AlertDraft(
        code=deadline.code,
        due=deadline.due,
        message=deadline.message,
        legal_reference=deadline.legal_reference,
    )


def _sick_conversation_due(case: _Case) -> AlertDraft | None:
    """The rule lives in citizens.rules.sick_pay (counted from the first absence day)."""
    return _as_draft(sick_follow_up(case.citizen, case.course, today=case.today, rules=case.rules))


def _sick_reassessment(case: _Case) -> AlertDraft | None:
    """The rule lives in citizens.rules.sick_pay (end of the month, § 24)."""
    return _as_draft(sick_reassessment(case.citizen, case.course, rules=case.rules))


def _long_term_unemployed(case: _Case) -> AlertDraft | None:
    """Long-term unemployment's per-case form (citizens.rules.long_term), for a citizen whose
    open course is on an unemployment benefit today."""
    if str(case.course.benefit) not in long_term.UNEMPLOYMENT_BENEFITS:
        return None
    today = case.today
    since = long_term.reached_on(case.citizen.courses.all(), on=today, rules=case.rules)
    if since is None:
        return None
    percent_rule = case.rules.lookup(long_term.PERCENT_KEY, on=today)
    percent = percent_rule.value
    months = case.rules.lookup(long_term.WINDOW_KEY, on=today).as_int
    return AlertDraft(
        code=Alert.Code.LONG_TERM_UNEMPLOYED,
        due=deadline_on_working_day(since),
        message=_(
            "Long-term unemployed: on benefit at least %(percent)s %% of the last %(months)s "
            "months (since %(since)s)."
        )
        % {"percent": int(percent), "months": months, "since": _fmt(since)},
        legal_reference=percent_rule.legal_reference,
    )


def _intervention_over_max(case: _Case) -> AlertDraft | None:
    """The rule lives in citizens.rules.intervention_max; this turns it into an alert."""
    course = case.course
    found: list[AlertDraft] = []
    for intervention in case.citizen.interventions.all():
        if intervention.end is not None and intervention.end < case.today:
            continue
        public_employer = intervention.public_employer  # None without a placement
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
                legal_reference=maximum.rule.legal_reference,
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
    amount_rule = case.rules.lookup("frikort_amount_dkk", on=today)
    amount = amount_rule.value
    warning_percent = case.rules.lookup("frikort_warning_percent", on=today).value
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
        legal_reference=amount_rule.legal_reference,
    )


def _contact_conversation(case: _Case) -> AlertDraft | None:
    """The contact rule's per-case form (citizens.rules.contact), as the record shows it."""
    conversations = case.citizen.conversations.all()
    found = contact.obligation_for(case.course, conversations, rules=case.rules)
    due = found.next_due() if found is not None else None
    if found is None or due is None:
        return None
    late = any(
        c.kind in contact.JOB_CONVERSATION_KINDS and found.window_end < c.date <= case.today
        for c in conversations
    )
    if late:
        return None
    message = _(
        "Contact course: %(held)s of %(required)s job conversations held in the first 6 months "
        "(%(start)s–%(end)s); the missing ones no later than %(due)s (%(reference)s)."
    ) % {
        "held": found.held,
        "required": found.required,
        "start": _fmt(found.since),
        "end": _fmt(found.window_end),
        "due": _fmt(due),
        "reference": found.rule.legal_reference,
    }
    percent = case.rules.first(contact.PERCENT_KEY, on=found.since, qualifiers=())
    if percent is not None and percent.value < 100:
        message += " " + _(
            "The law requires them for at least %(percent)s %% of the group: shown for each "
            "citizen as the job centre's plan."
        ) % {"percent": int(percent.value)}
    return AlertDraft(
        code=Alert.Code.CONTACT_CONVERSATION,
        due=due,
        message=message,
        legal_reference=found.rule.legal_reference,
    )


def _plan_outdated(case: _Case) -> AlertDraft | None:
    revised = [revision.created_at for revision in case.citizen.plan_revisions.all()]
    if not revised:
        due = deadline_on_working_day(case.course.start)
        if case.today < due:
            return None
        return AlertDraft(
            code=Alert.Code.PLAN_OUTDATED,
            due=due,
            message=_("The citizen has no plan yet: agree on a plan (Min Plan)."),
        )
    last = timezone.localdate(max(revised))  # the latest moment is on the latest local day
    rule = case.rules.lookup("plan_outdated_months", on=last)
    months = rule.as_int
    due = deadline_on_working_day(add_months(last, months))
    if case.today < due:
        return None
    return AlertDraft(
        code=Alert.Code.PLAN_OUTDATED,
        due=due,
        message=_("The plan has not been revised since %(last)s (%(months)s months).")
        % {"last": _fmt(last), "months": months},
        legal_reference=rule.legal_reference,
    )


CHECKS: tuple[Callable[[_Case], AlertDraft | None], ...] = (
    _jobparat_3_months,
    _sick_conversation_due,
    _sick_reassessment,
    _long_term_unemployed,
    _intervention_over_max,
    _frikort_near_cap,
    _plan_outdated,
    _contact_conversation,
)


def compute_alerts(
    citizen: Citizen, *, today: date, rules: RuleBook | None = None
) -> list[AlertDraft]:
    """The alerts that hold for `citizen` on `today`. Writes nothing.

    Reads the citizen as `citizens_for_alerts` gives it: current_course (with its changes),
    courses, conversations, interventions (with `public_employer`), plan_revisions and
    paid_hours.
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


def citizens_for_alerts(citizen_ids: Iterable[int]) -> list[Citizen]:
    """The citizens with everything compute_alerts reads, in a constant number of queries (one
    per relation). The relations are attached as lists (core.prefetch: Django's prefetch costs
    more than the rows in a batch of 1,000), and current_course is the same object as the
    course in `courses`, with its changes. Conversations, plan revisions, paid hours and
    interventions, which the checks read only by attribute, come as named tuples (a model
    instance costs about four times as much, an intervention with its placement's employer
    five); an intervention's `public_employer` is its placement's employer's `public` (None
    without a placement)."""
    ids = list(citizen_ids)
    citizens = list(
        Citizen.objects.filter(pk__in=id_list(ids)).only("id", "current_course_id", "graduated_on")
    )
    courses = list(Course.objects.filter(citizen_id__in=id_list(ids)))
    attach_related(
        courses,
        "changes",
        CourseChange.objects.filter(course_id__in=id_list([course.pk for course in courses])),
    )
    attach_related(citizens, "courses", courses)
    by_id = {course.pk: course for course in courses}
    for citizen in citizens:
        citizen.current_course = by_id.get(citizen.current_course_id)
    related = {
        "conversations": Conversation.objects.values_list("citizen_id", "date", "kind", named=True),
        "plan_revisions": PlanRevision.objects.values_list("citizen_id", "created_at", named=True),
        "interventions": Intervention.objects.annotate(
            public_employer=F("placement__opening__workplace__employer__public")
        ).values_list(
            "citizen_id", "kind", "start", "end", "extension_reason", "public_employer", named=True
        ),
        "paid_hours": PaidHours.objects.values_list(
            "citizen_id", "month", "earnings", "under_frikort", named=True
        ),
    }
    for relation, rows in related.items():
        attach_related(citizens, relation, rows.filter(citizen_id__in=id_list(ids)))
    return citizens


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for offset in range(0, len(ids), size):
        yield ids[offset : offset + size]


def _refresh_chunk(ids: Sequence[int], today: date, rules: RuleBook) -> int:
    """Write the chunk's alerts: delete the ones no longer due, upsert the new and the changed
    ones; an alert that came out as it is stored is not written again (most of them, night
    after night)."""
    drafts: dict[tuple[int, str], AlertDraft] = {}
    for citizen in citizens_for_alerts(ids):
        for draft in compute_alerts(citizen, today=today, rules=rules):
            drafts[(citizen.pk, str(draft.code))] = draft
    stale = []
    unchanged = set()
    stored = Alert.objects.filter(citizen_id__in=id_list(ids)).values_list(
        "pk", "citizen_id", "code", "due", "message", "legal_reference"
    )
    for pk, citizen_id, code, due, message, legal_reference in stored:
        draft = drafts.get((citizen_id, code))
        if draft is None:
            stale.append(pk)
        elif (due, message, legal_reference) == _stored_form(draft):
            unchanged.add((citizen_id, code))
    if stale:
        Alert.objects.filter(pk__in=stale).delete()
    changed = {key: draft for key, draft in drafts.items() if key not in unchanged}
    if changed:
        now = timezone.now()
        Alert.objects.bulk_create(
            [
                Alert(
                    citizen_id=citizen_id,
                    code=code,
                    due=due,
                    message=message,
                    legal_reference=legal_reference,
                    computed_at=now,
                )
                for (citizen_id, code), draft in changed.items()
                for due, message, legal_reference in [_stored_form(draft)]
            ],
            update_conflicts=True,
            unique_fields=["citizen", "code"],
            update_fields=["due", "message", "legal_reference", "computed_at"],
        )
    return len(drafts)


def _stored_form(draft: AlertDraft) -> tuple[date, str, str]:
    """The draft as the Alert row keeps it (the columns' lengths)."""
    return draft.due, draft.message[:300], draft.legal_reference[:200]


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
