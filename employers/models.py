"""Employers' side: companies (CVR), workplaces (P-nummer), openings, contacts and placements."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import register_personal_data_model
from core.choices import ChoiceLabels, OpeningKind
from core.identifiers import validate_cvr, validate_p_number, validate_postcode
from core.models import Occupation


class Employer(models.Model):
    """A company (virksomhed). Each has ONE fixed contact person in Virksomhedsservice."""

    cvr = models.CharField(_("CVR number"), max_length=8, unique=True, validators=[validate_cvr])
    name = models.CharField(_("name"), max_length=200)
    branche_code = models.CharField(_("industry code (DB07)"), max_length=6, blank=True)
    branche_title = models.CharField(_("industry"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    public = models.BooleanField(_("public employer"), default=False)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consultant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
    )
    # When the company entered the register (an import or the demo data may backdate it);
    # samarbejdsgrad counts the companies registered by a period's end.
    created_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        permissions = [("take_employer", "Can take a company that has no consultant")]

    def __str__(self) -> str:
        return f"{self.name} ({self.cvr})"


class Workplace(models.Model):
    """A production unit (P-nummer): where people work; the rimelighedskrav is counted here."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="workplaces"
    )
    p_number = models.CharField(
        _("P-number"), max_length=10, unique=True, validators=[validate_p_number]
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[validate_postcode])
    ordinary_employees = models.PositiveIntegerField(_("ordinary employees"), default=0)
    employees_counted_on = models.DateField(_("employees counted on"), null=True, blank=True)

    class Meta:
        ordering = ["employer__name", "p_number"]
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")

    def __str__(self) -> str:
        return f"{self.name or self.employer.name} (P {self.p_number})"


class Dispensation(ChoiceLabels, models.Model):
    """A registered dispensation from the rimelighedskrav at a workplace: the only thing that
    gives room beyond the ratio (employers.rules). Who granted it, its reference, its period,
    the kinds of placement it covers, and how many extra seats (empty: no limit)."""

    class GrantedBy(models.TextChoices):
        RAR = "rar", _("Regional labour market council (RAR)")
        MINISTRY = "ministry", _("The Ministry of Employment / STAR")
        OTHER = "other", _("Other authority (named in the reference)")
        UNKNOWN = "unknown", _("Not recorded (moved from the old workplace fields)")

    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("workplace"),
        on_delete=models.PROTECT,
        related_name="dispensations",
    )
    granted_by = models.CharField(_("granted by"), max_length=10, choices=GrantedBy.choices)
    reference = models.CharField(_("reference (decision, case number)"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    kinds = models.JSONField(_("kinds of placement"), default=list)
    extra_seats = models.PositiveIntegerField(
        _("extra seats"),
        null=True,
        blank=True,
        help_text=_("Beyond the ratio; empty means no limit."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("dispensation from the rimelighedskrav")
        verbose_name_plural = _("dispensations from the rimelighedskrav")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="dispensation_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.valid_from}–{self.valid_to or ''})"

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class Opening(ChoiceLabels, models.Model):
    """Everything the GRID matches against: a vacancy or a supported placement, with seats."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    workplace = models.ForeignKey(
        Workplace, verbose_name=_("workplace"), on_delete=models.PROTECT, related_name="openings"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OpeningKind.choices)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    seats = models.PositiveIntegerField(_("seats"), default=1)
    hours_min = models.PositiveSmallIntegerField(_("hours per week, minimum"))
    hours_max = models.PositiveSmallIntegerField(_("hours per week, maximum"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    required_languages = models.JSONField(_("required languages"), default=list, blank=True)
    requires_driving_licence = models.BooleanField(_("requires driving licence"), default=False)
    accommodations = models.JSONField(_("can accommodate"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="opening_seats_at_least_one"),
            models.CheckConstraint(
                condition=Q(hours_min__lte=F("hours_max")), name="opening_hours_min_le_max"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="opening_end_after_start",
            ),
        ]
        # The lists' order (the openings page, the API list): a page read in order through
        # the index instead of sorting every opening (29 ms of the API list at 10x).
        indexes = [models.Index(fields=["-start", "title", "id"], name="opening_list_order")]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"


class EmployerContact(models.Model):
    """Virksomhedskontakt: a logged contact with a company; the basis of samarbejdsgrad."""

    class Kind(models.TextChoices):
        BESOEG = "besoeg", _("Visit")
        TELEFON = "telefon", _("Phone")
        MAIL = "mail", _("E-mail")
        MOEDE = "moede", _("Meeting")

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="contacts"
    )
    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    opening = models.ForeignKey(
        Opening,
        verbose_name=_("opening"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.employer_id}"


class Placement(models.Model):
    """A seat taken in an opening for a period. The citizen's side links to it from its
    intervention, so this app needs no knowledge of citizens."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    opening = models.ForeignKey(
        Opening, verbose_name=_("opening"), on_delete=models.PROTECT, related_name="placements"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    # History only: before dispensations were registered, a consultant could exceed the
    # rimelighedskrav with a free-text reason. That is no legal basis; no new ones are accepted,
    # the old ones stay visible on the placement.
    override_reason = models.CharField(
        _("historical override of the rimelighedskrav (no legal basis)"),
        max_length=500,
        blank=True,
        editable=False,
    )
    merbeskaeftigelse_note = models.CharField(
        _("net increase in staff confirmed (note)"), max_length=500, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="placement_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opening_id} {self.start}–{self.end or ''}"


for _model in (Employer, Workplace, Dispensation, Opening, EmployerContact, Placement):
    register_personal_data_model(_model)
