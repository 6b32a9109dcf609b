"""The committee's quarterly report as CSV and XLSX: one row per indicator, Danish headers
whatever the interface language, periods written YYYY-Qn. CSV: semicolon separated, UTF-8 with
BOM, decimal comma (what a Danish spreadsheet reads). XLSX: numbers stored as numbers."""

import csv
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import csv_cell

from .dashboard import ReportRow
from .models import FocusArea
from .periods import Period

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [
        _("Focus area"),
        _("Indicator"),
        _("Key figure"),
        _("Unit"),
        _("Direction"),
        _("Source"),
        _("Period"),
        _("Value"),
        _("Target"),
        _("Status"),
        _("Numerator"),
        _("Denominator"),
        _("Previous quarter"),
        _("Value previous quarter"),
        _("Change since the previous quarter"),
    ]


def status_label(status: str | None) -> str:
    return {
        "green": _("Green: the target is met"),
        "yellow": _("Yellow: close to the target (within 10 %)"),
        "red": _("Red: the target is not met"),
    }.get(status or "", _("No status"))


def _rows(areas: list[FocusArea], period: Period) -> list[list[Any]]:
    """The report's rows with numbers as Decimal (or None)."""
    rows = []
    for area in areas:
        row: ReportRow
        for row in area.rows:
            indicator, point, previous = row.indicator, row.point, row.previous
            rows.append(
                [
                    area.name,
                    indicator.name,
                    _("Yes") if indicator.is_key_figure else _("No"),
                    indicator.get_unit_display(),
                    indicator.get_direction_display(),
                    indicator.get_source_display(),
                    point.period.label if point else period.label,
                    point.value if point else None,
                    row.target,
                    status_label(point.status if point else None),
                    point.numerator if point else None,
                    point.denominator if point else None,
                    period.previous().label,
                    previous.value if previous else None,
                    row.trend.change if row.trend else None,
                ]
            )
    return rows


def _csv_value(value: Any) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text.replace(".", ",")
    return csv_cell(value)


def _filename(period: Period, extension: str) -> str:
    return f"strategi-kvartalsrapport-{period.label}.{extension}"


def report_csv_response(*, areas: list[FocusArea], period: Period) -> HttpResponse:
    with translation.override("da"):
        headers, rows = _headers(), _rows(areas, period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "csv")}"'
    response.write("\ufeff")  # BOM: spreadsheets then read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return response


def report_xlsx_bytes(*, areas: list[FocusArea], period: Period) -> bytes:
    with translation.override("da"):
        headers, rows = _headers(), _rows(areas, period)
        title = _("Report %(period)s") % {"period": period.label}
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                float(value)
                if isinstance(value, Decimal)
                else (csv_cell(value) if isinstance(value, str) else value)
                for value in row
            ]
        )
    sheet.freeze_panes = "A2"
    widths = [40, 45, 10, 10, 18, 22, 10, 10, 10, 38, 10, 10, 14, 14, 10]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in (8, 9, 11, 12, 14, 15):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0.0#"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_xlsx_response(*, areas: list[FocusArea], period: Period) -> HttpResponse:
    response = HttpResponse(report_xlsx_bytes(areas=areas, period=period), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "xlsx")}"'
    return response
