"""The openings' data version (grid.models.OpeningsVersion) and, on PostgreSQL, the statement
triggers that give it a new number from a sequence on every write to the tables
grid.loading.load_openings reads, so a worker may keep its openings' arrays between runs while
nothing they are made of changed (grid.loading.open_openings). A statement trigger fires once per
INSERT, UPDATE, DELETE or TRUNCATE statement, also for bulk updates and writes from outside the
application. The write is an upsert, so a flushed table (the tests' TRUNCATE) gets its row back
rather than staying unread."""

from django.db import migrations, models

# The tables load_openings reads (employers.rules.rooms included).
WATCHED = (
    "employers_opening",
    "employers_placement",
    "employers_workplace",
    "employers_employer",
    "employers_dispensation",
    "core_rule",
)

# The version is taken from a sequence, which never hands out a number twice, also not after a
# rollback: a process that read data inside a transaction that was then rolled back (a test, a
# command) may have kept arrays under that number, and no later state must come to carry it.
FUNCTION = """
CREATE SEQUENCE IF NOT EXISTS grid_openings_version;
CREATE OR REPLACE FUNCTION grid_openings_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO grid_openingsversion (id, version) VALUES (1, nextval('grid_openings_version'))
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    apps.get_model("grid", "OpeningsVersion").objects.get_or_create(pk=1)
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in WATCHED:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_grid_openings AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION grid_openings_changed();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in WATCHED:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_grid_openings ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS grid_openings_changed();")
    schema_editor.execute("DROP SEQUENCE IF EXISTS grid_openings_version;")


class Migration(migrations.Migration):
    dependencies = [
        ("grid", "0012_run_plan"),
        ("employers", "0007_opening_list_order_index"),
        ("core", "0015_accesslog_partitioned_by_month"),
    ]

    operations = [
        migrations.CreateModel(
            name="OpeningsVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "version of the openings' data",
                "verbose_name_plural": "version of the openings' data",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
