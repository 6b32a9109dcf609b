"""Seats and the rimelighedskrav: hard limits, refused with the numbers, never exceeded."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.choices import OpeningKind
from core.permissions import granted
from employers.models import Placement
from employers.services import PlacementRefused, placement_create
from tests.factories.employers import (
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

    with pytest.raises(PlacementRefused) as refused:
        placement_create(actor=consultant, opening=opening, start=START)

    assert refused.value.code == "rimelighedskrav"
    assert f"{capacity} af {capacity}" in refused.value.message or (
        f"{capacity} of {capacity}" in refused.value.message
    )
    assert f"{employees}" in refused.value.message


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


def test_dispensation_replaces_the_limit(consultant):
    workplace = WorkplaceFactory(
        ordinary_employees=0,
        dispensation_reason="Servicekorpset",
        dispensation_from=date(2026, 1, 1),
        dispensation_capacity=60,
    )
    employer = workplace.employer
    employer.public = True
    employer.save()
    fill(workplace, 59)

    assert placement_create(actor=consultant, opening=praktik(workplace), start=START)
    with pytest.raises(PlacementRefused, match="60"):
        placement_create(actor=consultant, opening=praktik(workplace), start=START)


def test_consultant_may_override_with_a_written_reason_which_is_kept(consultant):
    workplace = WorkplaceFactory(ordinary_employees=5)
    fill(workplace, 1)

    placement = placement_create(
        actor=consultant,
        opening=praktik(workplace),
        start=START,
        override_reason="Aftalt med afdelingsleder: ekstra vejleder",
    )

    assert placement.override_reason == "Aftalt med afdelingsleder: ekstra vejleder"


def test_caseworker_cannot_override(caseworker):
    workplace = WorkplaceFactory(ordinary_employees=5)
    fill(workplace, 1)

    opening = praktik(workplace)

    # A caseworker takes a seat only through an intervention (which grants the placement).
    with (
        granted(caseworker, "employers.add_placement", opening),
        pytest.raises(PlacementRefused) as refused,
    ):
        placement_create(actor=caseworker, opening=opening, start=START, override_reason="haster")

    assert refused.value.code == "override_not_allowed"


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
