"""The citizen's record: identity, courses, plan, conversations, interventions, job tracks,
accommodation needs (skånebehov), competences and paid hours."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.audit import register_personal_data_model
from core.choices import LANGUAGE_CHOICES, ChoiceLabels, OpeningKind
from core.cpr_crypto import cpr_hash, cpr_hashes, decrypt_cpr, encrypt_cpr
from core.identifiers import (
    cpr_birth_date,
    cpr_gender,
    is_ascii_digits,
    mask_cpr,
    normalize_cpr,
    validate_cpr,
    validate_cvr,
    validate_postcode,
)
from core.models import Occupation, Team
from employers.models import Placement

from .segments import Segment


class Benefit(models.TextChoices):
    A_DAGPENGE = "a_dagpenge", _("Unemployment benefit (a-dagpenge)")
    KONTANTHJAELP = "kontanthjaelp", _("Social assistance (kontanthjælp)")
    UDDANNELSESHJAELP = "uddannelseshjaelp", _("Education benefit (uddannelseshjælp, until 2025)")
    SYGEDAGPENGE = "sygedagpenge", _("Sickness benefit (sygedagpenge)")
    JOBAFKLARING = "jobafklaring", _("Job clarification (jobafklaringsforløb)")
    RESSOURCEFORLOEB = "ressourceforloeb", _("Resource course (ressourceforløb)")
    LEDIGHEDSYDELSE = "ledighedsydelse", _("Flex job unemployment (ledighedsydelse)")
    FOERTIDSPENSION = "foertidspension", _("Early retirement pension (førtidspension)")
    SELVFORSOERGER = "selvforsoerger", _("Self-supporting")


class Readiness(models.TextChoices):
    JOBPARAT = "jobparat", _("Job-ready")
    AKTIVITETSPARAT = "aktivitetsparat", _("Activity-ready")
    UDDANNELSESPARAT = "uddannelsesparat", _("Education-ready")
    AABENLYST_UDDANNELSESPARAT = "aabenlyst_uddannelsesparat", _("Obviously education-ready")


class Outcome(models.TextChoices):
    ORDINARY_JOB = "ordinary_job", _("Ordinary job")
    EDUCATION = "education", _("Education")
    FLEKSJOB = "fleksjob", _("Flex job")
    FOERTIDSPENSION = "foertidspension", _("Early retirement pension")
    MOVED = "moved", _("Moved away")
    OTHER = "other", _("Other")


def validate_cvr_field(value: str) -> None:
    """A model validator: the CVR number passes stdnum's check (core.identifiers.validate_cvr)."""
    if value:
        validate_cvr(value)


class SickFrom(models.TextChoices):
    """Where a citizen on sygedagpenge was when they fell ill (API values are a contract)."""

    EMPLOYMENT = "employment", _("Employment")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    FLEKSJOB = "fleksjob", _("Flex job")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")


class EducationLevel(models.TextChoices):
    UNKNOWN = "", _("Unknown")
    PRIMARY = "primary", _("Primary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    VOCATIONAL = "vocational", _("Vocational")
    SHORT_HIGHER = "short_higher", _("Short higher education")
    MEDIUM_HIGHER = "medium_higher", _("Medium-length higher education")
    LONG_HIGHER = "long_higher", _("Long higher education")


class CitizenQuerySet(models.QuerySet):
    def with_cpr(self, cpr: str) -> "CitizenQuerySet":
        """The citizen with this exact CPR number: the one way to find a citizen by CPR
        (find-by-CPR, the API, the duplicate check). Matched on the keyed hash under every
        configured hash key; a value that is not 10 digits 0-9 matches nobody."""
        number = normalize_cpr(cpr)
        if len(number) != 10 or not is_ascii_digits(number):
            return self.none()
        return self.filter(cpr_hash__in=cpr_hashes(number))


class Citizen(ChoiceLabels, models.Model):
    """A citizen (borger). CPR is personal data: stored encrypted (`cpr_encrypted`, Fernet) with a
    keyed hash (`cpr_hash`, HMAC-SHA256) for exact lookup and uniqueness (core.cpr_crypto). The
    `cpr` property reads and sets the number in clear; find a citizen by CPR with
    `Citizen.objects.with_cpr(cpr)`. Lists show it masked (from the birth date); reads are logged.
    """

    cpr_encrypted = models.TextField(_("CPR number (encrypted)"), editable=False)
    cpr_hash = models.CharField(
        _("CPR number (keyed hash)"), max_length=64, unique=True, editable=False
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[validate_postcode])
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Derived from the CPR number when saved (core.identifiers); stored for filtering.
    birth_date = models.DateField(_("birth date"), editable=False)
    gender = models.CharField(_("gender (from CPR)"), max_length=1, editable=False)

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="citizens"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
    )
    current_course = models.OneToOneField(
        "Course",
        verbose_name=_("current course"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Derived by citizens.segments.derive_segment from the current course and age; refreshed on
    # every change and nightly (age moves on). Never typed by hand.
    segment = models.CharField(
        _("segment"), max_length=30, choices=Segment.choices, blank=True, db_index=True
    )

    accommodations = models.JSONField(_("accommodation needs"), default=list, blank=True)
    # The needs the citizen has agreed may be shown to the employer's consultant (a subset of
    # `accommodations`); the GRID matches on all of them either way.
    shared_accommodations = models.JSONField(
        _("accommodation needs shared with employers"), default=list, blank=True
    )
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("max hours per week"), null=True, blank=True
    )
    driving_licence = models.BooleanField(_("driving licence"), default=False)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    # A dimittend (LAB § 61, stk. 1): an a-dagpenge recipient who has completed at least a short
    # higher education and has had no ordinary job in the field since. Cleared once they have.
    graduated_on = models.DateField(
        _("graduated on"),
        null=True,
        blank=True,
        help_text=_(
            "The day a higher education (at least short-cycle) was completed, for a new graduate "
            "(dimittend) who has not had an ordinary job in the field since. Leave empty otherwise."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set when the closed case was anonymised after the retention period (citizens.retention).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        permissions = [
            ("view_full_cpr", "Can see the full CPR number on the record"),
            ("break_glass_citizen", "Can open a citizen of another team with a stated reason"),
            ("view_all_teams", "Can read the citizens of every team"),
            ("transfer_citizen", "Can transfer citizens to another caseworker"),
            ("view_retention", "Can see the closed cases due for anonymisation"),
            # No role: the nightly task and the command anonymise as the system.
            ("anonymise_citizen", "Can anonymise a closed case after the retention period"),
        ]
        # The lists' order (the caseload, the team's and every team's citizens, the API list):
        # a page of 50 is read through these in order instead of sorting the whole population
        # (200 ms for the API list at 10x Ballerup).
        indexes = [
            models.Index(fields=["team", "caseworker"]),
            models.Index(fields=["last_name", "first_name", "id"], name="citizen_name_order"),
            models.Index(
                fields=["team", "last_name", "first_name", "id"], name="citizen_team_name_order"
            ),
            models.Index(
                fields=["caseworker", "last_name", "first_name", "id"],
                name="citizen_caseworker_name_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs) -> None:
        self.birth_date = cpr_birth_date(self.cpr)
        self.gender = cpr_gender(self.cpr)
        super().save(*args, **kwargs)

    @property
    def cpr(self) -> str:
        """The CPR number in clear (compact, 10 digits), decrypted once per instance."""
        plain = self.__dict__.get("_cpr_plain")
        if plain is None:
            plain = decrypt_cpr(self.cpr_encrypted) if self.cpr_encrypted else ""
            self.__dict__["_cpr_plain"] = plain
        return plain

    @cpr.setter
    def cpr(self, value: str) -> None:
        number = normalize_cpr(value)
        self.__dict__["_cpr_plain"] = number
        self.cpr_encrypted = encrypt_cpr(number) if number else ""
        self.cpr_hash = cpr_hash(number) if number else ""

    def clean(self) -> None:
        try:
            validate_cpr(self.cpr)
        except ValidationError as error:
            raise ValidationError({"cpr": error.messages}) from None

    @property
    def masked_cpr(self) -> str:
        """DDMMYY-XXXX, from the stored birth date (no decryption)."""
        if self.birth_date is not None:
            return f"{self.birth_date:%d%m%y}-XXXX"
        return mask_cpr(self.cpr)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Course(ChoiceLabels, models.Model):
    """A forløb: from the first day on a benefit to its end with an outcome."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="courses"
    )
    benefit = models.CharField(_("benefit"), max_length=30, choices=Benefit.choices)
    readiness = models.CharField(
        _("readiness"), max_length=30, choices=Readiness.choices, blank=True
    )
    integration_programme = models.BooleanField(_("in the integration programme"), default=False)
    start = models.DateField(_("start"), db_index=True)
    end = models.DateField(_("end"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # Sick-pay courses (benefit sygedagpenge); checked in citizens.services.course_sick_pay_set.
    # The follow-up and reassessment deadlines count from the first absence day
    # (citizens.rules.sick_pay).
    first_absence_day = models.DateField(_("first day of absence"), null=True, blank=True)
    sick_from = models.CharField(
        _("sick from"), max_length=20, choices=SickFrom.choices, blank=True, default=""
    )
    expected_absence_weeks = models.PositiveSmallIntegerField(
        _("expected absence (weeks)"), null=True, blank=True
    )
    partial_sick_leave = models.BooleanField(_("partial sick leave"), default=False)
    employer_cvr = models.CharField(
        _("employer (CVR)"), max_length=8, blank=True, default="", validators=[validate_cvr_field]
    )
    # Sick from employment: the GRID matches the citizen only to openings at the own employer
    # (gradvis tilbagevenden, grid.engine.limits "sick_own_employer") unless the caseworker has
    # recorded that return to that employer is not possible, and why.
    return_not_possible = models.BooleanField(
        _("return to the employer is not possible"), default=False
    )
    return_not_possible_reason = models.CharField(
        _("why return is not possible"), max_length=500, blank=True, default=""
    )

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="course_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True, outcome="") | (Q(end__isnull=False) & ~Q(outcome="")),
                name="course_outcome_iff_ended",
            ),
            models.CheckConstraint(
                condition=Q(employer_cvr="") | Q(sick_from="employment"),
                name="course_employer_cvr_only_when_employed",
            ),
            models.CheckConstraint(
                condition=Q(return_not_possible=False)
                | (Q(sick_from="employment") & ~Q(return_not_possible_reason="")),
                name="course_return_not_possible_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_benefit_display()} {self.start}–{self.end or ''}"


class CourseChange(models.Model):
    """History of a course: every change of benefit, readiness, programme, end or outcome."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="changes"
    )
    effective = models.DateField(_("effective from"))
    field = models.CharField(_("field"), max_length=30)
    old_value = models.CharField(_("old value"), max_length=100, blank=True)
    new_value = models.CharField(_("new value"), max_length=100, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["effective", "id"]
        verbose_name = _("course change")
        verbose_name_plural = _("course changes")

    def __str__(self) -> str:
        return f"{self.effective} {self.field}: {self.old_value} → {self.new_value}"


class PlanRevision(models.Model):
    """One revision of Min Plan: the citizen's own goals and the agreed steps. All are kept."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="plan_revisions"
    )
    job_goal = models.TextField(_("job goal (in the citizen's words)"), blank=True)
    education_goal = models.TextField(_("education goal (in the citizen's words)"), blank=True)
    steps = models.TextField(_("agreed steps"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.created_at:%Y-%m-%d}"


class Conversation(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        JOBRETTET = "jobrettet", _("Job-oriented conversation")
        OPFOELGNING = "opfoelgning", _("Follow-up")
        SYGEOPFOELGNING = "sygeopfoelgning", _("Sickness follow-up")
        FAELLESSAMTALE = "faellessamtale", _("Joint conversation with the a-kasse")

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="conversations"
    )
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class InterventionKind(models.TextChoices):
    """The opening kinds of the employers' side plus the interventions that are not placements."""

    ORDINAERT_JOB = OpeningKind.ORDINAERT_JOB.value, OpeningKind.ORDINAERT_JOB.label
    VIRKSOMHEDSPRAKTIK = OpeningKind.VIRKSOMHEDSPRAKTIK.value, OpeningKind.VIRKSOMHEDSPRAKTIK.label
    LOENTILSKUD = OpeningKind.LOENTILSKUD.value, OpeningKind.LOENTILSKUD.label
    SMAAJOB = OpeningKind.SMAAJOB.value, OpeningKind.SMAAJOB.label
    FLEKSJOB = OpeningKind.FLEKSJOB.value, OpeningKind.FLEKSJOB.label
    NYTTEJOB = OpeningKind.NYTTEJOB.value, OpeningKind.NYTTEJOB.label
    LOENNEDE_TIMER = OpeningKind.LOENNEDE_TIMER.value, OpeningKind.LOENNEDE_TIMER.label
    NYTTEINDSATS = "nytteindsats", _("Utility work (nytteindsats)")
    MENTOR = "mentor", _("Mentor")
    OPKVALIFICERING = "opkvalificering", _("Upskilling / education")
    IPS = "ips", _("IPS (individual placement and support)")
    FGU = "fgu", _("FGU (preparatory basic education)")
    KLAPJOB = "klapjob", _("KLAPjob")


# Company-based (virksomhedsrettede) interventions: the strategy's preferred tool.
COMPANY_BASED_KINDS = frozenset(
    {
        InterventionKind.ORDINAERT_JOB,
        InterventionKind.VIRKSOMHEDSPRAKTIK,
        InterventionKind.LOENTILSKUD,
        InterventionKind.SMAAJOB,
        InterventionKind.FLEKSJOB,
        InterventionKind.LOENNEDE_TIMER,
        InterventionKind.IPS,
        InterventionKind.KLAPJOB,
    }
)


class Intervention(ChoiceLabels, models.Model):
    """An indsats/tilbud. When it takes a seat at an employer, `placement` links to it."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=InterventionKind.choices)
    placement = models.OneToOneField(
        Placement,
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intervention",
    )
    start = models.DateField(_("start"), db_index=True)
    end = models.DateField(_("end"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    # LAB § 61, stk. 2: a praktik beyond 13 weeks (up to 26) only after a concrete assessment.
    extension_reason = models.TextField(
        _("reason for extension"),
        blank=True,
        help_text=_(
            "The concrete assessment that allows a virksomhedspraktik beyond 13 weeks (up to 26)."
        ),
    )
    company_based = models.BooleanField(_("company-based"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="intervention_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"


class JobTrack(models.Model):
    """A jobspor: an occupation the citizen aims for, in priority order."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="job_tracks"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(_("priority"))
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)

    class Meta:
        ordering = ["citizen", "priority"]
        verbose_name = _("job track")
        verbose_name_plural = _("job tracks")
        constraints = [
            models.UniqueConstraint(fields=["citizen", "priority"], name="jobtrack_unique_priority")
        ]

    def __str__(self) -> str:
        return f"{self.priority}. {self.occupation_id}"


class CitizenLanguage(ChoiceLabels, models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        GOOD = "good", _("Good")
        FLUENT = "fluent", _("Fluent")
        NATIVE = "native", _("Native")

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="languages"
    )
    code = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)

    class Meta:
        ordering = ["citizen", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["citizen", "code"], name="citizenlanguage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_level_display()})"


class PaidHours(models.Model):
    """Lønnede timer in one month, and whether the earnings fall under the socialt frikort."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="paid_hours"
    )
    month = models.DateField(_("month (first day)"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    earnings = models.DecimalField(_("earnings (DKK)"), max_digits=10, decimal_places=2)
    under_frikort = models.BooleanField(_("under the socialt frikort"), default=False)

    class Meta:
        ordering = ["citizen", "-month"]
        verbose_name = _("paid hours")
        verbose_name_plural = _("paid hours")
        constraints = [
            models.UniqueConstraint(fields=["citizen", "month"], name="paidhours_unique_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.hours} t"


# The CPR number's columns are never copied into the change log (it is set once, at creation).
register_personal_data_model(Citizen, exclude_fields=["cpr_encrypted", "cpr_hash"])
for _model in (
    Course,
    PlanRevision,
    Conversation,
    Intervention,
    JobTrack,
    CitizenLanguage,
    PaidHours,
):
    register_personal_data_model(_model)


class Alert(ChoiceLabels, models.Model):
    """A deadline or warning on a citizen's case, computed by citizens.alerts (never typed)."""

    class Code(models.TextChoices):
        JOBPARAT_3_MONTHS = (
            "jobparat_3_months",
            _("Job-ready 3 months without a company-based offer"),
        )
        SICK_FIRST_CONVERSATION = "sick_first_conversation", _("First sickness follow-up due")
        SICK_FOLLOW_UP = "sick_follow_up", _("Sickness follow-up due")
        SICK_REASSESSMENT = "sick_reassessment", _("Reassessment of sickness benefit due")
        LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
        INTERVENTION_OVER_MAX = (
            "intervention_over_max",
            _("Intervention longer than the legal maximum"),
        )
        FRIKORT_NEAR_CAP = "frikort_near_cap", _("Socialt frikort near the yearly amount")
        PLAN_OUTDATED = "plan_outdated", _("Plan not revised for 6 months")
        CONTACT_CONVERSATION = (
            "contact_conversation",
            _("Job conversations of the first 6 months due"),
        )

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.CASCADE, related_name="alerts"
    )
    code = models.CharField(_("alert"), max_length=40, choices=Code.choices)
    due = models.DateField(_("due"))
    message = models.CharField(_("message"), max_length=300)
    # The legal reference of the rule row that produced the deadline (the row in force on the
    # day the engine judged the case by, e.g. the course start), stored by citizens.alerts so
    # the agenda never looks a row up again on another date.
    legal_reference = models.CharField(_("legal reference"), max_length=200, blank=True)
    # When the engine last wrote the alert: an alert that comes out as it is stored is not
    # written again, so this is when its due date, message or reference last changed.
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        ordering = ["due", "code"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(fields=["citizen", "code"], name="alert_unique_code")
        ]
        indexes = [models.Index(fields=["code", "due"])]

    def __str__(self) -> str:
        return f"{self.code} {self.due}"


class CaseTransfer(models.Model):
    """A citizen moved from one caseworker to another, with the required reason."""

    citizen = models.ForeignKey(
        Citizen, verbose_name=_("citizen"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from caseworker"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    to_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to caseworker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_team = models.ForeignKey(
        Team, verbose_name=_("from team"), on_delete=models.PROTECT, related_name="+"
    )
    to_team = models.ForeignKey(
        Team, verbose_name=_("to team"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("case transfer")
        verbose_name_plural = _("case transfers")

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.from_caseworker_id} → {self.to_caseworker_id}"


register_personal_data_model(CaseTransfer)
