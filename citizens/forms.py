"""Django forms of the caseworker's pages. They check what a browser sends (types, required
fields, choices); the rules of the case live in citizens.services, whose Danish ValidationError
messages the views put next to the field they concern."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import LANGUAGE_CHOICES, Accommodation
from core.identifiers import ASCII_DIGITS, validate_cpr
from core.models import Occupation, Team, User
from core.roles import CASEWORKER
from core.widgets import LongSelect
from employers.models import Opening

from .models import (
    Benefit,
    Citizen,
    CitizenLanguage,
    Conversation,
    EducationLevel,
    InterventionKind,
    Outcome,
    Readiness,
    SickFrom,
)

MAX_JOB_TRACKS = 8
MAX_LANGUAGES = 10
REASON_MAX_LENGTH = 500


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m")


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        help_text=help_text,
    )


def caseworkers() -> Any:
    """Active caseworkers with a team: the people a case can be given to."""
    return (
        User.objects.filter(groups__name=CASEWORKER, is_active=True, team__isnull=False)
        .select_related("team")
        .order_by("first_name", "last_name", "username")
    )


class CaseworkerChoiceField(forms.ModelChoiceField):
    widget = LongSelect

    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.team})" if obj.team_id else str(obj)


def _readiness_choices() -> list[tuple[str, Any]]:
    return [("", _("Not assessed")), *Readiness.choices]


# --- Identity ----------------------------------------------------------------------------------


class CitizenCreateForm(forms.Form):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        help_text=_("10 digits, written DDMMYY-SSSS."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all())
    caseworker = CaseworkerChoiceField(
        label=_("Caseworker"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The citizen's one primary contact. Must belong to the team."),
    )
    benefit = forms.ChoiceField(label=_("Benefit"), choices=Benefit.choices)
    readiness = forms.ChoiceField(label=_("Readiness"), choices=(), required=False)
    integration_programme = forms.BooleanField(
        label=_("In the integration programme"), required=False
    )
    course_start = _date_field(_("Course start"), help_text=_("The first day on the benefit."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = caseworkers()
        self.fields["readiness"].choices = _readiness_choices()

    def clean_cpr(self) -> str:
        return validate_cpr(self.cleaned_data["cpr"])


class CitizenIdentityForm(forms.Form):
    """Identity and competences (languages have their own form)."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    driving_licence = forms.BooleanField(label=_("Driving licence"), required=False)
    education_level = forms.ChoiceField(
        label=_("Education level"), choices=EducationLevel.choices, required=False
    )
    graduated_on = _date_field(
        _("Graduated on (new graduate)"),
        required=False,
        help_text=_(
            "For a new graduate (dimittend) on a-dagpenge: the day a higher education was "
            "completed. Allows virksomhedspraktik of 8 weeks. Leave empty otherwise."
        ),
    )

    @classmethod
    def initial_for(cls, citizen: Citizen) -> dict[str, Any]:
        return {name: getattr(citizen, name) for name in cls.base_fields}


# --- Course ------------------------------------------------------------------------------------


class CourseChangeForm(forms.Form):
    benefit = forms.ChoiceField(label=_("Benefit"), choices=Benefit.choices)
    readiness = forms.ChoiceField(label=_("Readiness"), choices=(), required=False)
    integration_programme = forms.BooleanField(
        label=_("In the integration programme"), required=False
    )
    effective = _date_field(_("Effective from"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Why the course changes, e.g. a new assessment after a conversation."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["readiness"].choices = _readiness_choices()


class CourseCloseForm(forms.Form):
    end = _date_field(_("End date"), help_text=_("The last day of the course."))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "---------"), *Outcome.choices])
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)


class CourseOpenForm(forms.Form):
    benefit = forms.ChoiceField(label=_("Benefit"), choices=Benefit.choices)
    readiness = forms.ChoiceField(label=_("Readiness"), choices=(), required=False)
    integration_programme = forms.BooleanField(
        label=_("In the integration programme"), required=False
    )
    start = _date_field(_("Course start"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["readiness"].choices = _readiness_choices()


class SickPayForm(forms.Form):
    """The sick-pay details of a sygedagpenge course; checked in
    citizens.services.course_sick_pay_set."""

    first_absence_day = _date_field(
        _("First day of absence"),
        help_text=_("The follow-up and reassessment deadlines count from this day."),
    )
    sick_from = forms.ChoiceField(
        label=_("Sick from"), choices=[("", "---------"), *SickFrom.choices]
    )
    expected_absence_weeks = forms.IntegerField(
        label=_("Expected absence (weeks)"),
        required=False,
        min_value=1,
        help_text=_("From the first day of absence, as expected at the latest assessment."),
    )
    partial_sick_leave = forms.BooleanField(label=_("Partial sick leave"), required=False)
    employer_cvr = forms.CharField(
        label=_("Employer (CVR)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("8 digits; only when the citizen is sick from employment."),
    )
    return_not_possible = forms.BooleanField(
        label=_("Return to the employer is not possible"),
        required=False,
        help_text=_(
            "Only when sick from employment. Otherwise the GRID matches the citizen only to "
            "openings at the own employer (gradvis tilbagevenden)."
        ),
    )
    return_not_possible_reason = forms.CharField(
        label=_("Why return is not possible"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_for(cls, course) -> dict:
        return {name: getattr(course, name) for name in cls.base_fields} if course else {}


# --- Plan, conversations, interventions --------------------------------------------------------


class PlanRevisionForm(forms.Form):
    job_goal = forms.CharField(
        label=_("Job goal (in the citizen's own words)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    education_goal = forms.CharField(
        label=_("Education goal (in the citizen's own words)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    steps = forms.CharField(
        label=_("Agreed steps"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ConversationForm(forms.Form):
    date = _date_field(_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Conversation.Kind.choices)
    participants = forms.CharField(
        label=_("Participants"),
        max_length=300,
        required=False,
        help_text=_("E.g. the citizen, the a-kasse, a mentor."),
    )
    note = forms.CharField(label=_("Short note"), widget=forms.Textarea(attrs={"rows": 4}))


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Opening) -> str:
        return f"{obj.workplace.employer.name}: {obj.title} ({obj.get_kind_display()})"


class InterventionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InterventionKind.choices)
    start = _date_field(_("Start"))
    end = _date_field(
        _("End"),
        required=False,
        help_text=_("The planned last day. Checked against the legal maximum for the group."),
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=37, required=False
    )
    opening = OpeningChoiceField(
        label=_("Opening at an employer"),
        queryset=Opening.objects.none(),
        required=False,
        help_text=_("Optional: take a seat in an open opening of the same kind."),
    )
    extension_reason = forms.CharField(
        label=_("Reason for extension (virksomhedspraktik)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The concrete assessment that allows a virksomhedspraktik beyond 13 weeks, up to 26 "
            "(LAB § 61, stk. 2)."
        ),
    )
    merbeskaeftigelse_note = forms.CharField(
        label=_("Merbeskæftigelse (wage subsidy only)"),
        max_length=500,
        required=False,
        help_text=_("For løntilskud: confirm that the hire is a net increase in staff."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = (
            Opening.objects.filter(status=Opening.Status.OPEN)
            .select_related("workplace__employer")
            .order_by("workplace__employer__name", "title")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date."))
        return cleaned


# --- Job tracks, skånebehov, languages, paid hours ---------------------------------------------


def occupation_code(value: str) -> str:
    """The DISCO-08 code at the start of what was typed or picked ("5322 – Hjemmehjælper")."""
    text = (value or "").strip()
    digits = ""
    for char in text:
        if char not in ASCII_DIGITS:
            break
        digits += char
    return digits


class JobTracksForm(forms.Form):
    """Up to MAX_JOB_TRACKS rows of occupation + hours; the row order is the priority."""

    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, MAX_JOB_TRACKS))
        for index in range(1, self.rows + 1):
            self.fields[f"occupation_{index}"] = forms.CharField(
                label=_("Occupation, priority %(priority)s") % {"priority": index},
                required=False,
                max_length=250,
                help_text=_("Type a title or a DISCO-08 code and pick from the list."),
                widget=forms.TextInput(
                    attrs={
                        "list": "occupation-options",
                        "autocomplete": "off",
                        "class": "occupation-picker",
                    }
                ),
            )
            self.fields[f"hours_{index}"] = forms.IntegerField(
                label=_("Hours per week, priority %(priority)s") % {"priority": index},
                required=False,
                min_value=1,
                max_value=37,
            )

    @classmethod
    def initial_for(cls, tracks: list) -> dict[str, Any]:
        initial = {}
        for index, track in enumerate(tracks, start=1):
            initial[f"occupation_{index}"] = f"{track.occupation.code} – {track.occupation.title}"
            initial[f"hours_{index}"] = track.hours_per_week
        return initial

    def row_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"occupation_{i}"], self[f"hours_{i}"]) for i in range(1, self.rows + 1)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        tracks: list[dict] = []
        seen: set[str] = set()
        for index in range(1, self.rows + 1):
            text = cleaned.get(f"occupation_{index}") or ""
            hours = cleaned.get(f"hours_{index}")
            if not text.strip():
                if hours is not None:
                    self.add_error(f"occupation_{index}", _("Choose an occupation for the hours."))
                continue
            code = occupation_code(text)
            if not code:
                self.add_error(
                    f"occupation_{index}",
                    _("Pick an occupation from the list (it starts with its DISCO-08 code)."),
                )
                continue
            if code in seen:
                self.add_error(f"occupation_{index}", _("This occupation is already a job track."))
                continue
            seen.add(code)
            tracks.append(
                {"occupation": code, "priority": len(tracks) + 1, "hours_per_week": hours}
            )
        known = set(Occupation.objects.filter(code__in=seen).values_list("code", flat=True))
        for index in range(1, self.rows + 1):
            code = occupation_code(cleaned.get(f"occupation_{index}") or "")
            if code and code not in known and f"occupation_{index}" not in self.errors:
                self.add_error(
                    f"occupation_{index}",
                    _("%(code)s is not a DISCO-08 occupation code.") % {"code": code},
                )
        cleaned["tracks"] = tracks
        return cleaned


class AccommodationsForm(forms.Form):
    codes = forms.MultipleChoiceField(
        label=_("Accommodation needs (functional, never diagnoses)"),
        choices=Accommodation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared = forms.MultipleChoiceField(
        label=_("Shown to the employer's consultant (agreed with the citizen)"),
        choices=Accommodation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The GRID matches on every need; the consultant sees only these, with the name and "
            "the hours."
        ),
    )
    max_hours_per_week = forms.IntegerField(
        label=_("Max hours per week"), min_value=1, max_value=37, required=False
    )


class LanguagesForm(forms.Form):
    def __init__(self, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, MAX_LANGUAGES))
        for index in range(1, self.rows + 1):
            self.fields[f"code_{index}"] = forms.ChoiceField(
                label=_("Language %(number)s") % {"number": index},
                choices=[("", "---------"), *LANGUAGE_CHOICES],
                required=False,
            )
            self.fields[f"level_{index}"] = forms.ChoiceField(
                label=_("Level, language %(number)s") % {"number": index},
                choices=[("", "---------"), *CitizenLanguage.Level.choices],
                required=False,
            )

    @classmethod
    def initial_for(cls, languages: list) -> dict[str, Any]:
        initial = {}
        for index, language in enumerate(languages, start=1):
            initial[f"code_{index}"] = language.code
            initial[f"level_{index}"] = language.level
        return initial

    def row_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"code_{i}"], self[f"level_{i}"]) for i in range(1, self.rows + 1)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        languages: dict[str, str] = {}
        for index in range(1, self.rows + 1):
            code = cleaned.get(f"code_{index}") or ""
            level = cleaned.get(f"level_{index}") or ""
            if not code and not level:
                continue
            if not code:
                self.add_error(f"code_{index}", _("Choose the language for this level."))
            elif not level:
                self.add_error(f"level_{index}", _("Choose the level."))
            elif code in languages:
                self.add_error(f"code_{index}", _("This language is already listed."))
            else:
                languages[code] = level
        cleaned["languages"] = languages
        return cleaned


class PaidHoursForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=MonthInput(),
        input_formats=["%Y-%m", "%m-%Y", "%Y-%m-%d"],
        help_text=_("Year and month, e.g. 2026-03."),
    )
    hours = forms.DecimalField(label=_("Hours"), max_digits=6, decimal_places=2, min_value=0)
    earnings = forms.DecimalField(
        label=_("Earnings (DKK)"), max_digits=10, decimal_places=2, min_value=0
    )
    under_frikort = forms.BooleanField(label=_("Under the socialt frikort"), required=False)

    def clean_month(self) -> date:
        month = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate():
            raise ValidationError(_("Paid hours cannot be recorded for a future month."))
        return month


# --- Transfer, break-glass, search -------------------------------------------------------------


class TransferForm(forms.Form):
    citizens = forms.ModelMultipleChoiceField(
        label=_("Citizens"),
        queryset=Citizen.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Choose at least one citizen.")},
    )
    to_caseworker = CaseworkerChoiceField(label=_("New caseworker"), queryset=User.objects.none())
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("State why the citizens are transferred.")},
    )

    def __init__(self, *args: Any, citizens: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["citizens"].queryset = citizens
        self.fields["to_caseworker"].queryset = caseworkers()

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("State why the citizens are transferred."))
        return reason


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this record?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is logged with your access and can be shown to the citizen."),
        error_messages={"required": _("State why you need to open the record.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("State why you need to open the record."))
        return reason


class FindByCprForm(forms.Form):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        help_text=_("The exact CPR number, DDMMYY-SSSS."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason, for a citizen of another team"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed only when the citizen belongs to another team: why you need to open the "
            "record. The reason is logged with your access and can be shown to the citizen."
        ),
    )

    def clean_cpr(self) -> str:
        return validate_cpr(self.cleaned_data["cpr"])

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()
