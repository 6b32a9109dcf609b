"""CPR numbers at rest: encrypted with a key from the settings, found and kept unique by a keyed
hash, rotated by `manage.py rotate_cpr_keys`; no table keeps the number in clear."""

import io

import pytest
from auditlog.models import LogEntry
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from citizens.models import Citizen
from citizens.selectors import citizen_find_by_cpr
from core.cpr_crypto import cpr_hash, cpr_hashes, decrypt_cpr, is_current_encryption
from core.models import AccessLog
from tests.factories.citizens import CitizenFactory

pytestmark = pytest.mark.django_db
CPR = "0208034364"
NEW_KEY = Fernet.generate_key().decode()
NEW_HASH_KEY = "a-new-hash-key-for-the-rotation-test-0123456789"


def raw_rows(table: str) -> str:
    """Every column of every row of a table, as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  # a fixed table name
        return repr(cursor.fetchall())


def test_the_citizen_table_holds_no_cpr_in_clear(jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, cpr=CPR)

    stored = raw_rows("citizens_citizen")

    assert CPR not in stored and "020803-4364" not in stored
    assert citizen.cpr_encrypted in stored and citizen.cpr_hash in stored
    assert decrypt_cpr(citizen.cpr_encrypted) == CPR
    assert Citizen.objects.get(pk=citizen.pk).cpr == CPR  # read back in clear


def test_birth_date_gender_and_the_masked_form_are_derived_as_before(jobafsnit):
    citizen = Citizen.objects.get(pk=CitizenFactory(team=jobafsnit, cpr=CPR).pk)

    assert str(citizen.birth_date) == "2003-08-02"
    assert citizen.gender == "F"
    assert citizen.masked_cpr == "020803-XXXX"


def test_the_access_log_and_the_change_log_hold_no_cpr_in_clear(client, caseworker, jobafsnit):
    citizen = CitizenFactory(team=jobafsnit, cpr=CPR, caseworker=caseworker)
    client.force_login(caseworker)
    client.post("/borgere/find/", {"cpr": CPR})
    client.get(f"/borgere/{citizen.pk}/")

    assert AccessLog.objects.count() == 2
    for table in ("core_accesslog", "auditlog_logentry"):
        stored = raw_rows(table)
        assert CPR not in stored and "020803-4364" not in stored, table
        assert citizen.cpr_encrypted not in stored, table
    creation = LogEntry.objects.get_for_object(citizen).first()
    assert "cpr" not in str(creation.changes) and "cpr_hash" not in str(creation.changes)


def test_one_lookup_finds_a_citizen_by_cpr_in_any_written_form(jobafsnit, caseworker):
    citizen = CitizenFactory(team=jobafsnit, cpr=CPR)
    CitizenFactory(team=jobafsnit)

    for written in (CPR, "020803-4364", " 020803 4364 "):
        assert list(Citizen.objects.with_cpr(written)) == [citizen], written
    for other in ("020803436", "０２０８０３４３６４", "٠٢٠٨٠٣٤٣٦٤", "", "0208034365"):
        assert not Citizen.objects.with_cpr(other).exists(), other
    assert citizen_find_by_cpr(user=caseworker, cpr="020803-4364") == citizen


def test_the_keyed_hash_is_unique_in_the_database(jobafsnit):
    CitizenFactory(team=jobafsnit, cpr=CPR)

    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate = Citizen(cpr=CPR, first_name="A", last_name="B", postcode="2750")
        duplicate.team = jobafsnit
        duplicate.save()


def test_a_lookup_by_the_cpr_field_fails_loudly():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        Citizen.objects.filter(cpr=CPR).exists()


def test_rotation_reencrypts_and_rehashes_under_the_new_keys(settings, jobafsnit):
    citizens = [CitizenFactory(team=jobafsnit, cpr=CPR), CitizenFactory(team=jobafsnit)]
    numbers = {c.pk: c.cpr for c in citizens}
    old_tokens = {c.pk: c.cpr_encrypted for c in citizens}
    settings.CPR_ENCRYPTION_KEYS = [NEW_KEY, *settings.CPR_ENCRYPTION_KEYS]
    settings.CPR_HASH_KEYS = [NEW_HASH_KEY, *settings.CPR_HASH_KEYS]
    # Before the rotation: still readable and findable under the older keys.
    assert Citizen.objects.with_cpr(CPR).get().pk == citizens[0].pk
    with pytest.raises(CommandError):
        call_command("rotate_cpr_keys", "--check", stdout=io.StringIO())

    out = io.StringIO()
    call_command("rotate_cpr_keys", "--batch-size", "1", stdout=out)

    assert "2 citizens: 2 re-encrypted, 2 rehashed" in out.getvalue()
    old_keys = settings.CPR_ENCRYPTION_KEYS[1:]
    settings.CPR_ENCRYPTION_KEYS = [NEW_KEY]  # the old key removed: everything still reads
    settings.CPR_HASH_KEYS = [NEW_HASH_KEY]
    for citizen in Citizen.objects.all():
        assert citizen.cpr == numbers[citizen.pk]
        assert citizen.cpr_encrypted != old_tokens[citizen.pk]
        assert is_current_encryption(citizen.cpr_encrypted)
        assert citizen.cpr_hash == cpr_hash(numbers[citizen.pk])
    assert Citizen.objects.with_cpr(CPR).get().pk == citizens[0].pk
    settings.CPR_ENCRYPTION_KEYS = [NEW_KEY, *old_keys]
    call_command("rotate_cpr_keys", "--check", stdout=out)
    assert "0 not encrypted under the current key, 0 not hashed" in out.getvalue()


def test_a_number_under_an_unknown_key_is_a_clear_command_error(settings, jobafsnit):
    CitizenFactory(team=jobafsnit)
    settings.CPR_ENCRYPTION_KEYS = [NEW_KEY]

    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("rotate_cpr_keys", stdout=io.StringIO())


def test_hashes_under_every_key_are_matched_current_first(settings):
    settings.CPR_HASH_KEYS = [NEW_HASH_KEY, "an-older-hash-key-that-is-still-kept-0123"]

    hashes = cpr_hashes(CPR)

    assert len(hashes) == 2 and hashes[0] == cpr_hash(CPR) and len(set(hashes)) == 2


def test_lists_show_the_masked_number_without_decrypting(client, api, caseworker, monkeypatch):
    CitizenFactory.create_batch(3, team=caseworker.team, caseworker=caseworker)

    def refuse(token):
        raise AssertionError("a list decrypted a CPR number")

    monkeypatch.setattr("citizens.models.decrypt_cpr", refuse)
    client.force_login(caseworker)
    api.force_authenticate(caseworker)

    page = client.get("/borgere/mine/")
    listed = api.get("/api/v1/citizens/")

    assert page.status_code == 200 and page.content.decode().count("-XXXX") == 3
    assert listed.status_code == 200
    assert all(row["cpr"].endswith("-XXXX") for row in listed.json()["results"])
