"""The company page costs a constant number of queries however many workplaces (P-numre) it
has, and the bulk rimelighedskrav lookup agrees with the one-workplace lookup."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.choices import OpeningKind
from employers import rules
from employers.models import Placement
from tests.factories.employers import (
    DispensationFactory,
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
    DispensationFactory(
        workplace=dispensed,
        valid_from=today - timedelta(days=10),
        kinds=[OpeningKind.VIRKSOMHEDSPRAKTIK],
        extra_seats=5,
    )
    busy = workplaces[2]
    PlacementFactory(opening=OpeningFactory(workplace=busy, kind=OpeningKind.LOENTILSKUD))
    PlacementFactory(
        opening=OpeningFactory(workplace=busy), status=Placement.Status.CANCELLED
    )  # not counted
    PlacementFactory(opening=OpeningFactory(workplace=busy, kind=OpeningKind.ORDINAERT_JOB))
    empty = WorkplaceFactory(employer=busy.employer, ordinary_employees=0)
    workplaces.append(empty)

    rooms = rules.rooms(
        workplace_ids=[w.pk for w in workplaces],
        kind=OpeningKind.VIRKSOMHEDSPRAKTIK,
        start=today,
        end=today,
    )

    for workplace in workplaces:
        assert rooms[workplace.pk] == rules.room(
            workplace=workplace, kind=OpeningKind.VIRKSOMHEDSPRAKTIK, start=today, end=today
        )
    assert rooms[dispensed.pk].dispensation and rooms[dispensed.pk].capacity == 6 + 5
    assert rooms[busy.pk].used == 2
    assert rooms[empty.pk].used == 0 and rooms[empty.pk].capacity == 1


def test_bulk_rimelighedskrav_rooms_of_no_workplaces_is_empty(django_assert_num_queries):
    today = timezone.localdate()
    with django_assert_num_queries(0):
        assert rules.rooms(workplace_ids=[], kind="nyttejob", start=today, end=today) == {}
