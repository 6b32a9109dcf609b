"""Shared data: users and teams, the access log, rule tables and the occupation list."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """An afsnit of the job centre, e.g. Jobafsnit. A caseworker belongs to one team."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff or an integration client. Roles are Django groups (see core.roles)."""

    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("The access log cannot be changed.")


class AccessLog(models.Model):
    """One row per citizen shown or returned: who looked at whom, when, how and why; and each
    refused attempt to open a citizen (action `refused`).

    Written only by core.audit.write_access_log, called by core.access. Rows are never
    updated; the database refuses updates and deletes of rows younger than the retention period
    (see migration 0002). The CPR number is kept only as its keyed hash (core.cpr_crypto), so the
    log of one CPR number can be found (the citizen's right of access) without holding it in
    clear.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed record")
        LIST = "list", _("Shown in list")
        SEARCH = "search", _("Found by search")
        API_DETAIL = "api_detail", _("API: record read")
        API_LIST = "api_list", _("API: shown in list")
        EXPORT = "export", _("Exported")
        BREAK_GLASS = "break_glass", _("Opened outside own team")
        REFUSED = "refused", _("Refused: access needs a reason")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    citizen_id = models.BigIntegerField(_("citizen id"), db_index=True)
    cpr_hash = models.CharField(_("CPR number (keyed hash)"), max_length=64, db_index=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    remote_addr = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        permissions = [("export_accesslog", "Can export the access log for one CPR number")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.citizen_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log cannot be deleted.")


class Rule(models.Model):
    """A rule value in force for a period: a duration, deadline, ratio or amount from the law.

    The code never holds these numbers; it asks core.rules.rule_value(key, on=date).
    `qualifier` narrows a rule to a group (e.g. the benefit a maximum applies to); empty means all.
    """

    class Unit(models.TextChoices):
        WEEKS = "weeks", _("weeks")
        MONTHS = "months", _("months")
        DAYS = "days", _("days")
        HOURS_PER_WEEK = "hours_per_week", _("hours per week")
        PERCENT = "percent", _("percent")
        COUNT = "count", _("count")
        DKK = "dkk", _("DKK")

    key = models.SlugField(_("rule"), max_length=80)
    qualifier = models.SlugField(_("applies to"), max_length=80, blank=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["key", "qualifier", "valid_from"]
        verbose_name = _("rule")
        verbose_name_plural = _("rule table")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rule_valid_to_after_valid_from",
            ),
            models.UniqueConstraint(
                fields=["key", "qualifier", "valid_from"], name="rule_unique_start"
            ),
        ]

    def __str__(self) -> str:
        scope = f" ({self.qualifier})" if self.qualifier else ""
        return f"{self.key}{scope} = {self.value} {self.unit} from {self.valid_from}"

    def clean(self) -> None:
        if self.valid_from is None:
            return  # reported as a field error (required); nothing to compare yet
        overlapping = Rule.objects.filter(key=self.key, qualifier=self.qualifier).exclude(
            pk=self.pk
        )
        end = self.valid_to or date.max
        overlapping = overlapping.filter(valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_from and overlapping.exists():
            raise ValidationError(
                _("Another value of this rule is in force in the same period."), code="overlap"
            )

    @property
    def decimal_value(self) -> Decimal:
        return Decimal(self.value)


class Occupation(models.Model):
    """A DISCO-08 / ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4)."""

    class Level(models.IntegerChoices):
        MAJOR = 1, _("major group")
        SUB_MAJOR = 2, _("sub-major group")
        MINOR = 3, _("minor group")
        UNIT = 4, _("unit group")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    title_en = models.CharField(_("English title"), max_length=200)
    title_da = models.CharField(_("Danish title"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations (DISCO-08)")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "da").startswith("da") and self.title_da:
            return self.title_da
        return self.title_en


class QueuedTask(models.Model):
    """The outbox: follow-up work of a saved change (a Celery task by name), written in the
    change's own transaction and deleted once the task queue has taken it. When the queue cannot
    be reached the row stays, and core.queue.outbox_drain (Celery beat, every minute) sends it
    again, so a saved change never loses its follow-up work and never waits on the queue."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    what = models.CharField(_("what"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self) -> str:
        return self.what or self.task


class ApiToken(models.Model):
    """A REST API token, stored only as the SHA-256 digest of the key the client holds (the key is
    shown once, when issued). A request's key is hashed and compared (core.api.tokens), so a copy
    of the database holds no usable token. A user may hold several (one per integration); each
    expires API_TOKEN_TTL_HOURS after it was issued."""

    digest = models.CharField(_("digest"), max_length=64, primary_key=True)
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    created = models.DateTimeField(_("issued"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.created:%Y-%m-%d %H:%M}"
