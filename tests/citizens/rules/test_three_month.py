"""The 3-month rule: the per-case form (alert, record) and the bulk form (indicator) agree on
generated cases, and both count from the earliest anchor and clear only on the three offers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citizens.models import Course, Intervention
from citizens.rules import three_month
from core.models import Rule
from core.rules import RuleBook, RuleMissing
from tests.factories.core import UserFactory

from .cases import case_specs, days, make_case, rolled_back

pytestmark = pytest.mark.django_db


def set_months(*rows):
    Rule.objects.filter(key=three_month.RULE_KEY).delete()
    for value, valid_from, valid_to in rows:
        Rule.objects.create(
            key=three_month.RULE_KEY,
            value=Decimal(value),
            unit="months",
            valid_from=valid_from,
            valid_to=valid_to,
            legal_reference="Seed 001",
        )


def bulk(course, on, rules):
    row = three_month.annotate(Course.objects.filter(pk=course.pk), on=on, rules=rules).get()
    if row.three_month_rule_missing:
        return "missing"
    if row.three_month_since is None or not row.three_month_reached:
        return None
    return (row.three_month_since, row.three_month_cleared)


def per_case(course, on, rules):
    course = Course.objects.prefetch_related("changes").get(pk=course.pk)
    try:
        found = three_month.status(
            course, Intervention.objects.filter(citizen=course.citizen_id), on=on, rules=rules
        )
    except RuleMissing:
        return "missing"
    return None if found is None else (found.since, found.cleared)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=case_specs, on=days, gap=st.booleans())
def test_per_case_and_bulk_forms_agree(spec, on, gap):
    with rolled_back():
        user = UserFactory()
        if gap:  # no value in force from 2024-06-01 to 2024-08-31: both forms say "missing"
            set_months((3, date(2024, 1, 1), date(2024, 5, 31)), (2, date(2024, 9, 1), None))
        else:
            set_months((3, date(2019, 1, 1), date(2024, 6, 30)), (2, date(2024, 7, 1), None))
        course = make_case(spec, user)
        rules = RuleBook([three_month.RULE_KEY])
        assert per_case(course, on, rules) == bulk(course, on, rules)


def test_counts_from_the_earliest_anchor_a_dagpenge_then_jobparat(db):
    # The case: a-dagpenge from 1 January, jobparat from 1 May: due from 1 April.
    set_months((3, date(2019, 1, 1), None))
    user = UserFactory()
    spec = {
        "benefit": "a_dagpenge",
        "readiness": "",
        "integration": False,
        "start": date(2026, 1, 1),
        "length": None,
        "changes": [("readiness", 120, "a_dagpenge", "jobparat")],
        "interventions": [],
        "born": 40 * 365,
    }
    course = make_case(spec, user)
    rules = RuleBook([three_month.RULE_KEY])
    on = date(2026, 6, 1)
    assert per_case(course, on, rules) == (date(2026, 1, 1), False)
    assert bulk(course, on, rules) == (date(2026, 1, 1), False)


@pytest.mark.parametrize(
    ("kind", "clears"),
    [
        ("virksomhedspraktik", True),
        ("loentilskud", True),
        ("nytteindsats", True),
        ("ordinaert_job", False),
        ("ips", False),
        ("smaajob", False),
    ],
)
def test_cleared_only_by_praktik_loentilskud_or_nytteindsats(db, kind, clears):
    set_months((3, date(2019, 1, 1), None))
    spec = {
        "benefit": "kontanthjaelp",
        "readiness": "jobparat",
        "integration": False,
        "start": date(2026, 1, 5),
        "length": None,
        "changes": [],
        "interventions": [(kind, date(2026, 2, 2), 20)],
        "born": 40 * 365,
    }
    course = make_case(spec, UserFactory())
    rules = RuleBook([three_month.RULE_KEY])
    on = date(2026, 4, 10)
    assert per_case(course, on, rules) == (date(2026, 1, 5), clears)
    assert bulk(course, on, rules) == (date(2026, 1, 5), clears)


def test_latest_since_is_the_last_anchor_due_by_the_day():
    on = date(2026, 4, 1)  # Wednesday before Easter 2026
    last = three_month.latest_since(3, on)
    assert three_month.due_date(last, 3) <= on
    assert three_month.due_date(last + timedelta(days=1), 3) > on
