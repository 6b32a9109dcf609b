"""The consultant's CSV import page and the employers app's Danish catalogue."""

import pytest
from django.urls import reverse

from employers.models import Employer, Workplace

pytestmark = pytest.mark.django_db


# --- CSV import --------------------------------------------------------------------------------
def csv_upload(text: str, name: str = "virksomheder.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


IMPORT_CSV = (
    "cvr;name;postcode;p_number;workplace_postcode;ordinary_employees\n"
    "12345674;Ballerup Bageri;2750;1234567890;2750;12\n"
    "12345678;Forkert CVR ApS;2750;;;\n"
)


def test_import_dry_run_shows_each_rows_errors_in_danish_and_saves_nothing(login, consultant):
    client = login(consultant)

    response = client.post(reverse("employers:import"), {"file": csv_upload(IMPORT_CSV)})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Prøvekørsel" in content
    assert "modulus 11" in content  # line 3's CVR error, in Danish
    assert 'class="row--invalid"' in content
    assert not Employer.objects.exists()
    assert not Workplace.objects.exists()


def test_import_after_the_dry_run_creates_the_valid_rows_only(login, consultant):
    client = login(consultant)
    client.post(reverse("employers:import"), {"file": csv_upload(IMPORT_CSV)})

    response = client.post(reverse("employers:import"), {"confirm": "1"})

    content = response.content.decode()
    assert response.status_code == 200
    employer = Employer.objects.get()
    assert employer.name == "Ballerup Bageri"
    assert employer.workplaces.get().ordinary_employees == 12
    counts = content.split('class="import-counts"', 1)[1].split("</ul>", 1)[0]
    assert "<strong>1</strong> virksomheder oprettet" in counts
    assert "<strong>1</strong> rækker fejlede" in counts
    # The file waited in the session, not on disk, and is gone after the import.
    assert "employers_import_csv" not in client.session


def test_import_confirm_without_a_dry_run_does_nothing(login, consultant):
    response = login(consultant).post(reverse("employers:import"), {"confirm": "1"}, follow=True)

    assert "Den uploadede fil er udløbet" in response.content.decode()
    assert not Employer.objects.exists()


def test_import_of_an_unreadable_file_explains_why(login, consultant):
    response = login(consultant).post(
        reverse("employers:import"), {"file": csv_upload("navn;by\nBageri;Ballerup\n")}
    )

    content = response.content.decode()
    assert 'role="alert"' in content
    assert "confirm" not in content
    assert "employers_import_csv" not in login(consultant).session


def test_import_page_lists_the_columns(login, consultant):
    content = login(consultant).get(reverse("employers:import")).content.decode()

    assert "<code>cvr</code>" in content
    assert "<code>p_number</code>" in content


# --- Danish translations of the employers app --------------------------------------------------
def test_every_msgid_of_the_employers_app_is_translated_and_compiled():
    import gettext
    from pathlib import Path

    from django.conf import settings

    from tests.core.test_ui_shell import _po_entries

    folder = Path(settings.BASE_DIR) / "employers" / "locale" / "da" / "LC_MESSAGES"
    entries = _po_entries(folder / "django.po")
    header, messages = entries[0], entries[1:]
    with (folder / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]

    assert "fuzzy" not in header["flags"]
    assert len(messages) > 250
    assert [e["msgid"] for e in messages if not all(e["msgstr"])] == []
    assert [e["msgid"] for e in messages if "fuzzy" in e["flags"]] == []
    singular = [e for e in messages if "msgid_plural" not in e and "msgctxt" not in e]
    assert all(catalog.get(e["msgid"]) == e["msgstr"][0] for e in singular)
