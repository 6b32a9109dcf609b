"""Forms of the employer consultant's pages. They only collect and clean input: the writes go
through employers.services, whose ValidationError is put back on the form next to its field."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import model_to_dict
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.choices import LANGUAGE_CHOICES, Accommodation, OpeningKind
from core.identifiers import is_ascii_digits
from core.models import Occupation, User
from core.occupations import occupation_search
from core.roles import CONSULTANT
from core.widgets import LongSelect

from .models import Dispensation, Employer, EmployerContact, Opening, Workplace
from .rules import RIMELIGHEDSKRAV_KINDS

RIMELIGHEDSKRAV_OPENING_KINDS = [OpeningKind(kind) for kind in RIMELIGHEDSKRAV_KINDS]

MAX_SEARCH_LENGTH = 100
OCCUPATION_SUGGESTIONS = 5
MAX_CSV_BYTES = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class NoColonMixin:
    """Labels without Django's trailing colon (the layout sets labels above their fields)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OccupationField(forms.CharField):
    """A DISCO-08 unit group, typed as its code ("5321"), as "5321 Title" (what the picker's
    suggestions fill in), or as a title that matches exactly one unit group."""

    default_error_messages = {
        "unknown": _("No occupation matches “%(query)s”. Type a DISCO-08 code or part of a title."),
        "ambiguous": _(
            "Several occupations match “%(query)s”. Choose one by its code, e.g. %(examples)s."
        ),
        "not_unit": _("Choose a specific occupation (a 4-digit DISCO-08 code), not a group."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Occupation):
            return f"{value.code} {value.title}"
        if isinstance(value, str) and is_ascii_digits(value):
            occupation = Occupation.objects.filter(code=value).first()
            if occupation is not None:
                return f"{occupation.code} {occupation.title}"
        return value

    def clean(self, value: Any) -> Occupation | None:
        text = super().clean(value)
        if not text:
            return None
        first = text.split()[0]
        if is_ascii_digits(first):
            occupation = Occupation.objects.filter(code=first).first()
            if occupation is None:
                raise ValidationError(
                    self.error_messages["unknown"], code="unknown", params={"query": text}
                )
            if occupation.level != Occupation.Level.UNIT:
                raise ValidationError(self.error_messages["not_unit"], code="not_unit")
            return occupation
        found = [o for o in occupation_search(text) if o.level == Occupation.Level.UNIT]
        exact = [
            o for o in found if text.casefold() in {o.title_da.casefold(), o.title_en.casefold()}
        ]
        if len(exact) == 1:
            return exact[0]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"query": text}
            )
        examples = ", ".join(f"{o.code} {o.title}" for o in found[:OCCUPATION_SUGGESTIONS])
        raise ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"query": text, "examples": examples},
        )


def occupation_widget(autofocus: bool = False) -> forms.TextInput:
    attrs = {
        "autocomplete": "off",
        "list": "occupation-suggestions",
        "data-occupation-search": reverse_lazy("occupation-search"),
        "spellcheck": "false",
    }
    if autofocus:
        attrs["autofocus"] = True
    return forms.TextInput(attrs=attrs)


def consultant_choices() -> Any:
    return User.objects.filter(groups__name=CONSULTANT, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


# --- Company, workplace, opening, contact -------------------------------------------------------
def model_fields(
    model: type, names: list[str], *, widgets: dict | None = None, help_texts: dict | None = None
):
    """Class decorator: a plain form gets the model's fields (labels, help texts, choices) in
    `names` order, next to its own declared fields. The form does no model validation: the
    service checks everything and its errors are put on the form (core.web.apply_service_error)."""

    def decorate(cls: type[forms.Form]) -> type[forms.Form]:
        generated = forms.fields_for_model(
            model,
            fields=[name for name in names if name not in cls.declared_fields],
            widgets=widgets,
            help_texts=help_texts,
        )
        generated.update(cls.declared_fields)
        cls.base_fields = {name: generated[name] for name in names}
        cls.field_names = tuple(names)
        return cls

    return decorate


class ServiceForm(NoColonMixin, forms.Form):
    """A form that edits `instance` (initial values from it) and is saved by a service."""

    field_names: tuple[str, ...] = ()

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = model_to_dict(instance, fields=self.field_names)
        self.instance = instance
        super().__init__(*args, **kwargs)

    def changed_values(self) -> dict:
        """The cleaned values of the fields the user changed (for the *_update services)."""
        return {name: self.cleaned_data[name] for name in self.changed_data}


NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


@model_fields(
    Employer,
    ["cvr", "name", "branche_code", "branche_title", "address", "postcode", "public", "consultant"],
    widgets={"cvr": forms.TextInput(attrs=NUMERIC), "postcode": forms.TextInput(attrs=NUMERIC)},
    help_texts={
        "cvr": _("8 digits."),
        "branche_code": _("DB07, e.g. 561010."),
        "consultant": _("The company's one fixed contact in Virksomhedsservice."),
    },
)
class EmployerForm(ServiceForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultant_choices()


@model_fields(
    Workplace,
    [
        "p_number",
        "name",
        "address",
        "postcode",
        "ordinary_employees",
        "employees_counted_on",
    ],
    widgets={
        "p_number": forms.TextInput(attrs=NUMERIC),
        "postcode": forms.TextInput(attrs=NUMERIC),
        "employees_counted_on": DateInput(),
    },
    help_texts={
        "p_number": _("10 digits."),
        "ordinary_employees": _(
            "The rimelighedskrav is counted against this number: one supported placement "
            "per five ordinary employees up to 50, one per ten above."
        ),
    },
)
class WorkplaceForm(ServiceForm):
    def main_fields(self) -> list:
        return list(self)


@model_fields(
    Dispensation,
    ["granted_by", "reference", "valid_from", "valid_to", "kinds", "extra_seats", "note"],
    widgets={
        "valid_from": DateInput(),
        "valid_to": DateInput(),
        "note": forms.Textarea(attrs={"rows": 2}),
    },
    help_texts={
        "granted_by": _(
            "Dispensations for nytteindsats are granted by the regional labour market council "
            "(RAR) on the job centre's application."
        ),
        "valid_to": _("Empty: until further notice."),
        "extra_seats": _("Seats beyond the ratio; empty means no limit."),
    },
)
class DispensationForm(ServiceForm):
    """Register or correct a dispensation from the rimelighedskrav (dispensation_create/update)."""

    kinds = forms.MultipleChoiceField(
        label=_("Kinds of placement"),
        choices=[(kind.value, kind.label) for kind in RIMELIGHEDSKRAV_OPENING_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["granted_by"].choices = [
            choice
            for choice in self.fields["granted_by"].choices
            if choice[0] != Dispensation.GrantedBy.UNKNOWN
            or (self.instance is not None and self.instance.granted_by == choice[0])
        ]
        if self.instance is not None:
            self.initial.setdefault("kinds", list(self.instance.kinds or []))


class OpeningChoicesMixin(forms.Form):
    """Fields shared by the quick need form and the full edit form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Languages in the order of their names in the current language.
        self.fields["required_languages"].choices = sorted(
            LANGUAGE_CHOICES, key=lambda choice: str(choice[1]).casefold()
        )

    occupation = OccupationField(
        label=_("Occupation"),
        help_text=_("DISCO-08: type a code or part of a title and choose a suggestion."),
        widget=occupation_widget(),
    )
    required_languages = forms.MultipleChoiceField(
        label=_("Required languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-columns"}),
    )
    accommodations = forms.MultipleChoiceField(
        label=_("The workplace can accommodate"),
        choices=Accommodation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@model_fields(
    Opening,
    [
        "kind",
        "occupation",
        "title",
        "seats",
        "hours_min",
        "hours_max",
        "start",
        "end",
        "description",
        "required_languages",
        "requires_driving_licence",
        "accommodations",
    ],
    widgets={
        "start": DateInput(),
        "end": DateInput(),
        "description": forms.Textarea(attrs={"rows": 4}),
    },
)
class OpeningForm(ServiceForm, OpeningChoicesMixin):
    """The whole opening, for editing (the status has its own form)."""


class OpeningStatusForm(NoColonMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Opening.Status.choices)


@model_fields(
    EmployerContact,
    ["date", "kind", "opening", "note"],
    widgets={"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})},
)
class ContactForm(ServiceForm):
    def __init__(self, *args: Any, employer: Employer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opening = self.fields["opening"]
        opening.queryset = Opening.objects.filter(workplace__employer=employer).order_by(
            "-start", "title"
        )
        opening.label = _("About the opening (optional)")
        opening.empty_label = "—"
        self.fields["kind"].choices = EmployerContact.Kind.choices


# --- The quick need form ------------------------------------------------------------------------
class NeedForm(NoColonMixin, OpeningChoicesMixin):
    """Log a recruitment need or an offer in under a minute: the company (searched by name or
    CVR), occupation, kind, seats, hours and start; everything else is optional."""

    company = forms.CharField(
        label=_("Company"),
        help_text=_("Search by name, CVR or P-number, then choose the workplace."),
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )
    workplace = forms.ModelChoiceField(
        label=_("Workplace"),
        queryset=Workplace.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Search for the company and choose a workplace.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OpeningKind.choices)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=999, initial=1)
    hours_min = forms.IntegerField(
        label=_("Hours per week, from"), min_value=0, max_value=80, initial=37
    )
    hours_max = forms.IntegerField(
        label=_("Hours per week, to"), min_value=0, max_value=80, initial=37
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    # Optional details.
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the occupation's title."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    end = forms.DateField(label=_("End"), required=False, widget=DateInput())
    requires_driving_licence = forms.BooleanField(
        label=_("Requires driving licence"), required=False
    )

    MULTIPLE = ("required_languages", "accommodations")

    field_order = [
        "company",
        "workplace",
        "occupation",
        "kind",
        "seats",
        "hours_min",
        "hours_max",
        "start",
        "title",
        "description",
        "end",
        "required_languages",
        "requires_driving_licence",
        "accommodations",
    ]

    def __init__(self, *args: Any, workplaces: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if workplaces is not None:
            self.fields["workplace"].queryset = workplaces
        self.fields["workplace"].label_from_instance = workplace_choice_label
        self.fields["company"].widget.attrs.update(
            {
                "hx-get": reverse("employers:workplace_search"),
                "hx-trigger": "input changed delay:250ms, search",
                "hx-target": "#workplace-results",
                "hx-sync": "this:replace",
                "aria-controls": "workplace-results",
            }
        )
        if self.initial.get("workplace") and not self.is_bound:
            # Came from a company page with the workplace chosen: start at the occupation.
            self.fields["company"].widget.attrs.pop("autofocus", None)
            self.fields["occupation"].widget.attrs["autofocus"] = True

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and self.errors.get("workplace"):
            # No workplace chosen: the company search is where the user fixes it, so the
            # search box is marked invalid and tied to the workplace's error (WCAG 3.3.1).
            helptext = f"{self['company'].auto_id}_helptext"
            self.fields["company"].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"id_workplace_error {helptext}"}
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        occupation = cleaned.get("occupation")
        if occupation is not None and not cleaned.get("title"):
            cleaned["title"] = occupation.title
        return cleaned

    def opening_data(self) -> dict:
        """The cleaned data as keyword arguments for employers.services.opening_create."""
        data = dict(self.cleaned_data)
        data.pop("company", None)
        return data


def workplace_choice_label(workplace: Workplace) -> str:
    employer = workplace.employer
    place = ", ".join(
        part
        for part in (
            workplace.name if workplace.name != employer.name else "",
            workplace.address,
            workplace.postcode,
        )
        if part
    )
    return f"{employer.name} (CVR {employer.cvr}) – {place} – P {workplace.p_number}"


# --- Lists -------------------------------------------------------------------------------------
class EmployerSearchForm(forms.Form):
    SCOPE_MINE = "mine"
    SCOPE_ALL = "all"
    SCOPE_UNOWNED = "unowned"

    q = forms.CharField(
        label=_("Search by name or CVR"),
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=_("Show"),
        choices=[
            (SCOPE_MINE, _("My companies")),
            (SCOPE_UNOWNED, _("Companies without a consultant")),
            (SCOPE_ALL, _("All companies")),
        ],
        required=False,
    )

    def __init__(self, data: Any, *, user: User) -> None:
        """My companies by default for whoever keeps companies (a consultant), all for readers."""
        data = data.copy()
        if not data.get("scope"):
            keeper = user.has_perm("employers.change_employer")
            data["scope"] = self.SCOPE_MINE if keeper else self.SCOPE_ALL
        super().__init__(data, label_suffix="")
        self.user = user

    @property
    def chosen_scope(self) -> str:
        return self.cleaned_data.get("scope") if self.is_valid() else self.SCOPE_ALL

    def filter(self, queryset: QuerySet[Employer]) -> QuerySet[Employer]:
        if not self.is_valid():
            return queryset.none()
        if self.cleaned_data["scope"] == self.SCOPE_MINE:
            queryset = queryset.filter(consultant=self.user)
        elif self.cleaned_data["scope"] == self.SCOPE_UNOWNED:
            queryset = queryset.filter(consultant__isnull=True)
        return search_employers(queryset, self.cleaned_data.get("q", ""))


class OpeningFilterForm(NoColonMixin, forms.Form):
    q = forms.CharField(
        label=_("Search title or company"),
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OpeningKind.choices], required=False
    )
    # Long lists (53 groups; every consultant) rendered in Python (core.widgets.LongSelect).
    occupation_group = forms.ChoiceField(
        label=_("Occupation group"), required=False, widget=LongSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *Opening.Status.choices],
        required=False,
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    consultant = forms.ModelChoiceField(
        label=_("Consultant"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All consultants"),
        widget=LongSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = Occupation.objects.filter(
            level__in=[Occupation.Level.MAJOR, Occupation.Level.SUB_MAJOR]
        ).order_by("code")
        self.fields["occupation_group"].choices = [
            ("", _("All occupation groups")),
            *[
                (group.code, f"{'— ' if group.level == 2 else ''}{group.code} {group.title}")
                for group in groups
            ],
        ]
        self.fields["consultant"].queryset = consultant_choices()

    def filter(self, queryset: QuerySet[Opening]) -> QuerySet[Opening]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("q", "").strip():
            for word in data["q"].split():
                queryset = queryset.filter(
                    Q(title__icontains=word)
                    | Q(workplace__employer__name__icontains=word)
                    | Q(workplace__name__icontains=word)
                )
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("occupation_group"):
            queryset = queryset.filter(occupation__code__startswith=data["occupation_group"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("postcode", "").strip():
            queryset = queryset.filter(workplace__postcode=data["postcode"].strip())
        if data.get("consultant"):
            queryset = queryset.filter(workplace__employer__consultant=data["consultant"])
        return queryset


def search_employers(queryset: QuerySet[Employer], query: str) -> QuerySet[Employer]:
    """Digits search the CVR number from its start; words search the name."""
    query = query.strip()
    digits = query.replace(" ", "")
    if not query:
        return queryset
    if is_ascii_digits(digits):
        return queryset.filter(cvr__startswith=digits)
    for word in query.split():
        queryset = queryset.filter(name__icontains=word)
    return queryset


def search_workplaces(
    queryset: QuerySet[Workplace], query: str, *, limit: int = 15
) -> list[Workplace]:
    """Workplaces for the need form's company search: digits match the CVR or the P-number from
    their start, words the company's or the workplace's name."""
    query = query.strip()
    digits = query.replace(" ", "")
    if not query:
        return []
    if is_ascii_digits(digits):
        queryset = queryset.filter(
            Q(employer__cvr__startswith=digits) | Q(p_number__startswith=digits)
        )
    else:
        for word in query.split():
            queryset = queryset.filter(Q(employer__name__icontains=word) | Q(name__icontains=word))
    return list(queryset.select_related("employer").order_by("employer__name", "p_number")[:limit])


# --- CSV import ---------------------------------------------------------------------------------
class ImportUploadForm(NoColonMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, separated by semicolons or commas, with a header row."),
    )

    def clean_file(self) -> str:
        """The file's text (kept in the session until the import is confirmed)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(
                _("The file is too large (at most %(size)s MB)."),
                code="too_large",
                params={"size": MAX_CSV_BYTES // (1024 * 1024)},
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."),
                code="encoding",
            ) from None
