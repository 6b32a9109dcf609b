"""Filters for lists of citizens: the caseload page and the API list use the same FilterSet."""

from datetime import date

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.identifiers import OLDEST_BIRTH_YEAR, ascii_digits_or_none, require_ascii_digits
from core.models import Team, User
from core.roles import CASEWORKER

from .models import Alert, Benefit, Citizen
from .segments import Segment

SEARCH_MAX_DIGITS = 6


def validate_search(value: str) -> None:
    """Digits 0-9 only, and at most the CPR number's date part: a whole CPR number would end up
    in the address (and so in server logs)."""
    require_ascii_digits(value)
    digits = ascii_digits_or_none(value)
    if digits is not None and len(digits) > SEARCH_MAX_DIGITS:
        raise ValidationError(
            _(
                "Search by the birth date (DDMMYY) or a name. Find a citizen by the whole CPR "
                "number with “Find citizen by CPR”."
            ),
            code="cpr_in_search",
        )


def _prefix_values(prefix: str, low: int, high: int) -> list[int]:
    """The two-digit values in [low, high] that start with `prefix` (one or two digits)."""
    return [n for n in range(low, high + 1) if f"{n:02d}".startswith(prefix)]


def birth_date_prefix(queryset: QuerySet[Citizen], digits: str) -> QuerySet[Citizen]:
    """The citizens whose CPR number starts with `digits` (at most DDMMYY), by the birth date."""
    day, month, year = digits[:2], digits[2:4], digits[4:6]
    queryset = queryset.filter(birth_date__day__in=_prefix_values(day, 1, 31))
    if month:
        queryset = queryset.filter(birth_date__month__in=_prefix_values(month, 1, 12))
    if year:
        endings = set(_prefix_values(year, 0, 99))
        years = [y for y in range(OLDEST_BIRTH_YEAR, date.today().year + 1) if y % 100 in endings]
        queryset = queryset.filter(birth_date__year__in=years)
    return queryset


class CitizenFilter(django_filters.FilterSet):
    segment = django_filters.ChoiceFilter(label=_("Segment"), choices=Segment.choices)
    benefit = django_filters.ChoiceFilter(
        label=_("Benefit"), choices=Benefit.choices, field_name="current_course__benefit"
    )
    team = django_filters.ModelChoiceFilter(label=_("Team"), queryset=Team.objects.all())
    caseworker = django_filters.ModelChoiceFilter(
        label=_("Caseworker"),
        queryset=User.objects.filter(groups__name=CASEWORKER).order_by("first_name", "last_name"),
    )
    alert = django_filters.ChoiceFilter(
        label=_("Alert"), choices=Alert.Code.choices, method="filter_alert"
    )
    search = django_filters.CharFilter(
        label=_("Name or birth date"),
        method="filter_search",
        validators=[validate_search],
        help_text=_("A name, or the birth date part of the CPR number (DDMMYY)."),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("last_name", "name"),
            ("current_course__start", "course_start"),
            ("segment", "segment"),
            ("postcode", "postcode"),
        ),
        field_labels={
            "last_name": _("Name"),
            "current_course__start": _("Course start"),
            "segment": _("Segment"),
            "postcode": _("Postcode"),
        },
    )

    class Meta:
        model = Citizen
        fields = ["segment", "benefit", "team", "caseworker", "alert", "search"]

    def filter_alert(self, queryset: QuerySet[Citizen], name: str, value: str):
        return queryset.filter(alerts__code=value).distinct()

    def filter_search(self, queryset: QuerySet[Citizen], name: str, value: str):
        """Up to six digits search the CPR number's date part (DDMMYY) from its start, through
        the stored birth date; words search first and last names. (A whole CPR number never goes
        into an address: it is found with find-by-CPR, a POST.)"""
        value = value.strip()
        digits = ascii_digits_or_none(value)
        if digits is not None:
            return birth_date_prefix(queryset, digits)
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset
