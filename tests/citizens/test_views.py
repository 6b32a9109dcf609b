"""The caseworker's pages: Min sagsstamme, the citizen's record, the forms, transfer,
break-glass and the manager's access-log export."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from citizens import views as citizen_views
from citizens.models import (
    Alert,
    Benefit,
    CaseTransfer,
    Citizen,
    CourseChange,
    Readiness,
)
from core.models import AccessLog
from tests.factories.citizens import (
    CitizenFactory,
    ConversationFactory,
    PaidHoursFactory,
    PlanRevisionFactory,
    cpr_for,
)
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

CASELOAD = reverse("citizens:caseload")
TODAY = timezone.localdate()


def _detail(citizen: Citizen) -> str:
    return reverse("citizens:detail", args=[citizen.pk])


def _alert(citizen: Citizen, code: str = Alert.Code.PLAN_OUTDATED, days: int = 3) -> Alert:
    return Alert.objects.create(
        citizen=citizen, code=code, due=TODAY + timedelta(days=days), message="Planen er gammel."
    )


# --- Min sagsstamme ----------------------------------------------------------------------------


def test_caseload_shows_my_citizens_with_masked_cpr(cw_client, mine, colleague, foreign):
    teammates = CitizenFactory(last_name="Kollegasen", caseworker=colleague)

    response = cw_client.get(CASELOAD)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Hansen, Mette" in content
    assert f"{mine.cpr[:6]}-XXXX" in content
    assert mine.cpr[6:] not in content.replace(f"{mine.cpr[:6]}-XXXX", "")
    assert teammates.last_name not in content
    assert "Yilmaz" not in content


def test_team_scope_shows_the_whole_team_but_never_another_team(
    cw_client, mine, colleague, foreign
):
    teammates = CitizenFactory(last_name="Kollegasen", caseworker=colleague)

    content = cw_client.get(CASELOAD, {"scope": "team"}).content.decode()
    listed = cw_client.get(reverse("citizens:list")).content.decode()

    assert "Hansen" in content and teammates.last_name in content
    assert "Yilmaz" not in content
    assert teammates.last_name in listed and "Yilmaz" not in listed


def test_every_row_shown_is_logged_as_a_list_access(cw_client, caseworker):
    shown = CitizenFactory.create_batch(3, caseworker=caseworker)

    cw_client.get(CASELOAD)

    rows = AccessLog.objects.filter(action=AccessLog.Action.LIST)
    assert sorted(rows.values_list("citizen_id", flat=True)) == sorted(c.pk for c in shown)
    assert {row.actor_id for row in rows} == {caseworker.pk}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"segment": "sygedagpenge_jobafklaring"}, {"Syg"}),
        ({"benefit": "kontanthjaelp"}, {"Kontant"}),
        ({"alert": "plan_outdated"}, {"Alarm"}),
        ({"search": "kontant"}, {"Kontant"}),
    ],
)
def test_caseload_filters(cw_client, caseworker, params, expected):
    CitizenFactory(last_name="Dagpenge", caseworker=caseworker)
    CitizenFactory(
        last_name="Syg",
        caseworker=caseworker,
        course__benefit=Benefit.SYGEDAGPENGE,
        course__readiness="",
    )
    CitizenFactory(
        last_name="Kontant",
        caseworker=caseworker,
        course__benefit=Benefit.KONTANTHJAELP,
        course__readiness=Readiness.AKTIVITETSPARAT,
    )
    _alert(CitizenFactory(last_name="Alarm", caseworker=caseworker))

    response = cw_client.get(CASELOAD, params)

    names = {c.last_name for c in response.context["citizens"]}
    assert names == expected


def test_search_by_the_cprs_date_part_from_its_start(cw_client, caseworker):
    wanted = CitizenFactory(caseworker=caseworker, cpr=cpr_for(7, age=33))
    CitizenFactory(caseworker=caseworker, cpr=cpr_for(8, age=51))

    for query in (wanted.cpr[:6], wanted.cpr[:4], f"{wanted.cpr[:4]} {wanted.cpr[4:6]}"):
        response = cw_client.get(CASELOAD, {"search": query})
        assert [c.pk for c in response.context["citizens"]] == [wanted.pk], query


@pytest.mark.parametrize("digits", ["whole", "with_hyphen", "seven"])
def test_a_whole_cpr_number_is_never_searched_through_the_address(cw_client, caseworker, digits):
    wanted = CitizenFactory(caseworker=caseworker, cpr=cpr_for(7, age=33))
    query = {
        "whole": wanted.cpr,
        "with_hyphen": f"{wanted.cpr[:6]}-{wanted.cpr[6:]}",
        "seven": wanted.cpr[:7],
    }[digits]

    response = cw_client.get(CASELOAD, {"search": query})

    assert response.context["citizens"] == []
    assert "Find borger ud fra CPR" in response.content.decode()


def test_search_with_other_digits_than_0_to_9_is_refused(cw_client, caseworker):
    CitizenFactory(caseworker=caseworker, cpr="0208034364")

    response = cw_client.get(CASELOAD, {"search": "٠٢٠٨٠٣"})

    assert response.context["citizens"] == []
    assert "Brug kun cifrene 0-9" in response.content.decode()


def test_sorting_by_name_both_ways(cw_client, caseworker):
    for name in ("Berg", "Andersen", "Christensen"):
        CitizenFactory(last_name=name, caseworker=caseworker)

    ascending = cw_client.get(CASELOAD, {"ordering": "name"}).context["citizens"]
    descending = cw_client.get(CASELOAD, {"ordering": "-name"}).context["citizens"]

    assert [c.last_name for c in ascending] == ["Andersen", "Berg", "Christensen"]
    assert [c.last_name for c in descending] == ["Christensen", "Berg", "Andersen"]


def test_pagination_keeps_the_filters(cw_client, caseworker, monkeypatch):
    monkeypatch.setattr(citizen_views, "PAGE_SIZE", 2)
    for name in ("A", "B", "C", "D", "E"):
        CitizenFactory(last_name=f"Navn{name}", caseworker=caseworker)

    first = cw_client.get(CASELOAD, {"search": "navn"})
    last = cw_client.get(CASELOAD, {"search": "navn", "page": 3})

    assert [c.last_name for c in first.context["citizens"]] == ["NavnA", "NavnB"]
    assert [c.last_name for c in last.context["citizens"]] == ["NavnE"]
    assert "search=navn&amp;page=2" in first.content.decode()


def test_page_size_is_fifty(cw_client, caseworker):
    assert citizen_views.PAGE_SIZE == 50


def test_htmx_request_gets_only_the_results(cw_client, mine):
    response = cw_client.get(CASELOAD, {"search": "Hansen"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="caseload-results"')
    assert "<html" not in content and "filter-form" not in content
    assert "Hansen, Mette" in content
    assert "HX-Request" in response["Vary"]


def test_full_page_has_htmx_and_plain_get_filter_form(cw_client, mine):
    content = cw_client.get(CASELOAD).content.decode()

    assert 'method="get"' in content and f'hx-get="{CASELOAD}"' in content
    assert 'hx-push-url="true"' in content
    assert 'id="caseload-results"' in content


def test_caseload_query_count_is_constant(login, caseworker):
    client = login(caseworker)

    def count_for(n: int) -> int:
        Citizen.objects.filter(caseworker=caseworker).update(caseworker=None)
        for citizen in CitizenFactory.create_batch(n, caseworker=caseworker):
            _alert(citizen)
            _alert(citizen, code=Alert.Code.LONG_TERM_UNEMPLOYED, days=20)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CASELOAD)
        assert len(response.context["citizens"]) == n
        return len(queries)

    assert count_for(5) == count_for(40)


def test_caseload_alert_badges_show_label_and_due_date(cw_client, mine):
    alert = _alert(mine, days=2)

    content = cw_client.get(CASELOAD).content.decode()

    assert "badge--warning" in content
    assert alert.due.strftime("%d-%m-%y") in content


def test_caseload_alert_badges_are_compact_with_the_full_text_for_everyone(cw_client, mine):
    _alert(mine, days=-4)

    content = cw_client.get(CASELOAD).content.decode()

    badge = re.search(r'<span class="badge badge--error"[^>]*>(.*?)</span></li>', content).group(1)
    # One short visible label, the full label for screen readers, overdue as text not colour only.
    assert '<span aria-hidden="true">Plan</span>' in badge
    assert '<span class="visually-hidden">Planen er ikke revideret i 6 måneder,</span>' in badge
    assert '<span class="visually-hidden">overskredet</span>' in badge
    # The legend under the table spells out every short label for sighted users.
    legend = content.split('class="alert-legend"')[1]
    assert "<dt>3 mdr.</dt><dd>" in legend
    assert "<dt>Plan</dt><dd>Planen er ikke revideret i 6 måneder</dd>" in legend


def test_caseload_uses_the_screens_width(cw_client, mine):
    content = cw_client.get(CASELOAD).content.decode()

    assert '<body class="layout-wide"' in content


def test_caseload_is_in_danish(cw_client, mine):
    content = cw_client.get(CASELOAD).content.decode()

    assert "Min sagsstamme" in content
    assert "Søg på navn eller fødselsdato" in content
    assert "Sådan beregnes segmentet" in content


# --- The citizen's record ----------------------------------------------------------------------


def test_detail_shows_full_cpr_and_logs_a_view(cw_client, caseworker, mine):
    response = cw_client.get(_detail(mine))

    content = response.content.decode()
    assert response.status_code == 200
    assert f"{mine.cpr[:6]}-{mine.cpr[6:]}" in content
    row = AccessLog.objects.get()
    assert (row.action, row.citizen_id, row.actor_id) == ("view", mine.pk, caseworker.pk)


def test_detail_in_danish_with_segment_rule_staff_count_and_timeline(cw_client, caseworker, mine):
    ConversationFactory(citizen=mine, held_by=caseworker, note="Talte om lagerjob.")
    PlanRevisionFactory(citizen=mine, created_by=UserFactory(), job_goal="Lagerarbejder")

    content = cw_client.get(_detail(mine)).content.decode()

    assert "Færre fagfolk" in content
    assert "2 fagpersoner de seneste 90 dage" in content
    assert "Sådan beregnes segmentet" in content
    assert "sygedagpenge eller jobafklaring" in content
    assert "Talte om lagerjob." in content  # the timeline
    assert "Lagerarbejder" in content  # the plan
    assert "Tidslinje" in content


def test_detail_sums_the_frikort_against_the_year_amount(cw_client, mine):
    year = TODAY.year
    PaidHoursFactory(
        citizen=mine, month=date(year, 1, 1), earnings=Decimal("10000"), under_frikort=True
    )
    PaidHoursFactory(
        citizen=mine, month=date(year - 1, 6, 1), earnings=Decimal("5000"), under_frikort=True
    )

    content = cw_client.get(_detail(mine)).content.decode()

    assert f"Socialt frikort {year}: 10.000 kr. af " in content
    assert f"Socialt frikort {year - 1}: 5.000 kr. af 4" in content


def test_detail_shows_course_history_and_transfer(cw_client, caseworker, colleague, mine):
    CourseChange.objects.create(
        course=mine.current_course,
        effective=TODAY,
        field="readiness",
        old_value="jobparat",
        new_value="aktivitetsparat",
        changed_by=caseworker,
        reason="Ny vurdering",
    )
    CaseTransfer.objects.create(
        citizen=mine,
        from_caseworker=caseworker,
        to_caseworker=colleague,
        from_team=mine.team,
        to_team=mine.team,
        reason="Ferie",
        by=caseworker,
    )

    content = cw_client.get(_detail(mine)).content.decode()

    assert "Ny vurdering" in content
    assert "Ferie" in content


def test_course_history_shows_labels_never_stored_codes(cw_client, caseworker, mine):
    CourseChange.objects.create(
        course=mine.current_course,
        effective=TODAY,
        field="outcome",
        old_value="",
        new_value="ordinary_job",
        changed_by=caseworker,
    )

    content = cw_client.get(_detail(mine)).content.decode()

    assert "Afslutningsårsag: – → Ordinært job" in content
    assert "ordinary_job" not in content
    assert "outcome" not in content


def test_unknown_citizen_is_404(cw_client):
    assert cw_client.get(reverse("citizens:detail", args=[999999])).status_code == 404


# --- Break-glass and find by CPR -----------------------------------------------------------------


def test_other_teams_citizen_gets_a_refusal_that_names_nobody_and_is_logged(
    cw_client, caseworker, foreign
):
    response = cw_client.get(_detail(foreign))

    content = response.content.decode()
    assert response.status_code == 403
    for revealing in ("Ali", "Yilmaz", "Sygedagpengeafsnit", "sygedagpenge", foreign.cpr[:6]):
        assert revealing not in content
    assert "Tidslinje" not in content
    assert "Adgang til denne sag kræver en begrundelse" in content
    assert reverse("citizens:find") in content  # open by CPR with a reason
    row = AccessLog.objects.get()
    assert (row.citizen_id, row.action, row.reason, row.actor_id) == (
        foreign.pk,
        "refused",
        "",
        caseworker.pk,
    )


def test_the_refusal_is_the_same_for_every_other_teams_citizen(
    cw_client, foreign, sygedagpengeafsnit
):
    other = CitizenFactory(team=sygedagpengeafsnit, first_name="Karen", last_name="Christensen")

    first = cw_client.get(_detail(foreign)).content.decode()
    second = cw_client.get(_detail(other)).content.decode()

    def main(html: str) -> str:  # the page's own content (the shell holds this address)
        return html[html.index("<main") : html.index("</main>")]

    assert main(first) == main(second)


def test_break_glass_needs_a_reason(cw_client, foreign):
    response = cw_client.post(reverse("citizens:break_glass", args=[foreign.pk]), {"reason": "   "})

    content = response.content.decode()
    assert response.status_code == 403
    assert "Yilmaz" not in content
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["refused"]


def test_break_glass_with_reason_opens_the_record_and_logs_the_reason(
    cw_client, caseworker, foreign
):
    response = cw_client.post(
        reverse("citizens:break_glass", args=[foreign.pk]), {"reason": "Vikar for kollega"}
    )
    assert response.status_code == 302 and response["Location"] == _detail(foreign)

    page = cw_client.get(_detail(foreign))

    assert page.status_code == 200
    assert "Yilmaz" in page.content.decode()
    row = AccessLog.objects.get()
    assert (row.action, row.reason, row.actor_id) == (
        "break_glass",
        "Vikar for kollega",
        caseworker.pk,
    )


@override_settings(BREAK_GLASS_MINUTES=60)
def test_a_break_glass_reason_holds_for_an_hour_then_is_asked_for_again(cw_client, foreign):
    cw_client.post(reverse("citizens:break_glass", args=[foreign.pk]), {"reason": "Vikar"})
    session = cw_client.session
    given = session["citizens_break_glass"][str(foreign.pk)]
    assert cw_client.get(_detail(foreign)).status_code == 200

    given["at"] = (timezone.now() - timedelta(minutes=61)).isoformat()
    session.save()
    page = cw_client.get(_detail(foreign))

    assert page.status_code == 403
    assert "Tidslinje" not in page.content.decode()
    # Only the read while the reason held is a break-glass read; then access is refused again.
    assert list(AccessLog.objects.order_by("id").values_list("action", flat=True)) == [
        "break_glass",
        "refused",
    ]


def test_break_glass_record_can_be_read_not_changed(cw_client, foreign):
    cw_client.post(reverse("citizens:break_glass", args=[foreign.pk]), {"reason": "Vikar"})

    page = cw_client.get(_detail(foreign)).content.decode()
    form = cw_client.get(reverse("citizens:conversation_create", args=[foreign.pk]))

    assert reverse("citizens:conversation_create", args=[foreign.pk]) not in page
    assert form.status_code == 403


def test_find_by_cpr_own_team_opens_the_record(cw_client, mine):
    response = cw_client.post(reverse("citizens:find"), {"cpr": f"{mine.cpr[:6]}-{mine.cpr[6:]}"})

    assert response.status_code == 302 and response["Location"] == _detail(mine)
    assert AccessLog.objects.get().action == "search"


def test_find_by_cpr_other_team_asks_for_a_reason_naming_nobody(cw_client, foreign):
    response = cw_client.post(reverse("citizens:find"), {"cpr": foreign.cpr})

    content = response.content.decode()
    assert response.status_code == 403
    assert "Yilmaz" not in content and "Sygedagpengeafsnit" not in content
    assert "Adgang til borgeren kræver en begrundelse" in content
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["refused"]


def test_find_by_cpr_other_team_with_a_reason_opens_the_record_logged(
    cw_client, caseworker, foreign
):
    response = cw_client.post(
        reverse("citizens:find"), {"cpr": foreign.cpr, "reason": "Borgeren ringede"}
    )
    assert response.status_code == 302 and response["Location"] == _detail(foreign)

    page = cw_client.get(_detail(foreign))

    assert page.status_code == 200 and "Yilmaz" in page.content.decode()
    rows = AccessLog.objects.order_by("id").values_list("action", "reason", "actor_id")
    assert list(rows) == [
        ("search", "", caseworker.pk),
        ("break_glass", "Borgeren ringede", caseworker.pk),
    ]


def test_find_by_cpr_unknown_and_invalid(cw_client):
    unknown = cw_client.post(reverse("citizens:find"), {"cpr": cpr_for(99, age=44)})
    invalid = cw_client.post(reverse("citizens:find"), {"cpr": "3213901234"})
    foreign_digits = cw_client.post(reverse("citizens:find"), {"cpr": "٠٢٠٨٠٣٤٣٦٤"})

    assert "Ingen borger har dette CPR-nummer." in unknown.content.decode()
    assert invalid.status_code == 422
    assert invalid.context["form"].errors["cpr"]
    assert foreign_digits.status_code == 422
    assert "Brug kun cifrene 0-9" in foreign_digits.context["form"].errors["cpr"][0]


def test_find_by_cpr_is_a_post_form_and_a_cpr_in_the_address_is_refused(cw_client, mine, caplog):
    page = cw_client.get(reverse("citizens:find"))
    assert 'method="post"' in page.content.decode()

    with caplog.at_level("INFO"):
        response = cw_client.get(reverse("citizens:find"), {"cpr": mine.cpr})

    assert response.status_code == 400
    assert "må aldrig sendes i en adresse" in response.content.decode()
    assert mine.cpr not in response.content.decode()
    assert mine.cpr not in caplog.text
    assert not AccessLog.objects.exists()


# --- Transfer ----------------------------------------------------------------------------------


def test_transfer_moves_the_chosen_citizens_with_the_reason(cw_client, caseworker, colleague):
    first, second = CitizenFactory.create_batch(2, caseworker=caseworker)

    response = cw_client.post(
        reverse("citizens:transfer"),
        {
            "citizens": [first.pk, second.pk],
            "to_caseworker": colleague.pk,
            "reason": "Omfordeling efter ferie",
            "next": CASELOAD,
        },
    )

    assert response.status_code == 302 and response["Location"] == CASELOAD
    assert set(Citizen.objects.values_list("caseworker", flat=True)) == {colleague.pk}
    assert CaseTransfer.objects.filter(reason="Omfordeling efter ferie").count() == 2
    assert "Omfordeling efter ferie" in cw_client.get(_detail(first)).content.decode()


def test_the_caseload_sends_the_ticked_citizens_to_the_transfer_page(
    cw_client, caseworker, colleague, mine
):
    caseload = cw_client.get(CASELOAD).content.decode()
    panel = caseload.split('class="transfer-form"')[0].rsplit("<form", 1)[1]
    # A GET of the transfer page: no list of every caseworker on each view of the caseload.
    assert 'method="get"' in panel and f'action="{reverse("citizens:transfer")}"' in panel
    assert "to_caseworker" not in caseload
    assert f'name="citizens" value="{mine.pk}"' in caseload

    page = cw_client.get(reverse("citizens:transfer"), {"citizens": [mine.pk], "next": CASELOAD})

    content = page.content.decode()
    assert page.status_code == 200
    assert f'<input type="hidden" name="citizens" value="{mine.pk}">' in content
    assert mine.full_name in content
    assert 'name="to_caseworker"' in content and f'value="{colleague.pk}"' in content
    assert 'name="reason"' in content
    assert not CaseTransfer.objects.exists()


def test_transfer_requires_a_reason(cw_client, caseworker, colleague, mine):
    response = cw_client.post(
        reverse("citizens:transfer"),
        {"citizens": [mine.pk], "to_caseworker": colleague.pk, "reason": "  "},
    )

    assert response.status_code == 422
    assert "Angiv hvorfor borgerne overdrages." in response.content.decode()
    mine.refresh_from_db()
    assert mine.caseworker == caseworker
    assert not CaseTransfer.objects.exists()


def test_transfer_without_citizens_ties_the_error_to_the_way_back(cw_client, colleague):
    response = cw_client.post(
        reverse("citizens:transfer"), {"to_caseworker": colleague.pk, "reason": "Ferie"}
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert '<ul class="errorlist" id="id_citizens_error"><li>Vælg mindst én borger.</li>' in content
    assert re.search(r'<a href="[^"]*" aria-describedby="id_citizens_error">Gå tilbage', content)
    assert not CaseTransfer.objects.exists()


def test_transfer_cannot_take_another_teams_citizen(cw_client, colleague, foreign):
    response = cw_client.post(
        reverse("citizens:transfer"),
        {"citizens": [foreign.pk], "to_caseworker": colleague.pk, "reason": "Forsøg"},
    )

    assert response.status_code == 422
    assert not CaseTransfer.objects.exists()


# --- Start page and access-log export ----------------------------------------------------------


def test_caseworker_start_page_links_the_caseload_with_counts(cw_client, caseworker, mine):
    _alert(mine, days=0)
    CitizenFactory(caseworker=caseworker)

    content = cw_client.get(reverse("home")).content.decode()

    assert CASELOAD in content
    assert '<span class="stat__number">2</span>' in content
    assert '<span class="stat__number">1</span>' in content


def test_manager_downloads_the_access_log_as_csv(login, manager, caseworker, mine):
    AccessLog.objects.create(
        actor=caseworker, action="view", citizen_id=mine.pk, cpr_hash=mine.cpr_hash, reason="=cmd"
    )
    client = login(manager)

    page = client.get(reverse("access-log-export"))
    response = client.post(reverse("access-log-export"), {"cpr": mine.cpr})

    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][1] == "sb-job" and rows[1][5] == mine.cpr and rows[1][6] == "'=cmd"
    assert reverse("access-log-export") in client.get(reverse("home")).content.decode()


def test_access_log_export_invalid_cpr_and_other_roles(login, manager, caseworker):
    invalid = login(manager).post(reverse("access-log-export"), {"cpr": "12"})
    assert invalid.status_code == 422

    forbidden = login(caseworker).post(reverse("access-log-export"), {"cpr": "0101901234"})
    assert forbidden.status_code == 403


def test_access_log_export_refuses_a_cpr_in_the_address(login, manager, caplog):
    with caplog.at_level("INFO"):
        response = login(manager).get(reverse("access-log-export"), {"cpr": "0101901234"})

    assert response.status_code == 400
    assert "må aldrig sendes i en adresse" in response.content.decode()
    assert "0101901234" not in caplog.text and "010190-1234" not in caplog.text


def test_the_segment_rule_on_the_page_is_the_one_that_derives_the_segment(cw_client):
    from citizens.segments import SEGMENT_RULES

    page = cw_client.get(reverse("citizens:caseload")).content.decode()

    listed = re.findall(r"<li>([^<:]+): ([^<]+)\.</li>", page.split("segment-rule__list")[1])
    assert [label for label, _ in listed] == [str(rule.segment.label) for rule in SEGMENT_RULES]
    assert (
        "Unge",
        "borgeren er under 30 år og på kontanthjælp (herunder den tidligere uddannelseshjælp)",
    ) in listed


def test_the_record_shows_the_newest_of_a_long_history_and_all_on_request(
    cw_client, caseworker, mine
):
    today = timezone.localdate()
    for days in range(25):
        ConversationFactory(
            citizen=mine,
            held_by=caseworker,
            date=today - timedelta(days=days),
            note=f"Samtale {days}",
        )
    url = reverse("citizens:detail", args=[mine.pk])

    recent = cw_client.get(url).content.decode()
    everything = cw_client.get(url, {"historik": "alle"}).content.decode()

    assert "Samtale 0<" in recent and "Samtale 19<" in recent  # the conversations' table
    assert "Samtale 20<" not in recent and "Samtale 24<" not in recent
    assert "De nyeste 20 af 25." in recent
    assert "?historik=alle#conversations" in recent and "Vis alle 25" in recent
    assert "Samtale 24<" in everything and "De nyeste" not in everything
