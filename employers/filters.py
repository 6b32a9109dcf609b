"""Filters for lists of companies and openings: the consultant's pages and the API use the same
FilterSets."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.choices import OpeningKind
from core.identifiers import is_ascii_digits
from core.models import User
from core.roles import CONSULTANT

from .models import Employer, EmployerContact, Opening, Placement, Workplace


def _consultants() -> QuerySet[User]:
    return User.objects.filter(groups__name=CONSULTANT).order_by("first_name", "last_name")


class OccupationGroupFilter(django_filters.CharFilter):
    """A DISCO-08 code: a 1-3 digit code matches its whole group by prefix, a 4-6 digit code the
    unit group (and any finer DISCO codes under it)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "validators",
            [
                RegexValidator(
                    r"^\d{1,6}$", message=_("An occupation code (DISCO-08) has 1 to 6 digits.")
                )
            ],
        )
        super().__init__(*args, **kwargs)

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__startswith": value})


class EmployerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(label=_("Name or CVR"), method="filter_search")
    consultant = django_filters.ModelChoiceFilter(label=_("Consultant"), queryset=_consultants())
    public = django_filters.BooleanFilter(label=_("Public employer"))
    postcode = django_filters.CharFilter(label=_("Postcode"))
    branche = django_filters.CharFilter(
        label=_("Industry code (DB07)"), field_name="branche_code", lookup_expr="startswith"
    )

    class Meta:
        model = Employer
        fields = ["search", "consultant", "public", "postcode", "branche"]

    def filter_search(self, queryset: QuerySet[Employer], name: str, value: str):
        """Digits search the CVR number from its start; words search the name."""
        value = value.strip()
        digits = value.replace(" ", "")
        if is_ascii_digits(digits):
            return queryset.filter(cvr__startswith=digits)
        for word in value.split():
            queryset = queryset.filter(name__icontains=word)
        return queryset


class WorkplaceFilter(django_filters.FilterSet):
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    postcode = django_filters.CharFilter(label=_("Postcode"))
    p_number = django_filters.CharFilter(label=_("P-number"))

    class Meta:
        model = Workplace
        fields = ["employer", "postcode", "p_number"]


class OpeningFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OpeningKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Opening.Status.choices)
    occupation = OccupationGroupFilter(
        label=_("Occupation or occupation group (DISCO-08 code)"),
        field_name="occupation__code",
    )
    workplace = django_filters.NumberFilter(label=_("Workplace"), field_name="workplace_id")
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="workplace__employer_id")
    postcode = django_filters.CharFilter(label=_("Postcode"), field_name="workplace__postcode")
    consultant = django_filters.ModelChoiceFilter(
        label=_("Consultant"),
        queryset=_consultants(),
        field_name="workplace__employer__consultant",
    )

    class Meta:
        model = Opening
        fields = ["kind", "status", "occupation", "workplace", "employer", "postcode", "consultant"]


class EmployerContactFilter(django_filters.FilterSet):
    employer = django_filters.NumberFilter(label=_("Employer"), field_name="employer_id")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EmployerContact.Kind.choices)
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")

    class Meta:
        model = EmployerContact
        fields = ["employer", "kind", "date_from", "date_to"]


class PlacementFilter(django_filters.FilterSet):
    opening = django_filters.NumberFilter(label=_("Opening"), field_name="opening_id")
    employer = django_filters.NumberFilter(
        label=_("Employer"), field_name="opening__workplace__employer_id"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Placement.Status.choices)

    class Meta:
        model = Placement
        fields = ["opening", "employer", "status"]
