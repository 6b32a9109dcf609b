"""Sick-pay details of a course (first absence day, sick from, expected absence, partial sick
leave, employer CVR): one service checks them, the API's citizen resource and the record's form
call it, and bad input gets a Danish message and changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from citizens import services
from citizens.models import Citizen, Course
from tests.factories.citizens import CitizenFactory, CourseFactory, citizen_set_current_course

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - timedelta(days=20)
VALID_CVR = "12345674"


@pytest.fixture
def sick(jobafsnit, caseworker):
    citizen = CitizenFactory(course=False, team=jobafsnit, caseworker=caseworker)
    course = CourseFactory(citizen=citizen, benefit="sygedagpenge", readiness="", start=START)
    citizen_set_current_course(citizen, course)
    return citizen


def set_details(citizen, actor, **values):
    defaults = {"first_absence_day": START - timedelta(days=30), "sick_from": "employment"}
    return services.course_sick_pay_set(actor=actor, citizen=citizen, **{**defaults, **values})


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught, translation.override("da"):
        call()
    return caught.value.message_dict


# --- The service ------------------------------------------------------------------------------


def test_sick_pay_details_are_recorded_on_the_open_course(sick, caseworker):
    set_details(
        sick,
        caseworker,
        expected_absence_weeks=12,
        partial_sick_leave=True,
        employer_cvr="12 34 56 74",
    )
    course = Course.objects.get(pk=sick.current_course_id)
    assert (course.first_absence_day, course.sick_from, course.expected_absence_weeks) == (
        START - timedelta(days=30),
        "employment",
        12,
    )
    assert (course.partial_sick_leave, course.employer_cvr) == (True, VALID_CVR)


@pytest.mark.parametrize(
    ("values", "field", "danish"),
    [
        ({"first_absence_day": START + timedelta(days=1)}, "first_absence_day", "efter forløbets"),
        ({"first_absence_day": TODAY + timedelta(days=1)}, "first_absence_day", "fremtiden"),
        ({"first_absence_day": None}, "first_absence_day", "første fraværsdag"),
        ({"sick_from": "holiday"}, "sick_from", "sygemeldt fra"),
        ({"sick_from": "unemployment", "employer_cvr": VALID_CVR}, "employer_cvr", "fra et job"),
        ({"employer_cvr": "12345675"}, "employer_cvr", "modulus 11"),
        ({"expected_absence_weeks": 0}, "expected_absence_weeks", "uger"),
    ],
)
def test_bad_sick_pay_details_are_refused_in_danish_and_change_nothing(
    sick, caseworker, values, field, danish
):
    errors = errors_of(lambda: set_details(sick, caseworker, **values))
    assert danish in " ".join(errors[field])
    course = Course.objects.get(pk=sick.current_course_id)
    assert (course.first_absence_day, course.sick_from, course.employer_cvr) == (None, "", "")


def test_sick_pay_details_are_refused_on_a_course_that_is_not_sick_pay(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, course__benefit="a_dagpenge")
    errors = errors_of(lambda: set_details(citizen, caseworker))
    assert "sygedagpenge" in " ".join(errors["sick_from"])


def test_recording_the_first_absence_day_moves_the_first_conversation_deadline(sick, caseworker):
    from citizens.alerts import citizens_for_alerts, compute_alerts

    set_details(sick, caseworker, first_absence_day=START - timedelta(days=30))
    (sick,) = citizens_for_alerts([sick.pk])
    drafts = {d.code: d for d in compute_alerts(sick, today=TODAY)}
    assert drafts["sick_first_conversation"].due <= START - timedelta(days=30) + timedelta(weeks=8)


# --- The API: the citizen resource ------------------------------------------------------------


@pytest.fixture
def as_caseworker(api, caseworker):
    api.force_authenticate(caseworker)
    return api


def test_api_patch_records_the_sick_pay_fields_and_shows_them(as_caseworker, sick):
    body = {
        "first_absence_day": (START - timedelta(days=10)).isoformat(),
        "sick_from": "employment",
        "expected_absence_weeks": 20,
        "partial_sick_leave": True,
        "employer_cvr": VALID_CVR,
    }
    response = as_caseworker.patch(f"/api/v1/citizens/{sick.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert {key: data[key] for key in body} == body


def test_api_patch_of_one_sick_field_keeps_the_others(as_caseworker, sick, caseworker):
    set_details(sick, caseworker, expected_absence_weeks=12, employer_cvr=VALID_CVR)
    response = as_caseworker.patch(
        f"/api/v1/citizens/{sick.pk}/", {"partial_sick_leave": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["expected_absence_weeks"], response.json()["employer_cvr"]) == (
        12,
        VALID_CVR,
    )


def test_api_refuses_a_cvr_when_not_sick_from_employment(as_caseworker, sick):
    response = as_caseworker.patch(
        f"/api/v1/citizens/{sick.pk}/",
        {
            "first_absence_day": START.isoformat(),
            "sick_from": "self_employment",
            "employer_cvr": VALID_CVR,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "employer_cvr" in str(response.json())
    assert Course.objects.get(pk=sick.current_course_id).sick_from == ""


def test_api_rejects_an_unknown_sick_from_value(as_caseworker, sick):
    response = as_caseworker.patch(
        f"/api/v1/citizens/{sick.pk}/", {"sick_from": "employed"}, format="json"
    )
    assert response.status_code == 400


# --- The record's form --------------------------------------------------------------------------


def test_the_form_records_the_sick_pay_details(login, caseworker, sick):
    response = login(caseworker).post(
        reverse("citizens:course_sick_pay", args=[sick.pk]),
        {
            "first_absence_day": (START - timedelta(days=3)).isoformat(),
            "sick_from": "fleksjob",
            "expected_absence_weeks": "9",
        },
    )
    assert response.status_code == 302
    course = Course.objects.get(pk=sick.current_course_id)
    assert (course.first_absence_day, course.sick_from) == (START - timedelta(days=3), "fleksjob")
    page = login(caseworker).get(reverse("citizens:detail", args=[sick.pk]))
    assert f"{START - timedelta(days=3):%d-%m-%Y}" in page.content.decode()


def test_the_form_shows_the_service_error_and_saves_nothing(login, caseworker, sick):
    response = login(caseworker).post(
        reverse("citizens:course_sick_pay", args=[sick.pk]),
        {"first_absence_day": date(2099, 1, 1).isoformat(), "sick_from": "employment"},
    )
    assert response.status_code == 422
    assert "fremtiden" in response.content.decode()
    assert Course.objects.get(pk=sick.current_course_id).first_absence_day is None


def test_api_registers_a_sick_pay_citizen_with_the_details_or_nothing(as_caseworker):
    payload = {
        "cpr": "150388-1237",
        "first_name": "Sofie",
        "last_name": "Nielsen",
        "postcode": "2750",
        "benefit": "sygedagpenge",
        "course_start": START.isoformat(),
        "first_absence_day": (START - timedelta(days=30)).isoformat(),
        "sick_from": "unemployment",
        "expected_absence_weeks": 10,
    }
    refused = as_caseworker.post(
        "/api/v1/citizens/", {**payload, "employer_cvr": VALID_CVR}, format="json"
    )
    assert refused.status_code == 400
    assert not Citizen.objects.with_cpr("1503881237").exists()

    response = as_caseworker.post("/api/v1/citizens/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["first_absence_day"], body["sick_from"], body["expected_absence_weeks"]) == (
        payload["first_absence_day"],
        "unemployment",
        10,
    )


def test_the_record_shows_the_sick_pay_details_in_the_course_section_not_competences(
    login, caseworker, sick
):
    set_details(sick, caseworker, sick_from="fleksjob", expected_absence_weeks=9)

    page = login(caseworker).get(reverse("citizens:detail", args=[sick.pk])).content.decode()

    course_section = page[page.index('id="course"') :]
    competences = page[page.index('id="competences"') : page.index('id="paid-hours"')]
    assert "Oplysninger om sygedagpenge</h3>" in course_section
    assert "Første fraværsdag" in course_section
    assert "Første fraværsdag" not in competences


# --- Return to the employer not possible (the GRID's "sick_own_employer" limit) -----------------


def test_return_not_possible_is_recorded_with_its_reason(sick, caseworker):
    course = set_details(
        sick,
        caseworker,
        employer_cvr=VALID_CVR,
        return_not_possible=True,
        return_not_possible_reason="  Stillingen er nedlagt.  ",
    )

    course.refresh_from_db()
    assert (course.return_not_possible, course.return_not_possible_reason) == (
        True,
        "Stillingen er nedlagt.",
    )


def test_return_not_possible_needs_a_reason_and_saves_nothing(sick, caseworker):
    errors = errors_of(lambda: set_details(sick, caseworker, return_not_possible=True))

    assert errors == {
        "return_not_possible_reason": [
            "Angiv hvorfor tilbagevenden til arbejdsgiveren ikke er mulig."
        ]
    }
    assert Course.objects.get(pk=sick.current_course_id).sick_from == ""


def test_return_not_possible_only_when_sick_from_employment(sick, caseworker):
    errors = errors_of(
        lambda: set_details(
            sick,
            caseworker,
            sick_from="unemployment",
            return_not_possible=True,
            return_not_possible_reason="x",
        )
    )

    assert list(errors) == ["return_not_possible"]


def test_api_records_return_not_possible_and_shows_it(as_caseworker, sick, caseworker):
    set_details(sick, caseworker, employer_cvr=VALID_CVR)

    refused = as_caseworker.patch(
        f"/api/v1/citizens/{sick.pk}/", {"return_not_possible": True}, format="json"
    )
    saved = as_caseworker.patch(
        f"/api/v1/citizens/{sick.pk}/",
        {"return_not_possible": True, "return_not_possible_reason": "Virksomheden er lukket."},
        format="json",
    )

    assert refused.status_code == 400
    assert "return_not_possible_reason" in refused.json()
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["return_not_possible"], saved.json()["return_not_possible_reason"]) == (
        True,
        "Virksomheden er lukket.",
    )


def test_the_record_says_how_the_grid_matches_a_citizen_sick_from_a_job(login, caseworker, sick):
    set_details(sick, caseworker, employer_cvr=VALID_CVR)
    client = login(caseworker)
    bound = client.get(reverse("citizens:detail", args=[sick.pk])).content.decode()
    client.post(
        reverse("citizens:course_sick_pay", args=[sick.pk]),
        {
            "first_absence_day": (START - timedelta(days=30)).isoformat(),
            "sick_from": "employment",
            "employer_cvr": VALID_CVR,
            "return_not_possible": "on",
            "return_not_possible_reason": "Arbejdspladsen er flyttet til Aarhus.",
        },
    )
    free = client.get(reverse("citizens:detail", args=[sick.pk])).content.decode()

    assert "Kun tilbud hos den egen arbejdsgiver (gradvis tilbagevenden)" in bound
    assert "ikke mulig: Arbejdspladsen er flyttet til Aarhus." in free
