"""Which matches the lists show: the current run's suggestions, minus pairs proposed or decided
in an earlier run, plus those proposals and decisions — the same whether the acted pairs are
excluded by id (the common, cheap case) or by a subquery per row (many acted pairs)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from grid import selectors
from grid.models import Match
from grid.selectors import match_list, matches_for_citizen
from grid.services import match_propose, match_reject

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_incremental_runs():
    with override_settings(GRID_INCREMENTAL=False):
        yield


@pytest.fixture
def two_runs(make_citizen, make_opening, run_grid, caseworker, consultant):
    """Two citizens × two openings; in the first run one pair is proposed and one rejected, then
    a second run suggests all four pairs again."""
    first_citizen, second_citizen = make_citizen(), make_citizen()
    first_opening = make_opening(consultant=consultant, seats=3)
    second_opening = make_opening(consultant=consultant, seats=3)
    first = run_grid()
    proposed = match_propose(
        actor=caseworker,
        match=Match.objects.get(run=first, citizen=first_citizen, opening=first_opening),
    )
    rejected = match_reject(
        actor=consultant,
        match=match_propose(
            actor=caseworker,
            match=Match.objects.get(run=first, citizen=second_citizen, opening=first_opening),
        ),
        reason="Ikke den rette profil.",
    )
    second = run_grid()
    assert Match.objects.filter(run=second).count() == 4
    fresh = set(
        Match.objects.filter(run=second, opening=second_opening).values_list("pk", flat=True)
    )
    return {"proposed": proposed, "rejected": rejected, "fresh": fresh, "citizen": first_citizen}


@pytest.mark.parametrize("inline_max", [1000, 0], ids=["by-id", "subquery"])
def test_lists_show_current_suggestions_and_earlier_actions_once(
    two_runs, caseworker, monkeypatch, inline_max
):
    monkeypatch.setattr(selectors, "SHOWN_ACTED_PAIRS_INLINE_MAX", inline_max)

    shown = set(match_list(user=caseworker).values_list("pk", flat=True))
    assert match_list(user=caseworker).count() == 4

    assert shown == two_runs["fresh"] | {two_runs["proposed"].pk, two_runs["rejected"].pk}
    citizen_rows = matches_for_citizen(user=caseworker, citizen_id=two_runs["citizen"].pk)
    assert {row.pk for row in citizen_rows} == {
        two_runs["proposed"].pk,
        *Match.objects.filter(pk__in=two_runs["fresh"], citizen=two_runs["citizen"]).values_list(
            "pk", flat=True
        ),
    }


def test_the_list_and_its_count_need_no_subquery_per_row(two_runs, caseworker):
    with CaptureQueriesContext(connection) as captured:
        queryset = match_list(user=caseworker)
        list(queryset[:50])
        queryset.count()

    match_queries = [q["sql"] for q in captured if "grid_match" in q["sql"]]
    assert match_queries
    assert not [sql for sql in match_queries if "EXISTS" in sql.upper()]
