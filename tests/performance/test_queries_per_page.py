"""The SQL queries of the pages the working day leans on do not grow with the data.

Each page is opened as its role on the demo data at two sizes (seed_demo with its first run, the
strategy for the last four quarters, at scale 0.02, then reset at 0.08: four times the citizens,
openings and matches): every page makes the same number of queries at both. A page that queries
per row, per match or per quarter fails here, whatever the machine's speed (speed itself is
measured by `make bench`)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from citizens.models import Citizen
from core.models import User
from strategy.models import FocusArea

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SMALL, LARGE = 0.02, 0.08


def _pages() -> list[tuple[str, str, str]]:
    """(label, username, address) of the pages measured, on the data now in the database."""
    caseworker = User.objects.get(username="sagsbehandler")
    busiest = (
        Citizen.objects.filter(caseworker=caseworker)
        .annotate(n=Count("conversations"))
        .order_by("-n", "pk")
        .first()
    )
    focus_area = FocusArea.objects.order_by("pk").first()
    return [
        ("caseload", "sagsbehandler", "/borgere/mine/"),
        ("caseload, team", "sagsbehandler", "/borgere/mine/?scope=team"),
        ("record", "sagsbehandler", f"/borgere/{busiest.pk}/"),
        ("matches, caseworker", "sagsbehandler", "/grid/matches/?scope=team"),
        ("matches, leder", "leder", "/grid/matches/"),
        ("openings", "konsulent", "/virksomheder/aabninger/"),
        ("candidates", "konsulent", "/grid/kandidater/"),
        ("strategy overview", "leder", "/strategi/overblik/"),
        ("focus area", "leder", f"/strategi/fokusomraader/{focus_area.pk}/"),
        ("API citizens", "api", "/api/v1/citizens/"),
        ("API openings", "api", "/api/v1/openings/"),
        ("API matches", "api", "/api/v1/matches/"),
    ]


def _queries_per_page() -> dict[str, int]:
    counts = {}
    for label, username, address in _pages():
        user = User.objects.get(username=username)
        client = APIClient() if address.startswith("/api/") else Client()
        client.force_login(user)
        client.get(address)  # the session's first request (its renewal) is not the page's
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200, (label, response.status_code)
        counts[label] = len(captured)
    return counts


def _seed(scale: float, *, reset: bool = False) -> None:
    call_command(
        "seed_demo", scale=scale, seed=2750, reset=reset, recent_quarters=4, stdout=StringIO()
    )


def test_no_page_makes_more_queries_with_four_times_the_data():
    _seed(SMALL)
    small_citizens = Citizen.objects.count()
    small = _queries_per_page()
    _seed(LARGE, reset=True)
    large = _queries_per_page()

    assert Citizen.objects.count() > 3 * small_citizens
    grew = {label: (small[label], large[label]) for label in small if large[label] > small[label]}
    assert not grew, f"queries (small data, 4x the data) of the pages that grew: {grew}"
