"""Filters for lists of citizens: the caseload page and the API list use the same FilterSet."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import Team, User
from core.roles import CASEWORKER

from .models import Alert, Benefit, Citizen
from .segments import Segment


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
    search = django_filters.CharFilter(label=_("Name or CPR"), method="filter_search")
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
        """Digits (with or without the hyphen) search the CPR from its start; words search
        first and last names."""
        value = value.strip()
        digits = value.replace("-", "").replace(" ", "")
        if digits.isdigit():
            return queryset.filter(cpr__startswith=digits)
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset
