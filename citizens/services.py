"""Writes to citizens' cases. Each function runs in one transaction: when anything is wrong it
raises django.core.exceptions.ValidationError (field -> Danish message) and nothing is saved.
Changes to personal data reach the change log through django-auditlog (core.audit)."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import refusal
from core.audit import records_actor
from core.choices import Accommodation
from core.cpr_crypto import cpr_hash, decrypt_cpr, encrypt_cpr, is_current_encryption, reencrypt
from core.identifiers import validate_cvr
from core.models import Occupation, Team, User
from core.permissions import granted, require
from core.queue import queue_after_commit
from core.roles import CASEWORKER
from core.rules import RuleMissing, missing_rule_message

from .models import (
    COMPANY_BASED_KINDS,
    Alert,
    Benefit,
    CaseTransfer,
    Citizen,
    CitizenLanguage,
    Conversation,
    Course,
    CourseChange,
    Intervention,
    JobTrack,
    Outcome,
    PaidHours,
    PlanRevision,
    Readiness,
    SickFrom,
)
from .segments import derive_segment

logger = logging.getLogger(__name__)

IDENTITY_FIELDS = ("first_name", "last_name", "address", "postcode", "phone", "email")
COMPETENCE_FIELDS = ("driving_licence", "education_level", "graduated_on")


def _full_clean(instance, *, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_constraints=True)


def citizen_refresh_segment(*, citizen: Citizen, today: date | None = None) -> str:
    """Derive the segment from the current course and age (citizens.segments) and store it."""
    today = today or timezone.localdate()
    course = citizen.current_course
    segment = ""
    if course is not None:
        segment = derive_segment(
            benefit=course.benefit,
            readiness=course.readiness,
            integration_programme=course.integration_programme,
            age=citizen.age_on(today),
        )
    if segment != citizen.segment:
        citizen.segment = segment
        Citizen.objects.filter(pk=citizen.pk).update(segment=segment)
    return segment


def _after_change(citizen: Citizen) -> None:
    """Recompute the derived state after a change: segment now, alerts after commit (when the
    task queue cannot be reached, the nightly refresh computes them)."""
    from .tasks import refresh_alerts_for_citizen

    citizen_refresh_segment(citizen=citizen)
    queue_after_commit(
        refresh_alerts_for_citizen, citizen.pk, what=f"Alerts of citizen {citizen.pk}"
    )


def _validate_caseworker(caseworker: User | None, team: Team) -> None:
    if caseworker is None:
        return
    if not caseworker.groups.filter(name=CASEWORKER).exists():
        raise ValidationError({"caseworker": _("The chosen user is not a caseworker.")})
    if caseworker.team_id != team.pk:
        raise ValidationError(
            {"caseworker": _("The caseworker must belong to the citizen's team.")}
        )


@transaction.atomic
@records_actor
def citizen_create(
    *,
    actor: User,
    cpr: str,
    first_name: str,
    last_name: str,
    postcode: str,
    team: Team,
    benefit: str,
    course_start: date,
    readiness: str = "",
    integration_programme: bool = False,
    caseworker: User | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
    driving_licence: bool = False,
    education_level: str = "",
    graduated_on: date | None = None,
) -> Citizen:
    """Register a citizen with the course they start on. A CPR number already registered (in
    any team) is refused with a message that reveals nothing about the person, and the attempt
    is logged as refused (core.access)."""
    citizen = Citizen(
        cpr=cpr,
        first_name=first_name,
        last_name=last_name,
        postcode=postcode,
        team=team,
        caseworker=caseworker,
        address=address,
        phone=phone,
        email=email,
        driving_licence=driving_licence,
        education_level=education_level,
        graduated_on=graduated_on,
    )
    require(actor, "citizens.add_citizen", citizen)
    _refuse_known_cpr(cpr)
    _full_clean(citizen, exclude=["birth_date", "gender"])
    _validate_caseworker(caseworker, team)
    _validate_course_values(benefit=benefit, readiness=readiness)
    try:
        with transaction.atomic():
            citizen.save()
    except IntegrityError:
        _refuse_known_cpr(cpr)  # registered at the same moment by someone else
        raise
    course = Course(
        citizen=citizen,
        benefit=benefit,
        readiness=readiness,
        integration_programme=integration_programme,
        start=course_start,
    )
    _full_clean(course)
    course.save()
    citizen.current_course = course
    citizen.save(update_fields=["current_course"])
    _after_change(citizen)
    return citizen


KNOWN_CPR_LOG_REASON = "Oprettelse med et CPR-nummer, der allerede er registreret"


def _refuse_known_cpr(cpr: str) -> None:
    """Need to know: the same neutral answer whichever team holds the number (or the own)."""
    existing = Citizen.objects.with_cpr(cpr).values_list("pk", flat=True).first()
    if existing is None:
        return
    raise refusal(
        ValidationError(
            {
                "cpr": _(
                    "The person may already be known. Use “Find citizen by CPR” to open the "
                    "record (a citizen of another team with a stated reason)."
                )
            },
            code="cpr_known",
        ),
        existing,
        reason=KNOWN_CPR_LOG_REASON,
    )


def _validate_course_values(*, benefit: str, readiness: str) -> None:
    errors = {}
    if benefit not in Benefit.values:
        errors["benefit"] = _("Choose a valid benefit.")
    if readiness and readiness not in Readiness.values:
        errors["readiness"] = _("Choose a valid readiness.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
@records_actor
def citizen_update(*, actor: User, citizen: Citizen, **changes) -> Citizen:
    """Change identity and competence fields. CPR, team and caseworker change elsewhere."""
    require(actor, "citizens.change_citizen", citizen)
    allowed = set(IDENTITY_FIELDS) | set(COMPETENCE_FIELDS)
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in unknown})
    for field, value in changes.items():
        setattr(citizen, field, value)
    _full_clean(citizen, exclude=["birth_date", "gender"])
    citizen.save()
    return citizen


@transaction.atomic
@records_actor
def course_change(
    *,
    actor: User,
    citizen: Citizen,
    effective: date,
    benefit: str | None = None,
    readiness: str | None = None,
    integration_programme: bool | None = None,
    reason: str = "",
) -> Course:
    """Change the open course's benefit, readiness or programme, keeping the history."""
    require(actor, "citizens.change_course", citizen)
    course = citizen.current_course
    if course is None:
        raise ValidationError({"benefit": _("The citizen has no open course.")})
    if effective < course.start:
        raise ValidationError({"effective": _("A change cannot take effect before the course.")})
    new_values = {
        "benefit": benefit,
        "readiness": readiness,
        "integration_programme": integration_programme,
    }
    _validate_course_values(
        benefit=benefit if benefit is not None else course.benefit,
        readiness=readiness if readiness is not None else course.readiness,
    )
    changes = []
    for field, value in new_values.items():
        if value is None or getattr(course, field) == value:
            continue
        changes.append(
            CourseChange(
                course=course,
                effective=effective,
                field=field,
                old_value=str(getattr(course, field)),
                new_value=str(value),
                changed_by=actor,
                reason=reason,
            )
        )
        setattr(course, field, value)
    if not changes:
        return course
    course.save()
    CourseChange.objects.bulk_create(changes)
    _after_change(citizen)
    return course


@transaction.atomic
@records_actor
def course_close(
    *, actor: User, citizen: Citizen, end: date, outcome: str, reason: str = ""
) -> Course:
    """End the open course with its outcome (ordinary job, education, ...)."""
    require(actor, "citizens.change_course", citizen)
    course = citizen.current_course
    if course is None:
        raise ValidationError({"end": _("The citizen has no open course.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the course.")})
    if end < course.start:
        raise ValidationError({"end": _("The course cannot end before it started.")})
    course.end = end
    course.outcome = outcome
    course.save()
    CourseChange.objects.create(
        course=course,
        effective=end,
        field="outcome",
        old_value="",
        new_value=outcome,
        changed_by=actor,
        reason=reason,
    )
    citizen.current_course = None
    citizen.save(update_fields=["current_course"])
    Alert.objects.filter(citizen=citizen).delete()
    _after_change(citizen)
    return course


@transaction.atomic
@records_actor
def course_open(
    *,
    actor: User,
    citizen: Citizen,
    benefit: str,
    start: date,
    readiness: str = "",
    integration_programme: bool = False,
) -> Course:
    """Start a new course for a citizen whose previous course has ended."""
    require(actor, "citizens.add_course", citizen)
    if citizen.current_course_id:
        raise ValidationError({"benefit": _("The citizen already has an open course.")})
    _validate_course_values(benefit=benefit, readiness=readiness)
    last = citizen.courses.order_by("-end").first()
    if last and last.end and start < last.end:
        raise ValidationError({"start": _("A new course cannot start before the last one ended.")})
    course = Course.objects.create(
        citizen=citizen,
        benefit=benefit,
        readiness=readiness,
        integration_programme=integration_programme,
        start=start,
    )
    citizen.current_course = course
    citizen.save(update_fields=["current_course"])
    _after_change(citizen)
    return course


# --- Sick-pay courses ----------------------------------------------------------------------------

SICK_PAY_FIELDS = (
    "first_absence_day",
    "sick_from",
    "expected_absence_weeks",
    "partial_sick_leave",
    "employer_cvr",
    "return_not_possible",
    "return_not_possible_reason",
)
# A sanity bound for the expected absence, not a legal limit.
MAX_EXPECTED_ABSENCE_WEEKS = 156


def _sick_pay_values(
    course: Course,
    *,
    today: date,
    first_absence_day: date | None,
    sick_from: str,
    expected_absence_weeks: int | None,
    employer_cvr: str,
    return_not_possible: bool = False,
    return_not_possible_reason: str = "",
) -> str:
    """Check the sick-pay details against the course; returns the CVR number normalised.
    Raises ValidationError (field -> Danish message) with every problem at once."""
    errors: dict[str, str] = {}
    if course.benefit != Benefit.SYGEDAGPENGE:
        errors["sick_from"] = _(
            "Sick-pay details belong to a course on sickness benefit (sygedagpenge)."
        )
        raise ValidationError(errors)
    if first_absence_day is None:
        errors["first_absence_day"] = _("Enter the first day of absence.")
    elif first_absence_day > today:
        errors["first_absence_day"] = _("The first day of absence cannot be in the future.")
    elif first_absence_day > course.start:
        errors["first_absence_day"] = _(
            "The first day of absence cannot be after the start of the course (%(start)s)."
        ) % {"start": f"{course.start:%d.%m.%Y}"}
    if sick_from not in SickFrom.values:
        errors["sick_from"] = _("Choose what the citizen was sick from.")
    if expected_absence_weeks is not None and not (
        1 <= expected_absence_weeks <= MAX_EXPECTED_ABSENCE_WEEKS
    ):
        errors["expected_absence_weeks"] = _(
            "The expected absence is a number of weeks from 1 to %(max)s."
        ) % {"max": MAX_EXPECTED_ABSENCE_WEEKS}
    cvr = (employer_cvr or "").strip()
    if cvr and sick_from != SickFrom.EMPLOYMENT:
        errors["employer_cvr"] = _(
            "The employer's CVR number is recorded only when the citizen is sick from employment."
        )
    elif cvr:
        try:
            cvr = validate_cvr(cvr)
        except ValidationError as error:
            errors["employer_cvr"] = error.messages[0]
    if return_not_possible and sick_from != SickFrom.EMPLOYMENT:
        errors["return_not_possible"] = _(
            "Return to the employer is recorded only when the citizen is sick from employment."
        )
    elif return_not_possible and not (return_not_possible_reason or "").strip():
        errors["return_not_possible_reason"] = _(
            "State why return to the employer is not possible."
        )
    if errors:
        raise ValidationError(errors)
    return cvr


@transaction.atomic
def course_sick_pay_set(
    *,
    actor: User,
    citizen: Citizen,
    first_absence_day: date | None,
    sick_from: str,
    expected_absence_weeks: int | None = None,
    partial_sick_leave: bool = False,
    employer_cvr: str = "",
    return_not_possible: bool = False,
    return_not_possible_reason: str = "",
    today: date | None = None,
) -> Course:
    """Record the sick-pay details of the open sygedagpenge course: the first day of absence (not
    in the future, not after the course start), what the citizen is sick from, the expected
    absence in weeks, partial sick leave and, only when sick from employment, the employer's CVR
    number. The deadlines (citizens.rules.sick_pay) count from the first day of absence. Sick from
    employment, the GRID matches the citizen only at the own employer unless
    `return_not_possible` is recorded with its reason."""
    course = citizen.current_course
    if course is None:
        raise ValidationError({"first_absence_day": _("The citizen has no open course.")})
    cvr = _sick_pay_values(
        course,
        today=today or timezone.localdate(),
        first_absence_day=first_absence_day,
        sick_from=sick_from,
        expected_absence_weeks=expected_absence_weeks,
        employer_cvr=employer_cvr,
        return_not_possible=bool(return_not_possible),
        return_not_possible_reason=return_not_possible_reason,
    )
    course.first_absence_day = first_absence_day
    course.sick_from = sick_from
    course.expected_absence_weeks = expected_absence_weeks
    course.partial_sick_leave = bool(partial_sick_leave)
    course.employer_cvr = cvr
    course.return_not_possible = bool(return_not_possible)
    course.return_not_possible_reason = (
        (return_not_possible_reason or "").strip() if return_not_possible else ""
    )
    _full_clean(course)
    course.save(update_fields=list(SICK_PAY_FIELDS))
    _after_change(citizen)
    return course


@transaction.atomic
@records_actor
def plan_revise(
    *, actor: User, citizen: Citizen, job_goal: str, education_goal: str = "", steps: str = ""
) -> PlanRevision:
    """A new revision of Min Plan; earlier revisions are kept."""
    require(actor, "citizens.add_planrevision", citizen)
    if not (job_goal.strip() or education_goal.strip()):
        raise ValidationError(
            {"job_goal": _("Write the citizen's job goal or education goal in their own words.")}
        )
    revision = PlanRevision.objects.create(
        citizen=citizen,
        job_goal=job_goal.strip(),
        education_goal=education_goal.strip(),
        steps=steps.strip(),
        created_by=actor,
        created_at=timezone.now(),
    )
    _after_change(citizen)
    return revision


@transaction.atomic
@records_actor
def conversation_create(
    *,
    actor: User,
    citizen: Citizen,
    date: date,
    kind: str,
    participants: str = "",
    note: str = "",
) -> Conversation:
    require(actor, "citizens.add_conversation", citizen)
    errors: dict[str, str] = {}
    if date > timezone.localdate():
        errors["date"] = _("A conversation cannot be recorded in the future.")
    if not (note or "").strip():
        errors["note"] = _("Write a short note of what was talked about and agreed.")
    if errors:
        raise ValidationError(errors)
    conversation = Conversation(
        citizen=citizen,
        date=date,
        kind=kind,
        participants=participants,
        note=note,
        held_by=actor,
    )
    _full_clean(conversation)
    conversation.save()
    _after_change(citizen)
    return conversation


@dataclass(frozen=True)
class PlacementRequest:
    """What the employers' side needs to take a seat for an intervention."""

    opening_id: int
    merbeskaeftigelse_note: str = ""


@transaction.atomic
@records_actor
def intervention_create(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    start: date,
    end: date | None = None,
    hours_per_week: int | None = None,
    company_based: bool | None = None,
    note: str = "",
    extension_reason: str = "",
    placement: PlacementRequest | None = None,
) -> Intervention:
    """Plan an intervention. A period longer than the legal maximum for the citizen's group is
    refused with the rule and its reference (citizens.rules.intervention_max; an open end is
    refused once the start is already further back than the maximum); with an opening it takes
    a seat at the employer (seats and the rimelighedskrav are checked there, under a lock)."""
    require(actor, "citizens.add_intervention", citizen)
    from employers.models import Opening
    from employers.services import placement_create

    from .rules import intervention_max

    intervention = Intervention(
        citizen=citizen,
        kind=kind,
        start=start,
        end=end,
        hours_per_week=hours_per_week,
        company_based=(kind in COMPANY_BASED_KINDS) if company_based is None else company_based,
        note=note,
        extension_reason=extension_reason.strip(),
        created_by=actor,
    )
    _full_clean(intervention, exclude=["placement", "created_by"])
    public_employer = None
    opening = None
    if placement is not None:
        opening = (
            Opening.objects.select_related("workplace__employer")
            .filter(pk=placement.opening_id)
            .first()
        )
        if opening is None:
            raise ValidationError({"opening": _("No such opening.")})
        if opening.kind != kind:
            raise ValidationError(
                {
                    "opening": _("The opening is a %(kind)s, not the chosen kind.")
                    % {"kind": opening.get_kind_display()}
                }
            )
        public_employer = opening.workplace.employer.public
    course = citizen.current_course
    if course is not None:
        try:
            violation = intervention_max.violation(
                kind=kind,
                start=start,
                end=end,
                hours_per_week=hours_per_week,
                benefit=course.benefit,
                readiness=course.readiness,
                public_employer=public_employer,
                graduated_on=citizen.graduated_on,
                extension_reason=intervention.extension_reason,
                today=timezone.localdate(),
            )
        except RuleMissing as missing:
            raise ValidationError({"end": missing_rule_message(missing)}) from missing
        if violation:
            raise ValidationError({"end": violation})
    if opening is not None:
        # Planning the intervention for one's own citizen takes the seat it needs.
        with granted(actor, "employers.add_placement", opening):
            intervention.placement = placement_create(
                actor=actor,
                opening=opening,
                start=start,
                end=end,
                merbeskaeftigelse_note=placement.merbeskaeftigelse_note,
            )
    intervention.save()
    _after_change(citizen)
    return intervention


@transaction.atomic
@records_actor
def job_tracks_set(*, actor: User, citizen: Citizen, tracks: list[dict]) -> list[JobTrack]:
    """Replace the citizen's job tracks: [{"occupation": "5322", "priority": 1,
    "hours_per_week": 25}, ...]. Priorities must be distinct; occupations are DISCO-08 codes."""
    require(actor, "citizens.change_jobtrack", citizen)
    priorities = [track["priority"] for track in tracks]
    if len(set(priorities)) != len(priorities):
        raise ValidationError({"job_tracks": _("Each job track needs its own priority.")})
    codes = {track["occupation"] for track in tracks}
    known = set(Occupation.objects.filter(code__in=codes).values_list("code", flat=True))
    if codes - known:
        raise ValidationError(
            {
                "job_tracks": _("Unknown occupation code: %(codes)s")
                % {"codes": ", ".join(sorted(codes - known))}
            }
        )
    for track in tracks:
        hours = track.get("hours_per_week")
        if hours is not None and not 1 <= hours <= 37:
            raise ValidationError({"job_tracks": _("Hours per week must be between 1 and 37.")})
    citizen.job_tracks.all().delete()
    created = JobTrack.objects.bulk_create(
        JobTrack(
            citizen=citizen,
            occupation_id=track["occupation"],
            priority=track["priority"],
            hours_per_week=track.get("hours_per_week"),
        )
        for track in sorted(tracks, key=lambda t: t["priority"])
    )
    _after_change(citizen)
    return created


@transaction.atomic
@records_actor
def accommodations_set(
    *,
    actor: User,
    citizen: Citizen,
    codes: list[str],
    max_hours_per_week: int | None,
    shared: list[str] | None = None,
) -> Citizen:
    """Skånebehov: functional codes only (never diagnoses) and the max hours per week; `shared`
    are the needs the citizen agreed may be shown to the employer's consultant (None: keep the
    agreed ones that are still needs), a subset of `codes`."""
    require(actor, "citizens.change_citizen", citizen)
    unknown = set(codes) - set(Accommodation.values)
    if unknown:
        raise ValidationError(
            {
                "accommodations": _("Unknown accommodation code: %(codes)s")
                % {"codes": ", ".join(sorted(unknown))}
            }
        )
    if max_hours_per_week is not None and not 1 <= max_hours_per_week <= 37:
        raise ValidationError(
            {"max_hours_per_week": _("Max hours per week must be between 1 and 37.")}
        )
    if shared is None:
        shared = [code for code in citizen.shared_accommodations or [] if code in codes]
    elif set(shared) - set(codes):
        raise ValidationError(
            {
                "shared_accommodations": _(
                    "Only the citizen's own accommodation needs can be shared with employers."
                )
            }
        )
    citizen.accommodations = sorted(set(codes))
    citizen.shared_accommodations = sorted(set(shared))
    citizen.max_hours_per_week = max_hours_per_week
    citizen.save(
        update_fields=[
            "accommodations",
            "shared_accommodations",
            "max_hours_per_week",
            "updated_at",
        ]
    )
    _after_change(citizen)
    return citizen


@transaction.atomic
@records_actor
def languages_set(
    *, actor: User, citizen: Citizen, languages: dict[str, str]
) -> list[CitizenLanguage]:
    """Replace the citizen's languages: {"da": "native", "tr": "fluent"}."""
    require(actor, "citizens.change_citizenlanguage", citizen)
    rows = [
        CitizenLanguage(citizen=citizen, code=code, level=level)
        for code, level in languages.items()
    ]
    for row in rows:
        _full_clean(row, exclude=["citizen"])
    citizen.languages.all().delete()
    created = CitizenLanguage.objects.bulk_create(rows)
    _after_change(citizen)
    return created


@transaction.atomic
@records_actor
def paid_hours_record(
    *,
    actor: User,
    citizen: Citizen,
    month: date,
    hours: Decimal,
    earnings: Decimal,
    under_frikort: bool = False,
) -> PaidHours:
    """Record (or correct) one month's paid hours."""
    require(actor, "citizens.add_paidhours", citizen)
    if hours < 0 or earnings < 0:
        raise ValidationError({"hours": _("Hours and earnings cannot be negative.")})
    if hours > 200:
        raise ValidationError({"hours": _("More than 200 hours in a month is not plausible.")})
    row, _created = PaidHours.objects.update_or_create(
        citizen=citizen,
        month=month.replace(day=1),
        defaults={"hours": hours, "earnings": earnings, "under_frikort": under_frikort},
    )
    _after_change(citizen)
    return row


@transaction.atomic
@records_actor
def citizens_transfer(
    *, actor: User, citizen_ids: Iterable[int], to_caseworker: User, reason: str
) -> int:
    """Move one or many citizens of the actor's team to another caseworker (and their team),
    with a reason. A citizen of another team is refused, and then none is moved."""
    require(actor, "citizens.transfer_citizen")
    if not reason.strip():
        raise ValidationError({"reason": _("State why the citizens are transferred.")})
    if to_caseworker.team_id is None or not to_caseworker.groups.filter(name=CASEWORKER).exists():
        raise ValidationError({"to_caseworker": _("Choose a caseworker with a team.")})
    wanted = set(citizen_ids)
    citizens = list(Citizen.objects.select_for_update().filter(pk__in=wanted).order_by("pk"))
    if not citizens:
        raise ValidationError({"citizens": _("Choose at least one citizen.")})
    unknown = wanted - {citizen.pk for citizen in citizens}
    if unknown:
        raise ValidationError(
            {
                "citizens": _("Unknown citizens: %(ids)s")
                % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}
            }
        )
    for citizen in citizens:
        require(actor, "citizens.transfer_citizen", citizen)
    transfers = []
    for citizen in citizens:
        transfers.append(
            CaseTransfer(
                citizen=citizen,
                from_caseworker_id=citizen.caseworker_id,
                to_caseworker=to_caseworker,
                from_team_id=citizen.team_id,
                to_team_id=to_caseworker.team_id,
                reason=reason.strip(),
                by=actor,
            )
        )
        citizen.caseworker = to_caseworker
        citizen.team_id = to_caseworker.team_id
        citizen.save(update_fields=["caseworker", "team", "updated_at"])
    CaseTransfer.objects.bulk_create(transfers)
    return len(citizens)


# --- Retention: anonymising closed cases (citizens.retention) --------------------------------

# What anonymising changes on the citizen (README "Security and reliability"): who they are, how
# to reach them, and what they need and can (skånebehov, hours, licence). Kept: team, caseworker,
# birth date and gender (from the CPR number, for the age and gender figures), segment, education.
ANONYMISED_CITIZEN_FIELDS = (
    "first_name",
    "last_name",
    "cpr",
    "address",
    "postcode",
    "phone",
    "email",
    "accommodations",
    "shared_accommodations",
    "max_hours_per_week",
    "driving_licence",
)


def _scrub(citizen_ids: list[int], *, now) -> None:
    """Remove the identity and the words of these citizens' cases, keeping every row and value an
    indicator is computed from. Plain UPDATEs: the change log gets one entry per citizen
    (citizen_anonymise) instead of the old values it would otherwise copy."""
    from . import retention

    for citizen_id in citizen_ids:
        anonymous = retention.anonymous_cpr(citizen_id)
        Citizen.objects.filter(pk=citizen_id).update(
            first_name=retention.ANONYMOUS_FIRST_NAME,
            last_name=retention.ANONYMOUS_LAST_NAME,
            cpr_encrypted=encrypt_cpr(anonymous),
            cpr_hash=cpr_hash(anonymous),
            address="",
            postcode="",
            phone="",
            email="",
            accommodations=[],
            shared_accommodations=[],
            max_hours_per_week=None,
            driving_licence=False,
            anonymised_at=now,
        )
    Conversation.objects.filter(citizen_id__in=citizen_ids).update(note="", participants="")
    Intervention.objects.filter(citizen_id__in=citizen_ids).update(note="", extension_reason="")
    PlanRevision.objects.filter(citizen_id__in=citizen_ids).update(
        job_goal="", education_goal="", steps=""
    )
    courses = Course.objects.filter(citizen_id__in=citizen_ids)
    courses.update(employer_cvr="")
    courses.filter(return_not_possible=True).update(
        return_not_possible_reason=retention.ANONYMISED_TEXT
    )
    CourseChange.objects.filter(course__citizen_id__in=citizen_ids).update(reason="")
    CaseTransfer.objects.filter(citizen_id__in=citizen_ids).update(reason=retention.ANONYMISED_TEXT)
    # Derived or descriptive rows no figure is computed from: gone (without a change-log copy).
    for model in (Alert, JobTrack, CitizenLanguage):
        rows = model.objects.filter(citizen_id__in=citizen_ids)
        rows._raw_delete(rows.db)
    for scrub in retention.scrubbers():
        scrub(citizen_ids)


def _log_anonymised(citizen: Citizen, *, on: date, last_end: date | None) -> None:
    from auditlog.models import LogEntry

    from . import retention

    LogEntry.objects.log_create(
        citizen,
        action=LogEntry.Action.UPDATE,
        changes={"anonymised_at": ["None", str(citizen.anonymised_at)]},
        additional_data={
            "retention": "anonymised after the retention period",
            "retention_days": retention.retention_days(),
            "last_course_end": str(last_end) if last_end else None,
            "on": str(on),
            "fields": list(ANONYMISED_CITIZEN_FIELDS),
        },
    )


@transaction.atomic
@records_actor
def citizen_anonymise(*, actor: User | None, citizen: Citizen, on: date | None = None) -> Citizen:
    """Anonymise one closed case that is due (citizens.retention.is_due); refused otherwise.
    `actor` None is the system (the nightly task, the command); a user needs
    `citizens.anonymise_citizen`, which no role holds. Logged in the change log."""
    from . import retention

    if actor is not None:
        require(actor, "citizens.anonymise_citizen", citizen)
    on = on or timezone.localdate()
    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if not retention.is_due(citizen, on):
        raise ValidationError(
            _("The case is not due for anonymisation: a course is open or ended too recently.")
        )
    last_end = max(course.end for course in citizen.courses.all())
    _scrub([citizen.pk], now=timezone.now())
    citizen.refresh_from_db()
    _log_anonymised(citizen, on=on, last_end=last_end)
    logger.info("Citizen %s anonymised (retention; last course ended %s).", citizen.pk, last_end)
    return citizen


@records_actor
def anonymise_expired(
    *, actor: User | None = None, on: date | None = None, batch_size: int = 200
) -> int:
    """Anonymise every closed case due on `on` (citizens.retention.due), in batches of
    `batch_size` citizens, each batch its own transaction. Returns how many were anonymised."""
    from . import retention

    if actor is not None:
        require(actor, "citizens.anonymise_citizen")
    on = on or timezone.localdate()
    done = 0
    while True:
        with transaction.atomic():
            last_ends = dict(retention.due(on).values_list("pk", "last_end")[:batch_size])
            if not last_ends:
                return done
            # Locked and checked again: a run beside this one skips what this one took.
            ids = list(
                Citizen.objects.select_for_update()
                .filter(pk__in=list(last_ends), anonymised_at__isnull=True)
                .values_list("pk", flat=True)
            )
            _scrub(ids, now=timezone.now())
            for citizen in Citizen.objects.filter(pk__in=ids):
                _log_anonymised(citizen, on=on, last_end=last_ends[citizen.pk])
        done += len(ids)
        logger.info("Anonymised %s closed cases (retention), %s so far.", len(ids), done)


# --- CPR keys ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CprKeyRotation:
    citizens: int
    reencrypted: int
    rehashed: int


def cpr_keys_rotate(*, batch_size: int = 1000, check_only: bool = False) -> CprKeyRotation:
    """Re-encrypt every stored CPR number under the current (first) key of CPR_ENCRYPTION_KEYS and
    rehash it under the first key of CPR_HASH_KEYS (core.cpr_crypto), in batches, each its own
    transaction with the rows locked. System maintenance run by the operator (`manage.py
    rotate_cpr_keys`), not a change of anyone's case: the change log is not written. With
    `check_only`, only counts what is not yet under the current keys."""
    total = reencrypted = rehashed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                Citizen.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "cpr_encrypted", "cpr_hash")[:batch_size]
            )
            if not rows:
                break
            changed = []
            for citizen in rows:
                number = decrypt_cpr(citizen.cpr_encrypted)
                dirty = False
                if not is_current_encryption(citizen.cpr_encrypted):
                    reencrypted += 1
                    citizen.cpr_encrypted = reencrypt(citizen.cpr_encrypted)
                    dirty = True
                current_hash = cpr_hash(number)
                if citizen.cpr_hash != current_hash:
                    rehashed += 1
                    citizen.cpr_hash = current_hash
                    dirty = True
                if dirty:
                    changed.append(citizen)
            if changed and not check_only:
                Citizen.objects.bulk_update(changed, ["cpr_encrypted", "cpr_hash"])
            total += len(rows)
            last_pk = rows[-1].pk
    return CprKeyRotation(citizens=total, reencrypted=reencrypted, rehashed=rehashed)
