"""Migration 0004 moves the workplaces' old dispensation fields to Dispensation rows without
losing anything, caps the 2017 rule rows and adds the current ones."""

import importlib
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("employers", "0003_dispensation")]
AFTER = [("employers", "0005_remove_workplace_dispensation_fields")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Back to every app's latest migration: going back to employers 0003 also unapplied the
    other apps' migrations that depend on later ones (the GRID's, the citizens')."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def load_rule_rows(apps) -> None:
    """The rule rows as core 0004 loads them (it skips the rows present): a transactional test
    that ran before this one in the same process may have flushed the data migrations' rows."""
    load = importlib.import_module("core.migrations.0004_load_rules").load
    with connection.schema_editor() as editor:
        load(apps, editor)


def test_old_dispensation_fields_become_dispensation_rows():
    old = migrate(BEFORE)
    load_rule_rows(old)
    Employer = old.get_model("employers", "Employer")
    Workplace = old.get_model("employers", "Workplace")
    employer = Employer.objects.create(cvr="35003711", name="Ballerup Kommune", public=True)
    Workplace.objects.create(
        employer=employer,
        p_number="1900000001",
        postcode="2750",
        ordinary_employees=10,  # the ratio gives 2
        dispensation_reason="Servicekorpset: udvalgets beslutning",
        dispensation_from=date(2026, 1, 1),
        dispensation_capacity=60,
    )
    Workplace.objects.create(employer=employer, p_number="1900000002", postcode="2750")
    try:
        new = migrate(AFTER)
        Dispensation = new.get_model("employers", "Dispensation")
        moved = Dispensation.objects.get()
        assert moved.workplace.p_number == "1900000001"
        assert moved.granted_by == "unknown"
        assert moved.reference == "Servicekorpset: udvalgets beslutning"
        assert (moved.valid_from, moved.valid_to) == (date(2026, 1, 1), None)
        assert moved.extra_seats == 58  # 2 by the ratio + 58 = the old 60
        assert set(moved.kinds) == {"virksomhedspraktik", "loentilskud", "nyttejob"}
        assert "60" in moved.note

        Rule = new.get_model("core", "Rule")
        old_row = Rule.objects.get(key="rimelighedskrav_threshold", valid_from=date(2019, 1, 1))
        assert old_row.valid_to == date(2019, 12, 31)
        current = Rule.objects.get(key="rimelighedskrav_threshold", valid_from=date(2020, 1, 1))
        assert current.valid_to is None and "2636" in current.legal_reference
    finally:
        migrate_to_latest()
