from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import Rule
from core.rules import RuleMissing, rimelighedskrav_capacity, rule_lookup, rule_value

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


@pytest.mark.parametrize(
    ("employees", "expected"),
    [
        (0, 1),  # at least one
        (4, 1),  # 4 // 5 = 0 -> at least one
        (5, 1),
        (10, 2),
        (49, 9),
        (50, 10),
        (51, 10),  # 10 + 1 // 10
        (60, 11),  # 10 + 10 // 10
        (61, 11),
        (200, 25),  # 10 + 150 // 10
    ],
)
def test_rimelighedskrav_capacity(employees, expected):
    assert rimelighedskrav_capacity(employees, on=date(2026, 11, 23)) == expected


def test_rimelighedskrav_capacity_follows_the_rule_table():
    rule = Rule.objects.get(key="rimelighedskrav_employees_per_seat")
    rule.valid_to = date(2026, 12, 31)
    rule.save()
    make_rule(key="rimelighedskrav_employees_per_seat", value=4, valid_from=date(2027, 1, 1))
    assert rimelighedskrav_capacity(20, on=date(2026, 12, 31)) == 4
    assert rimelighedskrav_capacity(20, on=date(2027, 1, 1)) == 5
