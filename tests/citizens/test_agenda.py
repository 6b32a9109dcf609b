"""The caseworker's agenda "Mine frister": the page /borgere/frister/ and /api/v1/deadlines/."""

import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from citizens.agenda import ALERT_ACTIONS, end_of_week
from citizens.alerts import alerts_refresh
from citizens.models import Alert
from citizens.selectors import caseload_summary
from core.identifiers import mask_cpr
from core.models import AccessLog
from core.navigation import navigation_for
from core.roles import CASEWORKER, CONSULTANT, MANAGER
from tests.factories.citizens import AlertFactory, CitizenFactory
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("citizens:agenda")
API = "/api/v1/deadlines/"
DETAIL_TEMPLATE = Path(__file__).resolve().parents[2] / "citizens/templates/citizens/detail.html"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def colleague(jobafsnit):
    return UserFactory(username="sb-job-kollega", team=jobafsnit, roles=[CASEWORKER])


@pytest.fixture
def world(today, jobafsnit, sygedagpengeafsnit, caseworker, colleague, other_caseworker):
    """Mine: one overdue and one due this week (and one next week, not on the agenda); the
    colleague's citizen in the same team; another team's citizen."""
    mine = CitizenFactory(team=jobafsnit, caseworker=caseworker, last_name="Fristesen")
    overdue = AlertFactory(
        citizen=mine, code=Alert.Code.PLAN_OUTDATED, due=today - timedelta(days=10)
    )
    this_week = AlertFactory(citizen=mine, code=Alert.Code.SICK_FOLLOW_UP, due=end_of_week(today))
    later = CitizenFactory(team=jobafsnit, caseworker=caseworker, last_name="Senerehansen")
    AlertFactory(citizen=later, due=end_of_week(today) + timedelta(days=1))
    colleagues = CitizenFactory(team=jobafsnit, caseworker=colleague, last_name="Kollegasen")
    theirs = AlertFactory(citizen=colleagues, due=today - timedelta(days=1))
    foreign = CitizenFactory(
        team=sygedagpengeafsnit, caseworker=other_caseworker, last_name="Fremmedsen"
    )
    AlertFactory(citizen=foreign, due=today)
    return {
        "mine": mine,
        "overdue": overdue,
        "this_week": this_week,
        "later": later,
        "colleagues": colleagues,
        "theirs": theirs,
        "foreign": foreign,
    }


# --- The declaration -----------------------------------------------------------------------------


def test_every_alert_code_declares_a_record_section_that_exists():
    template = DETAIL_TEMPLATE.read_text()
    assert set(ALERT_ACTIONS) == set(Alert.Code.values)
    for code, action in ALERT_ACTIONS.items():
        assert f'id="{action.section}"' in template, code


# --- The page ------------------------------------------------------------------------------------


def test_agenda_lists_my_overdue_and_this_weeks_deadlines_earliest_first(
    client, caseworker, world, today
):
    client.force_login(caseworker)
    response = client.get(PAGE)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.alert for row in rows] == [world["overdue"], world["this_week"]]
    assert [row.overdue for row in rows] == [True, False]
    content = response.content.decode()
    assert "Senerehansen" not in content  # due next week
    assert "Kollegasen" not in content  # the colleague's citizen, not in "mine"


def test_each_deadline_shows_its_rule_text_reference_and_a_link_to_act(
    client, caseworker, world, today
):
    client.force_login(caseworker)
    content = client.get(PAGE).content.decode()

    overdue = world["overdue"]
    record = reverse("citizens:detail", args=[world["mine"].pk])
    assert overdue.message in content
    assert str(Alert.Code.PLAN_OUTDATED.label) in content
    assert overdue.legal_reference in content  # as the engine stored it
    assert f'href="{record}#plan"' in content
    assert f'href="{record}#conversations"' in content  # the sickness follow-up


def test_agenda_masks_the_cpr_number(client, caseworker, world):
    client.force_login(caseworker)
    content = client.get(PAGE).content.decode()

    cpr = world["mine"].cpr
    assert mask_cpr(cpr) in content
    assert cpr not in content


def test_team_filter_adds_the_colleagues_citizens_with_their_caseworker(
    client, caseworker, colleague, world
):
    client.force_login(caseworker)
    response = client.get(PAGE, {"scope": "team"})

    alerts = [row.alert for row in response.context["rows"]]
    assert alerts == [world["overdue"], world["theirs"], world["this_week"]]
    assert colleague.get_full_name() in response.content.decode()
    assert "Fremmedsen" not in response.content.decode()


def test_another_teams_caseworker_sees_none_of_these_deadlines(client, other_caseworker, world):
    client.force_login(other_caseworker)
    content = client.get(PAGE, {"scope": "team"}).content.decode()

    assert "Fremmedsen" in content  # their own team's citizen
    for name in ("Fristesen", "Kollegasen", "Senerehansen"):
        assert name not in content


def test_agenda_logs_one_list_access_per_citizen_shown(client, caseworker, world):
    client.force_login(caseworker)
    client.get(PAGE)

    rows = list(AccessLog.objects.values_list("citizen_id", "action"))
    assert rows == [(world["mine"].pk, "list")]  # two deadlines, one citizen, one row


def test_agenda_agrees_with_the_start_pages_count_which_links_to_it(client, caseworker, world):
    client.force_login(caseworker)
    response = client.get(PAGE)

    count = response.context["page"].paginator.count
    assert count == caseload_summary(user=caseworker)["alerts_due"] == 2
    home = client.get("/").content.decode()
    assert re.search(rf'href="{PAGE}"><span class="stat__number">{count}</span>', home)


def test_agenda_is_in_the_caseworkers_navigation_only(client, consultant):
    assert PAGE in [link.url for link in navigation_for(frozenset({CASEWORKER}))]
    assert PAGE not in [link.url for link in navigation_for(frozenset({CONSULTANT, MANAGER}))]
    client.force_login(consultant)
    assert client.get(PAGE).status_code == 403


# --- The API -------------------------------------------------------------------------------------


def test_api_lists_my_deadlines_paginated_with_rule_and_masked_cpr(api, caseworker, world):
    api.force_authenticate(caseworker)
    response = api.get(API)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2
    first = body["results"][0]
    overdue = world["overdue"]
    assert first["id"] == overdue.pk
    assert first["code"] == "plan_outdated"
    assert first["overdue"] is True
    assert first["message"] == overdue.message
    assert first["legal_reference"] == overdue.legal_reference
    assert first["cpr"] == mask_cpr(world["mine"].cpr)
    assert world["mine"].cpr not in response.content.decode()
    assert first["record_url"] == reverse("citizens:detail", args=[world["mine"].pk]) + "#plan"
    assert [row["due"] for row in body["results"]] == sorted(row["due"] for row in body["results"])


def test_api_pages_like_the_other_lists(api, caseworker, world):
    api.force_authenticate(caseworker)
    body = api.get(API, {"page_size": 1}).json()

    assert body["count"] == 2
    assert len(body["results"]) == 1
    assert re.search(r"page=2", body["next"])


def test_api_team_scope_and_another_teams_caseworker_seeing_nothing(
    api, caseworker, other_caseworker, world
):
    api.force_authenticate(caseworker)
    assert api.get(API, {"scope": "team"}).json()["count"] == 3

    api.force_authenticate(other_caseworker)
    ids = {row["citizen"] for row in api.get(API, {"scope": "team"}).json()["results"]}
    assert ids == {world["foreign"].pk}
    assert api.get(API).json()["count"] == 1


def test_api_logs_one_row_per_citizen_returned(api, caseworker, world):
    api.force_authenticate(caseworker)
    api.get(API, {"scope": "team"})

    rows = sorted(AccessLog.objects.values_list("citizen_id", "action"))
    assert rows == sorted([(world["mine"].pk, "api_list"), (world["colleagues"].pk, "api_list")])


def test_api_refuses_a_consultant_and_an_unknown_scope(api, consultant, caseworker, world):
    api.force_authenticate(consultant)
    assert api.get(API).status_code == 403

    api.force_authenticate(caseworker)
    response = api.get(API, {"scope": "alle"})
    assert response.status_code == 400
    assert not AccessLog.objects.exists()


def test_api_requires_login(api):
    assert api.get(API).status_code == 401


def test_agenda_queries_do_not_grow_with_its_rows(client, api, caseworker, world, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(caseworker)
    api.force_authenticate(caseworker)

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            client.get(PAGE)
        with CaptureQueriesContext(connection) as endpoint:
            api.get(API)
        return len(page), len(endpoint)

    counts()  # the permissions are cached on the user from the first request on
    before = counts()
    for citizen in CitizenFactory.create_batch(5, team=world["mine"].team, caseworker=caseworker):
        AlertFactory(citizen=citizen, code=Alert.Code.JOBPARAT_3_MONTHS, due=today)
    assert counts() == before


def test_on_the_agenda_only_mine_frister_is_the_current_navigation_link():
    links = navigation_for(frozenset({CASEWORKER}), PAGE)

    assert [link.url for link in links if link.current] == [PAGE]


# --- The rule reference: the row that produced the deadline ---------------------------------------


def test_a_contact_deadline_spanning_2026_07_01_names_the_law_of_its_course_start(
    client, api, caseworker, jobafsnit, monkeypatch
):
    """A dagpenge course started 2026-03-02 owes 3 job conversations under lov nr. 727/2023 (the
    row in force on the start); its deadline, 2026-09-01, falls after lov nr. 1750/2025 took
    effect. The agenda names the law that produced the deadline, not the row of the due date."""
    citizen = CitizenFactory(
        team=jobafsnit,
        caseworker=caseworker,
        course__start=date(2026, 3, 2),
        course__benefit="a_dagpenge",
    )
    alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 3, 2))
    alert = Alert.objects.get(citizen=citizen, code=Alert.Code.CONTACT_CONVERSATION)
    assert alert.due == date(2026, 9, 1)
    assert "0 af 3 jobsamtaler" in alert.message
    monkeypatch.setattr(
        "citizens.agenda.timezone", SimpleNamespace(localdate=lambda: date(2026, 9, 1))
    )

    client.force_login(caseworker)
    rows = [row for row in client.get(PAGE).context["rows"] if row.alert == alert]
    api.force_authenticate(caseworker)
    results = api.get(API).json()["results"]
    shown = [row["legal_reference"] for row in results if row["id"] == alert.pk]

    assert [row.legal_reference for row in rows] == shown == [alert.legal_reference]
    assert "lov nr. 727 af 13. juni 2023" in alert.legal_reference
    assert "1750" not in alert.legal_reference


def test_each_stored_deadline_carries_the_reference_of_the_row_it_was_computed_by(jobafsnit):
    """A sick-pay course from 2026-06-15 and its first-conversation deadline (week 8, in August):
    the reference is the row in force on the first absence day."""
    citizen = CitizenFactory(
        team=jobafsnit,
        course__start=date(2026, 6, 15),
        course__benefit="sygedagpenge",
        course__first_absence_day=date(2026, 6, 15),
    )
    alerts_refresh(citizen_ids=[citizen.pk], today=date(2026, 6, 15))

    alert = Alert.objects.get(citizen=citizen, code=Alert.Code.SICK_FIRST_CONVERSATION)
    assert alert.due == date(2026, 8, 7)
    assert "§ 13 b" in alert.legal_reference
