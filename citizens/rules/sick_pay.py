"""Sick-pay (sygedagpenge) deadlines: the one home of the follow-up and reassessment rules.

Everything counts from the FIRST ABSENCE DAY (`Course.first_absence_day`), not from the day the
municipality's course starts; a course without a recorded first absence day counts from the day
its benefit became sygedagpenge (the course start, or the latest change into sygedagpenge).
Every rule value is the row in force on that anchor day, so a case is judged by the version of
the law in force on its own first absence day, and keeps it.

Rules (core.models.Rule; sources in the README's "Rules and their sources"):
- sick_first_conversation_weeks (8): the first follow-up conversation before the end of week 8
  counted from the first absence day: due = anchor + 8 * 7 - 1 days (the first week is
  anchor..anchor+6). Sygedagpengeloven § 13 b, stk. 1, 2. pkt.
- Later follow-up, the version in force on the anchor:
  * until 2019-12-31, sick_follow_up_weeks (4): the next conversation at the latest 4 weeks after
    the last one (the pre-2020 "mindst hver 4. uge");
  * from 2020-01-01, sick_follow_up_min_conversations (4; from 2026-07-01 1, lov nr. 1750 af
    29.12.2025) within sick_follow_up_window_months (6) counted from the first absence day:
    while fewer are held, due = the last day of that window (anchor + 6 months - 1 day);
    afterwards the follow-up is agreed with the citizen (no statutory deadline, none shown);
  * employed citizens (sick_from = employment), by the version in force on the anchor:
    - from 2025-01-01 to 2026-06-30 (sygedagpengeloven § 13 f, L 74 2024/25) only the first
      conversation is required when the expected fit day (anchor + expected absence weeks) falls
      before the end of week sick_employed_first_conversation_only_weeks[after_first_conversation]
      (13) counted from the first conversation: on or before first conversation + 13 * 7 - 1 days;
    - from 2026-07-01 (lov nr. 1750 af 29.12.2025, § 3) an employed citizen whose expected
      absence is LESS than sick_employed_no_follow_up_weeks (26) weeks counted from the first
      absence day is, as a rule, exempt from the municipality's follow-up and conversations: no
      follow-up deadline at all, not even the first conversation (README, "Rules and their
      sources", for what is confirmed).
- Each deadline carries the legal reference of the row that produced it (SickDeadline), which
  the alert stores and the agenda shows.
- Reassessment (sygedagpengeloven § 24, stk. 1): payment stops after the end of a CALENDAR MONTH
  in which sick pay (including wages during sickness, so from the first absence day) has been paid
  for more than sick_reassessment_weeks (22) weeks within the sick_reassessment_window_months (9)
  calendar months ending with it; the reassessment must be made before. Due = the last day of the
  first such month (the open course assumed to continue). Earlier sick-pay courses count.
- Every due date is a working day: a weekend or holiday moves it earlier (core.workdays).

Two forms of the same rules:
- per case (`sick_follow_up`, `sick_reassessment`) over a citizen with prefetched courses and
  conversations: for alerts, the record and the agenda;
- bulk (`reassessment_due_by_course`) over many courses in a constant number of queries: for the
  strategy's indicators. tests/citizens/rules/test_sick_pay.py holds the hypothesis test that the
  two agree.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from django.utils.translation import gettext as _

from core.rules import RuleMissing, RuleValue
from core.workdays import add_months, deadline_on_working_day

from ..models import Alert, Benefit, Conversation, Course, CourseChange, SickFrom

SICK_RULE_KEYS = (
    "sick_first_conversation_weeks",
    "sick_follow_up_weeks",
    "sick_follow_up_min_conversations",
    "sick_follow_up_window_months",
    "sick_employed_first_conversation_only_weeks",
    "sick_employed_no_follow_up_weeks",
    "sick_reassessment_weeks",
    "sick_reassessment_window_months",
)
AFTER_FIRST_CONVERSATION = "after_first_conversation"


class Rules(Protocol):
    """What the rules need of a rule book (citizens.alerts.RuleBook)."""

    def first(self, key: str, *, on: date, qualifiers: Sequence[str]) -> RuleValue | None: ...

    def lookup(self, key: str, *, on: date, qualifier: str = "") -> RuleValue: ...


@dataclass(frozen=True)
class SickDeadline:
    """A sick-pay deadline and the legal reference of the rule row that produced it (the row in
    force on the first absence day: the agenda shows it, never a row looked up again)."""

    code: str
    due: date
    message: str
    legal_reference: str = ""


def _fmt(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _rule_book() -> Rules:
    from ..alerts import RuleBook  # the one rule book; alerts imports this module

    return RuleBook(SICK_RULE_KEYS)


# --- The anchor: the first absence day -----------------------------------------------------------


def sick_since(start: date, changes: Iterable[tuple[date, str, str, str]]) -> date:
    """The day the course's benefit last became sygedagpenge: from (effective, field, old, new)
    changes, else the course start."""
    sick = Benefit.SYGEDAGPENGE.value
    entered = [
        effective
        for effective, field, old, new in changes
        if field == "benefit" and new == sick and old != sick
    ]
    return max(entered, default=start)


def sick_anchor(course: Course) -> date:
    """The day the sick-pay deadlines count from (per case; reads course.changes)."""
    if course.first_absence_day is not None:
        return course.first_absence_day
    changes = [
        (change.effective, change.field, change.old_value, change.new_value)
        for change in course.changes.all()
    ]
    return sick_since(course.start, changes)


# --- Follow-up conversations -------------------------------------------------------------------


def first_conversation_due(anchor: date, rules: Rules) -> tuple[date, RuleValue]:
    """The first follow-up conversation's deadline and the rule row (weeks) it is counted by."""
    rule = rules.lookup("sick_first_conversation_weeks", on=anchor)
    return deadline_on_working_day(anchor + timedelta(days=rule.as_int * 7 - 1)), rule


def employed_no_follow_up(
    *, anchor: date, sick_from: str, expected_absence_weeks: int | None, rules: Rules
) -> bool:
    """True when the law sets no follow-up at all: an employed citizen expected back within the
    limit in force on the anchor (sick_employed_no_follow_up_weeks; none before 2026-07-01): an
    expected absence of LESS than the limit, counted from the first absence day (lov nr. 1750 af
    29.12.2025: "et sygefravær på mindre end 26 uger")."""
    if sick_from != SickFrom.EMPLOYMENT or not expected_absence_weeks:
        return False
    limit = rules.first("sick_employed_no_follow_up_weeks", on=anchor, qualifiers=())
    return limit is not None and expected_absence_weeks < limit.as_int


def employed_first_conversation_only(
    *,
    anchor: date,
    sick_from: str,
    expected_absence_weeks: int | None,
    first_conversation: date,
    rules: Rules,
) -> bool:
    """True when only the first conversation is required: an employed citizen expected to be fit
    before the end of the week limit counted from the first conversation (§ 13 f, 2025)."""
    if sick_from != SickFrom.EMPLOYMENT or not expected_absence_weeks:
        return False
    key = "sick_employed_first_conversation_only_weeks"
    after_first = rules.first(key, on=anchor, qualifiers=(AFTER_FIRST_CONVERSATION,))
    if after_first is None or after_first.qualifier != AFTER_FIRST_CONVERSATION:
        return False
    expected_fit = anchor + timedelta(weeks=expected_absence_weeks)
    end_of_last_week = first_conversation + timedelta(days=after_first.as_int * 7 - 1)
    return expected_fit <= end_of_last_week


def follow_up_deadline(
    *,
    anchor: date,
    sick_from: str,
    expected_absence_weeks: int | None,
    held: Sequence[date],
    rules: Rules,
) -> SickDeadline | None:
    """The next follow-up deadline given the sick conversations held (sorted, from the anchor
    on), or None when the law sets none. Raises RuleMissing when no version is in force."""
    if employed_no_follow_up(
        anchor=anchor,
        sick_from=sick_from,
        expected_absence_weeks=expected_absence_weeks,
        rules=rules,
    ):
        return None
    if not held:
        due, first = first_conversation_due(anchor, rules)
        return SickDeadline(
            code=Alert.Code.SICK_FIRST_CONVERSATION,
            due=due,
            message=_(
                "First sickness follow-up conversation no later than %(due)s "
                "(before the end of week %(weeks)s from the first day of absence, %(since)s)."
            )
            % {"due": _fmt(due), "weeks": first.as_int, "since": _fmt(anchor)},
            legal_reference=first.legal_reference,
        )
    if employed_first_conversation_only(
        anchor=anchor,
        sick_from=sick_from,
        expected_absence_weeks=expected_absence_weeks,
        first_conversation=held[0],
        rules=rules,
    ):
        return None
    minimum = rules.first("sick_follow_up_min_conversations", on=anchor, qualifiers=())
    if minimum is not None:
        months = rules.lookup("sick_follow_up_window_months", on=anchor).as_int
        window_end = add_months(anchor, months) - timedelta(days=1)
        count = sum(1 for day in held if day <= window_end)
        if count >= minimum.as_int:
            return None
        due = deadline_on_working_day(window_end)
        return SickDeadline(
            code=Alert.Code.SICK_FOLLOW_UP,
            due=due,
            message=_(
                "Sickness follow-up: %(held)s of at least %(minimum)s conversations held within "
                "the first %(months)s months from the first day of absence; the rest no later "
                "than %(due)s."
            )
            % {"held": count, "minimum": minimum.as_int, "months": months, "due": _fmt(due)},
            legal_reference=minimum.legal_reference,
        )
    last = held[-1]
    cadence = rules.lookup("sick_follow_up_weeks", on=anchor)
    weeks = cadence.as_int
    due = deadline_on_working_day(last + timedelta(weeks=weeks))
    return SickDeadline(
        code=Alert.Code.SICK_FOLLOW_UP,
        due=due,
        message=_(
            "Next sickness follow-up conversation no later than %(due)s "
            "(at least every %(weeks)s weeks; the last was %(last)s)."
        )
        % {"due": _fmt(due), "weeks": weeks, "last": _fmt(last)},
        legal_reference=cadence.legal_reference,
    )


def sick_follow_up(citizen, course: Course, *, today: date, rules: Rules) -> SickDeadline | None:
    """Per case: the follow-up deadline of the citizen's open sygedagpenge course on `today`
    (reads citizen.conversations and course.changes; prefetch them for many citizens)."""
    if course.benefit != Benefit.SYGEDAGPENGE:
        return None
    anchor = sick_anchor(course)
    held = sorted(
        conversation.date
        for conversation in citizen.conversations.all()
        if conversation.kind == Conversation.Kind.SYGEOPFOELGNING
        and anchor <= conversation.date <= today
    )
    return follow_up_deadline(
        anchor=anchor,
        sick_from=course.sick_from,
        expected_absence_weeks=course.expected_absence_weeks,
        held=held,
        rules=rules,
    )


# --- Reassessment (§ 24) -----------------------------------------------------------------------


def _month_end(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def _covered(periods: Sequence[tuple[date, date]], first: date, last: date) -> int:
    """Days of [first, last] covered by the periods (which may overlap)."""
    days = 0
    cursor = first
    for start, end in sorted(periods):
        lo = max(start, cursor)
        hi = min(end, last)
        if hi >= lo:
            days += (hi - lo).days + 1
            cursor = hi + timedelta(days=1)
    return days


def reassessment_month_end(
    earlier: Sequence[tuple[date, date]], anchor: date, *, weeks: int, months: int
) -> date:
    """The last day of the first calendar month at whose end more than `weeks` weeks of sick pay
    fall within the `months` calendar months ending with it: the earlier sick-pay periods plus
    the open one from `anchor` (assumed to continue)."""
    limit = weeks * 7
    horizon = _month_end(anchor + timedelta(days=limit))
    periods = [*earlier, (anchor, horizon)]
    month_end = _month_end(min(start for start, _end in periods))
    while month_end < horizon:
        window_start = add_months(month_end.replace(day=1), -(months - 1))
        if _covered(periods, window_start, month_end) > limit and month_end >= anchor:
            return month_end
        month_end = _month_end(month_end + timedelta(days=1))
    return horizon


def reassessment_deadline(
    earlier: Sequence[tuple[date, date]], anchor: date, rules: Rules
) -> SickDeadline:
    rule = rules.lookup("sick_reassessment_weeks", on=anchor)
    weeks = rule.as_int
    months = rules.lookup("sick_reassessment_window_months", on=anchor).as_int
    month_end = reassessment_month_end(earlier, anchor, weeks=weeks, months=months)
    due = deadline_on_working_day(month_end)
    return SickDeadline(
        code=Alert.Code.SICK_REASSESSMENT,
        due=due,
        message=_(
            "Reassessment no later than %(due)s: more than %(weeks)s weeks of sick pay within "
            "%(months)s months by the end of %(month)s (counted from the first day of absence, "
            "%(since)s)."
        )
        % {
            "due": _fmt(due),
            "weeks": weeks,
            "months": months,
            "month": f"{month_end:%m.%Y}",
            "since": _fmt(anchor),
        },
        legal_reference=rule.legal_reference,
    )


def _earlier_periods(
    courses: Iterable[tuple[int, date, date | None, date | None]], current_pk: int, anchor: date
) -> list[tuple[date, date]]:
    """(pk, start, end, first_absence_day) of the citizen's sygedagpenge courses -> the closed
    ones before the anchor as (from, to)."""
    return [
        (first_absence or start, min(end, anchor - timedelta(days=1)))
        for pk, start, end, first_absence in courses
        if pk != current_pk and end is not None and (first_absence or start) < anchor
    ]


def sick_reassessment(citizen, course: Course, *, rules: Rules) -> SickDeadline | None:
    """Per case: the reassessment deadline of the citizen's open sygedagpenge course (reads
    citizen.courses and course.changes)."""
    if course.benefit != Benefit.SYGEDAGPENGE:
        return None
    anchor = sick_anchor(course)
    earlier = _earlier_periods(
        (
            (other.pk, other.start, other.end, other.first_absence_day)
            for other in citizen.courses.all()
            if other.benefit == Benefit.SYGEDAGPENGE
        ),
        course.pk,
        anchor,
    )
    return reassessment_deadline(earlier, anchor, rules)


def reassessment_due_by_course(
    course_ids: Iterable[int], *, rules: Rules | None = None
) -> dict[int, date]:
    """Bulk: the reassessment due date of each of these sygedagpenge courses (treated as open),
    in three queries whatever their number. A course whose rule is missing is left out."""
    ids = list(course_ids)
    rules = rules or _rule_book()
    current = {
        row["pk"]: row
        for row in Course.objects.filter(pk__in=ids).values(
            "pk", "citizen_id", "start", "first_absence_day"
        )
    }
    changes: dict[int, list[tuple[date, str, str, str]]] = defaultdict(list)
    for row in CourseChange.objects.filter(
        course_id__in=[pk for pk, row in current.items() if row["first_absence_day"] is None],
        field="benefit",
    ).values_list("course_id", "effective", "field", "old_value", "new_value"):
        changes[row[0]].append(row[1:])
    history: dict[int, list[tuple[int, date, date | None, date | None]]] = defaultdict(list)
    for row in Course.objects.filter(
        citizen_id__in={row["citizen_id"] for row in current.values()},
        benefit=Benefit.SYGEDAGPENGE,
    ).values_list("citizen_id", "pk", "start", "end", "first_absence_day"):
        history[row[0]].append(row[1:])
    dues = {}
    for pk, row in current.items():
        anchor = row["first_absence_day"] or sick_since(row["start"], changes[pk])
        earlier = _earlier_periods(history[row["citizen_id"]], pk, anchor)
        try:
            dues[pk] = reassessment_deadline(earlier, anchor, rules).due
        except RuleMissing:
            continue
    return dues


# --- Gradvis tilbagevenden: bound to the own employer --------------------------------------


def own_employer_cvr(
    *, benefit: str, sick_from: str, return_not_possible: bool, employer_cvr: str
) -> str | None:
    """Per course: the CVR of the employer a sick-listed citizen is matched at only (gradvis
    tilbagevenden, the GRID's hard limit "sick_own_employer"); "" when bound to an employer
    whose CVR is not recorded (then nothing fits); None when not bound: not on sygedagpenge,
    not sick from employment, or return recorded as not possible (with its reason)."""
    if benefit != "sygedagpenge" or sick_from != "employment" or return_not_possible:
        return None
    return employer_cvr or ""
