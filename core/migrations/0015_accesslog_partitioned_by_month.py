"""On PostgreSQL the access log becomes a table partitioned by month of `at`
(core.access_log_partitions): the same columns, identity, indexes, foreign key and immutability
trigger (migration 0002), every row kept, one partition a month from the oldest row's month to three
months ahead and a default partition for anything else. The primary key becomes (id, at), as a
partitioned table's must hold its partition key; Django still reads and writes by `id`.
SQLite keeps its plain table. Reversing leaves the partitioned table (it behaves the same)."""

from datetime import date

from django.db import migrations

from core.access_log_partitions import DEFAULT_PARTITION, TABLE, create_month, month_of

NEW = f"{TABLE}_partitioned"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
            "WHERE c.relname = %s",
            [TABLE],
        )
        if cursor.fetchone():
            return  # already partitioned (migrated back and forth: reversing keeps it)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
            [TABLE, f"{TABLE}_pkey"],
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [TABLE],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(f"SELECT min(at)::date, max(id) FROM {TABLE}")  # noqa: S608  # nosec B608 (fixed names)
        oldest, last_id = cursor.fetchone()

        cursor.execute(
            f"CREATE TABLE {NEW} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING IDENTITY) "
            "PARTITION BY RANGE (at)"
        )
        cursor.execute(f"ALTER TABLE {NEW} ADD CONSTRAINT {NEW}_pkey PRIMARY KEY (id, at)")
        cursor.execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {NEW} DEFAULT")
        today = date.today()
        month = month_of(oldest or today)
        last = month_of(today)
        for _ in range(3):
            last = last.next()
        while month.start <= last.start:
            create_month(cursor, month, parent=NEW)
            month = month.next()
        cursor.execute(f"INSERT INTO {NEW} SELECT * FROM {TABLE}")  # noqa: S608  # nosec B608 (fixed names)
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {NEW} RENAME TO {TABLE}")
        cursor.execute(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {NEW}_pkey TO {TABLE}_pkey")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {TABLE}_id_seq")
        if last_id:
            cursor.execute(f"SELECT setval('{TABLE}_id_seq', %s)", [last_id])
        for definition in indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")
        cursor.execute(
            f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION audit_refuse_change_{TABLE}();"
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0014_remove_accesslog_cpr")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
