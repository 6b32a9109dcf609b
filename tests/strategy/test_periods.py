"""Periods: `YYYY-Qn` and `YYYY-MM`, their ends, neighbours and the quarters between two days."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from strategy.periods import MONTH, QUARTER, Period, period_parse, quarters_between


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2025-Q1", QUARTER, date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-Q3", QUARTER, date(2025, 7, 1), date(2025, 9, 30)),
        ("2024-q4", QUARTER, date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-02", MONTH, date(2024, 2, 1), date(2024, 2, 29)),
        (" 2025-12 ", MONTH, date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_periods_parse_to_their_first_and_last_day(text, kind, start, end):
    period = period_parse(text)

    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize("text", ["2025-Q5", "2025-Q0", "2025-13", "2025-1", "25-Q1", "", "2025"])
def test_other_texts_are_a_period_field_error(text):
    with pytest.raises(ValidationError) as error:
        period_parse(text)

    assert "period" in error.value.message_dict


def test_labels_round_trip_and_neighbours_cross_the_year():
    q1 = period_parse("2025-Q1")

    assert q1.label == "2025-Q1"
    assert q1.previous().label == "2024-Q4"
    assert q1.shifted(4).label == "2026-Q1"
    assert period_parse("2025-01").previous().label == "2024-12"


def test_quarters_between_includes_both_ends():
    periods = quarters_between(date(2023, 11, 24), date(2024, 7, 1))

    assert [p.label for p in periods] == ["2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3"]


def test_quarter_of_a_day():
    assert Period.quarter_of(date(2025, 6, 30)).label == "2025-Q2"
    assert Period.quarter_of(date(2025, 7, 1)).label == "2025-Q3"
