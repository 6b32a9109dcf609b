"""Exports of the shared app's data for people: the access log of one CPR number as CSV.

Used by the API (/api/v1/audit/access-log.csv) and the manager's page (core.views), so both hand
the citizen the same file. `csv_response` is the same file format for any table (the GRID's
campaign suggestions)."""

import csv
import logging
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .identifiers import mask_cpr, normalize_cpr
from .models import AccessLog, User
from .selectors import access_log_for_cpr

logger = logging.getLogger("core.exports")


# What a spreadsheet may take as the start of a formula: = + - @, a tab or carriage return, and
# the minus sign; after NFKC normalisation, so their fullwidth and small lookalikes (＝ ﹦ ＋ ＠)
# count too.
_FORMULA_STARTS = frozenset("=+-@\t\r\u2212")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in _FORMULA_STARTS:
        return "'" + text
    head = unicodedata.normalize("NFKC", text[:16]).lstrip(" ")[:1]
    return "'" + text if head in _FORMULA_STARTS else text


def access_log_csv_response(*, cpr: str, user: User) -> HttpResponse:
    """The access log for one CPR number as a CSV file with Danish headers (semicolon separated,
    UTF-8 with BOM, times in Danish local time), for handing to the citizen. The caller checks
    `core.export_accesslog` and that `cpr` is valid."""
    field = AccessLog._meta.get_field
    headers = [
        field("at").verbose_name,
        field("actor").verbose_name,
        _("name"),
        field("action").verbose_name,
        field("citizen_id").verbose_name,
        _("CPR number"),
        field("reason").verbose_name,
        field("path").verbose_name,
    ]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="adgangslog-{stamp}.csv"'
    response.write("\ufeff")  # BOM: spreadsheets then read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([capfirst(header) for header in headers])
    count = 0
    for entry in access_log_for_cpr(cpr=cpr).iterator(chunk_size=2000):
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    timezone.localtime(entry.at).strftime("%d-%m-%Y %H:%M:%S"),
                    entry.actor.get_username(),
                    entry.actor.get_full_name(),
                    entry.get_action_display(),
                    entry.citizen_id,
                    normalize_cpr(cpr),
                    entry.reason,
                    entry.path,
                )
            ]
        )
        count += 1
    logger.info("Access log exported by %s for %s (%d rows).", user, mask_cpr(cpr), count)
    return response


def csv_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """A CSV download for spreadsheets, like the access log's: semicolon separated, UTF-8 with BOM.
    Numbers are written as numbers; every other cell goes through csv_cell (never a formula)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([csv_cell(capfirst(str(title))) for title in header])
    for row in rows:
        writer.writerow(
            [
                value
                if isinstance(value, int | float) and not isinstance(value, bool)
                else csv_cell(value)
                for value in row
            ]
        )
    return response
