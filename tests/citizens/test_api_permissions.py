"""The permission matrix of the citizens API: every endpoint and method for each role.

- caseworker, own team: reads and writes;
- caseworker, another team's citizen: 403 with a Danish detail asking for a reason, unless
  `?access_reason=` is given (break-glass, logged); then as for the own team;
- consultant and a user without a role: 403 everywhere;
- manager and API client: read every team, write nothing (403);
- anonymous: 401.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from citizens.models import Citizen
from core.models import AccessLog
from core.roles import CASEWORKER
from tests.factories.citizens import CitizenFactory
from tests.factories.core import UserFactory
from tests.factories.employers import occupation_get_or_create

pytestmark = pytest.mark.django_db

NEED_REASON_DA = (
    "Adgang til borgeren kræver en begrundelse. Skriv hvorfor du skal åbne sagen; "
    "begrundelsen logges."
)
NOT_ALLOWED_DA = "Du har ikke lov til at udføre denne handling."
NOT_PROVIDED_DA = "Legitimation til autentificering blev ikke angivet."


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    suffix: str  # after /api/v1/citizens/; "{id}" is the citizen
    success: int

    @property
    def reads(self) -> bool:
        return self.method == "get"

    @property
    def on_a_citizen(self) -> bool:
        return "{id}" in self.suffix


ENDPOINTS = [
    Endpoint("list", "get", "", 200),
    Endpoint("create", "post", "", 201),
    Endpoint("detail", "get", "{id}/", 200),
    Endpoint("patch", "patch", "{id}/", 200),
    Endpoint("conversations", "get", "{id}/conversations/", 200),
    Endpoint("conversation_create", "post", "{id}/conversations/", 201),
    Endpoint("interventions", "get", "{id}/interventions/", 200),
    Endpoint("intervention_create", "post", "{id}/interventions/", 201),
    Endpoint("plan", "get", "{id}/plan/", 200),
    Endpoint("plan_revise", "post", "{id}/plan/", 201),
    Endpoint("job_tracks", "get", "{id}/job-tracks/", 200),
    Endpoint("job_tracks_set", "put", "{id}/job-tracks/", 200),
    Endpoint("accommodations", "get", "{id}/accommodations/", 200),
    Endpoint("accommodations_set", "put", "{id}/accommodations/", 200),
    Endpoint("competences", "get", "{id}/competences/", 200),
    Endpoint("competences_set", "put", "{id}/competences/", 200),
    Endpoint("paid_hours", "get", "{id}/paid-hours/", 200),
    Endpoint("paid_hours_record", "post", "{id}/paid-hours/", 201),
    Endpoint("timeline", "get", "{id}/timeline/", 200),
    Endpoint("transfer", "post", "transfer/", 200),
]
ON_A_CITIZEN = [e for e in ENDPOINTS if e.on_a_citizen]
READS = [e for e in ENDPOINTS if e.reads]
WRITES = [e for e in ENDPOINTS if not e.reads]


def _ids(endpoints):
    return [f"{e.method}-{e.name}" for e in endpoints]


@pytest.fixture
def colleague(jobafsnit):
    return UserFactory(username="sb-job-2", team=jobafsnit, roles=[CASEWORKER])


@pytest.fixture
def own(jobafsnit, caseworker):
    return CitizenFactory(team=jobafsnit, caseworker=caseworker)


@pytest.fixture
def foreign(sygedagpengeafsnit, other_caseworker):
    return CitizenFactory(team=sygedagpengeafsnit, caseworker=other_caseworker)


def payload(endpoint: Endpoint, citizen: Citizen, colleague) -> dict | None:
    today = timezone.localdate()
    return {
        "create": {
            "cpr": "150388-1237",
            "first_name": "Sofie",
            "last_name": "Nielsen",
            "postcode": "2750",
            "benefit": "kontanthjaelp",
            "readiness": "jobparat",
        },
        "patch": {"phone": "44556677"},
        "conversation_create": {
            "date": today.isoformat(),
            "kind": "jobrettet",
            "note": "CV gennemgået.",
        },
        "intervention_create": {
            "kind": "mentor",
            "start": today.isoformat(),
            "end": (today + timedelta(weeks=8)).isoformat(),
        },
        "plan_revise": {"job_goal": "Lagerarbejde med truckcertifikat."},
        "job_tracks_set": {"job_tracks": [{"occupation": "5321", "priority": 1}]},
        "accommodations_set": {"codes": ["quiet_environment"], "max_hours_per_week": 20},
        "competences_set": {
            "languages": [{"code": "da", "level": "native"}],
            "driving_licence": True,
            "education_level": "vocational",
        },
        "paid_hours_record": {"month": "2026-10-01", "hours": "10", "earnings": "1400"},
        "transfer": {
            "citizens": [citizen.pk],
            "to_caseworker": colleague.pk,
            "reason": "Fordeling",
        },
    }.get(endpoint.name)


def call(api, endpoint: Endpoint, citizen: Citizen, colleague, reason: str | None = None):
    occupation_get_or_create("5321")
    path = "/api/v1/citizens/" + endpoint.suffix.format(id=citizen.pk)
    if reason is not None:
        path += f"?access_reason={reason}"
    data = payload(endpoint, citizen, colleague)
    return getattr(api, endpoint.method)(path, data)


# --- Caseworker ----------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_ids(ENDPOINTS))
def test_caseworker_reads_and_writes_own_team(api, caseworker, colleague, own, endpoint):
    api.force_authenticate(caseworker)

    response = call(api, endpoint, own, colleague)

    assert response.status_code == endpoint.success, response.json()


@pytest.mark.parametrize("endpoint", ON_A_CITIZEN, ids=_ids(ON_A_CITIZEN))
def test_caseworker_needs_a_reason_for_another_teams_citizen(
    api, caseworker, colleague, foreign, endpoint
):
    api.force_authenticate(caseworker)

    response = call(api, endpoint, foreign, colleague)

    assert response.status_code == 403
    if endpoint.method == "get":
        assert response.json() == {"detail": NEED_REASON_DA}
    assert foreign.full_name not in response.content.decode()  # "Bo" is in "Borgeren"
    # The refused attempt is logged, and nothing else.
    log = AccessLog.objects.all()
    assert [(row.citizen_id, row.action, row.actor_id) for row in log] == [
        (foreign.pk, "refused", caseworker.pk)
    ]


@pytest.mark.parametrize("endpoint", ON_A_CITIZEN, ids=_ids(ON_A_CITIZEN))
def test_caseworker_with_a_reason_reads_another_teams_citizen_logged(
    api, caseworker, colleague, foreign, endpoint
):
    api.force_authenticate(caseworker)

    response = call(api, endpoint, foreign, colleague, reason="Vikar")

    if endpoint.method == "get":
        assert response.status_code == endpoint.success, response.json()
        log = AccessLog.objects.filter(citizen_id=foreign.pk, action="break_glass")
        assert list(log.values_list("reason", flat=True)) == ["Vikar"]
    else:
        # Break-glass is read access only: the case is changed after a transfer.
        assert response.status_code == 403
        assert "kun læseadgang" in response.json()["detail"]


def test_caseworker_list_leaves_out_other_teams(api, caseworker, own, foreign):
    api.force_authenticate(caseworker)

    rows = api.get("/api/v1/citizens/", {"team": foreign.team_id}).json()["results"]

    assert rows == []


def test_caseworker_cannot_transfer_another_teams_citizen(api, caseworker, colleague, foreign):
    api.force_authenticate(caseworker)

    response = call(api, ENDPOINTS[-1], foreign, colleague)

    assert response.status_code == 403
    assert "eget afsnit" in response.json()["detail"]


# --- Manager and API client: read all, write nothing --------------------------------------------


@pytest.mark.parametrize("role", ["manager", "api_user"])
@pytest.mark.parametrize("endpoint", READS, ids=_ids(READS))
def test_manager_and_api_client_read_every_team(request, api, colleague, foreign, role, endpoint):
    api.force_authenticate(request.getfixturevalue(role))

    response = call(api, endpoint, foreign, colleague)

    assert response.status_code == 200, response.json()
    assert AccessLog.objects.filter(citizen_id=foreign.pk).exists()


@pytest.mark.parametrize("role", ["manager", "api_user"])
@pytest.mark.parametrize("endpoint", WRITES, ids=_ids(WRITES))
def test_manager_and_api_client_write_nothing(request, api, colleague, own, role, endpoint):
    api.force_authenticate(request.getfixturevalue(role))

    response = call(api, endpoint, own, colleague, reason="Vil gerne")

    assert response.status_code == 403
    assert response.json() == {"detail": NOT_ALLOWED_DA}
    assert not AccessLog.objects.exists()


# --- Consultant, no role, anonymous --------------------------------------------------------------


@pytest.mark.parametrize("role", ["consultant", "outsider"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_ids(ENDPOINTS))
def test_consultant_and_user_without_role_get_403_everywhere(
    request, api, colleague, own, role, endpoint
):
    api.force_authenticate(request.getfixturevalue(role))

    response = call(api, endpoint, own, colleague, reason="Nysgerrig")

    assert response.status_code == 403
    assert response.json() == {"detail": NOT_ALLOWED_DA}
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_ids(ENDPOINTS))
def test_anonymous_gets_401(api, colleague, own, endpoint):
    response = call(api, endpoint, own, colleague)

    assert response.status_code == 401
    assert response.json() == {"detail": NOT_PROVIDED_DA}


def test_api_client_with_a_token_reads_but_cannot_write(api, api_user, own, password):
    token = api.post("/api/v1/auth/token/", {"username": api_user.username, "password": password})
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")

    listed = api.get("/api/v1/citizens/")
    patched = api.patch(f"/api/v1/citizens/{own.pk}/", {"phone": "11223344"})

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [own.pk]
    assert patched.status_code == 403
    assert AccessLog.objects.get().action == "api_list"
