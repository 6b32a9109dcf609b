"""The company page costs a constant number of queries however many workplaces (P-numre) it
has, and the bulk rimelighedskrav lookup agrees with the one-workplace lookup."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.choices import OpeningKind
from employers.models import Placement
from employers.selectors import rimelighedskrav_room, rimelighedskrav_rooms
from tests.factories.employers import (
    EmployerFactory,
    OpeningFactory,
    PlacementFactory,
    WorkplaceFactory,
)

pytestmark = pytest.mark.django_db


def company_with_workplaces(consultant, count: int):
    employer = EmployerFactory(consultant=consultant)
    workplaces = []
    for n in range(count):
        workplace = WorkplaceFactory(employer=employer, ordinary_employees=10 + 20 * n)
        PlacementFactory(opening=OpeningFactory(workplace=workplace, seats=3))
        workplaces.append(workplace)
    return employer, workplaces


def detail_queries(client, employer) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("employers:detail", args=[employer.pk]))
    assert response.status_code == 200
    return len(captured)


def test_company_page_queries_do_not_grow_with_the_workplaces(login, consultant):
    client = login(consultant)
    one, _ = company_with_workplaces(consultant, 1)
    six, _ = company_with_workplaces(consultant, 6)
    detail_queries(client, one)  # warm the session and caches alike for both

    assert detail_queries(client, six) == detail_queries(client, one)


def test_bulk_rimelighedskrav_rooms_match_the_single_lookup(consultant):
    today = timezone.localdate()
    _, workplaces = company_with_workplaces(consultant, 4)
    dispensed = workplaces[1]
    dispensed.dispensation_capacity = 7
    dispensed.dispensation_from = today - timedelta(days=10)
    dispensed.save()
    busy = workplaces[2]
    PlacementFactory(opening=OpeningFactory(workplace=busy, kind=OpeningKind.LOENTILSKUD))
    PlacementFactory(
        opening=OpeningFactory(workplace=busy), status=Placement.Status.CANCELLED
    )  # not counted
    PlacementFactory(opening=OpeningFactory(workplace=busy, kind=OpeningKind.ORDINAERT_JOB))
    empty = WorkplaceFactory(employer=busy.employer, ordinary_employees=0)
    workplaces.append(empty)

    rooms = rimelighedskrav_rooms(workplaces=workplaces, start=today, end=today)

    for workplace in workplaces:
        assert rooms[workplace.pk] == rimelighedskrav_room(
            workplace=workplace, start=today, end=today
        )
    assert rooms[dispensed.pk].dispensation and rooms[dispensed.pk].capacity == 7
    assert rooms[busy.pk].used == 2
    assert rooms[empty.pk].used == 0 and rooms[empty.pk].capacity == 1


def test_bulk_rimelighedskrav_rooms_of_no_workplaces_is_empty(django_assert_num_queries):
    today = timezone.localdate()
    with django_assert_num_queries(0):
        assert rimelighedskrav_rooms(workplaces=[], start=today, end=today) == {}
