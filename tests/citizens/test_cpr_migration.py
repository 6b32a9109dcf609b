"""Migrations citizens 0011-0012 and core 0013-0014 take the CPR numbers out of the clear: the
citizens' numbers encrypted and hashed, the access log hashed (its addresses masked), the change
log masked; birth date and gender unchanged; reversing the citizens' part restores the numbers.

On PostgreSQL (its pass of `make test`), against the audit tables' immutability triggers, inside the
test's own transaction: PostgreSQL migrates within a transaction, so the test rolls everything
back and flushes no table (a flushing transactional test would take the migrations' data from the
tests after it)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.cpr_crypto import cpr_hash, decrypt_cpr

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
BEFORE = [("citizens", "0011_citizen_anonymised_at"), ("core", "0012_api_tokens_hashed")]
AFTER = [("citizens", "0013_remove_citizen_cpr"), ("core", "0014_remove_accesslog_cpr")]
CPR = "0208034364"
OTHER = "1503881237"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def test_existing_cpr_numbers_are_encrypted_hashed_and_masked():
    with connection.cursor() as cursor:
        # Foreign keys checked at once, so no check is pending when a migration alters a table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    old = migrate(BEFORE)
    Team = old.get_model("core", "Team")
    User = old.get_model("core", "User")
    Citizen = old.get_model("citizens", "Citizen")
    AccessLog = old.get_model("core", "AccessLog")
    LogEntry = old.get_model("auditlog", "LogEntry")
    ContentType = old.get_model("contenttypes", "ContentType")
    team = Team.objects.create(name="Jobafsnit", slug="jobafsnit")
    user = User.objects.create(username="sb")
    born = {"birth_date": "2003-08-02", "gender": "F"}
    first = Citizen.objects.create(
        cpr=CPR, first_name="Ida", last_name="Holm", postcode="2750", team=team, **born
    )
    second = Citizen.objects.create(
        cpr=OTHER,
        first_name="Bo",
        last_name="Lund",
        postcode="2750",
        team=team,
        birth_date="1988-03-15",
        gender="M",
    )
    AccessLog.objects.create(
        actor=user,
        action="search",
        citizen_id=first.pk,
        cpr=CPR,
        path=f"/borgere/find/?cpr={CPR}",
        reason="Borger 020803-4364 ringede",
    )
    content_type, _ = ContentType.objects.get_or_create(app_label="citizens", model="citizen")
    LogEntry.objects.create(
        content_type=content_type,
        object_pk=str(first.pk),
        object_id=first.pk,
        object_repr="Ida Holm",
        action=0,
        changes={"cpr": ["None", CPR], "first_name": ["None", "Ida"]},
    )
    try:
        new = migrate(AFTER)

        assert "cpr" not in columns("citizens_citizen")
        assert "cpr" not in columns("core_accesslog")
        Citizen = new.get_model("citizens", "Citizen")
        for citizen, number in ((first, CPR), (second, OTHER)):
            row = Citizen.objects.get(pk=citizen.pk)
            assert decrypt_cpr(row.cpr_encrypted) == number
            assert row.cpr_hash == cpr_hash(number)
            assert (str(row.birth_date), row.gender) == (str(citizen.birth_date), citizen.gender)
        log = new.get_model("core", "AccessLog").objects.get()
        assert log.cpr_hash == cpr_hash(CPR)
        assert log.path == "/borgere/find/?cpr=020803-XXXX"
        assert log.reason == "Borger 020803-XXXX ringede"
        entry = new.get_model("auditlog", "LogEntry").objects.get(object_id=first.pk)
        assert entry.changes == {"cpr": ["None", "020803-XXXX"], "first_name": ["None", "Ida"]}

        back = migrate([("citizens", "0010_shared_accommodations")])
        Citizen = back.get_model("citizens", "Citizen")
        assert Citizen.objects.get(pk=first.pk).cpr == CPR
        assert Citizen.objects.get(pk=second.pk).cpr == OTHER
    finally:
        migrate_to_latest()
