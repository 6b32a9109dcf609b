"""Import companies, workplaces and openings from a CSV file.

The file: UTF-8 (with or without BOM), separated by semicolons or commas (detected from the
header row), one header row, then one row per company — optionally with one of its workplaces,
and optionally with one opening at that workplace. Header names are case-insensitive; the Danish
names in brackets are accepted too. Only `cvr` is required as a column; empty cells mean "not
given" (an update never blanks a field).

Company (virksomhed), found or created by CVR number:
    cvr (cvr)                      CVR number, 8 digits (modulus 11) — required in every row
    name (navn)                    company name — required when the company is new
    branche (branchekode)          industry code DB07/NACE, 2-6 digits, e.g. 561010
    branche_title (branche_titel)  industry title, e.g. Restauranter
    address (adresse)              company address
    postcode (postnr)              company postcode
    public (offentlig)             ja/nej (also 1/0, true/false, x): a public employer
    consultant (konsulent)         username of the responsible employer consultant (new
                                   companies default to the importing consultant)
Workplace (produktionsenhed), found or created by P-nummer:
    p_number (p_nummer)            P-number, 10 digits; a workplace of the same company
    workplace_name (arbejdssted)   the workplace's name
    workplace_address (arbejdssted_adresse)
    workplace_postcode (arbejdssted_postnr)  defaults to the company's postcode
    ordinary_employees (ordinaert_ansatte)   number of ordinary employees
    employees_counted_on (ansatte_optalt)    the day they were counted
Opening (behov/tilbud) at that workplace, found by workplace + kind + occupation + title + start
(a re-import updates it), else created; given when any of these cells is filled:
    kind (type)                    ordinaert_job, virksomhedspraktik, loentilskud, smaajob,
                                   fleksjob, nyttejob (public employers only), loennede_timer
    occupation (disco)             DISCO-08 code, e.g. 5321
    title (titel), description (beskrivelse)
    seats (pladser)                at least 1 (default 1)
    hours_min (timer_min), hours_max (timer_max)  hours per week, min <= max
    start (start), end (slut)      dates: 2026-12-01 or 01-12-2026 or 01.12.2026
    required_languages (sprog)     ISO 639-1 codes, separated by spaces, | or commas: "da tr"
    requires_driving_licence (koerekort)  ja/nej
    accommodations (skaanehensyn)  skånebehov codes, e.g. "no_heavy_lifting quiet_environment"

A dry run checks every row exactly as the import would (inside transactions that are rolled
back) and reports, per row, ok or the errors per column in Danish. The import creates or updates
the valid rows; each row runs in its own savepoint, so an invalid row changes nothing. Both return
the counts. An example file: employers/examples/virksomheder.csv.

Limits: at most IMPORT_MAX_ROWS rows a file (settings; the web page allows IMPORT_WEB_MAX_ROWS,
larger files go through `manage.py import_employers`). The rows are read as a stream and handled
in batches of IMPORT_BATCH_ROWS rows, each batch in its own transaction, so a large file never
holds one long transaction, and a `progress(done, total)` callback is told after each batch. (A
dry run checks each batch on its own: a row that needs a company created by a row more than a
batch earlier is reported as a new company without a name; the import itself sees it.) A bulk
import queues no GRID re-screening per row (core.queue.bulk_changes): the nightly run screens the
imported openings.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.identifiers import (
    foreign_digits_message,
    has_foreign_digit,
    validate_cvr,
    validate_p_number,
)
from core.models import User
from core.permissions import require
from core.queue import bulk_changes
from core.roles import CONSULTANT

from . import services
from .models import Employer, Opening, Workplace

# (column, Danish alias, meaning) — the contract of the file format.
_COLUMN_SPECS: tuple[tuple[str, str, Any], ...] = (
    ("cvr", "cvr", gettext_lazy("CVR number, 8 digits (required)")),
    ("name", "navn", gettext_lazy("Company name (required for a new company)")),
    ("branche", "branchekode", gettext_lazy("Industry code (DB07), e.g. 561010")),
    ("branche_title", "branche_titel", gettext_lazy("Industry title")),
    ("address", "adresse", gettext_lazy("Company address")),
    ("postcode", "postnr", gettext_lazy("Company postcode")),
    ("public", "offentlig", gettext_lazy("Public employer: ja or nej")),
    ("consultant", "konsulent", gettext_lazy("Username of the responsible consultant")),
    ("p_number", "p_nummer", gettext_lazy("P-number of the workplace, 10 digits")),
    ("workplace_name", "arbejdssted", gettext_lazy("Name of the workplace")),
    ("workplace_address", "arbejdssted_adresse", gettext_lazy("Address of the workplace")),
    ("workplace_postcode", "arbejdssted_postnr", gettext_lazy("Postcode of the workplace")),
    ("ordinary_employees", "ordinaert_ansatte", gettext_lazy("Number of ordinary employees")),
    ("employees_counted_on", "ansatte_optalt", gettext_lazy("Date the employees were counted")),
    ("kind", "type", gettext_lazy("Kind of opening, e.g. virksomhedspraktik")),
    ("occupation", "disco", gettext_lazy("Occupation, DISCO-08 code")),
    ("title", "titel", gettext_lazy("Title of the opening")),
    ("description", "beskrivelse", gettext_lazy("Description of the opening")),
    ("seats", "pladser", gettext_lazy("Seats, at least 1")),
    ("hours_min", "timer_min", gettext_lazy("Hours per week, minimum")),
    ("hours_max", "timer_max", gettext_lazy("Hours per week, maximum")),
    ("start", "start", gettext_lazy("Start date")),
    ("end", "slut", gettext_lazy("End date")),
    ("required_languages", "sprog", gettext_lazy("Required languages, e.g. da tr")),
    ("requires_driving_licence", "koerekort", gettext_lazy("Driving licence required: ja or nej")),
    ("accommodations", "skaanehensyn", gettext_lazy("Accommodation codes (skånebehov)")),
)
# For the upload page: (column, meaning).
COLUMNS: list[tuple[str, Any]] = [(name, meaning) for name, _alias, meaning in _COLUMN_SPECS]
_ALIASES = {alias: name for name, alias, _meaning in _COLUMN_SPECS} | {
    name: name for name, _alias, _meaning in _COLUMN_SPECS
}
OPENING_COLUMNS = (
    "kind",
    "occupation",
    "title",
    "description",
    "seats",
    "hours_min",
    "hours_max",
    "start",
    "end",
    "required_languages",
    "requires_driving_licence",
    "accommodations",
)
WORKPLACE_COLUMNS = (
    "workplace_name",
    "workplace_address",
    "workplace_postcode",
    "ordinary_employees",
    "employees_counted_on",
)
# Service field -> column, where they differ.
_EMPLOYER_FIELD_COLUMNS = {"branche_code": "branche"}
_WORKPLACE_FIELD_COLUMNS = {
    "name": "workplace_name",
    "address": "workplace_address",
    "postcode": "workplace_postcode",
}
TRUE = {"ja", "j", "yes", "y", "true", "1", "x"}
FALSE = {"nej", "n", "no", "false", "0"}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
FILE = "file"  # the key of errors about the whole file


@dataclass
class RowResult:
    line: int  # line number in the file (the header is line 1)
    cvr: str
    errors: dict[str, list[str]] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)  # what was (or would be) done, in Danish

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    employers_created: int = 0
    employers_updated: int = 0
    workplaces_created: int = 0
    workplaces_updated: int = 0
    openings_created: int = 0
    openings_updated: int = 0

    @property
    def ok_rows(self) -> int:
        return sum(1 for row in self.rows if row.ok)

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def can_import(self) -> bool:
        """True when the file is readable and at least one row would be imported."""
        return not self.file_errors and self.ok_rows > 0


class _RowInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class _DryRunRollback(Exception):
    pass


# --- Reading the file --------------------------------------------------------------------------


def _text(content: str | bytes) -> str:
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    return content.removeprefix("\ufeff")


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 50_000))


def batch_rows() -> int:
    return int(getattr(settings, "IMPORT_BATCH_ROWS", 500))


def iter_rows(content: str | bytes) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The canonical column names of the header, and the rows as (line, {column: cell}) read one
    by one. A NUL character (a binary file, not text) is reported with its line."""
    text = _text(content)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ValidationError(
            _(
                "The file contains a NUL character (line %(line)s): it is not a text file. "
                "Save it as “CSV UTF-8” and try again."
            )
            % {"line": line}
        )
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise ValidationError(_("The file is empty."))
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    header = [cell.strip().lower() for cell in next(reader)]
    unknown = [name for name in header if name and name not in _ALIASES]
    if unknown:
        raise ValidationError(
            _("Unknown columns: %(columns)s. The columns are listed on the import page.")
            % {"columns": ", ".join(unknown)}
        )
    columns = [_ALIASES.get(name, "") for name in header]
    duplicates = sorted({name for name in columns if name and columns.count(name) > 1})
    if duplicates:
        raise ValidationError(
            _("Columns appear more than once: %(columns)s.") % {"columns": ", ".join(duplicates)}
        )
    if "cvr" not in columns:
        raise ValidationError(_("The file has no column cvr."))

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            yield (
                reader.line_num,
                {
                    column: (cells[index].strip() if index < len(cells) else "")
                    for index, column in enumerate(columns)
                    if column
                },
            )

    return [column for column in columns if column], rows()


def count_rows(content: str | bytes) -> int:
    """The number of data rows (non-empty lines after the header), without parsing cells."""
    text = _text(content)
    return max(0, sum(1 for line in text.splitlines() if line.strip()) - 1)


def read_rows(content: str | bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The canonical column names of the header and the rows as (line, {column: cell})."""
    columns, rows = iter_rows(content)
    return columns, list(rows)


def too_many_rows(total: int, limit: int) -> str:
    return _(
        "The file has %(rows)s rows; at most %(limit)s can be imported at a time. Split the "
        "file, or ask IT to import it with the command import_employers."
    ) % {"rows": f"{total:,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")}


# --- Parsing cells -----------------------------------------------------------------------------


class _Cells:
    """Typed values of one row; parse errors are collected per column."""

    def __init__(self, row: dict[str, str]) -> None:
        self.row = row
        self.errors: dict[str, list[str]] = {}

    def given(self, column: str) -> bool:
        return bool(self.row.get(column, ""))

    def text(self, column: str) -> str:
        return self.row.get(column, "")

    def _error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)

    def boolean(self, column: str) -> bool | None:
        value = self.text(column).lower()
        if not value:
            return None
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        self._error(column, _("Write ja or nej."))
        return None

    def integer(self, column: str) -> int | None:
        value = self.text(column).replace(" ", "")
        if not value:
            return None
        if has_foreign_digit(value):
            self._error(column, foreign_digits_message())
            return None
        try:
            return int(value)
        except ValueError:
            self._error(column, _("Write a whole number."))
            return None

    def date(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(value, date_format).date()
            except ValueError:
                continue
        self._error(column, _("Write a date as 2026-12-01 or 01-12-2026."))
        return None

    def codes(self, column: str) -> list[str] | None:
        value = self.text(column)
        if not value:
            return None
        for separator in ",|;":
            value = value.replace(separator, " ")
        return [code.strip().lower() for code in value.split() if code.strip()]


def _errors_to_columns(error: ValidationError, renames: dict[str, str]) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {FILE: error.messages}
    return {
        renames.get(name, name if name != "__all__" else FILE): messages
        for name, messages in error.message_dict.items()
    }


def _service(call, renames: dict[str, str], **kwargs: Any):
    try:
        return call(**kwargs)
    except ValidationError as error:
        raise _RowInvalid(_errors_to_columns(error, renames)) from None


def _changed(instance: Any, values: dict[str, Any]) -> dict[str, Any]:
    """The values that differ from what `instance` holds (so an identical re-import is no
    update)."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


# --- One row -----------------------------------------------------------------------------------


def _consultant_for(cells: _Cells, actor: User | None) -> tuple[bool, User | None]:
    """(given, user): the consultant named in the row, or (False, None)."""
    username = cells.text("consultant")
    if not username:
        return False, None
    user = User.objects.filter(username=username).first()
    if user is None:
        cells._error("consultant", _("No user is called %(name)s.") % {"name": username})
    return True, user


def _import_row(cells: _Cells, *, actor: User | None, result: ImportResult, row: RowResult) -> None:
    # Parse everything first, so a row reports all its cell errors at once.
    try:
        cvr = validate_cvr(cells.text("cvr"))
    except ValidationError as error:
        cells._error("cvr", error.messages[0])
        cvr = ""
    row.cvr = cvr or cells.text("cvr")
    public = cells.boolean("public")
    consultant_given, consultant = _consultant_for(cells, actor)
    p_number = ""
    if cells.given("p_number"):
        try:
            p_number = validate_p_number(cells.text("p_number"))
        except ValidationError as error:
            cells._error("p_number", error.messages[0])
    ordinary_employees = cells.integer("ordinary_employees")
    employees_counted_on = cells.date("employees_counted_on")
    wants_opening = any(cells.given(column) for column in OPENING_COLUMNS)
    seats = cells.integer("seats")
    hours_min = cells.integer("hours_min")
    hours_max = cells.integer("hours_max")
    start = cells.date("start")
    end = cells.date("end")
    languages = cells.codes("required_languages")
    accommodations = cells.codes("accommodations")
    driving = cells.boolean("requires_driving_licence")
    if wants_opening and not p_number and "p_number" not in cells.errors:
        cells._error("p_number", _("An opening needs the P-number of its workplace."))
    if any(cells.given(column) for column in WORKPLACE_COLUMNS) and not cells.given("p_number"):
        cells._error("p_number", _("Give the P-number of the workplace."))
    if cells.errors:
        raise _RowInvalid(cells.errors)

    # The company.
    employer = Employer.objects.filter(cvr=cvr).first()
    company: dict[str, Any] = {
        name: cells.text(column)
        for name, column in (
            ("name", "name"),
            ("branche_code", "branche"),
            ("branche_title", "branche_title"),
            ("address", "address"),
            ("postcode", "postcode"),
        )
        if cells.given(column)
    }
    if public is not None:
        company["public"] = public
    if consultant_given:
        company["consultant"] = consultant
    if employer is None:
        if "name" not in company:
            raise _RowInvalid({"name": [_("A new company needs a name.")]})
        if (
            not consultant_given
            and actor is not None
            and actor.groups.filter(name=CONSULTANT).exists()
        ):
            company["consultant"] = actor
        employer = _service(
            services.employer_create, _EMPLOYER_FIELD_COLUMNS, actor=actor, cvr=cvr, **company
        )
        result.employers_created += 1
        row.actions.append(_("company created"))
    elif company := _changed(employer, company):
        employer = _service(
            services.employer_update,
            _EMPLOYER_FIELD_COLUMNS,
            actor=actor,
            employer=employer,
            **company,
        )
        result.employers_updated += 1
        row.actions.append(_("company updated"))

    # The workplace.
    if not p_number:
        return
    workplace = Workplace.objects.filter(p_number=p_number).first()
    place: dict[str, Any] = {
        name: cells.text(column)
        for name, column in (
            ("name", "workplace_name"),
            ("address", "workplace_address"),
            ("postcode", "workplace_postcode"),
        )
        if cells.given(column)
    }
    if ordinary_employees is not None:
        place["ordinary_employees"] = ordinary_employees
    if employees_counted_on is not None:
        place["employees_counted_on"] = employees_counted_on
    if workplace is None:
        place.setdefault("postcode", employer.postcode)
        place.setdefault("name", employer.name)
        workplace = _service(
            services.workplace_create,
            _WORKPLACE_FIELD_COLUMNS,
            actor=actor,
            employer=employer,
            p_number=p_number,
            **place,
        )
        result.workplaces_created += 1
        row.actions.append(_("workplace created"))
    elif workplace.employer_id != employer.pk:
        raise _RowInvalid({"p_number": [_("The P-number belongs to another company's workplace.")]})
    elif place := _changed(workplace, place):
        workplace = _service(
            services.workplace_update,
            _WORKPLACE_FIELD_COLUMNS,
            actor=actor,
            workplace=workplace,
            **place,
        )
        result.workplaces_updated += 1
        row.actions.append(_("workplace updated"))

    # The opening.
    if not wants_opening:
        return
    missing = {
        column: [_("Required for an opening.")]
        for column in ("kind", "occupation", "title", "hours_min", "hours_max", "start")
        if not cells.given(column)
    }
    if missing:
        raise _RowInvalid(missing)
    opening_values: dict[str, Any] = {
        "kind": cells.text("kind").lower(),
        "occupation": cells.text("occupation"),
        "title": cells.text("title"),
        "hours_min": hours_min,
        "hours_max": hours_max,
        "start": start,
        "end": end,
        "seats": seats if seats is not None else 1,
        "required_languages": languages or [],
        "accommodations": accommodations or [],
        "requires_driving_licence": bool(driving),
    }
    if cells.given("description"):
        opening_values["description"] = cells.text("description")
    existing = Opening.objects.filter(
        workplace=workplace,
        kind=opening_values["kind"],
        occupation_id=opening_values["occupation"],
        title=opening_values["title"],
        start=start,
    ).first()
    if existing is None:
        _service(services.opening_create, {}, actor=actor, workplace=workplace, **opening_values)
        result.openings_created += 1
        row.actions.append(_("opening created"))
    else:
        opening_values.pop("kind")
        opening_values["occupation"] = existing.occupation
        opening_values["required_languages"] = sorted(set(opening_values["required_languages"]))
        opening_values["accommodations"] = sorted(set(opening_values["accommodations"]))
        changes = _changed(existing, opening_values)
        if changes:
            _service(services.opening_update, {}, actor=actor, opening=existing, **changes)
            result.openings_updated += 1
            row.actions.append(_("opening updated"))


def _import_rows(
    rows: list[tuple[int, dict[str, str]]], *, actor: User | None, result: ImportResult
) -> None:
    for line, cells_by_column in rows:
        row = RowResult(line=line, cvr=cells_by_column.get("cvr", ""))
        result.rows.append(row)
        counts_before = _counts(result)
        try:
            with transaction.atomic():  # the row's own savepoint
                _import_row(_Cells(cells_by_column), actor=actor, result=result, row=row)
        except _RowInvalid as invalid:
            row.errors = invalid.errors
            row.actions = []
            _restore_counts(result, counts_before)


_COUNT_FIELDS = (
    "employers_created",
    "employers_updated",
    "workplaces_created",
    "workplaces_updated",
    "openings_created",
    "openings_updated",
)


def _counts(result: ImportResult) -> tuple[int, ...]:
    return tuple(getattr(result, name) for name in _COUNT_FIELDS)


def _restore_counts(result: ImportResult, counts: tuple[int, ...]) -> None:
    for name, value in zip(_COUNT_FIELDS, counts, strict=True):
        setattr(result, name, value)


# An import creates and changes companies, workplaces and openings: the actor needs all of it.
IMPORT_ACTIONS = (
    "employers.add_employer",
    "employers.change_employer",
    "employers.add_workplace",
    "employers.change_workplace",
    "employers.add_opening",
    "employers.change_opening",
)


def import_csv(
    *,
    actor: User | None,
    content: str | bytes,
    dry_run: bool = True,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check (dry_run) or import a CSV file of companies, workplaces and openings.

    Returns per row ok or the errors per column (Danish), and the counts of what was — or, in a
    dry run, would be — created and updated. A dry run saves nothing. An unreadable file
    (unknown columns, no cvr column, not UTF-8, a NUL character, more rows than `limit`, default
    IMPORT_MAX_ROWS) gives `file_errors` and no rows. The rows are handled in batches of
    IMPORT_BATCH_ROWS, each in its own transaction; `progress(done, total)` after each."""
    for action in IMPORT_ACTIONS:
        require(actor, action)
    result = ImportResult(dry_run=dry_run)
    limit = limit or max_rows()
    try:
        total = count_rows(content)
        _columns, rows = iter_rows(content)
        if total > limit:
            raise ValidationError(too_many_rows(total, limit))
        first = list(islice(rows, batch_rows()))
    except (ValidationError, UnicodeDecodeError, csv.Error) as error:
        if isinstance(error, ValidationError):
            result.file_errors = error.messages
        elif isinstance(error, UnicodeDecodeError):
            result.file_errors = [_("The file is not UTF-8 text.")]
        else:
            result.file_errors = [_("The file is not a valid CSV file.")]
        return result
    if not first:
        result.file_errors = [_("The file has no rows below the header.")]
        return result
    batch, done = first, 0
    try:
        with bulk_changes():
            while batch:
                try:
                    # One transaction per batch, never inside a caller's transaction.
                    with transaction.atomic(durable=True):
                        _import_rows(batch, actor=actor, result=result)
                        if dry_run:
                            raise _DryRunRollback
                except _DryRunRollback:
                    pass
                done += len(batch)
                if progress is not None:
                    progress(done, max(total, done))
                batch = list(islice(rows, batch_rows()))
    except csv.Error:
        result.file_errors = [_("The file is not a valid CSV file.")]
    return result
