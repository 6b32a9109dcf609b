"""Writes on the employers' side. Each function runs in one transaction: bad input raises
django.core.exceptions.ValidationError ({field: Danish message}) and nothing is saved; a refusal
because of the current state raises core.exceptions.Conflict. Placements take seats under a row
lock, so two consultants accepting the last seat at once cannot both succeed. Changes reach the
change log through django-auditlog (core.audit)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import records_actor
from core.choices import LANGUAGES, Accommodation, OpeningKind
from core.exceptions import Conflict
from core.identifiers import is_ascii_digits, validate_cvr, validate_p_number, validate_postcode
from core.models import Occupation, User
from core.permissions import require
from core.roles import CONSULTANT, has_role
from core.rules import RuleMissing, missing_rule_message, rule_int

from . import rules
from .models import Dispensation, Employer, EmployerContact, Opening, Placement, Workplace
from .selectors import placements_overlapping

# Weekly hours an opening may ask for when the rule table has no value (LAB § 61: 37).

# Allowed status changes of an opening (checked in opening_set_status).
OPENING_TRANSITIONS: dict[str, set[str]] = {
    Opening.Status.OPEN: {Opening.Status.FILLED, Opening.Status.CLOSED},
    Opening.Status.FILLED: {Opening.Status.OPEN, Opening.Status.CLOSED},
    Opening.Status.CLOSED: {Opening.Status.OPEN},
}

EMPLOYER_FIELDS = (
    "cvr",
    "name",
    "branche_code",
    "branche_title",
    "address",
    "postcode",
    "public",
    "consultant",
)
WORKPLACE_FIELDS = (
    "p_number",
    "name",
    "address",
    "postcode",
    "ordinary_employees",
    "employees_counted_on",
)
OPENING_FIELDS = (
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


def _check_fields(changes: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown or read-only fields: {', '.join(sorted(unknown))}")


def _full_clean(instance, *, exclude: Iterable[str] = ()) -> None:
    """Model validation (field validators, choices, constraints) without the unique checks,
    which the services make themselves with Danish messages."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


# --- Companies ---------------------------------------------------------------------------------


def _normalise_cvr(cvr: str) -> str:
    try:
        return validate_cvr(cvr)
    except ValidationError as error:
        raise ValidationError({"cvr": error.messages}) from None


def _validate_consultant(consultant: User | None) -> None:
    if consultant is None:
        return
    if not consultant.is_active or not consultant.groups.filter(name=CONSULTANT).exists():
        raise ValidationError(
            {"consultant": _("The responsible consultant must be an employer consultant.")}
        )


def _validate_branche(code: str) -> None:
    if code and (not is_ascii_digits(code) or not 2 <= len(code) <= 6):
        raise ValidationError(
            {"branche_code": _("An industry code (DB07) has 2 to 6 digits, e.g. 561010.")}
        )


def _validate_employer(employer: Employer) -> None:
    employer.branche_code = (employer.branche_code or "").strip()
    employer.name = (employer.name or "").strip()
    _validate_branche(employer.branche_code)
    _validate_consultant(employer.consultant)
    _full_clean(employer)
    if Employer.objects.filter(cvr=employer.cvr).exclude(pk=employer.pk).exists():
        raise _duplicate_cvr(employer.cvr)


def _duplicate_cvr(cvr: str) -> ValidationError:
    return ValidationError(
        {"cvr": _("A company with CVR number %(cvr)s is already registered.") % {"cvr": cvr}}
    )


def _duplicate_p_number(p_number: str) -> ValidationError:
    return ValidationError(
        {
            "p_number": _("A workplace with P-number %(p_number)s is already registered.")
            % {"p_number": p_number}
        }
    )


def _save_unique(instance, error: ValidationError) -> None:
    """Save; a unique key taken by a concurrent request in the meantime is the same field error
    as the check before it (not a 500)."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise error from None


@transaction.atomic
@records_actor
def employer_create(
    *,
    actor: User,
    cvr: str,
    name: str,
    branche_code: str = "",
    branche_title: str = "",
    address: str = "",
    postcode: str = "",
    public: bool = False,
    consultant: User | None = None,
) -> Employer:
    """Register a company. The CVR number must pass modulus 11 and be new; the responsible
    consultant, when given, must be an employer consultant. A consultant registering a company
    without choosing another becomes its consultant (so its proposals reach someone)."""
    require(actor, "employers.add_employer")
    if consultant is None and has_role(actor, CONSULTANT):
        consultant = actor
    employer = Employer(
        cvr=_normalise_cvr(cvr),
        name=name,
        branche_code=branche_code,
        branche_title=branche_title,
        address=address,
        postcode=(postcode or "").strip(),
        public=public,
        consultant=consultant,
    )
    _validate_employer(employer)
    _save_unique(employer, _duplicate_cvr(employer.cvr))
    return employer


@transaction.atomic
@records_actor
def employer_take(*, actor: User, employer: Employer) -> Employer:
    """A consultant takes a company that has no consultant: its proposals leave the shared queue
    and reach them. Conflict when another consultant already has it."""
    require(actor, "employers.take_employer")
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.consultant_id is not None and employer.consultant_id != actor.pk:
        raise Conflict(
            _("%(name)s already has a consultant: %(consultant)s.")
            % {"name": employer.name, "consultant": employer.consultant},
            code="has_consultant",
        )
    _validate_consultant(actor)
    employer.consultant = actor
    employer.save(update_fields=["consultant"])
    return employer


@transaction.atomic
@records_actor
def employer_update(*, actor: User, employer: Employer, **changes: Any) -> Employer:
    """Change a company's fields (those in EMPLOYER_FIELDS); the same checks as creating."""
    require(actor, "employers.change_employer", employer)
    _check_fields(changes, EMPLOYER_FIELDS)
    if "cvr" in changes:
        changes["cvr"] = _normalise_cvr(changes["cvr"])
    if "postcode" in changes:
        changes["postcode"] = (changes["postcode"] or "").strip()
    for field, value in changes.items():
        setattr(employer, field, value)
    _validate_employer(employer)
    _save_unique(employer, _duplicate_cvr(employer.cvr))
    return employer


# --- Workplaces --------------------------------------------------------------------------------


def _validate_workplace(workplace: Workplace) -> None:
    errors: dict[str, str] = {}
    try:
        workplace.p_number = validate_p_number(workplace.p_number)
    except ValidationError as error:
        errors["p_number"] = error.messages[0]
    try:
        workplace.postcode = validate_postcode(workplace.postcode)
    except ValidationError as error:
        errors["postcode"] = error.messages[0]
    if workplace.ordinary_employees is None or workplace.ordinary_employees < 0:
        errors["ordinary_employees"] = _("The number of ordinary employees cannot be negative.")
    if errors:
        raise ValidationError(errors)
    _full_clean(workplace)
    if Workplace.objects.filter(p_number=workplace.p_number).exclude(pk=workplace.pk).exists():
        raise _duplicate_p_number(workplace.p_number)


@transaction.atomic
@records_actor
def workplace_create(
    *,
    actor: User,
    employer: Employer,
    p_number: str,
    postcode: str,
    name: str = "",
    address: str = "",
    ordinary_employees: int = 0,
    employees_counted_on: date | None = None,
) -> Workplace:
    """Register a production unit (P-nummer, 10 digits, unique) of a company. Dispensations from
    the rimelighedskrav are registered apart (dispensation_create)."""
    require(actor, "employers.add_workplace", employer)
    workplace = Workplace(
        employer=employer,
        p_number=p_number or "",
        postcode=postcode or "",
        name=name,
        address=address,
        ordinary_employees=ordinary_employees,
        employees_counted_on=employees_counted_on,
    )
    _validate_workplace(workplace)
    _save_unique(workplace, _duplicate_p_number(workplace.p_number))
    return workplace


@transaction.atomic
@records_actor
def workplace_update(*, actor: User, workplace: Workplace, **changes: Any) -> Workplace:
    """Change a workplace's fields (those in WORKPLACE_FIELDS); the same checks as creating."""
    require(actor, "employers.change_workplace", workplace)
    _check_fields(changes, WORKPLACE_FIELDS)
    workplace = Workplace.objects.select_for_update().get(pk=workplace.pk)
    for field, value in changes.items():
        setattr(workplace, field, value)
    _validate_workplace(workplace)
    _save_unique(workplace, _duplicate_p_number(workplace.p_number))
    return workplace


# --- Openings ----------------------------------------------------------------------------------


def _max_hours_per_week(on: date) -> int:
    """The rule in force on `on`; without one the opening is refused (core.rules' policy)."""
    try:
        return rule_int("praktik_max_hours_per_week", on=on)
    except RuleMissing as missing:
        raise ValidationError({"hours_max": missing_rule_message(missing)}) from missing


def _resolve_occupation(occupation: Occupation | str | None) -> Occupation:
    if isinstance(occupation, Occupation):
        return occupation
    code = (occupation or "").strip()
    found = Occupation.objects.filter(code=code).first() if code else None
    if found is None:
        raise ValidationError({"occupation": _("Choose an occupation from DISCO-08 (e.g. 5321).")})
    return found


# More seats than this in one opening is a typing error (and beyond the database's integers).
OPENING_MAX_SEATS = 999


def _validate_opening(opening: Opening, *, employer: Employer) -> None:
    """Every rule an opening must meet by itself; errors of all fields at once."""
    errors: dict[str, str] = {}
    if opening.kind not in OpeningKind.values:
        errors["kind"] = _("Choose a valid kind of opening.")
    elif opening.kind == OpeningKind.NYTTEJOB and not employer.public:
        errors["kind"] = _("Nyttejob is only possible at public workplaces.")
    if not (opening.title or "").strip():
        errors["title"] = _("Give the opening a title.")
    if opening.seats is None or opening.seats < 1:
        errors["seats"] = _("An opening has at least one seat.")
    elif opening.seats > OPENING_MAX_SEATS:
        errors["seats"] = _("An opening has at most %(max)s seats.") % {"max": OPENING_MAX_SEATS}
    if opening.start is None:
        errors["start"] = _("Give the start date.")
    elif opening.end is not None and opening.end < opening.start:
        errors["end"] = _("The end date must be on or after the start date.")
    max_hours = _max_hours_per_week(opening.start or timezone.localdate())
    if opening.hours_min is None or opening.hours_min < 0:
        errors["hours_min"] = _("Give the minimum hours per week.")
    if opening.hours_max is None or opening.hours_max < 1:
        errors["hours_max"] = _("Give the maximum hours per week (at least 1).")
    elif opening.hours_max > max_hours:
        errors["hours_max"] = _("At most %(hours)s hours per week.") % {"hours": max_hours}
    elif opening.hours_min is not None and opening.hours_min > opening.hours_max:
        errors["hours_min"] = _("The minimum hours cannot be more than the maximum hours.")
    languages = opening.required_languages
    if not isinstance(languages, list) or any(code not in LANGUAGES for code in languages):
        errors["required_languages"] = _(
            "Use the two-letter language codes (ISO 639-1) the job centre records, e.g. da, en."
        )
    accommodations = opening.accommodations
    if not isinstance(accommodations, list) or any(
        code not in Accommodation.values for code in accommodations
    ):
        errors["accommodations"] = _("Unknown accommodation code.")
    if errors:
        raise ValidationError(errors)
    opening.required_languages = sorted(set(languages))
    opening.accommodations = sorted(set(accommodations))
    _full_clean(opening, exclude=["occupation", "workplace"])


def _active_placements_now(opening: Opening) -> int:
    today = timezone.localdate()
    return placements_overlapping(
        start=today, end=today, queryset=Placement.objects.filter(opening=opening)
    ).count()


@transaction.atomic
@records_actor
def opening_create(
    *,
    actor: User,
    workplace: Workplace,
    kind: str,
    occupation: Occupation | str,
    title: str,
    hours_min: int,
    hours_max: int,
    start: date,
    seats: int = 1,
    description: str = "",
    end: date | None = None,
    required_languages: Iterable[str] = (),
    requires_driving_licence: bool = False,
    accommodations: Iterable[str] = (),
    status: str = Opening.Status.OPEN,
) -> Opening:
    """Register a need or an offer at a workplace. Hours min ≤ max (≤ the weekly maximum of
    the rule table), start ≤ end, seats ≥ 1, known language and accommodation codes; nyttejob
    only at a public employer. `occupation` is an Occupation or its DISCO-08 code."""
    require(actor, "employers.add_opening", workplace)
    if status not in Opening.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    opening = Opening(
        workplace=workplace,
        kind=kind,
        occupation=_resolve_occupation(occupation),
        title=(title or "").strip(),
        description=description or "",
        seats=seats,
        hours_min=hours_min,
        hours_max=hours_max,
        start=start,
        end=end,
        required_languages=list(required_languages or []),
        requires_driving_licence=bool(requires_driving_licence),
        accommodations=list(accommodations or []),
        status=status,
    )
    _validate_opening(opening, employer=workplace.employer)
    opening.save()
    return opening


@transaction.atomic
@records_actor
def opening_update(*, actor: User, opening: Opening, **changes: Any) -> Opening:
    """Change an opening's fields (those in OPENING_FIELDS; the status through
    opening_set_status). Seats cannot drop below the placements active today."""
    require(actor, "employers.change_opening", opening)
    _check_fields(changes, OPENING_FIELDS)
    opening = (
        Opening.objects.select_for_update().select_related("workplace__employer").get(pk=opening.pk)
    )
    if "occupation" in changes:
        changes["occupation"] = _resolve_occupation(changes["occupation"])
    for field in ("required_languages", "accommodations"):
        if field in changes:
            changes[field] = list(changes[field] or [])
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    for field, value in changes.items():
        setattr(opening, field, value)
    _validate_opening(opening, employer=opening.workplace.employer)
    if "seats" in changes:
        in_use = _active_placements_now(opening)
        if opening.seats < in_use:
            raise ValidationError(
                {
                    "seats": _(
                        "%(used)s seats are in use today; the opening needs at least as many."
                    )
                    % {"used": in_use}
                }
            )
    opening.save()
    return opening


@transaction.atomic
@records_actor
def opening_set_status(*, actor: User, opening: Opening, status: str) -> Opening:
    """Move an opening to `status` (open, filled, closed) along OPENING_TRANSITIONS."""
    require(actor, "employers.change_opening", opening)
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if status not in Opening.Status.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if status not in OPENING_TRANSITIONS[opening.status]:
        raise ValidationError(
            {
                "status": _("An opening that is %(current)s cannot become %(new)s.")
                % {
                    "current": Opening.Status(opening.status).label,
                    "new": Opening.Status(status).label,
                }
            }
        )
    opening.status = status
    opening.save(update_fields=["status", "updated_at"])
    return opening


# --- Contacts ----------------------------------------------------------------------------------


@transaction.atomic
@records_actor
def contact_create(
    *,
    actor: User,
    employer: Employer,
    date: date,
    kind: str,
    note: str = "",
    opening: Opening | None = None,
) -> EmployerContact:
    """Log a contact with a company (virksomhedskontakt), made by `actor`. The date cannot be in
    the future; an opening, when given, must be one of the company's."""
    require(actor, "employers.add_employercontact", employer)
    errors: dict[str, str] = {}
    if kind not in EmployerContact.Kind.values:
        errors["kind"] = _("Choose a valid kind of contact.")
    if date is None:
        errors["date"] = _("Give the date of the contact.")
    elif date > timezone.localdate():
        errors["date"] = _("A contact cannot be logged for a future date.")
    if opening is not None and opening.workplace.employer_id != employer.pk:
        errors["opening"] = _("The opening belongs to another company.")
    if errors:
        raise ValidationError(errors)
    contact = EmployerContact(
        employer=employer, date=date, kind=kind, by=actor, note=note or "", opening=opening
    )
    _full_clean(contact)
    contact.save()
    return contact


# --- Placements --------------------------------------------------------------------------------


class PlacementRefused(Conflict):
    """The placement would break a hard limit (no free seat, the rimelighedskrav)."""


@transaction.atomic
@records_actor
def placement_create(
    *,
    actor: User,
    opening: Opening,
    start: date,
    end: date | None = None,
    merbeskaeftigelse_note: str = "",
) -> Placement:
    """Take a seat in `opening` for [start, end].

    Refused (PlacementRefused, with the numbers) when the opening has no free seat in the
    period, or when the workplace's rimelighedskrav has no room on the busiest day of the period
    (employers.rules.room: the ratio plus registered dispensations covering the period and the
    kind — nothing else gives room). Løntilskud needs the merbeskæftigelseskrav confirmed with a
    note. Nyttejob only at public employers.
    """
    require(actor, "employers.add_placement", opening)
    if end is not None and end < start:
        raise ValidationError({"end": _("The end date must be on or after the start date.")})
    # Lock the workplace first (serialises the rimelighedskrav across its openings), then the
    # opening (serialises its seats).
    workplace = (
        Workplace.objects.select_for_update()
        .select_related("employer")
        .get(pk=opening.workplace_id)
    )
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.status != Opening.Status.OPEN:
        raise PlacementRefused(_("The opening is not open."), code="opening_not_open")
    if opening.kind == OpeningKind.NYTTEJOB and not workplace.employer.public:
        raise PlacementRefused(
            _("Nyttejob is only possible at public workplaces."), code="nyttejob_not_public"
        )
    if opening.kind == OpeningKind.LOENTILSKUD and not merbeskaeftigelse_note.strip():
        raise ValidationError(
            {
                "merbeskaeftigelse_note": _(
                    "Confirm the merbeskæftigelseskrav (a net increase in staff) with a note."
                )
            }
        )
    used = rules.busiest_day_count(
        Placement.objects.filter(rules.overlaps_q(start, end), opening=opening).values_list(
            "start", "end"
        ),
        start,
        end,
    )
    if used >= opening.seats:
        raise PlacementRefused(
            _("All %(seats)s seats of the opening are taken in the period.")
            % {"seats": opening.seats},
            code="no_free_seat",
        )
    if opening.kind in rules.RIMELIGHEDSKRAV_KINDS:
        _check_rimelighedskrav(workplace, kind=opening.kind, start=start, end=end)
    placement = Placement.objects.create(
        opening=opening,
        start=start,
        end=end,
        merbeskaeftigelse_note=merbeskaeftigelse_note.strip(),
        created_by=actor,
    )
    return placement


def _check_rimelighedskrav(workplace: Workplace, *, kind: str, start: date, end: date | None):
    room = rules.room(workplace=workplace, kind=kind, start=start, end=end)
    if room.has_room:
        return
    if room.rules_missing:
        raise PlacementRefused(
            _(
                "The rimelighedskrav has no rule value in force on %(date)s, so no supported "
                "placement can be created. Ask an administrator to enter the rule."
            )
            % {"date": start.strftime("%d-%m-%Y")},
            code="rimelighedskrav_rule_missing",
        )
    values = {
        "used": room.used,
        "capacity": room.capacity,
        "ratio": room.ratio_capacity,
        "extra": room.extra_seats,
        "employees": room.ordinary_employees,
    }
    if room.dispensation:
        message = _(
            "%(used)s supported placements already run at the same time in the period; the "
            "limit is %(capacity)s (%(ratio)s at %(employees)s ordinary employees plus "
            "%(extra)s under a registered dispensation)."
        )
    else:
        message = _(
            "%(used)s supported placements already run at the same time in the period; the "
            "rimelighedskrav allows %(capacity)s at %(employees)s ordinary employees. Only a "
            "registered dispensation can give more room."
        )
    raise PlacementRefused(message % values, code="rimelighedskrav")


@transaction.atomic
@records_actor
def placement_end(
    *,
    actor: User,
    placement: Placement,
    end: date | None = None,
    cancel: bool = False,
) -> Placement:
    """End an active placement early, or cancel it (it never happened).

    Ending sets the last day (`end`, default today; not before the start, not after the agreed
    end). The placement stays active until that day has passed (its seat counts until then) and
    is `ended` at once when the day is already past. Cancelling frees the seat at once.
    """
    require(actor, "employers.change_placement", placement)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != Placement.Status.ACTIVE:
        raise Conflict(_("The placement has already ended or been cancelled."), code="not_active")
    if cancel:
        placement.status = Placement.Status.CANCELLED
        placement.save(update_fields=["status"])
        return placement
    today = timezone.localdate()
    end = end or today
    if end < placement.start:
        raise ValidationError({"end": _("The end date must be on or after the start date.")})
    if placement.end is not None and end > placement.end:
        raise ValidationError(
            {
                "end": _("The placement already ends on %(date)s; choose that day or earlier.")
                % {"date": placement.end.strftime("%d-%m-%Y")}
            }
        )
    placement.end = end
    if end < today:
        placement.status = Placement.Status.ENDED
    placement.save(update_fields=["end", "status"])
    return placement


# --- Dispensations from the rimelighedskrav ----------------------------------------------------

DISPENSATION_FIELDS = (
    "granted_by",
    "reference",
    "valid_from",
    "valid_to",
    "kinds",
    "extra_seats",
    "note",
)


def dispensation_validate(dispensation: Dispensation) -> None:
    """The checks of a dispensation (Danish messages per field); the admin's form uses them."""
    errors: dict[str, str] = {}
    dispensation.reference = (dispensation.reference or "").strip()
    if dispensation.granted_by not in Dispensation.GrantedBy.values or (
        dispensation.granted_by == Dispensation.GrantedBy.UNKNOWN and dispensation.pk is None
    ):
        errors["granted_by"] = _("Choose who granted the dispensation.")
    if not dispensation.reference:
        errors["reference"] = _("Give the reference of the decision (e.g. its case number).")
    kinds = list(dict.fromkeys(dispensation.kinds or []))
    if not kinds:
        errors["kinds"] = _("Choose at least one kind of placement the dispensation covers.")
    elif any(kind not in rules.RIMELIGHEDSKRAV_KINDS for kind in kinds):
        errors["kinds"] = _(
            "A dispensation covers only virksomhedspraktik, løntilskud or nyttejob."
        )
    dispensation.kinds = kinds
    if dispensation.valid_from is None:
        errors["valid_from"] = _("Give the date the dispensation runs from.")
    elif dispensation.valid_to is not None and dispensation.valid_to < dispensation.valid_from:
        errors["valid_to"] = _("The dispensation must end on or after the day it starts.")
    if dispensation.extra_seats is not None and dispensation.extra_seats < 1:
        errors["extra_seats"] = _(
            "Give at least 1 extra seat, or leave the field empty for no limit."
        )
    if errors:
        raise ValidationError(errors)
    _full_clean(dispensation, exclude=["created_by"])


@records_actor
@transaction.atomic
def dispensation_create(
    *,
    actor: User,
    workplace: Workplace,
    granted_by: str,
    reference: str,
    valid_from: date | None,
    kinds: Iterable[str],
    valid_to: date | None = None,
    extra_seats: int | None = None,
    note: str = "",
) -> Dispensation:
    """Register a dispensation from the rimelighedskrav at `workplace` (consultants, managers):
    who granted it, the decision's reference, its period, the kinds it covers and the extra
    seats beyond the ratio (None: no limit)."""
    require(actor, "employers.add_dispensation", workplace)
    dispensation = Dispensation(
        workplace=workplace,
        granted_by=granted_by or "",
        reference=reference or "",
        valid_from=valid_from,
        valid_to=valid_to,
        kinds=list(kinds or []),
        extra_seats=extra_seats,
        note=(note or "").strip(),
        created_by=actor,
    )
    dispensation_validate(dispensation)
    dispensation.save()
    return dispensation


@records_actor
@transaction.atomic
def dispensation_update(*, actor: User, dispensation: Dispensation, **changes: Any) -> Dispensation:
    """Correct a dispensation (e.g. end it with `valid_to`, or record who granted a moved one).
    Placements made under it stay; the change log keeps the old values."""
    require(actor, "employers.change_dispensation", dispensation)
    _check_fields(changes, DISPENSATION_FIELDS)
    dispensation = Dispensation.objects.select_for_update().get(pk=dispensation.pk)
    for name, value in changes.items():
        setattr(dispensation, name, value)
    dispensation_validate(dispensation)
    dispensation.save()
    return dispensation
