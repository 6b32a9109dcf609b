"""The legal maximum duration of an intervention: virksomhedspraktik, løntilskud, nytteindsats.

One home for the rule, in two forms that agree (tests/citizens/rules/test_intervention_max.py
proves it with hypothesis):
- per case, for the service that refuses a plan, the form and API that show why, and the alert:
  `maximum_for(...)` (the maximum, or None), `exceeds(...)` and `violation(...)` (the message);
  `with_last_allowed_day(citizen, interventions)` gives one citizen's rows (the record) the
  `max_last_day` the bulk form annotates;
- in bulk, for lists and indicators: `annotate_last_allowed_day(interventions)` adds
  `max_last_day` (the last day each intervention may run, or NULL) and `over_max(interventions,
  on=day)` keeps those that run past it.

Which value applies (the law as checked on 2026-12-04; the values are rows of core.models.Rule):
- The rule in force on the intervention's START (a plan keeps the maximum it was made under).
- The citizen's target group: the benefit for a-dagpenge, sygedagpenge, jobafklaring,
  ressourceforløb, ledighedsydelse and førtidspension; for kontanthjælp (and the former
  uddannelseshjælp) the readiness (jobparat, aktivitetsparat, uddannelsesparat, åbenlyst
  uddannelsesparat); otherwise the benefit. Read from the citizen's current course.
- virksomhedspraktik (`praktik_max_weeks`, LAB § 61, stk. 1): 4 weeks (a-dagpenge, jobparate,
  uddannelsesparate), 8 weeks for a dimittend (a-dagpenge and `Citizen.graduated_on` on or
  before the start), 13 weeks for the other groups. For the 13-week groups a recorded concrete
  assessment (`Intervention.extension_reason`) allows up to `praktik_max_weeks_extended` (26,
  § 61, stk. 2). A further extension (up to 13 weeks at a time for a "helt særligt behov") is a
  new assessment and is registered as a new intervention.
- løntilskud (`loentilskud_public_max_months` / `loentilskud_private_max_months`, LAB § 68): by
  group and by the employer of the placement (public or private); unchecked while the employer
  is unknown (no placement).
- nytteindsats and nyttejob (`nytteindsats_max_weeks`).
- A row qualified for the group wins over an unqualified row; a group with no row has no maximum.
- An intervention with no end date is measured from its start: it is over the maximum once the
  day passes its last allowed day (the service refuses to register one that already has).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.models import Rule
from core.rules import RuleValue
from core.workdays import add_months

from ..models import Benefit, Citizen, Intervention, InterventionKind
from .sql import LastDay

RULE_KEYS = (
    "praktik_max_weeks",
    "praktik_max_weeks_extended",
    "praktik_max_hours_per_week",
    "loentilskud_public_max_months",
    "loentilskud_private_max_months",
    "nytteindsats_max_weeks",
)

NYTTEINDSATS_KINDS = frozenset({InterventionKind.NYTTEINDSATS, InterventionKind.NYTTEJOB})
DIMITTEND = "dimittend"

# For these benefits the readiness names the target group (LAB § 6: jobparate,
# aktivitetsparate, uddannelsesparate); every other benefit names it itself.
READINESS_BENEFITS = frozenset({Benefit.KONTANTHJAELP, Benefit.UDDANNELSESHJAELP})

# The group a rule's qualifier names, for messages ("... for job-ready citizens").
GROUP_LABELS = {
    "a_dagpenge": gettext_lazy("recipients of unemployment benefit"),
    "kontanthjaelp": gettext_lazy("recipients of social assistance"),
    "uddannelseshjaelp": gettext_lazy("recipients of education benefit"),
    "sygedagpenge": gettext_lazy("recipients of sickness benefit"),
    "jobafklaring": gettext_lazy("citizens in job clarification"),
    "ressourceforloeb": gettext_lazy("citizens in a resource course"),
    "ledighedsydelse": gettext_lazy("citizens approved for flex jobs"),
    "fleksjob": gettext_lazy("citizens approved for flex jobs"),
    "foertidspension": gettext_lazy("recipients of early retirement pension"),
    "jobparat": gettext_lazy("job-ready citizens"),
    "aktivitetsparat": gettext_lazy("activity-ready citizens"),
    "uddannelsesparat": gettext_lazy("education-ready citizens"),
    "aabenlyst_uddannelsesparat": gettext_lazy("obviously education-ready citizens"),
    "integration": gettext_lazy("citizens in the integration programme"),
    DIMITTEND: gettext_lazy("new graduates"),
}


class Rules(Protocol):
    """What the rule needs of the rule table: citizens.alerts.RuleBook (rows read once)."""

    def first(self, key: str, *, on: date, qualifiers: Sequence[str]) -> RuleValue | None: ...


def _rule_book() -> Rules:
    from ..alerts import RuleBook  # the one rule-table reader; imported late (alerts imports us)

    return RuleBook()


@dataclass(frozen=True)
class MaxDuration:
    """The legal maximum of an intervention: `amount` `unit` (weeks, months or days)."""

    amount: int
    unit: str
    rule: RuleValue

    def last_day(self, start: date) -> date:
        """The last day an intervention starting on `start` may run (both days included)."""
        if self.unit == Rule.Unit.MONTHS:
            return add_months(start, self.amount) - timedelta(days=1)
        days = self.amount * 7 if self.unit == Rule.Unit.WEEKS else self.amount
        return start + timedelta(days=days - 1)

    @property
    def label(self) -> str:
        if self.unit == Rule.Unit.MONTHS:
            return ngettext("%(n)d month", "%(n)d months", self.amount) % {"n": self.amount}
        if self.unit == Rule.Unit.WEEKS:
            return ngettext("%(n)d week", "%(n)d weeks", self.amount) % {"n": self.amount}
        return ngettext("%(n)d day", "%(n)d days", self.amount) % {"n": self.amount}


# --- Per case ------------------------------------------------------------------------------------


def target_group(*, benefit: str, readiness: str) -> str:
    """The LAB target group a maximum is qualified by (see the module docstring)."""
    if benefit in READINESS_BENEFITS and readiness:
        return readiness
    return benefit


def is_dimittend(*, benefit: str, graduated_on: date | None, on: date) -> bool:
    """A new graduate on a-dagpenge: the 8-week praktik of LAB § 61, stk. 1."""
    return benefit == Benefit.A_DAGPENGE and graduated_on is not None and graduated_on <= on


def _qualifiers(kind: str, benefit: str, readiness: str, graduated_on: date | None, start: date):
    group = target_group(benefit=benefit, readiness=readiness)
    dimittend = kind == InterventionKind.VIRKSOMHEDSPRAKTIK and is_dimittend(
        benefit=benefit, graduated_on=graduated_on, on=start
    )
    return (DIMITTEND, group) if dimittend else (group,)


def _key(kind: str, public_employer: bool | None) -> str | None:
    if kind == InterventionKind.VIRKSOMHEDSPRAKTIK:
        return "praktik_max_weeks"
    if kind == InterventionKind.LOENTILSKUD and public_employer is not None:
        side = "public" if public_employer else "private"
        return f"loentilskud_{side}_max_months"
    if kind in NYTTEINDSATS_KINDS:
        return "nytteindsats_max_weeks"
    return None


def maximum_for(
    *,
    kind: str,
    start: date,
    benefit: str,
    readiness: str,
    public_employer: bool | None,
    graduated_on: date | None = None,
    extension_reason: str = "",
    rules: Rules | None = None,
) -> MaxDuration | None:
    """The legal maximum of an intervention of `kind` starting on `start` for the citizen's
    group, or None when there is none (kind without a maximum, løntilskud without a known
    employer, a group without a row)."""
    key = _key(kind, public_employer)
    if key is None:
        return None
    rules = rules or _rule_book()
    qualifiers = (
        ()
        if kind in NYTTEINDSATS_KINDS
        else _qualifiers(kind, benefit, readiness, graduated_on, start)
    )
    rule = None
    if kind == InterventionKind.VIRKSOMHEDSPRAKTIK and extension_reason.strip():
        rule = rules.first("praktik_max_weeks_extended", on=start, qualifiers=qualifiers)
    if rule is None:
        rule = rules.first(key, on=start, qualifiers=qualifiers)
    if rule is None:
        return None
    return MaxDuration(amount=rule.as_int, unit=rule.unit, rule=rule)


def exceeds(
    maximum: MaxDuration | None, *, start: date, end: date | None, today: date
) -> date | None:
    """The last allowed day when start..end (an open end: start..today) runs past it, else
    None."""
    if maximum is None:
        return None
    last_day = maximum.last_day(start)
    return last_day if (end or today) > last_day else None


def with_last_allowed_day(
    citizen: Citizen, interventions: Iterable[Intervention], *, rules: Rules | None = None
) -> list[Intervention]:
    """One citizen's interventions, each with `max_last_day` set as `annotate_last_allowed_day`
    sets it (the last allowed day under the rule in force at its start for the citizen's current
    group; None: no maximum or no open course), worked out per case by `maximum_for`: the
    record's few rows without the bulk form's SQL. Placements are read through
    `placement.opening.workplace.employer` (select them related)."""
    rows = list(interventions)
    course = citizen.current_course
    if rules is None and rows and course is not None:
        rules = _rule_book()  # one query for the lot
    for intervention in rows:
        intervention.max_last_day = None
        if course is None:
            continue
        public_employer = None
        if intervention.placement_id is not None:
            public_employer = intervention.placement.opening.workplace.employer.public
        maximum = maximum_for(
            kind=intervention.kind,
            start=intervention.start,
            benefit=course.benefit,
            readiness=course.readiness,
            public_employer=public_employer,
            graduated_on=citizen.graduated_on,
            extension_reason=intervention.extension_reason,
            rules=rules,
        )
        if maximum is not None:
            intervention.max_last_day = maximum.last_day(intervention.start)
    return rows


def _kind_label(kind: str, public_employer: bool | None) -> str:
    if kind == InterventionKind.LOENTILSKUD and public_employer is not None:
        if public_employer:
            return _("Wage subsidy at a public employer")
        return _("Wage subsidy at a private employer")
    return str(InterventionKind(kind).label) if kind in InterventionKind.values else kind


def message(*, kind: str, maximum: MaxDuration, public_employer: bool | None) -> str:
    """E.g. "Virksomhedspraktik kan højst vare 4 uger for jobparate (LAB § 61, stk. 1)."."""
    values = {
        "kind": _kind_label(kind, public_employer),
        "duration": maximum.label,
        "reference": maximum.rule.legal_reference,
    }
    group = GROUP_LABELS.get(maximum.rule.qualifier)
    if group is None:
        return _("%(kind)s can last at most %(duration)s (%(reference)s).") % values
    return _("%(kind)s can last at most %(duration)s for %(group)s (%(reference)s).") % {
        **values,
        "group": group,
    }


def _extension_hint(
    *, kind: str, start: date, end: date, qualifiers: Sequence[str], rules: Rules
) -> str:
    """For a praktik over the base maximum: how far a recorded concrete assessment reaches."""
    if kind != InterventionKind.VIRKSOMHEDSPRAKTIK:
        return ""
    extended = rules.first("praktik_max_weeks_extended", on=start, qualifiers=qualifiers)
    if extended is None:
        return ""
    maximum = MaxDuration(amount=extended.as_int, unit=extended.unit, rule=extended)
    if end > maximum.last_day(start):
        return ""
    return " " + _(
        "After a concrete assessment it may last up to %(duration)s (%(reference)s): record "
        "the reason for the extension."
    ) % {"duration": maximum.label, "reference": extended.legal_reference}


def violation(
    *,
    kind: str,
    start: date,
    end: date | None,
    hours_per_week: int | None,
    benefit: str,
    readiness: str,
    public_employer: bool | None,
    graduated_on: date | None = None,
    extension_reason: str = "",
    today: date,
    rules: Rules | None = None,
) -> str | None:
    """Why a planned intervention is refused (a Danish message naming the maximum and its legal
    reference), or None when it is allowed. An intervention without an end date is refused only
    when it has already run past its maximum on `today`."""
    rules = rules or _rule_book()
    maximum = maximum_for(
        kind=kind,
        start=start,
        benefit=benefit,
        readiness=readiness,
        public_employer=public_employer,
        graduated_on=graduated_on,
        extension_reason=extension_reason,
        rules=rules,
    )
    last_day = exceeds(maximum, start=start, end=end, today=today)
    if maximum is not None and last_day is not None:
        limit = message(kind=kind, maximum=maximum, public_employer=public_employer)
        if end is None:
            return (
                limit
                + " "
                + _(
                    "Started %(start)s without an end date, it is already past its last allowed "
                    "day %(last)s: enter an end date."
                )
                % {"start": f"{start:%d.%m.%Y}", "last": f"{last_day:%d.%m.%Y}"}
            )
        hint = ""
        if not extension_reason.strip():
            qualifiers = _qualifiers(kind, benefit, readiness, graduated_on, start)
            hint = _extension_hint(
                kind=kind, start=start, end=end, qualifiers=qualifiers, rules=rules
            )
        return limit + hint
    if kind == InterventionKind.VIRKSOMHEDSPRAKTIK and hours_per_week is not None:
        hours = rules.lookup("praktik_max_hours_per_week", on=start)  # RuleMissing: refused
        if hours_per_week > hours.value:
            return _("%(kind)s can be at most %(hours)s hours per week (%(reference)s).") % {
                "kind": _kind_label(kind, public_employer),
                "hours": hours.as_int,
                "reference": hours.legal_reference,
            }
    return None


# --- Bulk ----------------------------------------------------------------------------------------


def _rows(keys: Iterable[str]) -> dict[tuple[str, str], list[Rule]]:
    """The rule rows by (key, qualifier), the latest start first (the row that wins when two
    are in force, as RuleBook)."""
    rows: dict[tuple[str, str], list[Rule]] = {}
    for rule in Rule.objects.filter(key__in=list(keys)).order_by("-valid_from"):
        rows.setdefault((rule.key, rule.qualifier), []).append(rule)
    return rows


def _in_force(rule: Rule) -> Q:
    condition = Q(start__gte=rule.valid_from)
    if rule.valid_to is not None:
        condition &= Q(start__lte=rule.valid_to)
    return condition


def _months_days(rule: Rule) -> tuple[int, int]:
    amount = int(rule.value)
    if rule.unit == Rule.Unit.MONTHS:
        return amount, 0
    return 0, amount * 7 if rule.unit == Rule.Unit.WEEKS else amount


def _slots(
    rows: dict[tuple[str, str], list[Rule]], key: str, slots: Sequence[tuple[Q, str | None]]
) -> list[tuple[Q, Rule]]:
    """(condition, row) in the order the per-case lookup tries them: each slot is (when it
    applies, the qualifier it reads; None: the group annotation's own value), then the
    unqualified rows."""
    found: list[tuple[Q, Rule]] = []
    for applies, qualifier in slots:
        for (row_key, row_qualifier), rules in rows.items():
            if row_key != key or not row_qualifier:
                continue
            if qualifier is not None and row_qualifier != qualifier:
                continue
            matches = applies if qualifier is not None else applies & Q(_im_group=row_qualifier)
            found.extend((matches & _in_force(rule), rule) for rule in rules)
    found.extend((_in_force(rule), rule) for rule in rows.get((key, ""), []))
    return found


def annotate_last_allowed_day(queryset: QuerySet[Intervention]) -> QuerySet[Intervention]:
    """Annotate interventions with `max_last_day`: the last day each may run under the rule
    in force at its start for the citizen's current group (NULL: no maximum, or no open
    course). The same answer as `maximum_for(...).last_day(start)`; the rule table is read once
    (one query) to build the expression."""
    rows = _rows(RULE_KEYS)
    praktik = Q(kind=InterventionKind.VIRKSOMHEDSPRAKTIK)
    extended = praktik & ~Q(extension_reason="")
    dimittend = Q(_im_dimittend=True)
    group_slots = [(dimittend, DIMITTEND), (Q(), None)]
    public = Q(placement__opening__workplace__employer__public=True)
    private = Q(placement__opening__workplace__employer__public=False)
    choices: list[tuple[Q, Rule]] = [
        *[(extended & q, r) for q, r in _slots(rows, "praktik_max_weeks_extended", group_slots)],
        *[(praktik & q, r) for q, r in _slots(rows, "praktik_max_weeks", group_slots)],
        *[
            (Q(kind=InterventionKind.LOENTILSKUD) & public & q, r)
            for q, r in _slots(rows, "loentilskud_public_max_months", [(Q(), None)])
        ],
        *[
            (Q(kind=InterventionKind.LOENTILSKUD) & private & q, r)
            for q, r in _slots(rows, "loentilskud_private_max_months", [(Q(), None)])
        ],
        *[
            (Q(kind__in=list(NYTTEINDSATS_KINDS)) & q, r)
            for q, r in _slots(rows, "nytteindsats_max_weeks", [])
        ],
    ]
    no_course = Q(citizen__current_course__isnull=True)
    months = Case(
        When(no_course, then=Value(None)),
        *[When(q, then=Value(_months_days(r)[0])) for q, r in choices],
        default=None,
        output_field=IntegerField(),
    )
    days = Case(
        When(no_course, then=Value(None)),
        *[When(q, then=Value(_months_days(r)[1])) for q, r in choices],
        default=None,
        output_field=IntegerField(),
    )
    benefit = F("citizen__current_course__benefit")
    return (
        queryset.annotate(
            _im_group=Case(
                When(
                    Q(citizen__current_course__benefit__in=list(READINESS_BENEFITS))
                    & ~Q(citizen__current_course__readiness=""),
                    then=F("citizen__current_course__readiness"),
                ),
                default=benefit,
                output_field=CharField(),
            ),
            _im_dimittend=Case(
                When(
                    Q(
                        citizen__current_course__benefit=Benefit.A_DAGPENGE,
                        citizen__graduated_on__lte=F("start"),
                    ),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .annotate(
            _im_months=months,
            _im_days=days,
        )
        .annotate(
            max_last_day=Case(
                When(_im_months__isnull=True, then=Value(None)),
                default=LastDay(F("start"), F("_im_months"), F("_im_days")),
                output_field=DateField(),
            )
        )
    )


def over_max(queryset: QuerySet[Intervention], *, on: date) -> QuerySet[Intervention]:
    """The interventions that run past their maximum: planned to end after the last allowed
    day, or without an end date and past it on `on`. The bulk form of `exceeds`."""
    return annotate_last_allowed_day(queryset).filter(
        Q(max_last_day__isnull=False)
        & (Q(end__gt=F("max_last_day")) | Q(end__isnull=True, max_last_day__lt=on))
    )
