"""core.access: the one owner of access logging finds the citizens a response shows."""

from dataclasses import dataclass

import pytest
from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.test import RequestFactory

from citizens.models import Alert, Citizen
from core.access import citizens_in, log_response, mark_break_glass, render, shown
from core.models import AccessLog
from tests.factories.citizens import AlertFactory, CitizenFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    alert: Alert
    label: str


class CitizenChoice(forms.Form):
    citizen = forms.ModelChoiceField(queryset=Citizen.objects.all())


def test_citizens_are_found_in_lists_dicts_dataclasses_pages_and_related_rows(jobafsnit):
    a, b, c, d = CitizenFactory.create_batch(4, team=jobafsnit)
    alert = Alert.objects.select_related("citizen").get(pk=AlertFactory(citizen=c).pk)
    page = Paginator(Citizen.objects.filter(pk=d.pk), 10).get_page(1)
    list(page)  # what the template iterated

    found = citizens_in({"citizen": a, "rows": [{"x": b}], "row": Row(alert, "x"), "page": page})

    assert {citizen.pk for citizen in found} == {a.pk, b.pk, c.pk, d.pk}


def test_each_citizen_is_found_once(jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    alerts = list(
        Alert.objects.select_related("citizen").filter(
            pk__in=[
                AlertFactory(citizen=citizen, code=Alert.Code.PLAN_OUTDATED).pk,
                AlertFactory(citizen=citizen, code=Alert.Code.SICK_FOLLOW_UP).pk,
            ]
        )
    )

    assert [c.pk for c in citizens_in({"citizen": citizen, "alerts": alerts})] == [citizen.pk]


def test_what_was_never_fetched_or_only_offered_in_a_form_is_not_shown(jobafsnit):
    CitizenFactory.create_batch(2, team=jobafsnit)

    assert citizens_in({"queryset": Citizen.objects.all(), "form": CitizenChoice()}) == []


def test_a_page_logs_each_citizen_in_its_context_once(caseworker, jobafsnit):
    citizens = CitizenFactory.create_batch(2, team=jobafsnit)
    request = RequestFactory().get("/borgere/")
    request.user = caseworker

    response = render(request, "citizens/find.html", {"a": citizens, "b": citizens[0]})
    response.render()
    log_response(request, response)
    log_response(request, response)  # once per request

    rows = AccessLog.objects.order_by("citizen_id")
    assert [(row.citizen_id, row.action, row.path) for row in rows] == [
        (citizen.pk, "view", "/borgere/") for citizen in sorted(citizens, key=lambda c: c.pk)
    ]


def test_a_citizen_opened_by_break_glass_is_logged_with_the_reason(caseworker, jobafsnit):
    citizen = mark_break_glass(CitizenFactory(team=jobafsnit), "Vikar for kollega")
    request = RequestFactory().get("/borgere/1/")
    request.user = caseworker

    response = render(request, "citizens/find.html", {"citizen": citizen})
    response.render()
    log_response(request, response)

    row = AccessLog.objects.get()
    assert (row.action, row.reason) == ("break_glass", "Vikar for kollega")


def test_a_file_or_redirect_logs_what_the_view_declared(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    request = RequestFactory().get("/borgere/find/")
    request.user = caseworker

    shown(request, [citizen], action=AccessLog.Action.SEARCH)
    log_response(request, HttpResponse(status=302))

    row = AccessLog.objects.get()
    assert (row.citizen_id, row.action) == (citizen.pk, "search")


def test_break_glass_wins_when_the_same_citizen_is_also_shown_unmarked(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)
    marked = mark_break_glass(Citizen.objects.get(pk=citizen.pk), "Vikar")

    found = citizens_in({"first": [citizen], "record": marked})

    assert found == [citizen]
    assert found[0] is marked


def test_a_requests_refusals_views_and_break_glass_opens_are_written_in_one_insert(
    caseworker, jobafsnit, sygedagpengeafsnit
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.access import refused

    shown_citizens = CitizenFactory.create_batch(3, team=jobafsnit)
    opened = mark_break_glass(CitizenFactory(team=sygedagpengeafsnit), "Vikar for kollega")
    refused_citizen = CitizenFactory(team=sygedagpengeafsnit)
    request = RequestFactory().get("/borgere/")
    request.user = caseworker
    refused(request, [refused_citizen.pk], reason="")
    response = render(request, "citizens/find.html", {"a": shown_citizens, "b": opened})
    response.render()

    with CaptureQueriesContext(connection) as captured:
        written = log_response(request, response)

    inserts = [q["sql"] for q in captured if q["sql"].upper().startswith("INSERT")]
    assert len(inserts) == 1 and "core_accesslog" in inserts[0]
    assert written == 5
    assert sorted(AccessLog.objects.values_list("action", flat=True)) == [
        "break_glass",
        "refused",
        "view",
        "view",
        "view",
    ]
