"""Rule lookups: which value of a rule held on a given date.

Every duration, deadline, ratio and amount from the law lives in the Rule table with its period and
legal reference (see core.models.Rule); code asks here instead of holding a constant.
The starting values are loaded by migration core/0004_load_rules; administrators maintain them in
the admin (a new value is a new row with its own valid_from; the old row gets a valid_to).

Rule keys (stable: code refers to them). Qualifier (value) pairs; "-" is the unqualified row that
applies to all. Unit and source in brackets.

- praktik_max_weeks: a_dagpenge, jobparat, uddannelsesparat, aabenlyst_uddannelsesparat (4);
  dimittend (8); aktivitetsparat, sygedagpenge, jobafklaring, ressourceforloeb, ledighedsydelse,
  foertidspension (13) [weeks; LAB § 61, stk. 1]
- praktik_max_weeks_extended: the 13-week groups (26, with a recorded concrete assessment)
  [weeks; LAB § 61, stk. 2]
- praktik_max_hours_per_week: - (37) [hours per week; LAB § 61]
- loentilskud_public_max_months: a_dagpenge, jobparat, uddannelsesparat (4); aktivitetsparat,
  kontanthjaelp (6); sygedagpenge, jobafklaring, ressourceforloeb (12) [months; LAB § 68]
- loentilskud_private_max_months: a_dagpenge, jobparat, uddannelsesparat, aktivitetsparat (6);
  sygedagpenge, jobafklaring, ressourceforloeb (12) [months; LAB § 68]
- nytteindsats_max_weeks: - (13) [weeks; LAB]
  (the intervention maxima are read by citizens.rules.intervention_max)
- rimelighedskrav_employees_per_seat: - (5), threshold (50), employees_per_seat_above (10),
  min_seats (1) [count; bek. 1297/2017 § 92 until 2019-12-31, then LAB § 77 and bek. 2636/2021
  § 65] — used only through employers.rules, the rimelighedskrav's home
- sick_first_conversation_weeks: - (8, from 2015) [weeks; Sygedagpengeloven § 13 b]
- sick_follow_up_weeks: - (4, 2015-2019 only) [weeks; Sygedagpengeloven § 13 b as of 2014]
- sick_follow_up_min_conversations: - (4, from 2020) [count; Sygedagpengeloven § 13 b]
- sick_follow_up_window_months: - (6, from 2020) [months; Sygedagpengeloven § 13 b]
- sick_employed_first_conversation_only_weeks: after_first_conversation (13, 2025-01-01 to
  2026-06-30) [weeks; sygedagpengeloven § 13 f, L 74 2024/25]
- sick_employed_no_follow_up_weeks: - (26, from 2026-07-01) [weeks; lov 1750/2025]
- sick_reassessment_weeks: - (22) [weeks; Sygedagpengeloven § 24]
- sick_reassessment_window_months: - (9) [months; Sygedagpengeloven § 24]
  (all sick-pay rules: citizens.rules.sick_pay, loaded by core/0007_sick_pay_rules)
- long_term_unemployment_percent: - (80) [percent; Ballerup's employment plan, seed 002]
- long_term_unemployment_window_months: - (12) [months; Ballerup's employment plan, seed 002]
- frikort_amount_dkk: - (41,280 in 2024; 42,766 in 2025; from 2026 the 2025 amount carried over
  until the 2026 rate is entered) [DKK; Juridisk Vejledning]
- jobparat_company_offer_months: - (3) [months; Ballerup's activation strategy]
- plan_outdated_months: - (6) [months; Jobcenter Ballerup's local practice]
- youth_max_months_aabenlyst: - (4) [months; Ballerup's employment plan]
- youth_max_months_uddannelsesparat: - (13) [months; Ballerup's employment plan]
- early_offer_percent: - (25) [percent; Ballerup's employment plan]
- composite_offer_percent: - (40) [percent; Ballerup's employment plan]
- conversations_first_6_months_percent: - (100 from 2020-01-01; 75 from 2026-07-01) [percent;
  LAB kap. 7; lov nr. 1750 af 29. december 2025]
- contact_conversations_first_6_months: a_dagpenge (4 from 2020, 3 from 2024, 2 from
  2026-07-01), jobparat, ledighedsydelse (4) [count; LAB kap. 7, lov 727/2023, lov 1750/2025]
- contact_first_period_months: - (6) [months; LAB kap. 7] (read by citizens.rules.contact)
- samarbejdsgrad_min_percent: - (20) [percent; Ballerup's employment plan]

The LAB rules run from 2019-01-01 (LAB in force) and are open-ended until the law moves.

Two forms of the same lookup, side by side (tests/core/test_rules.py proves they agree on generated
rule tables and dates):
- `rule_lookup(key, on=..., qualifier=...)`: one case (a form, a service, a record): one query.
- `RuleBook(keys)`: the rows of those keys loaded once (one query) for a batch (the nightly alerts,
  an indicator); `book.lookup(...)` answers exactly as rule_lookup, `book.first(...)` tries several
  qualifiers in order, `book.periods(...)` splits the calendar into the stretches in which one
  value holds (for bulk queries that judge each row by the value in force on its own date).
Both take the row in force on the date (valid_from <= on <= valid_to, valid_to empty = open) with
the qualifier asked for, else the unqualified row; among rows of one qualifier the latest
valid_from wins.

The one policy for a missing rule: no value is ever invented. When no row covers the date, both
forms raise RuleMissing (never a seed value, a default or 0), and the caller decides in one of
three documented ways:
- an alert (citizens.alerts): that alert is skipped for that citizen with a logged warning; the
  other alerts and citizens go on;
- an indicator (strategy.computations.compute): the indicator has no value for that period (None,
  "no data"), with a logged warning;
- a form, service or API write: refused with a Danish message naming the rule
  (`missing_rule_message`), and nothing is saved.
A page that shows a rule value (the record's socialt frikort, the samarbejdsgrad target) shows
"unknown" instead.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Rule


class RuleMissing(LookupError):
    """No row of the rule table covers the date asked for."""

    def __init__(self, key: str, *, on: date, qualifier: str = "") -> None:
        self.key = key
        self.on = on
        self.qualifier = qualifier
        super().__init__(f"No value of rule {key!r} ({qualifier or 'all'}) is in force on {on}.")


def missing_rule_message(missing: RuleMissing) -> str:
    """The Danish refusal a form, service or API shows when a rule it needs is missing."""
    return _(
        "The rule %(key)s has no value in force on %(date)s, so this cannot be checked. "
        "Ask an administrator to enter it in the rule table."
    ) % {"key": missing.key, "date": f"{missing.on:%d.%m.%Y}"}


@dataclass(frozen=True)
class RuleValue:
    key: str
    qualifier: str
    value: Decimal
    unit: str
    legal_reference: str
    valid_from: date
    valid_to: date | None

    @property
    def as_int(self) -> int:
        return int(self.value)


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


def rule_lookup(key: str, *, on: date, qualifier: str = "") -> RuleValue:
    """The rule row in force on `on` (one query). A qualified rule falls back to the unqualified
    one. RuleMissing when none is in force."""
    in_force = Rule.objects.filter(key=key, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    candidates = list(in_force.filter(qualifier__in={qualifier, ""}))
    candidates.sort(key=lambda rule: (rule.qualifier != qualifier, -rule.valid_from.toordinal()))
    if not candidates:
        raise RuleMissing(key, on=on, qualifier=qualifier)
    return _as_value(candidates[0])


@dataclass(frozen=True)
class RulePeriod:
    """A stretch of days [start, end] (end None: open) in which one value of a rule holds (`rule`
    None: no value is in force then)."""

    start: date | None  # None: from the beginning of time
    end: date | None
    rule: RuleValue | None


class RuleBook:
    """The rows of the rule table loaded once (one query) for a batch of cases: the batch form of
    rule_lookup, answering exactly as it does (see the module's docstring)."""

    def __init__(self, keys: Iterable[str] | None = None) -> None:
        self._rows: dict[str, list[Rule]] = defaultdict(list)
        rows = Rule.objects.all() if keys is None else Rule.objects.filter(key__in=list(keys))
        for rule in rows:
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
        """The row in force on `on` for the first of `qualifiers` that has one, else the
        unqualified row, else None (the caller raises RuleMissing or documents why not)."""
        for qualifier in (*qualifiers, ""):
            rule = self._in_force(key, on, qualifier)
            if rule is not None:
                return _as_value(rule)
        return None

    def lookup(self, key: str, *, on: date, qualifier: str = "") -> RuleValue:
        value = self.first(key, on=on, qualifiers=(qualifier,))
        if value is None:
            raise RuleMissing(key, on=on, qualifier=qualifier)
        return value

    def periods(self, key: str, *, qualifier: str = "") -> list[RulePeriod]:
        """The calendar cut where the value of `key` (for `qualifier`) may change, each stretch
        with the value lookup() gives on every day of it: for bulk queries that judge each row by
        the rule in force on the row's own date."""
        bounds: set[date] = set()
        for rule in self._rows.get(key, ()):
            if rule.qualifier in {qualifier, ""}:
                bounds.add(rule.valid_from)
                if rule.valid_to is not None:
                    bounds.add(rule.valid_to + timedelta(days=1))
        starts = sorted(bounds)
        found = [RulePeriod(None, starts[0] - timedelta(days=1), None)] if starts else []
        for index, start in enumerate(starts):
            end = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else None
            found.append(RulePeriod(start, end, self.first(key, on=start, qualifiers=(qualifier,))))
        return found or [RulePeriod(None, None, None)]


def rule_value(key: str, *, on: date, qualifier: str = "") -> Decimal:
    return rule_lookup(key, on=on, qualifier=qualifier).value


def rule_int(key: str, *, on: date, qualifier: str = "") -> int:
    """The rule's value as a whole number (durations, counts)."""
    return rule_lookup(key, on=on, qualifier=qualifier).as_int
