"""Rule lookups: which value of a rule held on a given date.

Every duration, deadline, ratio and amount from the law lives in the Rule table with its period and
legal reference (see core.models.Rule); code asks here instead of holding a constant.
The starting values are loaded by migration core/0004_load_rules; administrators maintain them in
the admin (a new value is a new row with its own valid_from; the old row gets a valid_to).

Rule keys are stable (code refers to them). The README's "Rules and their sources" lists every
key with its value per period, its legal source and the day the source was checked;
tests/core/test_rules_readme.py fails when a key of the table is missing there.

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
        # A batch asks the same few questions thousands of times (the rule in force today, on
        # a course's start): answered once each.
        self._answers: dict[tuple[str, date, tuple[str, ...]], RuleValue | None] = {}

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
        question = (key, on, tuple(qualifiers))
        if question not in self._answers:
            self._answers[question] = self._first(key, on, qualifiers)
        return self._answers[question]

    def _first(self, key: str, on: date, qualifiers: Sequence[str]) -> RuleValue | None:
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
