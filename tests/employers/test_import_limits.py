"""Limits of the CSV import: a NUL character, too many rows (the web page's own lower limit),
and large files handled in batches, each its own transaction, with progress."""

from unittest import mock

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from employers.imports import import_csv
from employers.models import Employer
from tests.factories.employers import cvr_for

pytestmark = pytest.mark.django_db

HEADER = "cvr;name;postcode"


def rows(n: int, start: int = 600) -> str:
    return "\n".join([HEADER, *(f"{cvr_for(start + i)};Firma {i};2750" for i in range(n))]) + "\n"


def test_a_nul_character_is_a_clear_file_error_not_a_server_error(consultant):
    content = f"{HEADER}\n{cvr_for(601)};Ba\x00geri;2750\n".encode()

    result = import_csv(actor=consultant, content=content, dry_run=False)

    assert result.rows == []
    assert result.file_errors == [
        "Filen indeholder et NUL-tegn (linje 2): den er ikke en tekstfil. Gem den som "
        "“CSV UTF-8”, og prøv igen."
    ]
    assert not Employer.objects.exists()


@override_settings(IMPORT_MAX_ROWS=5)
def test_a_file_over_the_row_limit_is_refused_in_danish(consultant):
    result = import_csv(actor=consultant, content=rows(6), dry_run=False)

    assert result.file_errors == [
        "Filen har 6 rækker; højst 5 kan importeres ad gangen. Del filen op, eller bed IT om at "
        "importere den med kommandoen import_employers."
    ]
    assert not Employer.objects.exists()


@override_settings(IMPORT_WEB_MAX_ROWS=3)
def test_the_web_page_refuses_more_rows_than_its_limit(login, consultant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("v.csv", rows(4).encode(), content_type="text/csv")

    response = login(consultant).post(reverse("employers:import"), {"file": upload})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Filen har 4 rækker; højst 3 kan importeres" in content
    assert 'name="confirm"' not in content


@override_settings(IMPORT_BATCH_ROWS=4)
def test_a_large_file_is_imported_in_batches_with_progress_and_failed_rows_reported(consultant):
    bad = f"{cvr_for(700)[:-1]}0;Forkert;2750"  # a CVR failing modulus 11
    content = rows(10).replace(f"{cvr_for(603)};Firma 3;2750", bad)
    progress = []

    result = import_csv(
        actor=consultant, content=content, dry_run=False, progress=lambda *p: progress.append(p)
    )

    assert progress == [(4, 10), (8, 10), (10, 10)]
    assert result.ok_rows == 9 and result.employers_created == 9
    assert [(row.line, list(row.errors)) for row in result.rows if not row.ok] == [(5, ["cvr"])]
    assert Employer.objects.count() == 9


@override_settings(IMPORT_BATCH_ROWS=4)
def test_each_batch_is_its_own_durable_transaction(consultant):
    """Durable: each batch commits when it ends, and cannot be run inside a caller's longer
    transaction (Django raises then), so no import holds one long transaction."""
    with mock.patch("employers.imports.transaction.atomic", wraps=transaction.atomic) as atomic:
        import_csv(actor=consultant, content=rows(10), dry_run=False)

    durable = [call for call in atomic.call_args_list if call.kwargs.get("durable")]
    assert len(durable) == 3  # 4 + 4 + 2 rows


def test_an_import_inside_a_callers_transaction_is_refused(consultant):
    with pytest.raises(RuntimeError), transaction.atomic():
        import_csv(actor=consultant, content=rows(2), dry_run=False)


def test_a_dry_run_in_batches_saves_nothing(consultant):
    with override_settings(IMPORT_BATCH_ROWS=3):
        result = import_csv(actor=consultant, content=rows(7), dry_run=True)

    assert result.ok_rows == 7 and result.employers_created == 7
    assert not Employer.objects.exists()
