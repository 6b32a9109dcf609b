"""The API's matches `count` (grid.selectors.match_count): always exact; a count that reads the
match table alone is kept in the database (grid.models.MatchCount) under the matches' version
(grid.models.MatchesVersion, PostgreSQL's statement triggers, migration grid/0014) and counted
again only after a write to the table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizens.models import Citizen
from grid import selectors, services
from grid.models import Match, MatchCount
from grid.services import match_propose
from tests.grid.ui_fixtures import pair_fixture  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]

MATCHES = "/api/v1/matches/"


def _count(api, address=MATCHES) -> tuple[int, int]:
    """The list's count, and how many COUNT queries answering it took."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(address)
    assert response.status_code == 200, response.content
    counted = sum("COUNT(" in query["sql"] for query in queries.captured_queries)
    return response.json()["count"], counted


def test_an_unchanged_match_table_is_counted_once(api, api_user, pair):
    api.force_authenticate(api_user)

    first = _count(api)
    second = _count(api)

    assert first == (Match.objects.count(), 1)
    assert second == (first[0], 0)
    # Kept in the database: every process (gunicorn's workers, other hosts) reads the same row.
    assert list(MatchCount.objects.values_list("version", "rows")) == [
        (selectors.matches_version(), first[0])
    ]


def test_a_newer_version_replaces_the_kept_counts(api, api_user, pair):
    api.force_authenticate(api_user)
    _count(api)
    _count(api, MATCHES + "?status=suggested")
    assert MatchCount.objects.count() == 2

    Match.objects.filter(pk=pair[2].pk).update(score=3)  # a write: a new version
    _count(api)

    assert list(MatchCount.objects.values_list("version", flat=True)) == [
        selectors.matches_version()
    ]


def test_a_proposal_is_counted_at_once(api, api_user, caseworker, pair):
    _citizen, _opening, match = pair
    api.force_authenticate(api_user)
    suggested_before, _ = _count(api, MATCHES + "?status=suggested")

    match_propose(actor=caseworker, match=match)

    assert _count(api, MATCHES + "?status=suggested") == (suggested_before - 1, 1)
    assert _count(api, MATCHES + "?status=proposed") == (1, 1)


def test_a_write_from_outside_the_services_is_counted_at_once(api, api_user, pair):
    api.force_authenticate(api_user)
    before, _ = _count(api)

    with connection.cursor() as cursor:  # as psql would
        cursor.execute("DELETE FROM grid_match WHERE id = %s", [pair[2].pk])

    assert _count(api) == (before - 1, 1)


def test_a_runs_own_rows_before_it_is_shown_leave_the_version_alone(pair):
    version = selectors.matches_version()
    with services._run_rows_only():
        Match.objects.filter(pk=pair[2].pk).update(score=1)
    assert selectors.matches_version() == version

    Match.objects.filter(pk=pair[2].pk).update(score=2)
    assert selectors.matches_version() > version


def test_a_count_that_reads_the_citizens_is_counted_each_time(
    api, caseworker, pair, sygedagpengeafsnit
):
    citizen, _opening, _match = pair
    api.force_authenticate(caseworker)
    team = MATCHES + "?scope=team"
    before, counted = _count(api, team)
    assert before >= 1 and counted == 1

    # The citizen moves to another team: no match row changes, the caseworker's count does.
    Citizen.objects.filter(pk=citizen.pk).update(team=sygedagpengeafsnit)

    assert _count(api, team) == (before - 1, 1)
