"""grid.loading.int64_columns: integer columns of many rows straight into numpy (a binary COPY on
PostgreSQL), the same rows values_list reads, and an error rather than a number for a NULL."""

import numpy as np
import pytest

from grid.loading import int64_columns
from grid.models import Match

pytestmark = pytest.mark.django_db


def test_the_columns_are_the_rows_values_list_reads(make_citizen, make_opening, run_grid):
    for n in range(3):
        make_citizen(postcode=f"27{40 + n}")
    make_opening(seats=3)
    make_opening(code="5321", seats=2)
    run = run_grid()
    matches = Match.objects.filter(run=run)
    assert matches.count() >= 3

    columns = int64_columns(matches, "citizen_id", "opening_id", "score")

    expected = sorted(matches.values_list("citizen_id", "opening_id", "score"))
    assert columns.dtype == np.int64 and columns.shape == (len(expected), 3)
    assert sorted(map(tuple, columns.tolist())) == expected


def test_no_rows_give_an_empty_array_of_the_width_asked():
    columns = int64_columns(Match.objects.none(), "citizen_id", "score")
    assert columns.shape == (0, 2)


def test_a_null_is_an_error_not_a_number(make_citizen, make_opening, run_grid):
    make_citizen()
    make_opening()
    run = run_grid()
    Match.objects.filter(run=run).update(rank=None)

    with pytest.raises((ValueError, TypeError)):
        int64_columns(Match.objects.filter(run=run), "citizen_id", "rank")
