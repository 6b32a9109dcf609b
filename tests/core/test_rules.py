from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Rule
from core.rules import RuleBook, RuleMissing, rule_lookup, rule_value

pytestmark = pytest.mark.django_db


def make_rule(key="test_rule", qualifier="", value=1, valid_from=date(2024, 1, 1), valid_to=None):
    return Rule.objects.create(
        key=key,
        qualifier=qualifier,
        value=Decimal(value),
        unit=Rule.Unit.WEEKS,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_reference="LAB § 61",
    )


def test_lookup_switches_value_after_valid_to():
    make_rule(value=4, valid_from=date(2024, 1, 1), valid_to=date(2024, 6, 30))
    make_rule(value=6, valid_from=date(2024, 7, 1))
    assert rule_value("test_rule", on=date(2024, 6, 29)) == 4
    assert rule_value("test_rule", on=date(2024, 6, 30)) == 4
    assert rule_value("test_rule", on=date(2024, 7, 1)) == 6


def test_lookup_after_closed_rule_without_successor_is_missing():
    make_rule(value=4, valid_from=date(2024, 1, 1), valid_to=date(2024, 6, 30))
    with pytest.raises(RuleMissing):
        rule_lookup("test_rule", on=date(2024, 7, 1))


def test_qualified_rule_falls_back_to_unqualified():
    make_rule(value=4)
    make_rule(value=13, qualifier="aktivitetsparat")
    assert rule_value("test_rule", on=date(2025, 1, 1), qualifier="aktivitetsparat") == 13
    assert rule_value("test_rule", on=date(2025, 1, 1), qualifier="jobparat") == 4


def test_lookup_before_any_valid_from_is_missing():
    make_rule(valid_from=date(2024, 1, 1))
    with pytest.raises(RuleMissing):
        rule_lookup("test_rule", on=date(2023, 12, 31))


def test_overlapping_period_is_refused_by_clean():
    make_rule(valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31))
    overlapping = Rule(
        key="test_rule",
        value=2,
        unit=Rule.Unit.WEEKS,
        valid_from=date(2024, 12, 31),
        legal_reference="LAB § 61",
    )
    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()
    assert excinfo.value.error_dict["__all__"][0].code == "overlap"


def test_adjacent_period_is_accepted_by_clean():
    make_rule(valid_from=date(2024, 1, 1), valid_to=date(2024, 12, 31))
    Rule(
        key="test_rule",
        value=2,
        unit=Rule.Unit.WEEKS,
        valid_from=date(2025, 1, 1),
        legal_reference="LAB § 61",
    ).full_clean()


def test_migrated_praktik_max_weeks():
    day = date(2026, 11, 23)
    assert rule_value("praktik_max_weeks", on=day, qualifier="aktivitetsparat") == 13
    assert rule_value("praktik_max_weeks", on=day, qualifier="jobparat") == 4
    assert rule_value("praktik_max_weeks", on=day, qualifier="dimittend") == 8
    assert rule_lookup("praktik_max_weeks", on=day, qualifier="jobparat").legal_reference == (
        "LAB § 61, stk. 1 (LBK nr. 280 af 1. marts 2024)"
    )


def test_migrated_frikort_amount_per_year():
    assert rule_value("frikort_amount_dkk", on=date(2024, 6, 1)) == 41280
    assert rule_value("frikort_amount_dkk", on=date(2025, 6, 1)) == 42766
    carried = rule_lookup("frikort_amount_dkk", on=date(2026, 6, 1))
    assert carried.value == 42766
    assert carried.valid_to is None
    with pytest.raises(RuleMissing):
        rule_lookup("frikort_amount_dkk", on=date(2023, 12, 31))


def test_migrated_75_percent_conversation_rule_starts_1_july_2026():
    # Lov nr. 1750 af 29. december 2025: the flexible contact course from 1 July 2026.
    assert rule_value("conversations_first_6_months_percent", on=date(2026, 7, 1)) == 75
    assert rule_value("conversations_first_6_months_percent", on=date(2026, 6, 30)) == 100
    with pytest.raises(RuleMissing):
        rule_lookup("conversations_first_6_months_percent", on=date(2019, 12, 31))


def test_migrated_rules_pass_their_own_validation():
    for rule in Rule.objects.all():
        rule.full_clean()


# The rimelighedskrav's capacity is tested with its home: tests/employers/test_rules.py.


# --- The per-case lookup and the batch form agree ------------------------------------------------

_rule_rows = st.lists(
    st.tuples(
        st.sampled_from(["", "jobparat", "aktivitetsparat"]),
        st.integers(0, 60),  # valid_from: months after 2023-01
        st.one_of(st.none(), st.integers(0, 40)),  # length in months (None: open)
        st.integers(1, 30),
    ),
    max_size=6,
    unique_by=lambda row: (row[0], row[1]),
)


def _month(n: int) -> date:
    return date(2023 + n // 12, n % 12 + 1, 1)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=_rule_rows,
    on=st.integers(0, 40 * 31).map(lambda n: date(2023, 1, 1) + timedelta(days=n * 2)),
    qualifier=st.sampled_from(["", "jobparat", "aktivitetsparat", "dimittend"]),
)
def test_rule_lookup_and_rule_book_agree(rows, on, qualifier):
    with transaction.atomic():
        Rule.objects.filter(key="parity_rule").delete()
        for row_qualifier, start, length, value in rows:
            valid_from = _month(start)
            valid_to = None if length is None else _month(start + length) - timedelta(days=1)
            if valid_to is not None and valid_to < valid_from:
                valid_to = valid_from
            make_rule(
                key="parity_rule",
                qualifier=row_qualifier,
                value=value,
                valid_from=valid_from,
                valid_to=valid_to,
            )
        book = RuleBook(["parity_rule"])

        def answer(lookup):
            try:
                found = lookup("parity_rule", on=on, qualifier=qualifier)
            except RuleMissing:
                return None
            return (found.value, found.qualifier, found.valid_from)

        expected = answer(rule_lookup)
        assert answer(book.lookup) == expected
        # periods() gives the same value as lookup() on the day asked for.
        period = next(
            p
            for p in book.periods("parity_rule", qualifier=qualifier)
            if (p.start is None or p.start <= on) and (p.end is None or on <= p.end)
        )
        found = (
            None
            if period.rule is None
            else (
                period.rule.value,
                period.rule.qualifier,
                period.rule.valid_from,
            )
        )
        assert found == expected
        transaction.set_rollback(True)


def test_missing_rule_message_is_danish_and_names_the_rule():
    from django.utils import translation

    from core.rules import missing_rule_message

    with translation.override("da"):
        message = missing_rule_message(
            RuleMissing("praktik_max_hours_per_week", on=date(2027, 1, 1))
        )
    assert "praktik_max_hours_per_week" in message
    assert "01.01.2027" in message
    assert "regeltabellen" in message
