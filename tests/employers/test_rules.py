"""employers.rules: the per-case and the bulk form of each rimelighedskrav rule agree on
generated cases (hypothesis), and the per-case forms do what the law says."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.choices import OpeningKind
from employers import rules
from employers.models import Dispensation, Opening, Placement, Workplace
from tests.factories.employers import OpeningFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db
DAY0 = date(2026, 11, 2)
DB_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

rule_values = st.builds(
    rules.RimelighedskravRules,
    employees_per_seat=st.integers(1, 12),
    threshold=st.integers(0, 120),
    employees_per_seat_above=st.integers(1, 25),
    min_seats=st.integers(0, 3),
)
offsets = st.integers(0, 60)
periods = st.tuples(offsets, st.one_of(st.none(), st.integers(0, 40)))
kinds = st.sampled_from(rules.RIMELIGHEDSKRAV_KINDS)


def as_period(offset: int, length: int | None) -> tuple[date, date | None]:
    start = DAY0 + timedelta(days=offset)
    return start, None if length is None else start + timedelta(days=length)


@pytest.mark.parametrize(
    ("employees", "expected"),
    [(0, 1), (4, 1), (9, 1), (10, 2), (49, 9), (50, 10), (59, 10), (60, 11), (200, 25)],
)
def test_capacity_follows_the_ratio_of_the_law(employees, expected):
    assert rules.capacity_on(employees, on=DAY0) == expected


def test_capacity_follows_the_dated_rule_rows():
    from core.models import Rule

    Rule.objects.filter(key="rimelighedskrav_employees_per_seat", valid_to=None).update(
        valid_to=date(2026, 12, 31)
    )
    Rule.objects.create(
        key="rimelighedskrav_employees_per_seat",
        value=4,
        unit="count",
        valid_from=date(2027, 1, 1),
        legal_reference="test",
    )
    assert rules.capacity_on(20, on=date(2026, 12, 31)) == 4
    assert rules.capacity_on(20, on=date(2027, 1, 1)) == 5


def test_the_2017_rows_remain_for_cases_before_2020():
    from core.rules import rule_lookup

    old = rule_lookup("rimelighedskrav_employees_per_seat", on=date(2019, 6, 1))
    new = rule_lookup("rimelighedskrav_employees_per_seat", on=date(2026, 12, 4))
    assert "1297/2017 § 92" in old.legal_reference
    assert "2636" in new.legal_reference and "§ 65" in new.legal_reference


def test_a_missing_rule_gives_no_capacity():
    from core.models import Rule

    Rule.objects.filter(key="rimelighedskrav_min_seats").delete()
    assert rules.rimelighedskrav_rules(on=DAY0) is None
    assert rules.capacity_on(30, on=DAY0) == 0


@DB_SETTINGS
@given(rule_values, st.lists(st.integers(0, 400), min_size=1, max_size=6))
def test_capacity_bulk_expression_agrees_with_the_per_case_form(values, staff):
    workplaces = [WorkplaceFactory(ordinary_employees=n) for n in staff]
    try:
        bulk = dict(
            Workplace.objects.filter(pk__in=[w.pk for w in workplaces])
            .annotate(ratio=rules.capacity_expression(values))
            .values_list("pk", "ratio")
        )
        for workplace in workplaces:
            assert bulk[workplace.pk] == rules.capacity(workplace.ordinary_employees, values)
    finally:
        Opening.objects.filter(workplace__in=workplaces).delete()
        Workplace.objects.filter(pk__in=[w.pk for w in workplaces]).delete()


def test_busiest_day_counts_only_what_runs_at_the_same_time():
    november = (date(2026, 11, 1), date(2026, 11, 30))
    january = (date(2027, 1, 1), date(2027, 1, 31))
    # Both overlap December–January's period, but never run on the same day.
    assert rules.busiest_day_count([november, january], date(2026, 11, 15), None) == 1
    overlapping = (date(2026, 11, 20), date(2027, 1, 10))
    assert rules.busiest_day_count([november, january, overlapping], date(2026, 11, 1), None) == 2
    assert rules.busiest_day_count([november], date(2026, 12, 1), date(2026, 12, 31)) == 0


def test_placement_active_on_a_day():
    assert rules.placement_active_on(status="active", start=DAY0, end=None, on=DAY0)
    assert rules.placement_active_on(status="active", start=DAY0, end=DAY0, on=DAY0)
    assert not rules.placement_active_on(
        status="active", start=DAY0, end=DAY0, on=DAY0 + timedelta(days=1)
    )
    assert not rules.placement_active_on(status="cancelled", start=DAY0, end=None, on=DAY0)


@DB_SETTINGS
@given(
    st.lists(st.tuples(periods, st.sampled_from(["active", "cancelled", "ended"])), max_size=8),
    offsets,
)
def test_active_on_bulk_agrees_with_the_per_case_form(rows, day_offset):
    opening = OpeningFactory(start=DAY0)
    on = DAY0 + timedelta(days=day_offset)
    try:
        made = []
        for (offset, length), status in rows:
            start, end = as_period(offset, length)
            made.append(_placement(opening, start, end, status))
        bulk = set(
            Placement.objects.filter(rules.active_on_q(on), opening=opening).values_list(
                "pk", flat=True
            )
        )
        per_case = {
            p.pk
            for p in made
            if rules.placement_active_on(status=p.status, start=p.start, end=p.end, on=on)
        }
        assert bulk == per_case
    finally:
        Placement.objects.filter(opening=opening).delete()


def _placement(opening, start, end, status):
    from tests.factories.employers import PlacementFactory

    return PlacementFactory(opening=opening, start=start, end=end, status=status)


dispensation_terms = st.tuples(
    st.lists(kinds, min_size=1, max_size=3, unique=True),
    st.integers(-20, 40),  # valid_from offset
    st.one_of(st.none(), st.integers(0, 60)),  # length
    st.one_of(st.none(), st.integers(1, 4)),  # extra seats (None: no limit)
)


@DB_SETTINGS
@given(
    st.lists(st.integers(0, 80), min_size=1, max_size=3),
    st.lists(st.tuples(st.integers(0, 2), kinds, periods), max_size=10),
    st.lists(st.tuples(st.integers(0, 2), dispensation_terms), max_size=4),
    kinds,
    periods,
)
def test_room_bulk_agrees_with_the_per_case_form(staff, placements, dispensations, kind, period):
    _room_forms_agree(staff, placements, dispensations, kind, *as_period(*period))


@DB_SETTINGS
@given(
    st.lists(st.integers(0, 80), min_size=1, max_size=3),
    st.lists(st.tuples(st.integers(0, 2), kinds, periods), max_size=10),
    st.lists(st.tuples(st.integers(0, 2), dispensation_terms), max_size=4),
    kinds,
    offsets,
)
def test_room_bulk_agrees_with_the_per_case_form_on_one_day(
    staff, placements, dispensations, kind, offset
):
    """The GRID asks for one day (its date): the bulk form counts the placements active on it."""
    day = DAY0 + timedelta(days=offset)
    _room_forms_agree(staff, placements, dispensations, kind, day, day)


def _room_forms_agree(staff, placements, dispensations, kind, start, end):
    workplaces = [WorkplaceFactory(ordinary_employees=n) for n in staff]
    try:
        for index, opening_kind, (offset, length) in placements:
            workplace = workplaces[index % len(workplaces)]
            start, end = as_period(offset, length)
            opening = OpeningFactory(workplace=workplace, kind=opening_kind, start=DAY0, end=None)
            _placement(opening, start, end, "active")
        for index, (covered, from_offset, length, extra) in dispensations:
            valid_from = DAY0 + timedelta(days=from_offset)
            Dispensation.objects.create(
                workplace=workplaces[index % len(workplaces)],
                granted_by="rar",
                reference="RAR",
                valid_from=valid_from,
                valid_to=None if length is None else valid_from + timedelta(days=length),
                kinds=list(covered),
                extra_seats=extra,
            )
        bulk = rules.rooms(
            workplace_ids=[w.pk for w in workplaces], kind=kind, start=start, end=end
        )
        for workplace in workplaces:
            assert bulk[workplace.pk] == rules.room(
                workplace=workplace, kind=kind, start=start, end=end
            )
    finally:
        Placement.objects.filter(opening__workplace__in=workplaces).delete()
        Opening.objects.filter(workplace__in=workplaces).delete()
        Dispensation.objects.filter(workplace__in=workplaces).delete()
        Workplace.objects.filter(pk__in=[w.pk for w in workplaces]).delete()


def test_a_dispensation_covers_only_its_kinds_and_whole_period():
    terms = rules.DispensationTerms(
        kinds=(OpeningKind.NYTTEJOB,),
        valid_from=DAY0,
        valid_to=DAY0 + timedelta(days=30),
        extra_seats=2,
    )
    assert rules.covers(terms, kind="nyttejob", start=DAY0, end=DAY0 + timedelta(days=30))
    assert not rules.covers(terms, kind="virksomhedspraktik", start=DAY0, end=DAY0)
    assert not rules.covers(terms, kind="nyttejob", start=DAY0 - timedelta(days=1), end=DAY0)
    assert not rules.covers(terms, kind="nyttejob", start=DAY0, end=DAY0 + timedelta(days=31))
    assert not rules.covers(terms, kind="nyttejob", start=DAY0, end=None)
