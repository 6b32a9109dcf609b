"""The access log by month (core.access_log_partitions, migration core/0015): on PostgreSQL each
row lands in its month's partition, the coming months are made ahead, and retention drops whole
months past AUDIT_RETENTION_DAYS (never one younger than 6 months) and the default partition's
expired rows; the rows stay immutable. On SQLite nothing is partitioned and nothing is done."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.utils import DatabaseError
from django.utils import timezone

from core import access_log_partitions as partitions
from core.audit import log_citizen_access
from core.models import AccessLog
from tests.factories.citizens import CitizenFactory

pytestmark = pytest.mark.django_db


def _partition_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM core_accesslog WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _insert_at(actor, citizen, when) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_accesslog (at, actor_id, action, citizen_id, cpr_hash, reason, path)"
            " VALUES (%s, %s, 'view', %s, %s, '', '') RETURNING id",
            [when, actor.pk, citizen.pk, citizen.cpr_hash],
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_a_row_lands_in_its_months_partition_and_stays_unchangeable(caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit)

    log_citizen_access(actor=caseworker, citizens=[citizen], action="view")

    row = AccessLog.objects.get()
    assert partitions.is_partitioned()
    assert _partition_of(row.pk) == partitions.month_of(timezone.now().date()).name
    with pytest.raises(DatabaseError, match="cannot be changed"), connection.cursor() as cursor:
        cursor.execute("UPDATE core_accesslog SET reason = 'x' WHERE id = %s", [row.pk])


@pytest.mark.postgres
def test_the_coming_months_are_made_ahead_once():
    far = date.today() + timedelta(days=365 * 2)

    created = partitions.ensure_partitions(today=far, months_ahead=2)
    again = partitions.ensure_partitions(today=far, months_ahead=2)

    month = partitions.month_of(far)
    assert created == [month.name, month.next().name, month.next().next().name]
    assert again == []


@pytest.mark.postgres
def test_retention_drops_whole_months_past_it_and_the_defaults_expired_rows(
    caseworker, jobafsnit, settings
):
    settings.AUDIT_RETENTION_DAYS = 400
    citizen = CitizenFactory(team=jobafsnit)
    now = timezone.now()
    old_month = partitions.month_of((now - timedelta(days=800)).date())
    with connection.cursor() as cursor:
        partitions.create_month(cursor, old_month)
    old = _insert_at(caseworker, citizen, now - timedelta(days=800) + timedelta(hours=1))
    in_default_old = _insert_at(caseworker, citizen, now - timedelta(days=3000))
    in_default_young = _insert_at(caseworker, citizen, now + timedelta(days=3000))
    recent = _insert_at(caseworker, citizen, now)
    with connection.cursor() as cursor:  # the test's own transaction: check the keys now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    dropped = partitions.drop_expired_partitions(now=now)

    assert dropped == [old_month.name]
    assert _partition_of(in_default_young) == partitions.DEFAULT_PARTITION
    kept = set(AccessLog.objects.values_list("pk", flat=True))
    assert kept == {recent, in_default_young}
    assert old not in kept and in_default_old not in kept


@pytest.mark.postgres
def test_no_month_younger_than_six_months_is_dropped_whatever_the_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 1
    now = timezone.now()
    recent_month = partitions.month_of((now - timedelta(days=120)).date())
    with connection.cursor() as cursor:
        partitions.create_month(cursor, recent_month)

    dropped = partitions.drop_expired_partitions(now=now)

    assert recent_month.name not in dropped
    assert recent_month in partitions.month_partitions()


@pytest.mark.postgres
def test_the_command_says_what_it_did():
    out = StringIO()
    call_command("access_log_partitions", stdout=out)

    assert "Access log partitions:" in out.getvalue()


def test_on_sqlite_nothing_is_partitioned_and_nothing_done():
    if connection.vendor == "postgresql":
        pytest.skip("the embedded default's behaviour")

    assert partitions.is_partitioned() is False
    assert partitions.ensure_partitions() == []
    assert partitions.drop_expired_partitions() == []
