"""The application's database role cannot undo the audit: after `manage.py audit_grants` (run as
the owner) a connection as the application role can read and write its tables, but cannot
TRUNCATE the audit tables, change their rows, or disable or drop their triggers. On PostgreSQL,
in the integration pass (the roles must be committed for a second connection to use them)."""

import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def app_role():
    """A fresh application role (roles are cluster-wide: a unique name, dropped afterwards)."""
    if connection.vendor != "postgresql":
        pytest.fail("The audit role tests need PostgreSQL (DATABASE_URL).")
    name = f"jobcenter_app_{uuid.uuid4().hex[:8]}"
    password = uuid.uuid4().hex
    yield name, password
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture
def as_app(app_role, monkeypatch):
    name, password = app_role
    monkeypatch.setenv("DB_APP_PASSWORD", password)
    out = StringIO()
    call_command("audit_grants", "--app-role", name, stdout=out)
    assert "the audit tables are guarded" in out.getvalue()
    assert password not in out.getvalue()
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        dbname=db["NAME"],
        user=name,
        password=password,
        autocommit=True,
    ) as conn:
        yield conn


def _refused(conn, sql: str) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as error:
        conn.execute(sql)
    return str(error.value)


@pytest.mark.parametrize("table", ["core_accesslog", "auditlog_logentry"])
def test_the_application_role_cannot_truncate_an_audit_table(as_app, table):
    _refused(as_app, f"TRUNCATE {table}")


@pytest.mark.parametrize("table", ["core_accesslog", "auditlog_logentry"])
def test_the_application_role_cannot_disable_or_drop_the_audit_trigger(as_app, table):
    trigger = f"{table}_immutable"

    assert "owner" in _refused(as_app, f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    assert "owner" in _refused(as_app, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    assert "owner" in _refused(as_app, f"DROP TRIGGER {trigger} ON {table}")
    assert "owner" in _refused(as_app, f"DROP TABLE {table}")


@pytest.mark.parametrize("table", ["core_accesslog", "auditlog_logentry"])
def test_the_application_role_cannot_update_audit_rows_but_can_read_them(as_app, table):
    _refused(as_app, f"UPDATE {table} SET id = id")  # noqa: S608 - fixed table names

    row = as_app.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608

    assert row is not None  # reading is allowed (a refusal would raise)


def test_the_application_role_still_does_its_work(as_app):
    as_app.execute("INSERT INTO core_team (name, slug) VALUES ('Rolle-test', 'rolle-test')")
    as_app.execute("UPDATE core_team SET name = 'Rolle-test 2' WHERE slug = 'rolle-test'")
    as_app.execute("DELETE FROM core_team WHERE slug = 'rolle-test'")

    _refused(as_app, "TRUNCATE core_team")
    _refused(as_app, "CREATE TABLE mine (id int)")


def test_running_audit_grants_again_keeps_the_role_guarded(app_role, monkeypatch):
    name, _password = app_role

    call_command("audit_grants", "--app-role", name, stdout=StringIO())
    call_command("audit_grants", "--app-role", name, stdout=StringIO())

    from core.db_roles import audit_role_problems

    with connection.cursor() as cursor:
        assert audit_role_problems(cursor, name) == []


def test_the_sql_can_be_printed_for_a_dba_without_a_password(monkeypatch):
    monkeypatch.setenv("DB_APP_PASSWORD", "s3cret-value")
    out = StringIO()

    call_command("audit_grants", "--app-role", "jobcenter_app", "--sql", stdout=out)

    text = out.getvalue()
    assert 'CREATE ROLE "jobcenter_app" LOGIN' in text
    assert 'GRANT SELECT, INSERT, DELETE ON "core_accesslog" TO "jobcenter_app";' in text
    assert "TRUNCATE" not in text
    assert "s3cret-value" not in text
