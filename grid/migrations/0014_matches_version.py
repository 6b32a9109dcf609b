"""The matches' version (grid.models.MatchesVersion) and, on PostgreSQL, the statement triggers
that give it a new number from a sequence on every write to the match table, so the API's matches
list may keep its exact count while the rows it counts are unchanged (grid.selectors.match_count).
As for the openings' version (0013), a sequence: a number is never handed out twice, also not
after a rollback.

A run's shards write that run's own rows long before it is shown, millions of them at national
scale and from two workers at once; those statements set `grid.run_rows` to 'on' for their
duration (grid.services), and the trigger leaves the version alone for them: their rows are in no
count until the run becomes current, and that switch writes the version itself."""

from django.db import migrations, models

FUNCTION = """
CREATE SEQUENCE IF NOT EXISTS grid_matches_version;
CREATE OR REPLACE FUNCTION grid_matches_bump() RETURNS void AS $$
    INSERT INTO grid_matchesversion (id, version) VALUES (1, nextval('grid_matches_version'))
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
$$ LANGUAGE sql;
CREATE OR REPLACE FUNCTION grid_matches_changed() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('grid.run_rows', true), '') <> 'on' THEN
        PERFORM grid_matches_bump();
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    apps.get_model("grid", "MatchesVersion").objects.get_or_create(pk=1)
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        "CREATE TRIGGER grid_match_grid_matches AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON grid_match FOR EACH STATEMENT EXECUTE FUNCTION grid_matches_changed();"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS grid_match_grid_matches ON grid_match;")
    schema_editor.execute("DROP FUNCTION IF EXISTS grid_matches_changed();")
    schema_editor.execute("DROP FUNCTION IF EXISTS grid_matches_bump();")
    schema_editor.execute("DROP SEQUENCE IF EXISTS grid_matches_version;")


class Migration(migrations.Migration):
    dependencies = [("grid", "0013_openings_version")]

    operations = [
        migrations.CreateModel(
            name="MatchesVersion",
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
                "verbose_name": "version of the matches",
                "verbose_name_plural": "version of the matches",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
