from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction
from django.db.utils import DatabaseError

from citizens.models import Citizen
from core.audit import audit_actor, log_citizen_access
from core.cpr_crypto import cpr_hash
from core.models import AccessLog

pytestmark = pytest.mark.django_db


def make_citizen(team, **overrides) -> Citizen:
    data = {
        "cpr": "0101901234",
        "first_name": "Mette",
        "last_name": "Hansen",
        "postcode": "2750",
        "team": team,
    }
    return Citizen.objects.create(**{**data, **overrides})


def test_every_citizen_shown_gets_one_access_row(caseworker, rf):
    shown = [
        SimpleNamespace(pk=7, cpr_hash=cpr_hash("0101901234")),
        SimpleNamespace(pk=8, cpr_hash=cpr_hash("0202025678")),
    ]
    request = rf.get("/borgere/?q=hansen", REMOTE_ADDR="10.1.2.3")

    written = log_citizen_access(actor=caseworker, citizens=shown, action="list", request=request)

    assert written == 2
    rows = list(AccessLog.objects.order_by("citizen_id"))
    assert [(r.citizen_id, r.cpr_hash, r.action) for r in rows] == [
        (7, cpr_hash("0101901234"), "list"),
        (8, cpr_hash("0202025678"), "list"),
    ]
    assert rows[0].actor == caseworker
    assert rows[0].path == "/borgere/?q=hansen"
    assert rows[0].remote_addr == "10.1.2.3"


def test_a_cpr_number_in_the_address_or_the_reason_is_masked_in_the_log(caseworker, rf):
    request = rf.get("/borgere/find/?cpr=0101901234")

    log_citizen_access(
        actor=caseworker,
        citizens=[SimpleNamespace(pk=1, cpr_hash=cpr_hash("0101901234"))],
        action="search",
        reason="Borger 010190-1234 ringede",
        request=request,
    )

    row = AccessLog.objects.get()
    assert row.path == "/borgere/find/?cpr=010190-XXXX"
    assert row.reason == "Borger 010190-XXXX ringede"


def test_break_glass_reason_is_kept(caseworker):
    log_citizen_access(
        actor=caseworker,
        citizens=[SimpleNamespace(pk=1, cpr_hash=cpr_hash("0101901234"))],
        action="break_glass",
        reason="Borgeren ringede; egen sagsbehandler syg",
    )

    assert AccessLog.objects.get().reason == "Borgeren ringede; egen sagsbehandler syg"


def test_access_without_an_authenticated_actor_is_refused():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValueError):
        log_citizen_access(
            actor=AnonymousUser(),
            citizens=[SimpleNamespace(pk=1, cpr_hash=cpr_hash("1"))],
            action="view",
        )


def test_unknown_action_is_refused(caseworker):
    with pytest.raises(ValueError):
        log_citizen_access(
            actor=caseworker,
            citizens=[SimpleNamespace(pk=1, cpr_hash=cpr_hash("1"))],
            action="peek",
        )


def test_access_log_rows_cannot_be_changed_or_deleted(caseworker):
    log_citizen_access(
        actor=caseworker,
        citizens=[SimpleNamespace(pk=1, cpr_hash=cpr_hash("0101901234"))],
        action="view",
    )
    row = AccessLog.objects.get()

    row.reason = "covering tracks"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError), transaction.atomic():
        AccessLog.objects.all().delete()
    with pytest.raises(PermissionError), transaction.atomic():
        AccessLog.objects.update(reason="x")
    assert AccessLog.objects.get().reason == ""


def test_changes_to_personal_data_are_recorded_with_actor_and_old_and_new(caseworker, jobafsnit):
    with audit_actor(caseworker):
        citizen = make_citizen(jobafsnit)
        citizen.postcode = "2740"
        citizen.save()

    entries = LogEntry.objects.get_for_object(citizen).order_by("timestamp", "pk")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    update = entries.last()
    assert update.actor == caseworker
    assert update.changes_dict["postcode"] == ["2750", "2740"]


def test_change_log_entries_cannot_be_edited_or_deleted(caseworker, jobafsnit):
    with audit_actor(caseworker):
        citizen = make_citizen(jobafsnit)
    entry = LogEntry.objects.get_for_object(citizen).get()

    entry.changes = {}
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError), transaction.atomic():
        entry.delete()
    with pytest.raises(PermissionError), transaction.atomic():
        LogEntry.objects.all().delete()


@pytest.mark.postgres
def test_database_refuses_audit_edits_even_in_raw_sql(caseworker):
    log_citizen_access(
        actor=caseworker,
        citizens=[SimpleNamespace(pk=1, cpr_hash=cpr_hash("0101901234"))],
        action="view",
    )

    for statement in (
        "UPDATE core_accesslog SET reason = 'x'",
        "DELETE FROM core_accesslog",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AccessLog.objects.count() == 1


def test_a_token_clients_change_to_a_citizen_names_the_client_as_actor(api, caseworker):
    from core.api.tokens import token_issue
    from tests.factories.citizens import CitizenFactory

    citizen = CitizenFactory(team=caseworker.team, caseworker=caseworker)
    key, _token = token_issue(caseworker)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.patch(f"/api/v1/citizens/{citizen.pk}/", {"phone": "44778899"}, format="json")

    assert response.status_code == 200, response.json()
    entry = LogEntry.objects.get_for_object(citizen).order_by("pk").last()
    assert entry.actor == caseworker
    assert entry.changes_dict["phone"][1] == "44778899"
