"""Rule lookups: which value of a rule held on a given date.

Every duration, deadline, ratio and amount from the law lives in the Rule table with its period and
legal reference (see core.models.Rule); code asks here instead of holding a constant.
The starting values are loaded by migration core/0004_load_rules; administrators maintain them in
the admin (a new value is a new row with its own valid_from; the old row gets a valid_to).

Rule keys (stable: code refers to them). Qualifier (value) pairs; "-" is the unqualified row that
applies to all. Unit and source in brackets.

- praktik_max_weeks: a_dagpenge, jobparat, uddannelsesparat, aabenlyst_uddannelsesparat (4);
  dimittend (8); aktivitetsparat, sygedagpenge, jobafklaring, ressourceforloeb, ledighedsydelse,
  foertidspension (13) [weeks; LAB § 61]
- praktik_max_weeks_extended: - (26) [weeks; LAB § 61]
- praktik_max_hours_per_week: - (37) [hours per week; LAB § 61]
- loentilskud_public_max_months: a_dagpenge (4), kontanthjaelp (6), sygedagpenge, jobafklaring,
  integration (12) [months; LAB]
- loentilskud_private_max_months: a_dagpenge (6) [months; LAB]
- nytteindsats_max_weeks: - (13) [weeks; LAB]
- rimelighedskrav_employees_per_seat: - (5) [count; bek. 1297/2017 § 92]
- rimelighedskrav_threshold: - (50) [count; bek. 1297/2017 § 92]
- rimelighedskrav_employees_per_seat_above: - (10) [count; bek. 1297/2017 § 92]
- rimelighedskrav_min_seats: - (1) [count; bek. 1297/2017 § 92]
- sick_first_conversation_weeks: - (8, from 2015) [weeks; Sygedagpengeloven § 13 b]
- sick_follow_up_weeks: - (4, 2015-2019 only) [weeks; Sygedagpengeloven § 13 b as of 2014]
- sick_follow_up_min_conversations: - (4, from 2020) [count; Sygedagpengeloven § 13 b]
- sick_follow_up_window_months: - (6, from 2020) [months; Sygedagpengeloven § 13 b]
- sick_employed_first_conversation_only_weeks: after_first_conversation (13, 2025-01-01 to
  2026-06-30) [weeks; sygedagpengeloven § 13 f, L 74 2024/25]
- sick_employed_no_follow_up_weeks: - (26, from 2026-07-01) [weeks; lov 1750/2025]
- sick_reassessment_weeks: - (22) [weeks; Sygedagpengeloven § 24]
- sick_reassessment_window_months: - (9) [months; Sygedagpengeloven § 24]
  (all sick-pay rules: citizens.rules.sick_pay, loaded by core/0006_sick_pay_rules)
- long_term_unemployment_percent: - (80) [percent; STAR's definition]
- long_term_unemployment_window_months: - (12) [months; STAR's definition]
- frikort_amount_dkk: - (41,280 in 2024; 42,766 in 2025; from 2026 the 2025 amount carried over
  until the 2026 rate is entered) [DKK; Juridisk Vejledning]
- jobparat_company_offer_months: - (3) [months; Ballerup's activation strategy]
- plan_outdated_months: - (6) [months; Jobcenter Ballerup's local practice]
- youth_max_months_aabenlyst: - (4) [months; Ballerup's employment plan]
- youth_max_months_uddannelsesparat: - (13) [months; Ballerup's employment plan]
- early_offer_percent: - (25) [percent; Ballerup's employment plan]
- composite_offer_percent: - (40) [percent; Ballerup's employment plan]
- conversations_first_6_months_percent: - (75, from 2026-01-01) [percent; LAB amendment 2025]
- samarbejdsgrad_min_percent: - (20) [percent; Ballerup's employment plan]

The LAB rules run from 2019-01-01 (LAB in force) and are open-ended until the law moves.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from .models import Rule


class RuleMissing(LookupError):
    """No row of the rule table covers the date asked for."""


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


def rule_lookup(key: str, *, on: date, qualifier: str = "") -> RuleValue:
    """The rule row in force on `on`. A qualified rule falls back to the unqualified one."""
    in_force = Rule.objects.filter(key=key, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    candidates = list(in_force.filter(qualifier__in={qualifier, ""}))
    candidates.sort(key=lambda rule: (rule.qualifier != qualifier, -rule.valid_from.toordinal()))
    if not candidates:
        raise RuleMissing(f"No value of rule {key!r} ({qualifier or 'all'}) is in force on {on}.")
    rule = candidates[0]
    return RuleValue(
        key=rule.key,
        qualifier=rule.qualifier,
        value=rule.value,
        unit=rule.unit,
        legal_reference=rule.legal_reference,
        valid_from=rule.valid_from,
        valid_to=rule.valid_to,
    )


def rule_value(key: str, *, on: date, qualifier: str = "") -> Decimal:
    return rule_lookup(key, on=on, qualifier=qualifier).value


def rule_int(key: str, *, on: date, qualifier: str = "") -> int:
    """The rule's value as a whole number (durations, counts)."""
    return rule_lookup(key, on=on, qualifier=qualifier).as_int


@dataclass(frozen=True)
class RimelighedskravRules:
    """The four rule values the rimelighedskrav is computed from, read once for many workplaces."""

    employees_per_seat: int
    threshold: int
    employees_per_seat_above: int
    min_seats: int


def rimelighedskrav_rules(*, on: date) -> RimelighedskravRules:
    """The rimelighedskrav's rule values in force on `on` (RuleMissing if one is missing)."""
    return RimelighedskravRules(
        employees_per_seat=rule_int("rimelighedskrav_employees_per_seat", on=on),
        threshold=rule_int("rimelighedskrav_threshold", on=on),
        employees_per_seat_above=rule_int("rimelighedskrav_employees_per_seat_above", on=on),
        min_seats=rule_int("rimelighedskrav_min_seats", on=on),
    )


def rimelighedskrav_capacity(
    ordinary_employees: int, *, on: date, rules: RimelighedskravRules | None = None
) -> int:
    """How many citizens in virksomhedspraktik and løntilskud (together) a workplace may hold.

    bek. 1297/2017 § 92: one per `rimelighedskrav_employees_per_seat` (5) ordinary employees up to
    `rimelighedskrav_threshold` (50), plus one per `rimelighedskrav_employees_per_seat_above` (10)
    employees above it, rounded down, and never fewer than `rimelighedskrav_min_seats` (1) — so a
    workplace with 0-9 ordinary employees may hold one. Examples with the starting values:
    0 -> 1, 10 -> 2, 49 -> 9, 50 -> 10, 60 -> 11, 200 -> 25.
    A dispensation (e.g. a municipal unit) replaces this limit; the caller checks that.
    `rules`: the values read beforehand with rimelighedskrav_rules(on=on) (for many workplaces);
    read here when not given.
    """
    if ordinary_employees < 0:
        raise ValueError("The number of ordinary employees cannot be negative.")
    if rules is None:
        rules = rimelighedskrav_rules(on=on)
    below = min(ordinary_employees, rules.threshold) // rules.employees_per_seat
    above = max(ordinary_employees - rules.threshold, 0) // rules.employees_per_seat_above
    return max(below + above, rules.min_seats)
