"""The GRID's pages: start a run, the live progress fragment, results with filters and reasons,
a citizen's matches and exclusions, propose, the consultant's accept/reject, the manager's
picture. Danish, accessible markup, no inline script or style."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLog
from grid.models import Match, MatchRun
from tests.factories.employers import PlacementFactory
from tests.grid.ui_fixtures import (  # noqa: F401 (fixtures)
    SECRET_NOTE,
    no_incremental_runs,
    pair_fixture,
    proposed_fixture,
)

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def test_the_overview_starts_a_run_and_redirects_to_its_page(login, caseworker, make_citizen):
    client = login(caseworker)
    page = client.get(reverse("grid:overview"))

    response = client.post(reverse("grid:run_start"), {"scope": "all"})

    assert page.status_code == 200
    assert 'name="scope"' in _html(page)
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("grid:run", args=[run.pk])
    assert run.started_by == caseworker


def test_one_citizen_is_screened_by_cpr_and_no_list_of_names_is_sent(
    login, caseworker, make_citizen, jobafsnit
):
    mine = make_citizen(first_name="Sofie", last_name="Holm", team=jobafsnit)
    client = login(caseworker)

    page = _html(client.get(reverse("grid:overview")))
    response = client.post(
        reverse("grid:run_start"),
        {"scope": "citizen", "citizen": f"{mine.cpr[:6]}-{mine.cpr[6:]}"},
    )

    assert "Sofie Holm" not in page and '<select name="citizen"' not in page
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert (run.scope, run.citizen) == ("citizen", mine)


def test_a_cpr_of_another_teams_citizen_starts_nothing(login, caseworker, make_citizen):
    from core.models import Team

    other = make_citizen(team=Team.objects.create(name="Ungeafsnit", slug="unge"))
    client = login(caseworker)

    response = client.post(reverse("grid:run_start"), {"scope": "citizen", "citizen": other.cpr})

    assert response.status_code == 422
    html = _html(response)
    assert "Ingen af dine borgere har dette CPR-nummer." in html
    assert "Skriv borgerens CPR-nummer." not in html  # one error, not two
    assert not MatchRun.objects.exists()


def test_a_scope_without_its_choice_shows_the_error_next_to_the_field(login, caseworker):
    client = login(caseworker)

    response = client.post(reverse("grid:run_start"), {"scope": "citizen"})

    assert response.status_code == 422
    html = _html(response)
    assert 'aria-invalid="true"' in html
    assert "Skriv borgerens CPR-nummer." in html
    assert not MatchRun.objects.exists()


def test_the_progress_fragment_polls_while_running_and_stops_when_done(login, manager, pair):
    done = Match.objects.first().run
    queued = MatchRun.objects.create(scope="all", shards_total=4, shards_done=1, status="running")
    client = login(manager)

    running = _html(
        client.get(reverse("grid:run_progress", args=[queued.pk]), HTTP_HX_REQUEST="true")
    )
    finished = _html(
        client.get(reverse("grid:run_progress", args=[done.pk]), HTTP_HX_REQUEST="true")
    )

    assert 'hx-trigger="every 2s"' in running
    assert '<progress id="run-progress-bar"' in running and 'value="25"' in running
    assert "25 %" in running
    assert 'hx-swap-oob="innerHTML"' in running
    assert "hx-trigger" not in finished
    assert 'value="100"' in finished


def test_the_run_page_has_a_live_region_and_the_exclusion_counts(
    login, manager, pair, make_opening
):
    run = Match.objects.first().run
    run.excluded = {"accommodations": 3}
    run.save()
    client = login(manager)

    html = _html(client.get(reverse("grid:run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="da"))

    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "Arbejdspladsen kan ikke tage hensyn" in html or "skånebehov" in html
    assert "<caption>" in html


def test_results_filter_and_show_the_reasons_and_log_each_citizen(
    login, caseworker, pair, make_citizen, make_opening, run_grid
):
    citizen, opening, _match = pair
    client = login(caseworker)

    team = {"scope": "team"}
    html = _html(client.get(reverse("grid:results"), team, HTTP_ACCEPT_LANGUAGE="da"))
    high = _html(client.get(reverse("grid:results"), {**team, "min_score": 101}))
    by_group = _html(client.get(reverse("grid:results"), {**team, "group": "2"}))

    assert citizen.full_name in html and opening.title in html
    assert "Kan tilbyde: ingen tunge løft" in html
    assert 'name="min_score"' in high and citizen.full_name not in high.split("</form>")[1]
    assert citizen.full_name not in by_group.split("</form>")[1]
    assert AccessLog.objects.filter(
        actor=caseworker, citizen_id=citizen.pk, action=AccessLog.Action.LIST
    ).exists()


def test_the_citizen_fragment_has_a_propose_button_and_the_exclusions_on_request(
    login, caseworker, pair
):
    citizen, _opening, match = pair
    client = login(caseworker)
    url = f"{reverse('grid:citizen_matches')}?citizen={citizen.pk}"

    fragment = _html(client.get(url, HTTP_HX_REQUEST="true"))
    exclusions = client.get(f"{reverse('grid:citizen_exclusions')}?citizen={citizen.pk}")

    assert "<html" not in fragment
    assert reverse("grid:propose", args=[match.pk]) in fragment
    assert 'hx-get="/grid/matches/borger/udelukket/' in fragment
    assert exclusions.status_code == 200


def test_proposing_from_the_page_redirects_back_with_a_message(login, caseworker, pair):
    citizen, _opening, match = pair
    client = login(caseworker)
    back = f"{reverse('grid:citizen_matches')}?citizen={citizen.pk}"

    response = client.post(reverse("grid:propose", args=[match.pk]), {"next": back}, follow=True)

    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED
    assert response.redirect_chain[-1][0] == back


def test_the_consultant_sees_candidates_by_name_and_needs_never_cpr_or_notes(
    login, consultant, proposed
):
    citizen, _opening, _match = proposed
    client = login(consultant)
    hidden = _html(client.get(reverse("grid:candidates"), HTTP_ACCEPT_LANGUAGE="da"))
    citizen.shared_accommodations = ["no_heavy_lifting"]
    citizen.save()

    html = _html(client.get(reverse("grid:candidates"), HTTP_ACCEPT_LANGUAGE="da"))

    assert "Ingen tunge løft" not in hidden  # not agreed to share
    assert citizen.full_name in html
    assert "Ingen tunge løft" in html
    assert "Score" not in html and "point" not in html
    assert citizen.cpr not in html and citizen.cpr[:6] not in html
    assert SECRET_NOTE not in html


def test_a_consultant_sees_no_unproposed_citizen(login, consultant, pair):
    citizen, _opening, _match = pair
    client = login(consultant)

    html = _html(client.get(reverse("grid:candidates")))

    assert citizen.full_name not in html


def test_accepting_creates_the_placement_and_a_full_opening_shows_the_reason(
    login, consultant, proposed, make_citizen, make_opening
):
    _citizen, opening, match = proposed
    PlacementFactory(opening=opening, start=timezone.localdate() - timedelta(days=1))
    client = login(consultant)

    response = client.post(reverse("grid:accept", args=[match.pk]), {}, follow=True)

    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED
    assert "message--error" in _html(response)


def test_accepting_with_a_free_seat(login, consultant, proposed):
    _citizen, _opening, match = proposed
    client = login(consultant)

    client.post(reverse("grid:accept", args=[match.pk]), {})

    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


def test_rejecting_without_a_reason_shows_the_error_and_with_one_keeps_it(
    login, consultant, proposed
):
    _citizen, _opening, match = proposed
    client = login(consultant)

    empty = client.post(reverse("grid:reject", args=[match.pk]), {"reason": "  "})
    given = client.post(reverse("grid:reject", args=[match.pk]), {"reason": "Ikke truckcertifikat"})

    assert empty.status_code == 422
    assert 'aria-invalid="true"' in _html(empty)
    assert given.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.REJECTED
    assert match.reject_reason == "Ikke truckcertifikat"


def test_the_heat_map_has_th_scope_numbers_and_drill_down_links(login, manager, pair):
    client = login(manager)

    html = _html(client.get(reverse("grid:supply_demand"), HTTP_ACCEPT_LANGUAGE="da"))

    assert 'scope="row"' in html and 'scope="col"' in html
    assert f"{reverse('grid:results')}?group=5&amp;segment=" in html
    assert f"{reverse('employers:openings')}?occupation_group=5&amp;kind=" in html
    assert re.search(r"heat--supply-[1-4]", html)


def test_the_plan_and_fairness_pages_show_their_tables(login, manager, pair):
    client = login(manager)

    plan = _html(client.get(reverse("grid:plan"), HTTP_ACCEPT_LANGUAGE="da"))
    fairness = _html(client.get(reverse("grid:fairness"), HTTP_ACCEPT_LANGUAGE="da"))

    assert "<caption>" in plan and "mere end den grådige" in plan
    assert fairness.count("<table") == 3


def test_grid_pages_have_no_inline_script_or_style(login, manager, caseworker, consultant, pair):
    pages = [
        (manager, reverse("grid:overview")),
        (manager, reverse("grid:supply_demand")),
        (manager, reverse("grid:plan")),
        (manager, reverse("grid:fairness")),
        (caseworker, reverse("grid:results")),
        (consultant, reverse("grid:candidates")),
    ]
    for user, url in pages:
        html = _html(login(user).get(url))
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html and "<style" not in html, url
        assert " on" + "click=" not in html, url


def test_the_citizen_record_links_to_the_grid(login, caseworker, pair):
    citizen, _opening, _match = pair
    client = login(caseworker)

    html = _html(client.get(reverse("citizens:detail", args=[citizen.pk])))

    assert f"{reverse('grid:citizen_matches')}?citizen={citizen.pk}" in html


def test_the_results_page_queries_do_not_grow_with_rows(
    login, caseworker, make_citizen, make_opening, run_grid, django_assert_max_num_queries
):
    make_opening()
    make_citizen()
    run_grid()
    client = login(caseworker)
    with django_assert_max_num_queries(80) as few:
        client.get(reverse("grid:results"))
    for _ in range(6):
        make_citizen()
    run_grid()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("grid:results"))

    assert Match.objects.count() > 6
    assert response.status_code == 200


def test_filtering_with_htmx_announces_the_count_in_the_status_region(login, caseworker, pair):
    client = login(caseworker)

    page = _html(client.get(reverse("grid:results")))
    fragment = _html(client.get(reverse("grid:results"), {"min_score": 0}, HTTP_HX_REQUEST="true"))

    assert '<p id="results-status" class="visually-hidden" role="status"></p>' in page
    assert '<span id="results-status" hx-swap-oob="innerHTML">' in fragment
    assert "<html" not in fragment
