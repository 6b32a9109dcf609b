"""The access log per CPR number (a citizen's right of access, CJEU C-579/21): JSON and CSV, for
the leder role only."""

import csv
import io
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.audit import log_citizen_access
from core.cpr_crypto import cpr_hash
from core.models import AccessLog
from tests.factories.core import UserFactory

CPR = "0101901234"
OTHER_CPR = "0202854678"


def citizen(pk: int, cpr: str = CPR) -> SimpleNamespace:
    """A stand-in with what core.audit.CitizenLike asks for: `pk` and `cpr_hash`."""
    return SimpleNamespace(pk=pk, cpr_hash=cpr_hash(cpr))


@pytest.fixture
def logged(caseworker, other_caseworker, rf):
    """Three reads of CPR's record and one of another citizen's, oldest first."""
    request = rf.get("/borgere/7/")
    log_citizen_access(
        actor=caseworker, citizens=[citizen(7)], action=AccessLog.Action.VIEW, request=request
    )
    log_citizen_access(actor=caseworker, citizens=[citizen(7)], action=AccessLog.Action.LIST)
    log_citizen_access(
        actor=other_caseworker,
        citizens=[citizen(7)],
        action=AccessLog.Action.BREAK_GLASS,
        reason="Borgeren ringede til Sygedagpengeafsnittet",
    )
    log_citizen_access(
        actor=caseworker, citizens=[citizen(8, OTHER_CPR)], action=AccessLog.Action.VIEW
    )
    return AccessLog.objects.filter(cpr_hash=cpr_hash(CPR)).order_by("-at", "-id")


def get_log(client, cpr: str = CPR, **params):
    """POST: the CPR number travels in the body, never in the address."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.post(f"{reverse('api:access-log')}?{query}", {"cpr": cpr})


def get_csv(client, cpr: str = CPR):
    return client.post(reverse("api:access-log-csv"), {"cpr": cpr})


def test_manager_gets_the_citizens_log_newest_first(api, manager, caseworker, logged):
    api.force_authenticate(manager)

    response = get_log(api)

    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 3
    assert [row["action"] for row in body["results"]] == ["break_glass", "list", "view"]
    oldest = body["results"][-1]
    assert set(oldest) == {
        "at",
        "actor",
        "actor_name",
        "action",
        "citizen_id",
        "cpr",
        "reason",
        "path",
    }
    assert oldest["actor"] == "sb-job"
    assert oldest["actor_name"] == caseworker.get_full_name()
    assert oldest["citizen_id"] == 7
    assert oldest["cpr"] == CPR  # in full: it is the citizen's own log
    assert oldest["path"] == "/borgere/7/"
    assert body["results"][0]["reason"] == "Borgeren ringede til Sygedagpengeafsnittet"


def test_cpr_may_be_written_with_a_dash(api, manager, logged):
    api.force_authenticate(manager)

    assert get_log(api, "010190-1234").json()["count"] == 3


def test_other_citizens_rows_are_not_included(api, manager, logged):
    api.force_authenticate(manager)

    response = get_log(api, OTHER_CPR)

    assert response.json()["count"] == 1
    assert response.json()["results"][0]["citizen_id"] == 8


def test_the_log_is_paginated(api, manager, logged):
    api.force_authenticate(manager)

    first = get_log(api, page_size=2).json()
    second = api.post(first["next"], {"cpr": CPR}).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert len(second["results"]) == 1
    assert second["next"] is None


def test_a_page_past_the_end_is_a_404_with_detail(api, manager, logged):
    api.force_authenticate(manager)

    response = get_log(api, page=9)

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_manager_with_a_token_can_read_the_log(api, manager, password, logged):
    token = api.post(
        reverse("api:token"), {"username": manager.username, "password": password}
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert get_log(api).status_code == 200


@pytest.mark.parametrize("role_user", ["caseworker", "consultant", "api_user", "outsider"])
def test_only_a_manager_may_read_the_log(api, request, role_user, logged):
    api.force_authenticate(request.getfixturevalue(role_user))

    for response in (get_log(api), get_csv(api)):
        assert response.status_code == 403
        assert response.json() == {"detail": "Du har ikke lov til at udføre denne handling."}


def test_anonymous_gets_401(api, logged):
    assert get_log(api).status_code == 401
    assert get_csv(api).status_code == 401


@pytest.mark.parametrize(
    ("cpr", "reason"),
    [
        ("12345", "Et CPR-nummer har 10 cifre og skrives DDMMÅÅ-SSSS."),
        ("3213901234", "De første seks cifre i CPR-nummeret er ikke en gyldig dato (DDMMÅÅ)."),
    ],
)
def test_an_invalid_cpr_is_a_400_cpr_field_error_saying_why(api, manager, cpr, reason):
    api.force_authenticate(manager)

    for response in (get_log(api, cpr), get_csv(api, cpr)):
        assert response.status_code == 400
        assert response.json() == {"cpr": [reason]}


def test_a_missing_cpr_is_a_400_cpr_field_error(api, manager):
    api.force_authenticate(manager)

    response = api.post(reverse("api:access-log"))

    assert response.status_code == 400
    assert response.json() == {"cpr": ["Dette felt er påkrævet."]}


@pytest.mark.parametrize("name", ["api:access-log", "api:access-log-csv"])
def test_a_cpr_in_the_address_is_refused_and_not_logged(api, manager, logged, caplog, name):
    api.force_authenticate(manager)

    for method in (api.get, api.post):
        with caplog.at_level("INFO"):
            response = method(f"{reverse(name)}?cpr={CPR}", {"cpr": CPR})
        assert response.status_code == 400
        assert "aldrig sendes i en adresse" in response.json()["detail"]
    assert CPR not in caplog.text
    assert "010190-1234" not in caplog.text


def test_the_log_keeps_no_cpr_in_clear(logged):
    row = logged.first()

    assert not hasattr(row, "cpr")
    assert row.cpr_hash == cpr_hash(CPR) and CPR not in row.cpr_hash


def test_rows_hashed_under_an_older_hash_key_are_still_found(api, manager, settings, logged):
    settings.CPR_HASH_KEYS = ["a-new-hash-key-of-at-least-32-characters!", *settings.CPR_HASH_KEYS]
    api.force_authenticate(manager)

    assert get_log(api).json()["count"] == 3


def test_reading_the_log_is_not_logged_as_a_read_of_the_case(api, manager, logged):
    api.force_authenticate(manager)
    before = AccessLog.objects.count()

    get_log(api)
    get_csv(api)

    assert AccessLog.objects.count() == before


def test_query_count_does_not_grow_with_the_rows(api, manager, caseworker):
    api.force_authenticate(manager)
    actors = [UserFactory() for _ in range(5)]
    log_citizen_access(actor=caseworker, citizens=[citizen(8, OTHER_CPR)], action="view")
    for actor in actors:
        log_citizen_access(actor=actor, citizens=[citizen(7)], action="view")
    get_log(api, OTHER_CPR)  # loads the manager's permissions, cached on the user from then on

    with CaptureQueriesContext(connection) as one_row:
        assert get_log(api, OTHER_CPR).json()["count"] == 1
    with CaptureQueriesContext(connection) as five_rows:
        assert get_log(api).json()["count"] == 5

    assert len(five_rows) == len(one_row)


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_manager_downloads_the_log_as_csv_with_danish_headers(login, manager, logged):
    response = get_csv(login(manager))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="adgangslog-')
    rows = read_csv(response)
    assert rows[0] == [
        "Tidspunkt",
        "Hvem",
        "Navn",
        "Handling",
        "Borger-id",
        "CPR-nummer",
        "Begrundelse",
        "Adresse",
    ]
    assert len(rows) == 4
    assert [row[1] for row in rows[1:]] == ["sb-syg", "sb-job", "sb-job"]
    assert rows[-1][3] == "Så sagen"  # the Danish label, not the API value
    assert rows[-1][5] == CPR
    assert rows[1][6] == "Borgeren ringede til Sygedagpengeafsnittet"


def test_csv_times_are_danish_local_time(login, manager, logged):
    rows = read_csv(get_csv(login(manager)))
    entry = logged.last()

    from django.utils import timezone

    assert rows[-1][0] == timezone.localtime(entry.at).strftime("%d-%m-%Y %H:%M:%S")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(login, manager, caseworker):
    log_citizen_access(
        actor=caseworker, citizens=[citizen(7)], action="view", reason="=HYPERLINK(1)"
    )

    rows = read_csv(get_csv(login(manager)))

    assert rows[1][6] == "'=HYPERLINK(1)"


def test_the_selector_returns_one_citizens_rows_newest_first(logged):
    from core.selectors import access_log_for_cpr

    rows = list(access_log_for_cpr(cpr="010190-1234"))

    assert rows == list(logged)
