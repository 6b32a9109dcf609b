"""On PostgreSQL the database itself refuses to update audit rows, and to delete rows younger than
six months (the domain guide's minimum retention), whoever asks. TRUNCATE (used only by test
teardown) is not affected."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit rows in %% cannot be changed', TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' AND OLD.{column} > now() - interval '6 months' THEN
        RAISE EXCEPTION 'audit rows in %% younger than 6 months cannot be deleted', TG_TABLE_NAME;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

TABLES = {"core_accesslog": "at", "auditlog_logentry": "timestamp"}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in TABLES.items():
        function = f"audit_refuse_change_{table}"
        schema_editor.execute(
            FUNCTION.replace("audit_refuse_change()", f"{function}()").replace("{column}", column)
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS audit_refuse_change_{table}();")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
