"""Seats and the rimelighedskrav: hard limits, refused with the numbers, never exceeded."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from core.choices import OpeningKind
from employers.models import Placement
from employers.services import PlacementRefused, placement_create
from tests.factories.employers import (
    DispensationFactory,
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
)

pytestmark = pytest.mark.django_db
START = date(2026, 11, 2)


def praktik(workplace, **kwargs):
    return OpeningFactory(
        workplace=workplace, kind=OpeningKind.VIRKSOMHEDSPRAKTIK, start=START, end=None, **kwargs
    )


def fill(workplace, count):
    for _ in range(count):
        PlacementFactory(opening=praktik(workplace, seats=1), start=START)


@pytest.mark.parametrize(("employees", "capacity"), [(0, 1), (5, 1), (50, 10), (51, 10), (60, 11)])
def test_rimelighedskrav_refuses_the_placement_beyond_capacity(consultant, employees, capacity):
    workplace = WorkplaceFactory(ordinary_employees=employees)
    fill(workplace, capacity)
    opening = praktik(workplace, seats=3)

    with translation.override("da"), pytest.raises(PlacementRefused) as refused:
        placement_create(actor=consultant, opening=opening, start=START)

    assert refused.value.code == "rimelighedskrav"
    message = str(refused.value.message)
    assert f"{capacity} støttede forløb kører allerede samtidig" in message
    assert f"tillader {capacity} ved {employees} ordinært ansatte" in message
    assert "registreret dispensation" in message
    assert Placement.objects.filter(opening=opening).count() == 0


def test_rimelighedskrav_allows_the_last_place(consultant):
    workplace = WorkplaceFactory(ordinary_employees=15)  # 3 places
    fill(workplace, 2)

    placement = placement_create(actor=consultant, opening=praktik(workplace, seats=2), start=START)

    assert placement.pk


def test_ended_placements_do_not_count(consultant):
    workplace = WorkplaceFactory(ordinary_employees=5)
    PlacementFactory(opening=praktik(workplace), start=date(2026, 1, 5), end=date(2026, 3, 1))

    assert placement_create(actor=consultant, opening=praktik(workplace), start=START)


def test_ordinary_jobs_do_not_count_against_the_rimelighedskrav(consultant):
    workplace = WorkplaceFactory(ordinary_employees=5)
    fill(workplace, 1)
    job = OpeningFactory(workplace=workplace, kind=OpeningKind.ORDINAERT_JOB, start=START)

    assert placement_create(actor=consultant, opening=job, start=START)


def test_a_registered_dispensation_adds_its_seats_for_its_kinds(consultant):
    workplace = WorkplaceFactory(ordinary_employees=0, employer=EmployerFactory(public=True))
    DispensationFactory(
        workplace=workplace,
        valid_from=date(2026, 1, 1),
        kinds=[OpeningKind.NYTTEJOB],
        extra_seats=59,
    )
    fill(workplace, 1)  # the ratio's one place, taken by a praktik
    nyttejob = OpeningFactory(
        workplace=workplace, kind=OpeningKind.NYTTEJOB, seats=100, start=START, end=None
    )
    for _ in range(59):
        placement_create(actor=consultant, opening=nyttejob, start=START)

    with pytest.raises(PlacementRefused, match="60"):
        placement_create(actor=consultant, opening=nyttejob, start=START)
    with pytest.raises(PlacementRefused) as refused:  # the dispensation is for nyttejob only
        placement_create(actor=consultant, opening=praktik(workplace), start=START)
    assert refused.value.code == "rimelighedskrav"


def test_a_dispensation_ending_inside_the_period_gives_no_room(consultant):
    workplace = WorkplaceFactory(ordinary_employees=5)
    DispensationFactory(
        workplace=workplace,
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 12, 31),
        kinds=[OpeningKind.VIRKSOMHEDSPRAKTIK],
        extra_seats=3,
    )
    fill(workplace, 1)
    opening = praktik(workplace, seats=3)

    assert placement_create(actor=consultant, opening=opening, start=START, end=date(2026, 12, 31))
    with pytest.raises(PlacementRefused):
        placement_create(actor=consultant, opening=opening, start=START, end=date(2027, 1, 5))
    with pytest.raises(PlacementRefused):  # open-ended: beyond the dispensation's end
        placement_create(actor=consultant, opening=opening, start=START)


def test_a_dispensation_not_yet_in_force_gives_no_room(consultant):
    workplace = WorkplaceFactory(ordinary_employees=5)
    DispensationFactory(
        workplace=workplace,
        valid_from=START + timedelta(days=1),
        kinds=[OpeningKind.VIRKSOMHEDSPRAKTIK],
        extra_seats=3,
    )
    fill(workplace, 1)

    with pytest.raises(PlacementRefused):
        placement_create(actor=consultant, opening=praktik(workplace), start=START)


def test_an_unlimited_dispensation_never_refuses_for_the_rimelighedskrav(consultant):
    workplace = WorkplaceFactory(ordinary_employees=0)
    DispensationFactory(
        workplace=workplace,
        kinds=[OpeningKind.VIRKSOMHEDSPRAKTIK],
        extra_seats=None,
        valid_from=date(2026, 1, 1),
    )
    opening = praktik(workplace, seats=10)
    for _ in range(10):
        placement_create(actor=consultant, opening=opening, start=START)

    assert Placement.objects.filter(opening=opening).count() == 10


def test_placements_that_never_run_at_the_same_time_share_one_place(consultant):
    workplace = WorkplaceFactory(ordinary_employees=5)  # 1 place
    opening = praktik(workplace, seats=3)
    PlacementFactory(opening=opening, start=date(2026, 11, 2), end=date(2026, 11, 30))
    PlacementFactory(opening=opening, start=date(2027, 1, 4), end=date(2027, 1, 31))

    # Overlaps both in its period, but never runs on a day either of them runs.
    placement = placement_create(
        actor=consultant, opening=opening, start=date(2026, 12, 1), end=date(2027, 1, 3)
    )

    assert placement.pk


def test_the_busiest_day_of_the_period_decides(consultant):
    workplace = WorkplaceFactory(ordinary_employees=10)  # 2 places
    opening = praktik(workplace, seats=5)
    PlacementFactory(opening=opening, start=date(2026, 11, 2), end=date(2026, 11, 20))
    PlacementFactory(opening=opening, start=date(2026, 11, 25), end=date(2026, 12, 20))
    PlacementFactory(opening=opening, start=date(2026, 12, 10), end=date(2026, 12, 31))

    # 1 running at once in November: room.
    assert placement_create(
        actor=consultant, opening=opening, start=date(2026, 11, 1), end=date(2026, 11, 30)
    )
    # 10-20 December: two already run at once, the limit is 2.
    with pytest.raises(PlacementRefused):
        placement_create(
            actor=consultant, opening=opening, start=date(2026, 12, 5), end=date(2027, 1, 5)
        )


def test_the_free_text_override_is_no_longer_accepted(consultant):
    workplace = WorkplaceFactory(ordinary_employees=5)
    fill(workplace, 1)

    with pytest.raises(TypeError):
        placement_create(
            actor=consultant,
            opening=praktik(workplace),
            start=START,
            override_reason="Aftalt med afdelingsleder",
        )


def test_a_missing_rule_refuses_with_a_danish_reason(consultant):
    from core.models import Rule

    Rule.objects.filter(key="rimelighedskrav_threshold").delete()
    workplace = WorkplaceFactory(ordinary_employees=50)

    with translation.override("da"), pytest.raises(PlacementRefused) as refused:
        placement_create(actor=consultant, opening=praktik(workplace), start=START)

    assert refused.value.code == "rimelighedskrav_rule_missing"
    assert "ingen regelværdi" in str(refused.value.message)


def test_no_free_seat_is_refused(consultant):
    opening = OpeningFactory(kind=OpeningKind.ORDINAERT_JOB, seats=1, start=START)
    PlacementFactory(opening=opening, start=START)

    with pytest.raises(PlacementRefused) as refused:
        placement_create(actor=consultant, opening=opening, start=START)

    assert refused.value.code == "no_free_seat"


def test_nyttejob_only_at_public_workplaces(consultant):
    private = OpeningFactory(
        kind=OpeningKind.NYTTEJOB,
        workplace=WorkplaceFactory(employer=EmployerFactory()),
        start=START,
    )

    with pytest.raises(PlacementRefused) as refused:
        placement_create(actor=consultant, opening=private, start=START)

    assert refused.value.code == "nyttejob_not_public"


def test_loentilskud_needs_the_merbeskaeftigelse_note(consultant):
    opening = OpeningFactory(
        kind=OpeningKind.LOENTILSKUD,
        workplace=WorkplaceFactory(ordinary_employees=30),
        start=START,
    )

    with pytest.raises(ValidationError) as invalid:
        placement_create(actor=consultant, opening=opening, start=START)
    assert "merbeskaeftigelse_note" in invalid.value.message_dict

    placement = placement_create(
        actor=consultant, opening=opening, start=START, merbeskaeftigelse_note="2 nye stillinger"
    )
    assert placement.merbeskaeftigelse_note == "2 nye stillinger"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_placements_on_the_last_seat_exactly_one_succeeds(consultant):
    opening = OpeningFactory(
        kind=OpeningKind.ORDINAERT_JOB,
        seats=1,
        start=START,
        workplace=WorkplaceFactory(ordinary_employees=100),
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt():
        try:
            barrier.wait(timeout=10)
            placement_create(actor=consultant, opening=opening, start=START)
            outcomes.append("placed")
        except PlacementRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["placed", "refused"]
    assert Placement.objects.filter(opening=opening).count() == 1
