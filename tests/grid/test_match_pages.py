"""The matches lists page by keyset (core.keyset): walking the pages shows exactly what
match_list holds, in its order, once each — the current run's suggestions and the proposals and
decisions of earlier runs alike — without an OFFSET or a full count."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grid import selectors, views
from grid.models import Match
from grid.selectors import match_list, match_page, visible_matches
from grid.services import match_propose, match_reject
from tests.grid.ui_fixtures import no_incremental_runs  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_citizen, make_opening, run_grid, caseworker, consultant):
    """Five citizens × three openings, two runs; between them one pair proposed, one rejected."""
    citizens = [make_citizen(caseworker=caseworker) for _ in range(5)]
    openings = [make_opening(consultant=consultant, seats=5) for _ in range(3)]
    first = run_grid()
    match_propose(
        actor=caseworker,
        match=Match.objects.get(run=first, citizen=citizens[1], opening=openings[0]),
    )
    match_reject(
        actor=consultant,
        match=match_propose(
            actor=caseworker,
            match=Match.objects.get(run=first, citizen=citizens[3], opening=openings[2]),
        ),
        reason="Ikke den rette profil.",
    )
    run_grid()
    return citizens


@pytest.mark.parametrize("size", [1, 4, 50])
@pytest.mark.parametrize("inline_max", [1000, 0], ids=["by-id", "subquery"])
def test_walking_the_pages_shows_what_match_list_holds_in_its_order(
    world, caseworker, monkeypatch, size, inline_max
):
    monkeypatch.setattr(selectors, "SHOWN_ACTED_PAIRS_INLINE_MAX", inline_max)
    expected = list(match_list(user=caseworker).values_list("pk", flat=True))

    walked, after = [], None
    while True:
        page = match_page(visible_matches(user=caseworker), after=after, size=size)
        walked += [row.pk for row in page.object_list]
        assert page.count == len(expected) and not page.count_capped
        if not page.has_next:
            break
        after = page.next_after

    # The second run's 13 suggestions of pairs no one acted on, and the first run's 2 actions.
    assert len(expected) == 15
    assert walked == expected


def _next_link(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)"[^>]*rel="next"', html)
    return unescape(found.group(1)) if found else None


def test_the_results_page_links_to_the_next_page_and_back_to_the_first(
    world, login, caseworker, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client = login(caseworker)
    url = reverse("grid:results") + "?scope=team&min_score=0"

    pages, link = [], url
    while link:
        html = client.get(link if link.startswith("/") else reverse("grid:results") + link)
        html = html.content.decode()
        pages.append(html)
        link = _next_link(html)

    assert len(pages) == 3  # 15 matches, 5 a page
    assert "min_score=0" in _next_link(pages[0]) and "scope=team" in _next_link(pages[0])
    assert 'rel="first"' not in pages[0] and 'rel="first"' in pages[1]
    assert "Side 1 af" not in pages[0]
    assert "15 match" in pages[0]


def test_a_long_list_is_counted_as_more_than_its_cap(world, login, caseworker, monkeypatch):
    monkeypatch.setattr(selectors, "MATCH_COUNT_CAP", 10)

    html = login(caseworker).get(reverse("grid:results") + "?scope=team").content.decode()

    assert "Mere end 10 match" in html


def test_a_later_page_reads_its_rows_after_the_token_with_no_offset_or_full_count(
    world, login, caseworker, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client = login(caseworker)
    first = client.get(reverse("grid:results") + "?scope=team").content.decode()

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("grid:results") + _next_link(first))

    match_sql = [q["sql"].upper() for q in captured if '"GRID_MATCH"' in q["sql"].upper()]
    assert match_sql
    assert not [sql for sql in match_sql if "OFFSET" in sql]
    assert all("LIMIT" in sql for sql in match_sql if "COUNT(" in sql)


def test_the_hidden_run_filter_has_no_visible_label(world, login, caseworker):
    first = Match.objects.order_by("run_id").first().run_id
    html = login(caseworker).get(reverse("grid:results"), {"run": first}).content.decode()

    assert f'<input type="hidden" name="run" value="{first}"' in html
    assert ">Run<" not in html and 'for="id_run"' not in html
