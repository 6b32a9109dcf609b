"""CSV import of companies, workplaces and openings: dry run, partial errors, re-import."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from employers.imports import COLUMNS, import_csv
from employers.models import Employer, Opening, Workplace
from tests.factories.employers import (
    EmployerFactory,
    WorkplaceFactory,
    cvr_for,
    occupation_get_or_create,
)

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "employers" / "examples" / "virksomheder.csv"
CVR_A, CVR_B, CVR_C = cvr_for(501), cvr_for(502), cvr_for(503)
HEADER = "cvr;name;public;p_number;workplace_postcode;ordinary_employees;kind;occupation;title;seats;hours_min;hours_max;start;end;required_languages"  # noqa: E501


@pytest.fixture(autouse=True)
def occupations(db):
    for code in ("5321", "9112", "5120", "9333"):
        occupation_get_or_create(code)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


GOOD_A = f"{CVR_A};Plejecenter A;ja;1900000101;2750;30;virksomhedspraktik;5321;SSH;2;15;30;2026-12-01;2027-02-28;da tr"  # noqa: E501
GOOD_B = f"{CVR_B};Køkken B;nej;1900000102;2740;10;ordinaert_job;5120;Kok;1;37;37;04-01-2027;;"
# Company and workplace fine, the opening is not: nyttejob at a private employer, hours reversed.
BAD_C = f"{CVR_C};Firma C;nej;1900000103;2750;10;nyttejob;9112;Rengøring;1;20;10;2026-12-01;;"


def test_dry_run_reports_each_row_and_saves_nothing(consultant):
    result = import_csv(actor=consultant, content=csv_text(GOOD_A, GOOD_B), dry_run=True)

    assert result.dry_run
    assert [row.ok for row in result.rows] == [True, True]
    assert [row.line for row in result.rows] == [2, 3]
    assert (result.employers_created, result.workplaces_created, result.openings_created) == (
        2,
        2,
        2,
    )
    assert result.can_import
    assert not Employer.objects.exists()
    assert not Workplace.objects.exists()
    assert not Opening.objects.exists()


def test_import_creates_the_valid_rows_and_invalid_rows_change_nothing(consultant):
    result = import_csv(actor=consultant, content=csv_text(GOOD_A, BAD_C, GOOD_B), dry_run=False)

    assert [row.ok for row in result.rows] == [True, False, True]
    bad = result.rows[1]
    assert bad.line == 3
    assert set(bad.errors) == {"kind", "hours_min"}
    assert "offentlige" in bad.errors["kind"][0]
    assert bad.actions == []
    # The bad row's company and workplace were rolled back with its opening.
    assert set(Employer.objects.values_list("cvr", flat=True)) == {CVR_A, CVR_B}
    assert not Workplace.objects.filter(p_number="1900000103").exists()
    assert Opening.objects.count() == 2
    assert (result.employers_created, result.openings_created, result.error_rows) == (2, 2, 1)
    employer = Employer.objects.get(cvr=CVR_A)
    assert employer.public
    assert employer.consultant == consultant  # the importing consultant by default
    opening = Opening.objects.get(workplace__p_number="1900000101")
    assert (opening.seats, opening.hours_min, opening.required_languages) == (2, 15, ["da", "tr"])


def test_reimport_updates_and_does_not_duplicate(consultant):
    import_csv(actor=consultant, content=csv_text(GOOD_A, GOOD_B), dry_run=False)

    changed_a = GOOD_A.replace("Plejecenter A", "Plejecenter A/S").replace(";30;virk", ";45;virk")
    changed_a = changed_a.replace(";2;15;30;", ";3;15;30;")
    result = import_csv(actor=consultant, content=csv_text(changed_a, GOOD_B), dry_run=False)

    assert Employer.objects.count() == 2
    assert Workplace.objects.count() == 2
    assert Opening.objects.count() == 2
    assert (result.employers_created, result.workplaces_created, result.openings_created) == (
        0,
        0,
        0,
    )
    assert (result.employers_updated, result.workplaces_updated, result.openings_updated) == (
        1,
        1,
        1,
    )
    assert result.rows[1].actions == []  # B unchanged: nothing to do
    assert Employer.objects.get(cvr=CVR_A).name == "Plejecenter A/S"
    assert Workplace.objects.get(p_number="1900000101").ordinary_employees == 45
    assert Opening.objects.get(workplace__p_number="1900000101").seats == 3


def test_an_invalid_row_does_not_change_an_existing_company(consultant):
    EmployerFactory(cvr=CVR_C, name="Gammelt navn")
    row = BAD_C.replace("Firma C", "Nyt navn")

    result = import_csv(actor=consultant, content=csv_text(row), dry_run=False)

    assert not result.rows[0].ok
    assert Employer.objects.get(cvr=CVR_C).name == "Gammelt navn"


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (f"{CVR_A[:7]}0;X;;;;;;;;;;;;;", "cvr", "modulus 11"),
        ("1234;X;;;;;;;;;;;;;", "cvr", "8 cifre"),
        (f"{CVR_A};X;måske;;;;;;;;;;;;", "public", "ja eller nej"),
        (f"{CVR_A};X;;12345;2750;;;;;;;;;;", "p_number", "10 cifre"),
        (f"{CVR_A};X;;1900000101;2750;mange;;;;;;;;;", "ordinary_employees", "helt tal"),
        (f"{CVR_A};X;;1900000101;2750;5;smaajob;5321;T;1;5;10;1. december;;", "start", "dato"),
        (f"{CVR_A};X;;;;;smaajob;5321;T;1;5;10;2026-12-01;;", "p_number", "P-nummer"),
        (f"{CVR_A};;;;;;;;;;;;;;", "name", "navn"),
        (f"{CVR_A};X;;1900000101;2750;5;smaajob;5321;;1;5;10;2026-12-01;;", "title", ""),
        (
            f"{CVR_A};X;;1900000101;2750;5;smaajob;5321;T;1;5;10;2026-12-01;;xx",
            "required_languages",
            "",
        ),
    ],
)
def test_errors_are_given_per_column_in_danish(consultant, row, column, fragment):
    result = import_csv(actor=consultant, content=csv_text(row), dry_run=True)

    (only,) = result.rows
    assert column in only.errors, only.errors
    assert fragment.lower() in only.errors[column][0].lower()
    assert not result.can_import


def test_a_p_number_of_another_company_is_refused(consultant):
    WorkplaceFactory(p_number="1900000101")

    result = import_csv(actor=consultant, content=csv_text(GOOD_A), dry_run=False)

    assert "p_number" in result.rows[0].errors
    assert not Employer.objects.filter(cvr=CVR_A).exists()


def test_comma_separated_with_bom_and_danish_headers(consultant):
    content = (
        "\ufeffCVR,Navn,Offentlig,P_nummer,Arbejdssted_postnr,Type,DISCO,Titel,Timer_min,"
        "Timer_max,Start,Sprog\n"
        f'{CVR_A},"Plejecenter, A",ja,1900000101,2750,nyttejob,9112,Rengøring,10,20,'
        '2026-12-01,"da,tr"\n'
    )

    result = import_csv(actor=consultant, content=content.encode("utf-8"), dry_run=False)

    assert result.rows[0].ok, result.rows[0].errors
    assert Employer.objects.get(cvr=CVR_A).name == "Plejecenter, A"
    assert Opening.objects.get().required_languages == ["da", "tr"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "tom"),
        ("name;postcode\nX;2750\n", "cvr"),
        ("cvr;navn;farve\n12345678;X;rød\n", "farve"),
        ("cvr;name;navn\n12345678;X;Y\n", "name"),
        (HEADER + "\n", "ingen rækker"),
    ],
)
def test_unreadable_files_give_a_file_error_and_no_rows(consultant, content, fragment):
    result = import_csv(actor=consultant, content=content, dry_run=True)

    assert result.file_errors
    assert fragment in result.file_errors[0]
    assert result.rows == []
    assert not result.can_import


def test_the_example_file_imports_cleanly(consultant):
    result = import_csv(actor=consultant, content=EXAMPLE.read_bytes(), dry_run=False)

    assert result.file_errors == []
    assert all(row.ok for row in result.rows), [row.errors for row in result.rows]
    assert result.employers_created == 4
    assert Opening.objects.count() == 4


def test_every_documented_column_is_in_the_example_file():
    header = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    documented = {name for name, _meaning in COLUMNS}

    assert set(header) <= documented
    assert "cvr" in header


def test_command_dry_run_then_commit(consultant):
    out = StringIO()
    call_command("import_employers", str(EXAMPLE), "--user", "vk", stdout=out)
    assert "dry run" in out.getvalue()
    assert not Employer.objects.exists()

    call_command("import_employers", str(EXAMPLE), "--commit", "--user", "vk", stdout=out)
    assert Employer.objects.count() == 4


def test_command_fails_on_errors(tmp_path, consultant):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(BAD_C), encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import_employers", str(path), "--commit", "--user", "vk", stdout=StringIO())
    assert not Employer.objects.exists()
