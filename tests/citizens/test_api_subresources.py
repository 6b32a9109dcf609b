"""The citizen API's sub-resources, the transfer endpoint and the schema."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from citizens.models import (
    CaseTransfer,
    Citizen,
    CitizenLanguage,
    JobTrack,
    PaidHours,
    PlanRevision,
)
from core.models import AccessLog
from core.roles import CASEWORKER
from tests.factories.citizens import (
    CitizenFactory,
    CitizenLanguageFactory,
    ConversationFactory,
    JobTrackFactory,
    PlanRevisionFactory,
)
from tests.factories.core import UserFactory
from tests.factories.employers import (
    occupation_get_or_create,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/citizens/"


def detail(citizen, suffix: str = "") -> str:
    return f"/api/v1/citizens/{citizen.pk}/{suffix}"


# --- Other sub-resources -----------------------------------------------------------------------


def test_conversations_are_recorded_and_listed(as_caseworker, caseworker, own):
    created = as_caseworker.post(
        detail(own, "conversations/"),
        {"date": timezone.localdate().isoformat(), "kind": "jobrettet", "note": "CV gennemgået."},
    )
    listed = as_caseworker.get(detail(own, "conversations/"))

    assert created.status_code == 201, created.json()
    assert created.json()["held_by"] == caseworker.pk
    assert [row["note"] for row in listed.json()["results"]] == ["CV gennemgået."]


def test_a_conversation_in_the_future_is_refused(as_caseworker, own):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = as_caseworker.post(
        detail(own, "conversations/"),
        {"date": tomorrow.isoformat(), "kind": "opfoelgning", "note": "Opfølgning."},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["date"]


def test_an_empty_conversation_is_refused_through_the_api(as_caseworker, own):
    response = as_caseworker.post(
        detail(own, "conversations/"),
        {"date": timezone.localdate().isoformat(), "kind": "jobrettet", "note": "   "},
    )

    assert response.status_code == 400
    assert "note" in response.json()
    assert not own.conversations.exists()


def test_plan_has_current_and_revisions_and_a_post_adds_one(as_caseworker, caseworker, own):
    PlanRevisionFactory(
        citizen=own,
        job_goal="Gammelt mål",
        created_by=caseworker,
        created_at=timezone.now() - timedelta(days=30),
    )

    posted = as_caseworker.post(detail(own, "plan/"), {"job_goal": "Jeg vil være buschauffør."})
    plan = as_caseworker.get(detail(own, "plan/")).json()

    assert posted.status_code == 201
    assert plan["current"]["job_goal"] == "Jeg vil være buschauffør."
    assert [r["job_goal"] for r in plan["revisions"]] == [
        "Jeg vil være buschauffør.",
        "Gammelt mål",
    ]
    assert PlanRevision.objects.count() == 2


def test_plan_without_goals_is_refused(as_caseworker, own):
    response = as_caseworker.post(detail(own, "plan/"), {"steps": "Noget"})

    assert response.status_code == 400
    assert list(response.json()) == ["job_goal"]


def test_job_tracks_are_replaced(as_caseworker, own):
    JobTrackFactory(citizen=own, occupation_code="5321", priority=1)
    occupation_get_or_create("9412")
    occupation_get_or_create("5322")
    tracks = [
        {"occupation": "9412", "priority": 2, "hours_per_week": None},
        {"occupation": "5322", "priority": 1, "hours_per_week": 20},
    ]

    response = as_caseworker.put(detail(own, "job-tracks/"), {"job_tracks": tracks})

    assert response.status_code == 200, response.json()
    assert response.json() == {"job_tracks": sorted(tracks, key=lambda t: t["priority"])}
    assert list(JobTrack.objects.values_list("occupation_id", flat=True)) == ["5322", "9412"]
    assert as_caseworker.get(detail(own, "job-tracks/")).json() == response.json()


def test_job_tracks_with_the_same_priority_are_refused(as_caseworker, own):
    occupation_get_or_create("5322")
    tracks = [{"occupation": "5322", "priority": 1}, {"occupation": "5321", "priority": 1}]

    response = as_caseworker.put(detail(own, "job-tracks/"), {"job_tracks": tracks})

    assert response.status_code == 400
    assert list(response.json()) == ["job_tracks"]


def test_accommodations_get_and_put(as_caseworker, own):
    response = as_caseworker.put(
        detail(own, "accommodations/"),
        {"codes": ["step_free_access", "mentor_support"], "max_hours_per_week": 15},
    )

    assert response.status_code == 200
    assert response.json() == {
        "codes": ["mentor_support", "step_free_access"],
        "max_hours_per_week": 15,
        "shared": [],
    }
    assert as_caseworker.get(detail(own, "accommodations/")).json() == response.json()


def test_accommodations_refuse_anything_but_the_functional_codes(as_caseworker, own):
    response = as_caseworker.put(
        detail(own, "accommodations/"), {"codes": ["depression"], "max_hours_per_week": 40}
    )

    assert response.status_code == 400
    assert set(response.json()) == {"codes", "max_hours_per_week"}
    own.refresh_from_db()
    assert own.accommodations == []


def test_competences_get_and_put(as_caseworker, own):
    CitizenLanguageFactory(citizen=own, code="da", level="native")
    payload = {
        "languages": [{"code": "ar", "level": "native"}, {"code": "da", "level": "good"}],
        "driving_licence": False,
        "education_level": "upper_secondary",
    }

    response = as_caseworker.put(detail(own, "competences/"), payload)

    assert response.status_code == 200, response.json()
    assert response.json() == payload
    assert as_caseworker.get(detail(own, "competences/")).json() == payload
    assert CitizenLanguage.objects.filter(citizen=own).count() == 2


def test_paid_hours_post_and_list(as_caseworker, own):
    response = as_caseworker.post(
        detail(own, "paid-hours/"),
        {"month": "2026-10-17", "hours": "40.00", "earnings": "5600.00", "under_frikort": True},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["month"] == "2026-10-01"
    assert PaidHours.objects.get().earnings == 5600
    listed = as_caseworker.get(detail(own, "paid-hours/")).json()
    assert [row["hours"] for row in listed["results"]] == ["40.00"]


def test_paid_hours_implausible_month_is_refused(as_caseworker, own):
    response = as_caseworker.post(
        detail(own, "paid-hours/"), {"month": "2026-10-01", "hours": "250", "earnings": "100"}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["hours"]


def test_timeline_lists_the_events_newest_first(as_caseworker, caseworker, own):
    ConversationFactory(
        citizen=own, held_by=caseworker, date=timezone.localdate() - timedelta(days=1)
    )

    response = as_caseworker.get(detail(own, "timeline/"))

    assert response.status_code == 200
    kinds = [entry["kind"] for entry in response.json()["results"]]
    assert kinds == ["conversation", "course_start"]
    assert set(response.json()["results"][0]) == {"when", "kind", "title", "detail", "actor"}


def test_sub_resource_reads_are_logged_as_api_detail(as_caseworker, own):
    for suffix in ("conversations/", "plan/", "timeline/", "competences/"):
        as_caseworker.get(detail(own, suffix))

    assert list(AccessLog.objects.values_list("action", flat=True)) == ["api_detail"] * 4


# --- Transfer ----------------------------------------------------------------------------------


@pytest.fixture
def colleague(jobafsnit):
    return UserFactory(username="sb-job-2", team=jobafsnit, roles=[CASEWORKER])


def test_transfer_moves_citizens_with_the_reason(as_caseworker, caseworker, colleague, jobafsnit):
    citizens = CitizenFactory.create_batch(2, team=jobafsnit, caseworker=caseworker)

    response = as_caseworker.post(
        f"{LIST}transfer/",
        {
            "citizens": [c.pk for c in citizens],
            "to_caseworker": colleague.pk,
            "reason": "Ny fordeling",
        },
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {"transferred": 2}
    assert set(Citizen.objects.values_list("caseworker", flat=True)) == {colleague.pk}
    assert set(CaseTransfer.objects.values_list("reason", flat=True)) == {"Ny fordeling"}


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_transfer_requires_a_reason(as_caseworker, caseworker, colleague, own, reason):
    payload = {"citizens": [own.pk], "to_caseworker": colleague.pk}
    if reason is not None:
        payload["reason"] = reason

    response = as_caseworker.post(f"{LIST}transfer/", payload)

    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    own.refresh_from_db()
    assert own.caseworker == caseworker
    assert not CaseTransfer.objects.exists()


def test_transfer_of_another_teams_citizen_is_refused(as_caseworker, colleague, own, foreign):
    response = as_caseworker.post(
        f"{LIST}transfer/",
        {"citizens": [own.pk, foreign.pk], "to_caseworker": colleague.pk, "reason": "Ryd op"},
    )

    assert response.status_code == 403
    assert "eget afsnit" in response.json()["detail"]
    assert not CaseTransfer.objects.exists()


def test_transfer_to_a_non_caseworker_is_refused(as_caseworker, own, manager):
    response = as_caseworker.post(
        f"{LIST}transfer/", {"citizens": [own.pk], "to_caseworker": manager.pk, "reason": "x"}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["to_caseworker"]


# --- Schema ------------------------------------------------------------------------------------


def test_schema_has_the_citizens_api_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stdout=StringIO()
    )

    text = target.read_text()
    for path in (
        "/api/v1/citizens/:",
        "/api/v1/citizens/{id}/:",
        "/api/v1/citizens/{id}/interventions/:",
        "/api/v1/citizens/{id}/job-tracks/:",
        "/api/v1/citizens/{id}/paid-hours/:",
        "/api/v1/citizens/transfer/:",
    ):
        assert path in text
    assert "access_reason" in text


@pytest.mark.parametrize("suffix", ["conversations/", "interventions/", "paid-hours/", "timeline/"])
def test_a_sub_resource_list_is_paginated_as_the_schema_says(as_caseworker, own, suffix):
    response = as_caseworker.get(detail(own, suffix), {"page_size": 1})

    assert response.status_code == 200
    assert set(response.json()) == {"count", "next", "previous", "results"}


@pytest.mark.parametrize("suffix", ["conversations/", "interventions/", "paid-hours/", "timeline/"])
def test_a_sub_resource_list_documents_only_its_own_parameters(suffix):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"][f"/api/v1/citizens/{{id}}/{suffix}"]["get"]

    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"id", "access_reason", "page", "page_size"}
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert response["$ref"].startswith("#/components/schemas/Paginated")
