"""grid.loading.open_openings: a worker keeps the open openings' arrays between runs while the
tables they are made of are unchanged (PostgreSQL's statement triggers, migration grid/0013),
and loads again after any write to them, whoever wrote."""

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection, transaction
from django.utils import timezone

from core.models import Rule
from employers.models import Employer, Opening, Workplace
from grid import loading
from grid.engine import OPENING_FIELDS
from tests.factories.employers import DispensationFactory, OpeningFactory, PlacementFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]


@pytest.fixture
def counted_loads(monkeypatch):
    """How many times open_openings really loaded."""
    loads = []
    real = loading.load_openings

    def load(**kwargs):
        loads.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(loading, "load_openings", load)
    monkeypatch.setattr(loading, "_kept_openings", None)
    return loads


def _same(kept, fresh) -> bool:
    return all(np.array_equal(getattr(kept, name), getattr(fresh, name)) for name in OPENING_FIELDS)


def test_unchanged_tables_are_not_read_again(counted_loads):
    OpeningFactory.create_batch(3)
    today = timezone.localdate()
    first = loading.open_openings(today)
    second = loading.open_openings(today)
    assert second is first
    assert len(counted_loads) == 1
    # Another day is another set of free seats: loaded again.
    loading.open_openings(today + timedelta(days=1))
    assert len(counted_loads) == 2


WRITES = {
    "an opening closed by a bulk update": lambda o: Opening.objects.filter(pk=o.pk).update(
        status=Opening.Status.FILLED
    ),
    "a seat taken": lambda o: PlacementFactory(opening=o),
    "the workplace's headcount": lambda o: Workplace.objects.filter(pk=o.workplace_id).update(
        ordinary_employees=1
    ),
    "the employer's CVR": lambda o: Employer.objects.filter(pk=o.workplace.employer_id).update(
        cvr="12345674"
    ),
    "a dispensation granted": lambda o: DispensationFactory(workplace=o.workplace),
    "a rule of the rimelighedskrav": lambda o: Rule.objects.filter(
        key__startswith="rimelighedskrav"
    ).update(value=Decimal(1)),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_any_write_to_the_tables_read_loads_again(counted_loads, write):
    opening = OpeningFactory(seats=1)
    today = timezone.localdate()
    loading.open_openings(today)
    write(opening)
    kept = loading.open_openings(today)
    assert len(counted_loads) == 2
    assert _same(kept, loading.load_openings(on=today))


def test_arrays_read_inside_a_rolled_back_transaction_are_never_taken_for_a_later_state(
    counted_loads,
):
    today = timezone.localdate()
    OpeningFactory()
    with transaction.atomic():
        OpeningFactory()
        assert len(loading.open_openings(today)) == 2
        transaction.set_rollback(True)
    assert len(loading.open_openings(today)) == 1
    # A new write after the rollback gets a new version, not the rolled-back one.
    OpeningFactory()
    assert len(loading.open_openings(today)) == 2
    assert len(counted_loads) == 3


def test_the_kept_arrays_cannot_be_changed_in_place(counted_loads):
    OpeningFactory()
    kept = loading.open_openings(timezone.localdate())
    with pytest.raises(ValueError):
        kept.free[0] = False
