"""The contact rule: job conversations in the first 6 months of a course (the 75 % rule).

The law (checked 2026-12-04; values are rows of core.models.Rule):
- Lov nr. 1750 af 29. december 2025 (first phase of the employment reform) makes the contact
  course more flexible from 1 July 2026: within the first 6 months the municipality holds job
  conversations with at least 75 % of the dagpengemodtagere (at least 2 conversations in the
  municipality), the jobparate kontanthjælpsmodtagere and the ledighedsydelsesmodtagere (at least
  4); up to 25 % may be exempted after a concrete assessment (the first conversation is held with
  every jobparat citizen). Rows: `contact_conversations_first_6_months` per group from
  2026-07-01, `conversations_first_6_months_percent` 75 from 2026-07-01.
- Before (LAB, lov nr. 548 af 7. maj 2019, kap. 7): 4 conversations in the jobcentre within the
  first 6 months for every citizen in these groups; for dagpengemodtagere 3 from 1 January 2024
  (lov nr. 727 af 13. juni 2023: the a-kasse holds the first 3 months). Rows dated accordingly;
  the share was then 100 %.

How it is counted (both forms):
- The contact course is the course, from its start; the group is the one at the start (benefit
  and readiness on that day, from the course's change history): `a_dagpenge`, `jobparat`
  (kontanthjælp or the former uddannelseshjælp, readiness jobparat) or `ledighedsydelse`.
  Other courses have no obligation under this rule.
- The rule values in force on the course start apply: the number of conversations for the group
  and the length of the first period (`contact_first_period_months`, 6).
- Conversations of kind jobrettet samtale or fællessamtale med a-kasse dated from the start to
  the last day of the first period count.

Per case: `obligation_for(course, conversations)` (for the record and the agenda: met? how many
left, and by when). In bulk: `annotate_obligation(courses)` adds `contact_group`,
`contact_required`, `contact_window_end` and `contact_held` (for the strategy's indicator
`conversations_first_6_months`). tests/citizens/rules/test_contact.py proves they agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core.models import Rule
from core.rules import RuleValue
from core.workdays import add_months, deadline_on_working_day

from ..models import Benefit, Conversation, Course, CourseChange, Readiness
from .intervention_max import Rules
from .sql import LastDay

RULE_KEYS = (
    "contact_conversations_first_6_months",
    "contact_first_period_months",
    "conversations_first_6_months_percent",
)
PERCENT_KEY = "conversations_first_6_months_percent"
JOB_CONVERSATION_KINDS = (Conversation.Kind.JOBRETTET, Conversation.Kind.FAELLESSAMTALE)
READINESS_BENEFITS = (Benefit.KONTANTHJAELP, Benefit.UDDANNELSESHJAELP)


def contact_group(*, benefit: str, readiness: str) -> str | None:
    """The group the 75 % rule names, or None when the course is outside it."""
    if benefit == Benefit.A_DAGPENGE:
        return "a_dagpenge"
    if benefit == Benefit.LEDIGHEDSYDELSE:
        return "ledighedsydelse"
    if benefit in READINESS_BENEFITS and readiness == Readiness.JOBPARAT:
        return "jobparat"
    return None


@dataclass(frozen=True)
class ContactObligation:
    """A course's job conversations in its first period, against what the law requires."""

    group: str
    since: date
    window_end: date
    required: int
    held: int
    rule: RuleValue

    @property
    def met(self) -> bool:
        return self.held >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.held, 0)

    def next_due(self) -> date | None:
        """The last day the missing conversations can be held: the end of the first period, on
        a weekend or holiday the working day before (as every deadline, core.workdays), or None
        when the obligation is met. The law sets no earlier date for each one. The record and
        the alert `contact_conversation` (citizens.alerts) both show this date."""
        return None if self.met else deadline_on_working_day(self.window_end)


def _value_at_start(course: Course, field: str) -> str:
    later = sorted(
        (
            change
            for change in course.changes.all()
            if change.field == field and change.effective > course.start
        ),
        key=lambda change: (change.effective, change.pk),
    )
    return later[0].old_value if later else getattr(course, field)


def obligation(
    *, group: str | None, since: date, conversation_dates: Iterable[date], rules: Rules
) -> ContactObligation | None:
    """The obligation of a contact course of `group` started on `since`, or None when the
    group has none (or no rule row is in force on `since`)."""
    if group is None:
        return None
    required = rules.first("contact_conversations_first_6_months", on=since, qualifiers=(group,))
    months = rules.first("contact_first_period_months", on=since, qualifiers=())
    if required is None or months is None:
        return None
    window_end = add_months(since, months.as_int) - timedelta(days=1)
    held = sum(1 for day in conversation_dates if since <= day <= window_end)
    return ContactObligation(
        group=group,
        since=since,
        window_end=window_end,
        required=required.as_int,
        held=held,
        rule=required,
    )


def obligation_for(
    course: Course, conversations: Iterable[Conversation], *, rules: Rules | None = None
) -> ContactObligation | None:
    """The obligation of `course` (reads course.changes) given the citizen's conversations."""
    if rules is None:
        from ..alerts import RuleBook  # the one rule-table reader (alerts imports the rules)

        rules = RuleBook(keys=RULE_KEYS)
    group = contact_group(
        benefit=_value_at_start(course, "benefit"),
        readiness=_value_at_start(course, "readiness"),
    )
    dates = [c.date for c in conversations if c.kind in JOB_CONVERSATION_KINDS]
    return obligation(group=group, since=course.start, conversation_dates=dates, rules=rules)


# --- Bulk ----------------------------------------------------------------------------------------


def _at_start(field: str) -> Coalesce:
    later = (
        CourseChange.objects.filter(
            course=OuterRef("pk"), field=field, effective__gt=OuterRef("start")
        )
        .order_by("effective", "id")
        .values("old_value")[:1]
    )
    return Coalesce(Subquery(later), F(field), output_field=CharField())


def _by_rule(key: str, *, qualified: bool) -> Case:
    """The value of `key` in force on each course's start (for its group when `qualified`):
    the row with the latest start wins, as the per-case lookup."""
    whens = []
    rows = Rule.objects.filter(key=key).order_by("-valid_from")
    for rule in rows:
        condition = Q(start__gte=rule.valid_from)
        if rule.valid_to is not None:
            condition &= Q(start__lte=rule.valid_to)
        if qualified and rule.qualifier:
            condition &= Q(contact_group=rule.qualifier)
        elif rule.qualifier:
            continue
        whens.append((rule.qualifier == "", When(condition, then=Value(int(rule.value)))))
    # Qualified rows first, then the unqualified fallback (as RuleBook.first).
    ordered = [when for unqualified, when in whens if not unqualified] + [
        when for unqualified, when in whens if unqualified
    ]
    return Case(*ordered, default=None, output_field=IntegerField())


def annotate_obligation(courses: QuerySet[Course]) -> QuerySet[Course]:
    """Annotate courses with `contact_group` (NULL outside the rule), `contact_required` (NULL
    without an obligation), `contact_window_end` and `contact_held`: the bulk form of
    `obligation_for` (met: contact_held >= contact_required)."""
    group = Case(
        When(Q(benefit_then=Benefit.A_DAGPENGE), then=Value("a_dagpenge")),
        When(Q(benefit_then=Benefit.LEDIGHEDSYDELSE), then=Value("ledighedsydelse")),
        When(
            Q(benefit_then__in=list(READINESS_BENEFITS), readiness_then=Readiness.JOBPARAT),
            then=Value("jobparat"),
        ),
        default=None,
        output_field=CharField(),
    )
    held = (
        Conversation.objects.filter(
            citizen=OuterRef("citizen"),
            kind__in=JOB_CONVERSATION_KINDS,
            date__gte=OuterRef("start"),
            date__lte=OuterRef("contact_window_end"),
        )
        .order_by()
        .values("citizen")
        .annotate(n=Count("pk"))
        .values("n")
    )
    months = _by_rule("contact_first_period_months", qualified=False)
    required = _by_rule("contact_conversations_first_6_months", qualified=True)
    return (
        courses.annotate(benefit_then=_at_start("benefit"), readiness_then=_at_start("readiness"))
        .annotate(contact_group=group, _contact_months=months)
        .annotate(
            contact_required=Case(
                When(
                    Q(contact_group__isnull=True) | Q(_contact_months__isnull=True),
                    then=Value(None),
                ),
                default=required,
                output_field=IntegerField(),
            ),
            contact_window_end=Case(
                When(_contact_months__isnull=True, then=Value(None)),
                default=LastDay(F("start"), F("_contact_months"), Value(0)),
                output_field=DateField(),
            ),
        )
        .annotate(contact_held=Coalesce(Subquery(held, output_field=IntegerField()), 0))
    )
