"""The Django admin: for administrators and managers (staff users, is_staff=True).

What each role may do here follows its group permissions (core.roles): a manager may view, add and
change rules; nobody may add, change or delete an occupation, an access-log row or a change-log
(auditlog) row through the admin, superusers included.
"""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .identifiers import ascii_digits_or_none
from .models import AccessLog, Occupation, Rule, Team, User


class ReadOnlyAdminMixin:
    """Viewable by whoever holds the view permission; never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "team", "is_staff", "is_active"]
    list_filter = ["team", "groups", "is_staff", "is_superuser", "is_active"]
    list_select_related = ["team"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Team"), {"fields": ["team"]}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Team"), {"fields": ["team"]}),
    )


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """The rule table. Overlapping periods of the same rule are refused by Rule.clean, which the
    admin form runs on save. Rules are not deleted: end a value with valid_to and add a new row."""

    list_display = [
        "key",
        "qualifier",
        "value",
        "unit",
        "valid_from",
        "valid_to",
        "legal_reference",
    ]
    list_filter = ["key", "unit", "legal_reference"]
    search_fields = ["key", "qualifier", "legal_reference", "description"]
    date_hierarchy = "valid_from"
    fieldsets = [
        (None, {"fields": ["key", "qualifier", "value", "unit"]}),
        (_("Period"), {"fields": ["valid_from", "valid_to"]}),
        (_("Source"), {"fields": ["legal_reference", "description"]}),
    ]


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title_da", "title_en", "level"]
    list_filter = ["level"]
    search_fields = ["code", "title_da", "title_en"]
    list_per_page = 100


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Strictly read-only. Search by the citizen's id: the log holds the CPR number only as its
    keyed hash, and a CPR number never goes into an address; the log of one CPR number is the
    manager's export at /adgangslog/ (a POST form)."""

    list_display = ["at", "actor", "action", "citizen_id", "reason"]
    list_filter = ["action", "at"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
    search_fields = ["citizen_id"]
    search_help_text = _("The citizen's id. The log of one CPR number: Access log (/adgangslog/).")
    exclude = ["cpr_hash"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        digits = ascii_digits_or_none(search_term)
        if not search_term.strip():
            return queryset, False
        if digits is None or len(digits) > 18:
            return queryset.none(), False
        return queryset.filter(citizen_id=int(digits)), False


# django-auditlog's own admin refuses add and change, but allows delete when reached from another
# admin page (cascade deletes). The change log must never be deleted: replace it.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
