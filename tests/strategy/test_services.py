"""Snapshots, back-fill, manual values and the status colours."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from strategy import services, tasks
from strategy.models import Indicator, Measurement
from strategy.periods import Period, period_parse, quarters_between
from strategy.services import GREEN, RED, YELLOW, status_for, trend_for

from .conftest import make_course

pytestmark = pytest.mark.django_db

HIGHER, LOWER = Indicator.Direction.HIGHER, Indicator.Direction.LOWER
PCT = Indicator.Unit.PERCENT


def indicator(key: str) -> Indicator:
    return Indicator.objects.get(key=key)


# --- Status colours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25", GREEN),  # beyond
        ("20", GREEN),  # exactly at the target
        ("18", YELLOW),  # 10 % of 20 = 2 below: still yellow
        ("17.99", RED),  # just beyond the band
    ],
)
def test_status_higher_is_better_target_20(value, expected):
    assert status_for(value=Decimal(value), target=Decimal(20), direction=HIGHER) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3.0", GREEN),
        ("3.2", GREEN),  # exactly at the target
        ("3.52", YELLOW),  # 3.2 + 10 % of 3.2 = 3.52
        ("3.53", RED),
    ],
)
def test_status_lower_is_better_target_3_2(value, expected):
    assert status_for(value=Decimal(value), target=Decimal("3.2"), direction=LOWER) == expected


def test_status_with_target_zero_has_no_yellow_band_and_none_without_target():
    assert status_for(value=Decimal(0), target=Decimal(0), direction=LOWER) == GREEN
    assert status_for(value=Decimal("0.01"), target=Decimal(0), direction=LOWER) == RED
    assert status_for(value=Decimal(5), target=None, direction=LOWER) is None
    assert status_for(value=None, target=Decimal(5), direction=LOWER) is None


def test_trend_is_better_or_worse_by_direction():
    assert trend_for(value=Decimal(5), previous=Decimal(3), direction=HIGHER, unit=PCT).verdict == (
        "better"
    )
    assert trend_for(value=Decimal(5), previous=Decimal(3), direction=LOWER, unit=PCT).verdict == (
        "worse"
    )
    assert trend_for(value=Decimal(5), previous=Decimal(5), direction=LOWER, unit=PCT).verdict == (
        "same"
    )
    assert trend_for(value=Decimal(5), previous=None, direction=LOWER, unit=PCT) is None


def test_a_change_too_small_to_show_is_no_change():
    # 23.44 % and 23.41 % are both shown as 23,4 %: no arrow up, no "worse" in red.
    trend = trend_for(value=Decimal("23.44"), previous=Decimal("23.41"), direction=HIGHER, unit=PCT)
    assert trend.shown_change == 0
    assert trend.verdict == "same"
    # A number shown with two decimals: 0.001 doesn't show either.
    number = Indicator.Unit.NUMBER
    assert trend_for(
        value=Decimal("1.001"), previous=Decimal("1"), direction=LOWER, unit=number
    ).verdict == ("same")
    assert trend_for(
        value=Decimal("1.01"), previous=Decimal("1"), direction=LOWER, unit=number
    ).verdict == ("worse")


# --- Seeded definitions ------------------------------------------------------------------------


def test_the_strategy_is_seeded_with_six_areas_each_with_one_key_figure():
    from strategy.models import FocusArea

    areas = list(FocusArea.objects.order_by("order"))

    assert [a.name for a in areas][:2] == [
        "Samarbejde i øjenhøjde – relationer og resultater",
        "Forsikrede ledige borgere",
    ]
    assert areas[-1].name == "Sygedagpenge og jobafklaring"
    assert len(areas) == 6
    for area in areas:
        assert area.indicators.filter(is_key_figure=True).count() == 1
    assert indicator("samarbejdsgrad").targets.get().value == 20
    assert indicator("sick_labour_force_share").targets.get().value == Decimal("3.2")


# --- Snapshots ---------------------------------------------------------------------------------


def test_snapshot_replaces_computed_values_and_keeps_manual_ones(manager):
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1))
    q1 = period_parse("2025-Q1")
    services.measurement_enter(
        actor=manager, indicator=indicator("labour_force"), period="2025-Q1", value="25000"
    )
    services.snapshot_period(q1)
    first = Measurement.objects.get(
        indicator__key="sick_count", period_start=q1.start, team__isnull=True
    )
    make_course(benefit="jobafklaring", start=date(2025, 2, 1))

    services.snapshot_period(q1)

    again = Measurement.objects.filter(
        indicator__key="sick_count", period_start=q1.start, team__isnull=True
    )
    assert [m.value for m in again] == [2]  # replaced, not added
    assert again.get().pk != first.pk
    manual = Measurement.objects.get(indicator__key="labour_force")
    assert (manual.value, manual.entered_by) == (25000, manager)
    # 2 / 25,000 = 0.008 %.
    share = Measurement.objects.get(indicator__key="sick_labour_force_share", team__isnull=True)
    assert share.value == Decimal("0.0080")


def test_team_scoped_indicators_are_computed_per_team_too(jobafsnit, sygedagpengeafsnit):
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1), team=sygedagpengeafsnit)

    services.snapshot_period(period_parse("2025-Q1"), indicators=[indicator("sick_count")])

    values = {m.team_id: m.value for m in Measurement.objects.filter(indicator__key="sick_count")}
    assert values == {None: 1, jobafsnit.pk: 0, sygedagpengeafsnit.pk: 1}


def test_backfill_creates_every_quarter_the_data_covers():
    make_course(benefit="sygedagpenge", start=date(2025, 2, 10))

    periods = services.backfill()

    expected = quarters_between(date(2025, 2, 10), Period.current_quarter().start)
    assert periods == expected
    assert expected[0].label == "2025-Q1"
    stored = set(
        Measurement.objects.filter(indicator__key="sick_count", team__isnull=True).values_list(
            "period_start", flat=True
        )
    )
    assert stored == {p.start for p in expected}
    computed = Indicator.objects.filter(source="computed", active=True).count()
    assert Measurement.objects.filter(team__isnull=True).count() == computed * len(expected)


def test_a_short_backfill_snapshots_only_the_last_quarters():
    make_course(benefit="sygedagpenge", start=date(2025, 2, 10))

    periods = services.backfill(last=2)

    every = quarters_between(date(2025, 2, 10), Period.current_quarter().start)
    assert periods == every[-2:] and len(every) > 2
    stored = set(
        Measurement.objects.filter(indicator__key="sick_count", team__isnull=True).values_list(
            "period_start", flat=True
        )
    )
    assert stored == {p.start for p in every[-2:]}


def test_the_first_nightly_run_back_fills_then_only_the_last_two_quarters():
    make_course(benefit="sygedagpenge", start=date(2024, 1, 1))

    first = tasks.snapshot_current()
    second = tasks.snapshot_current()

    current = Period.current_quarter()
    assert first[0] == "2024-Q1" and first[-1] == current.label
    assert second == [current.previous().label, current.label]


def test_computed_values_do_not_fill_the_change_log_but_manual_ones_do(manager):
    services.snapshot_period(period_parse("2025-Q1"))
    assert not LogEntry.objects.get_for_model(Measurement).exists()

    services.measurement_enter(
        actor=manager, indicator=indicator("benchmark_rank"), period="2025-Q1", value=2
    )
    services.measurement_enter(
        actor=manager, indicator=indicator("benchmark_rank"), period="2025-Q1", value=3
    )

    entries = LogEntry.objects.get_for_model(Measurement)
    assert entries.count() == 2  # created, then changed
    assert Measurement.objects.get(indicator__key="benchmark_rank").value == 3


def test_command_snapshots_one_period(capsys):
    call_command("strategy_snapshot", "--period", "2025-Q2")

    assert Measurement.objects.filter(period_start=date(2025, 4, 1)).exists()
    assert "2025-Q2" in capsys.readouterr().out


# --- Manual values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("citizen_satisfaction", "100.5", "value"),
        ("citizen_satisfaction", "-1", "value"),
        ("benchmark_rank", "0", "value"),
        ("benchmark_rank", "1.5", "value"),
        ("labour_force", "-3", "value"),
        ("labour_force", "many", "value"),
        ("sick_count", "3", "indicator"),  # computed
    ],
)
def test_manual_values_are_validated(manager, key, value, field):
    with pytest.raises(ValidationError) as error:
        services.measurement_enter(
            actor=manager, indicator=indicator(key), period="2025-Q1", value=value
        )

    assert field in error.value.message_dict
    assert not Measurement.objects.exists()


def test_a_period_after_the_current_quarter_is_refused(manager):
    future = Period.current_quarter().shifted(1)

    with pytest.raises(ValidationError) as error:
        services.measurement_enter(
            actor=manager, indicator=indicator("labour_force"), period=future.label, value=1
        )

    assert "period" in error.value.message_dict
    current = services.measurement_enter(
        actor=manager,
        indicator=indicator("labour_force"),
        period=Period.current_quarter().label,
        value=1,
    )
    assert current.pk


def test_boundary_values_are_accepted_with_who_and_when(manager):
    m = services.measurement_enter(
        actor=manager,
        indicator=indicator("citizen_satisfaction"),
        period="2024-12",
        value="100",
        comment=" Svarprocent 23 ",
    )

    assert (m.value, m.period.label, m.entered_by, m.comment) == (
        100,
        "2024-12",
        manager,
        "Svarprocent 23",
    )
    assert m.entered_at is not None and m.source == "manual"


def test_only_a_manager_enters_values(caseworker):
    with pytest.raises(PermissionDenied):
        services.measurement_enter(
            actor=caseworker, indicator=indicator("labour_force"), period="2025-Q1", value=1
        )


def test_entering_the_labour_force_recomputes_the_sick_share(manager):
    make_course(benefit="sygedagpenge", start=date(2025, 1, 1))
    for label in ("2025-Q1", "2025-Q2"):
        services.snapshot_period(period_parse(label))
    assert not Measurement.objects.filter(
        indicator__key="sick_labour_force_share", value__isnull=False
    ).exists()

    services.measurement_enter(
        actor=manager, indicator=indicator("labour_force"), period="2025-Q1", value=20
    )

    shares = Measurement.objects.filter(
        indicator__key="sick_labour_force_share", team__isnull=True
    ).order_by("period_start")
    # 1 sick / 20 = 5 % in Q1 and, with Q1's figure as the latest, in Q2.
    assert [m.value for m in shares] == [Decimal(5), Decimal(5)]


def test_the_trend_text_says_unchanged_when_the_change_does_not_show():
    from strategy.templatetags.strategy_ui import trend

    tiny = trend_for(value=Decimal("23.44"), previous=Decimal("23.41"), direction=HIGHER, unit=PCT)

    shown = trend(tiny, PCT)

    assert (shown["arrow"], str(shown["text"]), shown["verdict"]) == ("→", "Uændret", "")
