"""Reporting periods: quarters (`2025-Q3`) and months (`2025-07`).

A period is stored as its kind and its first day (Measurement.period_kind, period_start); the API
reads and writes the text form. Every figure is "as of" the period's last day.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.identifiers import foreign_digits_message, has_foreign_digit
from core.workdays import add_months

QUARTER = "quarter"
MONTH = "month"

_QUARTER_RE = re.compile(r"^([0-9]{4})-Q([1-4])$")
_MONTH_RE = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Period:
    kind: str  # QUARTER or MONTH
    start: date

    @property
    def months(self) -> int:
        return 3 if self.kind == QUARTER else 1

    @property
    def end(self) -> date:
        """The period's last day."""
        return add_months(self.start, self.months) - timedelta(days=1)

    @property
    def label(self) -> str:
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    def __str__(self) -> str:
        return self.label

    def shifted(self, n: int) -> "Period":
        """The period n periods later (earlier when negative), of the same kind."""
        return Period(self.kind, add_months(self.start, n * self.months))

    def previous(self) -> "Period":
        return self.shifted(-1)

    @classmethod
    def quarter_of(cls, day: date) -> "Period":
        return cls(QUARTER, date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))

    @classmethod
    def month_of(cls, day: date) -> "Period":
        return cls(MONTH, date(day.year, day.month, 1))

    @classmethod
    def current_quarter(cls) -> "Period":
        return cls.quarter_of(timezone.localdate())


# Periods are bounded: a year outside this range is a typing error (and year 0 is no date).
MIN_YEAR, MAX_YEAR = 1900, 2200


def period_parse(text: str, *, field: str = "period") -> Period:
    """`YYYY-Qn` or `YYYY-MM` as a Period; anything else, or a year outside MIN_YEAR..MAX_YEAR,
    is a ValidationError on `field`."""
    value = (text or "").strip().upper()
    if has_foreign_digit(value):
        raise ValidationError({field: foreign_digits_message()})
    quarter_match, month_match = _QUARTER_RE.match(value), _MONTH_RE.match(value)
    if quarter_match or month_match:
        year = int((quarter_match or month_match)[1])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(
                {
                    field: _("The year must lie between %(min)s and %(max)s.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR}
                }
            )
    if quarter_match:
        year, quarter = int(quarter_match[1]), int(quarter_match[2])
        return Period(QUARTER, date(year, 3 * quarter - 2, 1))
    if month_match:
        return Period(MONTH, date(int(month_match[1]), int(month_match[2]), 1))
    raise ValidationError(
        {field: _("Write the period as YYYY-Qn (a quarter) or YYYY-MM (a month).")}
    )


def quarters_between(first: date, last: date) -> list[Period]:
    """Every quarter from the one containing `first` to the one containing `last`."""
    period, stop = Period.quarter_of(first), Period.quarter_of(last)
    periods = []
    while period <= stop:
        periods.append(period)
        period = period.shifted(1)
    return periods
