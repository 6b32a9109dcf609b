"""Rule lookups: which value of a rule held on a given date.

Every duration, deadline, ratio and amount from the law lives in the Rule table with its period and
legal reference (see core.models.Rule); code asks here instead of holding a constant.
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
