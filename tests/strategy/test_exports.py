"""The committee's quarterly report as CSV and XLSX: Danish headers whatever the interface
language, periods as YYYY-Qn, numbers as numbers in XLSX and with a decimal comma in CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from strategy.models import Indicator, Measurement
from strategy.periods import period_parse

pytestmark = pytest.mark.django_db

HEADERS = [
    "Fokusområde",
    "Indikator",
    "Nøgletal",
    "Enhed",
    "Retning",
    "Kilde",
    "Periode",
    "Værdi",
    "Mål",
    "Status",
    "Tæller",
    "Nævner",
    "Forrige kvartal",
    "Værdi forrige kvartal",
    "Udvikling siden forrige kvartal",
]


def measure(key: str, label: str, value: str, **extra) -> None:
    period = period_parse(label)
    ind = Indicator.objects.get(key=key)
    Measurement.objects.create(
        indicator=ind,
        period_kind=period.kind,
        period_start=period.start,
        value=Decimal(value),
        source=ind.source,
        **extra,
    )


@pytest.fixture
def figures():
    measure("samarbejdsgrad", "2025-Q1", "18.5", numerator=37, denominator=200)
    measure("samarbejdsgrad", "2025-Q2", "21.25", numerator=85, denominator=400)


def export(client, name: str, period: str = "2025-Q2"):
    return client.get(reverse(name) + f"?period={period}")


def test_csv_has_danish_headers_semicolons_decimal_commas_and_quarters(login, manager, figures):
    client = login(manager)
    client.cookies["django_language"] = "en"  # the interface in English: the file stays Danish

    response = export(client, "strategy:report_csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "strategi-kvartalsrapport-2025-Q2.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + Indicator.objects.filter(active=True).count()
    row = dict(zip(HEADERS, next(r for r in rows if r[1] == "Samarbejdsgrad"), strict=True))
    assert row["Periode"] == "2025-Q2"
    assert row["Værdi"] == "21,25"
    assert row["Mål"] == "20"
    assert row["Status"] == "Grøn: målet er nået"
    assert (row["Tæller"], row["Nævner"]) == ("85", "400")
    assert row["Forrige kvartal"] == "2025-Q1"
    assert row["Værdi forrige kvartal"] == "18,5"
    assert row["Udvikling siden forrige kvartal"] == "2,75"
    assert row["Nøgletal"] == "Ja"


def test_xlsx_keeps_numbers_as_numbers_with_danish_headers(login, manager, figures):
    response = export(login(manager), "strategy:report_xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    row = dict(zip(HEADERS, next(r for r in rows if r[1] == "Samarbejdsgrad"), strict=True))
    assert row["Periode"] == "2025-Q2"
    assert row["Værdi"] == pytest.approx(21.25)
    assert isinstance(row["Værdi"], float)
    assert row["Mål"] == 20
    assert row["Tæller"] == 85 and row["Nævner"] == 400
    assert row["Udvikling siden forrige kvartal"] == pytest.approx(2.75)
    empty = next(r for r in rows if r[1] == "Borgertilfredshed")
    assert empty[7] is None  # no value: an empty cell, not "–"


def test_export_cells_are_not_run_as_formulas(login, manager):
    ind = Indicator.objects.get(key="citizen_satisfaction")
    ind.name = "=HYPERLINK(1)"
    ind.save()

    text = export(login(manager), "strategy:report_csv").content.decode("utf-8")

    assert ";'=HYPERLINK(1);" in text
