"""The record's forms: each section's form saves through its service, shows Danish errors next to
the field and saves nothing on bad input."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from citizens.models import (
    Alert,
    Benefit,
    Citizen,
    CitizenLanguage,
    Conversation,
    CourseChange,
    Intervention,
    JobTrack,
    PaidHours,
    PlanRevision,
    Readiness,
)
from tests.factories.citizens import (
    CitizenFactory,
    PlanRevisionFactory,
    cpr_for,
)
from tests.factories.employers import OpeningFactory, occupation_get_or_create

pytestmark = pytest.mark.django_db

CASELOAD = reverse("citizens:caseload")
TODAY = timezone.localdate()


def _detail(citizen: Citizen) -> str:
    return reverse("citizens:detail", args=[citizen.pk])


def _alert(citizen: Citizen, code: str = Alert.Code.PLAN_OUTDATED, days: int = 3) -> Alert:
    return Alert.objects.create(
        citizen=citizen, code=code, due=TODAY + timedelta(days=days), message="Planen er gammel."
    )


# --- Forms -------------------------------------------------------------------------------------


def _url(name: str, citizen: Citizen) -> str:
    return reverse(f"citizens:{name}", args=[citizen.pk])


def test_create_citizen(cw_client, caseworker, jobafsnit):
    cpr = cpr_for(5, age=35)
    response = cw_client.post(
        reverse("citizens:create"),
        {
            "cpr": f"{cpr[:6]}-{cpr[6:]}",
            "first_name": "Sara",
            "last_name": "Nielsen",
            "postcode": "2750",
            "team": jobafsnit.pk,
            "caseworker": caseworker.pk,
            "benefit": Benefit.KONTANTHJAELP,
            "readiness": Readiness.JOBPARAT,
            "course_start": TODAY.isoformat(),
        },
    )

    citizen = Citizen.objects.with_cpr(cpr).get()
    assert response.status_code == 302 and response["Location"] == _detail(citizen)
    assert citizen.current_course.benefit == Benefit.KONTANTHJAELP
    assert citizen.segment == "jobparate"


def test_create_citizen_invalid_cpr_and_foreign_caseworker_saves_nothing(
    cw_client, jobafsnit, other_caseworker
):
    invalid = cw_client.post(
        reverse("citizens:create"),
        {
            "cpr": "3213901234",
            "first_name": "Sara",
            "last_name": "Nielsen",
            "postcode": "2750",
            "team": jobafsnit.pk,
            "benefit": Benefit.KONTANTHJAELP,
            "course_start": TODAY.isoformat(),
        },
    )
    cpr = cpr_for(6, age=35)
    wrong_team = cw_client.post(
        reverse("citizens:create"),
        {
            "cpr": cpr,
            "first_name": "Sara",
            "last_name": "Nielsen",
            "postcode": "2750",
            "team": jobafsnit.pk,
            "caseworker": other_caseworker.pk,
            "benefit": Benefit.KONTANTHJAELP,
            "course_start": TODAY.isoformat(),
        },
    )

    assert invalid.status_code == 422
    assert "ikke en gyldig dato" in invalid.content.decode()
    assert wrong_team.status_code == 422
    assert 'id="id_caseworker_error"' in wrong_team.content.decode()
    assert not Citizen.objects.exists()


def test_edit_identity_and_competences(cw_client, mine):
    response = cw_client.post(
        _url("edit", mine),
        {
            "first_name": "Mette",
            "last_name": "Hansen-Berg",
            "postcode": "2740",
            "address": "Ny vej 1",
            "education_level": "vocational",
            "driving_licence": "",
        },
    )

    mine.refresh_from_db()
    assert response.status_code == 302
    assert (mine.last_name, mine.postcode, mine.driving_licence) == ("Hansen-Berg", "2740", False)


def test_edit_identity_with_bad_postcode_saves_nothing(cw_client, mine):
    response = cw_client.post(
        _url("edit", mine), {"first_name": "Mette", "last_name": "X", "postcode": "0000"}
    )

    mine.refresh_from_db()
    assert response.status_code == 422
    assert "0000 er ikke et dansk postnummer." in response.content.decode()
    assert mine.last_name == "Hansen"


def test_change_course(cw_client, mine):
    response = cw_client.post(
        _url("course_change", mine),
        {
            "benefit": Benefit.KONTANTHJAELP,
            "readiness": Readiness.AKTIVITETSPARAT,
            "effective": TODAY.isoformat(),
            "reason": "Overgået til kontanthjælp",
        },
    )

    mine.refresh_from_db()
    assert response.status_code == 302
    assert mine.current_course.benefit == Benefit.KONTANTHJAELP
    assert CourseChange.objects.filter(reason="Overgået til kontanthjælp").count() == 2


def test_change_course_before_its_start_saves_nothing(cw_client, mine):
    response = cw_client.post(
        _url("course_change", mine),
        {
            "benefit": Benefit.KONTANTHJAELP,
            "effective": (mine.current_course.start - timedelta(days=1)).isoformat(),
            "reason": "Fejl",
        },
    )

    mine.refresh_from_db()
    assert response.status_code == 422
    assert 'id="id_effective_error"' in response.content.decode()
    assert mine.current_course.benefit == Benefit.A_DAGPENGE
    assert not CourseChange.objects.exists()


def test_change_course_requires_a_reason(cw_client, mine):
    response = cw_client.post(
        _url("course_change", mine),
        {"benefit": Benefit.KONTANTHJAELP, "effective": TODAY.isoformat(), "reason": ""},
    )

    assert response.status_code == 422
    assert not CourseChange.objects.exists()


def test_close_course_and_start_a_new_one(cw_client, mine):
    closed = cw_client.post(
        _url("course_close", mine), {"end": TODAY.isoformat(), "outcome": "ordinary_job"}
    )
    mine.refresh_from_db()
    assert closed.status_code == 302 and mine.current_course is None

    opened = cw_client.post(
        _url("course_open", mine),
        {"benefit": Benefit.SYGEDAGPENGE, "start": TODAY.isoformat()},
    )

    mine.refresh_from_db()
    assert opened.status_code == 302
    assert mine.current_course.benefit == Benefit.SYGEDAGPENGE


def test_close_course_without_outcome_saves_nothing(cw_client, mine):
    response = cw_client.post(_url("course_close", mine), {"end": TODAY.isoformat()})

    mine.refresh_from_db()
    assert response.status_code == 422
    assert mine.current_course.end is None


def test_new_plan_revision_keeps_the_old_one(cw_client, mine):
    PlanRevisionFactory(citizen=mine, job_goal="Chauffør")

    response = cw_client.post(
        _url("plan_revise", mine), {"job_goal": "Buschauffør", "steps": "Kørekort D"}
    )

    assert response.status_code == 302
    assert list(PlanRevision.objects.values_list("job_goal", flat=True)) == [
        "Buschauffør",
        "Chauffør",
    ]


def test_plan_revision_without_goals_saves_nothing(cw_client, mine):
    response = cw_client.post(_url("plan_revise", mine), {"job_goal": " ", "steps": "x"})

    assert response.status_code == 422
    assert 'id="id_job_goal_error"' in response.content.decode()
    assert not PlanRevision.objects.exists()


def test_new_conversation(cw_client, caseworker, mine):
    response = cw_client.post(
        _url("conversation_create", mine),
        {"date": TODAY.isoformat(), "kind": "jobrettet", "note": "Jobsøgning"},
    )

    assert response.status_code == 302
    assert Conversation.objects.get().held_by == caseworker


def test_conversation_in_the_future_saves_nothing(cw_client, mine):
    response = cw_client.post(
        _url("conversation_create", mine),
        {"date": (TODAY + timedelta(days=3)).isoformat(), "kind": "jobrettet", "note": "Notat"},
    )

    assert response.status_code == 422
    assert "En samtale kan ikke registreres i fremtiden." in response.content.decode()
    assert not Conversation.objects.exists()


def test_an_empty_conversation_is_not_saved(cw_client, mine):
    response = cw_client.post(
        _url("conversation_create", mine), {"date": TODAY.isoformat(), "kind": "jobrettet"}
    )

    assert response.status_code == 422
    assert 'id="id_note_error"' in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_blank_note_is_refused_by_the_service_whichever_door(caseworker, mine):
    from citizens import services

    with pytest.raises(ValidationError) as refused:
        services.conversation_create(
            actor=caseworker, citizen=mine, date=TODAY, kind="jobrettet", note=" \n "
        )

    assert refused.value.message_dict["note"] == [
        "Skriv et kort notat om, hvad der blev talt om og aftalt."
    ]
    assert not Conversation.objects.exists()


def test_new_intervention_with_an_opening_takes_a_seat(cw_client, mine):
    opening = OpeningFactory()

    response = cw_client.post(
        _url("intervention_create", mine),
        {
            "kind": "virksomhedspraktik",
            "start": TODAY.isoformat(),
            "end": (TODAY + timedelta(weeks=3)).isoformat(),
            "hours_per_week": 20,
            "opening": opening.pk,
        },
    )

    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert intervention.placement.opening == opening and intervention.company_based


def test_intervention_over_the_legal_maximum_is_refused(cw_client, mine):
    response = cw_client.post(
        _url("intervention_create", mine),
        {
            "kind": "virksomhedspraktik",
            "start": TODAY.isoformat(),
            "end": (TODAY + timedelta(weeks=10)).isoformat(),
            "hours_per_week": 20,
        },
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_end_error"' in content and "LAB" in content
    assert not Intervention.objects.exists()


def test_intervention_in_a_full_opening_shows_the_refusal(cw_client, mine):
    closed = OpeningFactory(status="closed")
    page = cw_client.get(_url("intervention_create", mine))
    # A closed opening is not offered at all.
    assert closed.pk not in [o.pk for o in page.context["form"].fields["opening"].queryset]

    full = OpeningFactory(seats=1)
    other = CitizenFactory(caseworker=mine.caseworker)
    for citizen in (other, mine):
        response = cw_client.post(
            _url("intervention_create", citizen),
            {
                "kind": "virksomhedspraktik",
                "start": TODAY.isoformat(),
                "end": (TODAY + timedelta(weeks=2)).isoformat(),
                "opening": full.pk,
            },
        )

    assert response.status_code == 409
    assert "pladser" in response.content.decode()
    assert Intervention.objects.filter(citizen=mine).count() == 0


def test_job_tracks(cw_client, mine):
    occupation_get_or_create("5322")
    occupation_get_or_create("9112")

    response = cw_client.post(
        _url("job_tracks", mine),
        {
            "occupation_1": "5322 – Hjemmehjælper",
            "hours_1": 25,
            "occupation_2": "9112",
            "hours_2": "",
            "occupation_3": "",
            "hours_3": "",
        },
    )

    assert response.status_code == 302
    tracks = list(JobTrack.objects.order_by("priority").values_list("occupation", "priority"))
    assert tracks == [("5322", 1), ("9112", 2)]


def test_job_tracks_with_unknown_code_saves_nothing(cw_client, mine):
    occupation_get_or_create("5322")

    response = cw_client.post(
        _url("job_tracks", mine),
        {"occupation_1": "5322", "occupation_2": "9999", "occupation_3": "Kok"},
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_occupation_2_error"' in content and 'id="id_occupation_3_error"' in content
    assert not JobTrack.objects.exists()


def test_job_tracks_page_has_the_picker_with_fallback_list(cw_client, mine):
    occupation_get_or_create("5322")

    content = cw_client.get(_url("job_tracks", mine)).content.decode()

    assert 'list="occupation-options"' in content
    assert f'data-search-url="{reverse("occupation-search")}"' in content
    assert '<option value="5322 – ' in content


def test_accommodations(cw_client, mine):
    response = cw_client.post(
        _url("accommodations", mine),
        {"codes": ["no_heavy_lifting", "quiet_environment"], "max_hours_per_week": 25},
    )

    mine.refresh_from_db()
    assert response.status_code == 302
    assert mine.accommodations == ["no_heavy_lifting", "quiet_environment"]
    assert mine.max_hours_per_week == 25


def test_accommodations_invalid_saves_nothing(cw_client, mine):
    response = cw_client.post(
        _url("accommodations", mine), {"codes": ["diagnosis"], "max_hours_per_week": 50}
    )

    mine.refresh_from_db()
    assert response.status_code == 422
    assert mine.accommodations == [] and mine.max_hours_per_week is None


def test_languages(cw_client, mine):
    response = cw_client.post(
        _url("languages", mine),
        {"code_1": "da", "level_1": "native", "code_2": "tr", "level_2": "fluent"},
    )

    assert response.status_code == 302
    assert dict(CitizenLanguage.objects.values_list("code", "level")) == {
        "da": "native",
        "tr": "fluent",
    }


def test_languages_missing_level_saves_nothing(cw_client, mine):
    CitizenLanguage.objects.create(citizen=mine, code="da", level="native")

    response = cw_client.post(
        _url("languages", mine), {"code_1": "da", "level_1": "native", "code_2": "ar"}
    )

    assert response.status_code == 422
    assert 'id="id_level_2_error"' in response.content.decode()
    assert list(CitizenLanguage.objects.values_list("code", flat=True)) == ["da"]


def test_paid_hours(cw_client, mine):
    month = TODAY.replace(day=1)
    response = cw_client.post(
        _url("paid_hours", mine),
        {
            "month": month.strftime("%Y-%m"),
            "hours": "40",
            "earnings": "5600",
            "under_frikort": "on",
        },
    )

    assert response.status_code == 302
    row = PaidHours.objects.get()
    assert (row.month, row.hours, row.under_frikort) == (month, Decimal("40"), True)


def test_paid_hours_invalid_saves_nothing(cw_client, mine):
    future = (TODAY.replace(day=1) + timedelta(days=40)).strftime("%Y-%m")
    response = cw_client.post(
        _url("paid_hours", mine), {"month": future, "hours": "500", "earnings": "-1"}
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_month_error"' in content and 'id="id_earnings_error"' in content
    assert not PaidHours.objects.exists()


def test_paid_hours_implausible_hours_from_the_service(cw_client, mine):
    response = cw_client.post(
        _url("paid_hours", mine),
        {"month": TODAY.strftime("%Y-%m"), "hours": "250", "earnings": "100"},
    )

    assert response.status_code == 422
    assert 'id="id_hours_error"' in response.content.decode()
    assert not PaidHours.objects.exists()


def test_form_errors_are_in_danish_next_to_the_field(cw_client, mine):
    response = cw_client.post(_url("conversation_create", mine), {"kind": "jobrettet"})

    content = response.content.decode()
    assert 'aria-describedby="id_date_error"' in content or "id_date_error" in content
    assert "Dette felt er påkrævet." in content
    assert "Ret venligst fejlene" in content or "fejl" in content
