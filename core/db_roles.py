"""PostgreSQL roles that protect the audit tables from the application itself.

Two roles: the **owner** (runs `migrate`, owns every table and so the audit triggers) and the
**application** role (the web, the worker and beat connect as it). The application role may read
and write the tables it works with, but it owns none of them, has no TRUNCATE anywhere, and on the
audit tables (core_accesslog, auditlog_logentry) it may only read, insert and delete (the trigger
of migration core/0002 refuses deleting rows younger than 6 months, and updates). Only a table's
owner may `ALTER TABLE … DISABLE TRIGGER` or `DROP TRIGGER`, so the application cannot switch the
triggers off or truncate the logs.

`manage.py audit_grants` runs these statements as the owner after each `migrate` (new tables get
the application's grants by default privileges, but the audit tables' UPDATE is revoked again
here). `--sql` prints them for a DBA to run with psql instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

AUDIT_TABLES = ("core_accesslog", "auditlog_logentry")
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_TABLE_PRIVILEGES = "SELECT, INSERT, DELETE"


def _ident(name: str) -> str:
    """A role or table name quoted as an SQL identifier."""
    if not name or "\x00" in name:
        raise ValueError("Give a role name.")
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class GrantPlan:
    owner: str
    app_role: str
    database: str
    password: str | None = None

    def statements(self, *, role_exists: bool) -> list[str]:
        app, owner, db = _ident(self.app_role), _ident(self.owner), _ident(self.database)
        login = f" PASSWORD {_literal(self.password)}" if self.password else ""
        sql: list[str] = []
        if not role_exists:
            sql.append(
                f"CREATE ROLE {app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT{login}"
            )
        elif login:
            sql.append(f"ALTER ROLE {app}{login}")
        sql += [
            f"REVOKE {owner} FROM {app}",
            f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {app}",
            f"REVOKE CREATE ON SCHEMA public FROM {app}",
            f"GRANT USAGE ON SCHEMA public TO {app}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app}",
            f"GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            f"GRANT {APP_TABLE_PRIVILEGES} ON TABLES TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        ]
        for table in AUDIT_TABLES:
            sql += [
                f"REVOKE ALL ON {_ident(table)} FROM {app}",
                f"GRANT {AUDIT_TABLE_PRIVILEGES} ON {_ident(table)} TO {app}",
            ]
        return sql


def _role_exists(cursor, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


def grant_plan(*, app_role: str, password: str | None = None) -> GrantPlan:
    """The plan for this database, run by its current user (the owner)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        owner, database = cursor.fetchone()
    if owner == app_role:
        raise ValueError("Run audit_grants as the owner role, not as the application role.")
    return GrantPlan(owner=owner, app_role=app_role, database=database, password=password)


def audit_grants_apply(*, app_role: str, password: str | None = None) -> list[str]:
    """Create or update the application role and its grants; returns the statements run
    (the password masked). PostgreSQL only."""
    if connection.vendor != "postgresql":
        raise RuntimeError("audit_grants needs PostgreSQL (DATABASE_URL=postgres://...).")
    plan = grant_plan(app_role=app_role, password=password)
    with connection.cursor() as cursor:
        statements = plan.statements(role_exists=_role_exists(cursor, app_role))
        for statement in statements:
            cursor.execute(statement)
        problems = audit_role_problems(cursor, app_role)
    if problems:
        raise RuntimeError("; ".join(problems))
    secret = _literal(password) if password else None
    return [s.replace(secret, "'********'") if secret else s for s in statements]


def audit_role_problems(cursor, app_role: str) -> list[str]:
    """What would still let the application role touch the audit tables' protection."""
    problems = []
    cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [app_role])
    row = cursor.fetchone()
    if row is None:
        return [f"role {app_role} does not exist"]
    if row[0] or row[1]:
        problems.append(f"{app_role} is a superuser or bypasses row security")
    for table in AUDIT_TABLES:
        cursor.execute(
            "SELECT pg_has_role(%s, tableowner, 'USAGE'), "
            "has_table_privilege(%s, %s, 'TRUNCATE'), has_table_privilege(%s, %s, 'UPDATE') "
            "FROM pg_tables WHERE schemaname = 'public' AND tablename = %s",
            [app_role, app_role, table, app_role, table, table],
        )
        found = cursor.fetchone()
        if found is None:
            continue
        owns, truncate, update = found
        if owns:
            problems.append(f"{app_role} owns {table} (or acts as its owner)")
        if truncate or update:
            problems.append(f"{app_role} may TRUNCATE or UPDATE {table}")
    return problems
