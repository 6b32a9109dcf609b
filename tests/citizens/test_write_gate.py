"""Every write to a citizen's case is checked in its service, for the actor it is given
(core.permissions): a caseworker of another team, a leder and a consultant are refused whichever
door they use — the service itself (a task, a command), the form, the API — and nothing changes."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from citizens import services
from citizens.models import (
    CaseTransfer,
    Citizen,
    CitizenLanguage,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    JobTrack,
    PaidHours,
    PlanRevision,
)
from core.exceptions import PermissionRefused
from tests.factories.citizens import CitizenFactory, occupation_get_or_create

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ROWS = (
    Course,
    CourseChange,
    PlanRevision,
    Conversation,
    Intervention,
    JobTrack,
    CitizenLanguage,
    PaidHours,
    CaseTransfer,
)
CITIZEN_FIELDS = (
    "first_name",
    "last_name",
    "postcode",
    "team_id",
    "caseworker_id",
    "accommodations",
    "max_hours_per_week",
    "current_course_id",
)


def _state() -> tuple:
    """Everything a write to a case could change, and the change log."""
    citizens = list(Citizen.objects.order_by("pk").values_list(*CITIZEN_FIELDS))
    counts = tuple(model.objects.count() for model in ROWS)
    return citizens, counts, LogEntry.objects.count()


@dataclass(frozen=True)
class Write:
    """One write service and its doors: how to call it, the form and the API request."""

    name: str
    call: object  # (actor, citizen) -> None
    form: str | None = None  # url name of the form page (args=[citizen.pk])
    form_data: dict | None = None
    api_path: str | None = None  # relative to /api/v1/citizens/<id>/ ("" = the citizen)
    api_method: str = "post"
    api_data: dict | None = None


def _conversation(actor, citizen):
    services.conversation_create(
        actor=actor, citizen=citizen, date=TODAY, kind="jobrettet", note="Jobsøgning drøftet."
    )


WRITES = [
    Write(
        "citizen_update",
        lambda actor, citizen: services.citizen_update(
            actor=actor, citizen=citizen, last_name="Ændret"
        ),
        form="citizens:edit",
        form_data={"first_name": "Mette", "last_name": "Ændret", "postcode": "2750"},
        api_path="",
        api_method="patch",
        api_data={"last_name": "Ændret"},
    ),
    Write(
        "course_change",
        lambda actor, citizen: services.course_change(
            actor=actor, citizen=citizen, effective=TODAY, benefit="kontanthjaelp"
        ),
        form="citizens:course_change",
        form_data={
            "benefit": "kontanthjaelp",
            "readiness": "jobparat",
            "effective": TODAY.isoformat(),
            "reason": "Overgang",
        },
        api_path="",
        api_method="patch",
        api_data={"benefit": "kontanthjaelp"},
    ),
    Write(
        "course_close",
        lambda actor, citizen: services.course_close(
            actor=actor, citizen=citizen, end=TODAY, outcome="ordinary_job"
        ),
        form="citizens:course_close",
        form_data={"end": TODAY.isoformat(), "outcome": "ordinary_job", "reason": "Job"},
        api_path="",
        api_method="patch",
        api_data={"course_end": TODAY.isoformat(), "outcome": "ordinary_job"},
    ),
    Write(
        "plan_revise",
        lambda actor, citizen: services.plan_revise(
            actor=actor, citizen=citizen, job_goal="Buschauffør"
        ),
        form="citizens:plan_revise",
        form_data={"job_goal": "Buschauffør"},
        api_path="plan/",
        api_data={"job_goal": "Buschauffør"},
    ),
    Write(
        "conversation_create",
        _conversation,
        form="citizens:conversation_create",
        form_data={"date": TODAY.isoformat(), "kind": "jobrettet"},
        api_path="conversations/",
        api_data={"date": TODAY.isoformat(), "kind": "jobrettet"},
    ),
    Write(
        "intervention_create",
        lambda actor, citizen: services.intervention_create(
            actor=actor,
            citizen=citizen,
            kind="mentor",
            start=TODAY,
            end=TODAY + timedelta(days=14),
        ),
        form="citizens:intervention_create",
        form_data={
            "kind": "mentor",
            "start": TODAY.isoformat(),
            "end": (TODAY + timedelta(days=14)).isoformat(),
        },
        api_path="interventions/",
        api_data={
            "kind": "mentor",
            "start": TODAY.isoformat(),
            "end": (TODAY + timedelta(days=14)).isoformat(),
        },
    ),
    Write(
        "job_tracks_set",
        lambda actor, citizen: services.job_tracks_set(
            actor=actor, citizen=citizen, tracks=[{"occupation": "5321", "priority": 1}]
        ),
        form="citizens:job_tracks",
        form_data={"occupation_0": "5321", "priority_0": "1", "hours_0": ""},
        api_path="job-tracks/",
        api_method="put",
        api_data=[{"occupation": "5321", "priority": 1}],
    ),
    Write(
        "accommodations_set",
        lambda actor, citizen: services.accommodations_set(
            actor=actor, citizen=citizen, codes=["quiet_environment"], max_hours_per_week=20
        ),
        form="citizens:accommodations",
        form_data={"codes": ["quiet_environment"], "max_hours_per_week": "20"},
        api_path="accommodations/",
        api_method="put",
        api_data={"codes": ["quiet_environment"], "max_hours_per_week": 20},
    ),
    Write(
        "languages_set",
        lambda actor, citizen: services.languages_set(
            actor=actor, citizen=citizen, languages={"tr": "fluent"}
        ),
        form="citizens:languages",
        form_data={"code_0": "tr", "level_0": "fluent"},
    ),
    Write(
        "paid_hours_record",
        lambda actor, citizen: services.paid_hours_record(
            actor=actor,
            citizen=citizen,
            month=TODAY.replace(day=1),
            hours=Decimal("10"),
            earnings=Decimal("1500"),
        ),
        form="citizens:paid_hours",
        form_data={"month": TODAY.isoformat(), "hours": "10", "earnings": "1500"},
        api_path="paid-hours/",
        api_data={"month": TODAY.replace(day=1).isoformat(), "hours": "10", "earnings": "1500"},
    ),
]
IDS = [write.name for write in WRITES]


@pytest.fixture
def citizen(caseworker):
    """A citizen of the caseworker's team (Jobafsnit) with an open course."""
    occupation_get_or_create("5321")
    return CitizenFactory(team=caseworker.team, caseworker=caseworker, last_name="Hansen")


@pytest.fixture(params=["other_caseworker", "manager", "consultant", "api_user"])
def outsider_of_the_team(request):
    """Users who may not change a Jobafsnit citizen's case."""
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("write", WRITES, ids=IDS)
def test_the_service_refuses_an_actor_outside_the_team(write, citizen, outsider_of_the_team):
    before = _state()

    with pytest.raises(PermissionRefused) as refused:
        write.call(outsider_of_the_team, citizen)

    assert refused.value.message
    assert _state() == before


@pytest.mark.parametrize("write", WRITES, ids=IDS)
def test_the_service_lets_the_own_team_caseworker_write(write, citizen, caseworker):
    before = _state()

    write.call(caseworker, citizen)

    assert _state() != before


@pytest.mark.parametrize(
    "write", [w for w in WRITES if w.form], ids=[w.name for w in WRITES if w.form]
)
def test_the_form_refuses_a_caseworker_of_another_team(write, citizen, other_caseworker, login):
    before = _state()

    response = login(other_caseworker).post(reverse(write.form, args=[citizen.pk]), write.form_data)

    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize(
    "write",
    [w for w in WRITES if w.api_path is not None],
    ids=[w.name for w in WRITES if w.api_path is not None],
)
@pytest.mark.parametrize("who", ["other_caseworker", "manager", "api_user"])
def test_the_api_refuses_an_actor_outside_the_team(write, who, citizen, api, request):
    api.force_authenticate(request.getfixturevalue(who))
    before = _state()

    response = getattr(api, write.api_method)(
        f"/api/v1/citizens/{citizen.pk}/{write.api_path}", write.api_data, format="json"
    )

    assert response.status_code == 403
    assert response.json()["detail"]
    assert _state() == before


# --- Registering a citizen ------------------------------------------------------------------------


def _new_citizen(team) -> dict:
    return {
        "cpr": "150388-1237",
        "first_name": "Sofie",
        "last_name": "Nielsen",
        "postcode": "2750",
        "team": team.pk,
        "benefit": "kontanthjaelp",
        "readiness": "jobparat",
        "course_start": (TODAY - timedelta(days=10)).isoformat(),
    }


def test_registering_a_citizen_in_another_team_is_refused_by_the_service(
    caseworker, sygedagpengeafsnit
):
    with pytest.raises(PermissionRefused) as refused:
        services.citizen_create(
            actor=caseworker,
            cpr="1503881237",
            first_name="Sofie",
            last_name="Nielsen",
            postcode="2750",
            team=sygedagpengeafsnit,
            benefit="kontanthjaelp",
            course_start=TODAY,
        )

    assert refused.value.field == "team"
    assert not Citizen.objects.exists()


def test_registering_a_citizen_in_another_team_is_refused_by_the_form(
    caseworker, sygedagpengeafsnit, login
):
    response = login(caseworker).post(reverse("citizens:create"), _new_citizen(sygedagpengeafsnit))

    assert response.status_code == 403
    assert "Du kan kun oprette og ændre borgere i dit eget afsnit." in (
        " ".join(response.context["form"].errors["team"])
    )
    assert not Citizen.objects.exists()


def test_registering_a_citizen_in_another_team_is_refused_by_the_api(
    caseworker, sygedagpengeafsnit, api
):
    api.force_authenticate(caseworker)

    response = api.post("/api/v1/citizens/", _new_citizen(sygedagpengeafsnit), format="json")

    assert response.status_code == 403
    assert "eget afsnit" in response.json()["detail"]
    assert not Citizen.objects.exists()


@pytest.mark.parametrize("who", ["manager", "consultant", "api_user"])
def test_registering_a_citizen_is_refused_for_roles_that_keep_no_cases(who, request, jobafsnit):
    actor = request.getfixturevalue(who)

    with pytest.raises(PermissionRefused):
        services.citizen_create(
            actor=actor,
            cpr="1503881237",
            first_name="Sofie",
            last_name="Nielsen",
            postcode="2750",
            team=jobafsnit,
            benefit="kontanthjaelp",
            course_start=TODAY,
        )

    assert not Citizen.objects.exists()


# --- Transfers --------------------------------------------------------------------------------


@pytest.fixture
def colleague(other_caseworker):
    return other_caseworker


def test_a_transfer_of_another_teams_citizen_is_refused_by_the_service(
    citizen, other_caseworker, caseworker
):
    before = _state()

    with pytest.raises(PermissionRefused):
        services.citizens_transfer(
            actor=other_caseworker,
            citizen_ids=[citizen.pk],
            to_caseworker=other_caseworker,
            reason="Forsøg",
        )

    assert _state() == before


def test_a_transfer_with_one_foreign_citizen_moves_none(caseworker, other_caseworker, citizen):
    foreign = CitizenFactory(team=other_caseworker.team, caseworker=other_caseworker)
    before = _state()

    with pytest.raises(PermissionRefused):
        services.citizens_transfer(
            actor=caseworker,
            citizen_ids=[citizen.pk, foreign.pk],
            to_caseworker=other_caseworker,
            reason="Omfordeling",
        )

    assert _state() == before


def test_a_transfer_of_another_teams_citizen_is_refused_by_the_form(
    citizen, other_caseworker, login
):
    before = _state()

    response = login(other_caseworker).post(
        reverse("citizens:transfer"),
        {"citizens": [citizen.pk], "to_caseworker": other_caseworker.pk, "reason": "Forsøg"},
    )

    assert response.status_code in (403, 422)
    assert _state() == before


def test_a_transfer_of_another_teams_citizen_is_refused_by_the_api(citizen, other_caseworker, api):
    api.force_authenticate(other_caseworker)
    before = _state()

    response = api.post(
        "/api/v1/citizens/transfer/",
        {"citizens": [citizen.pk], "to_caseworker": other_caseworker.pk, "reason": "Forsøg"},
        format="json",
    )

    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("who", ["manager", "consultant", "api_user"])
def test_a_transfer_is_refused_for_roles_that_keep_no_cases(who, request, citizen, colleague):
    before = _state()

    with pytest.raises(PermissionRefused):
        services.citizens_transfer(
            actor=request.getfixturevalue(who),
            citizen_ids=[citizen.pk],
            to_caseworker=colleague,
            reason="Forsøg",
        )

    assert _state() == before


# --- The audit actor ---------------------------------------------------------------------------


def test_the_service_names_its_actor_in_the_change_log(citizen, caseworker):
    services.citizen_update(actor=caseworker, citizen=citizen, last_name="Berg")

    entry = LogEntry.objects.get_for_object(citizen).latest("timestamp")
    assert entry.actor == caseworker
