"""Forms of the GRID's pages: starting a run, filtering the results, accepting and rejecting a
proposed candidate, the supply and demand view's query."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from citizens.models import Citizen
from citizens.segments import Segment
from citizens.selectors import citizens_visible_to
from core.choices import OpeningKind
from core.identifiers import validate_cpr
from core.models import Occupation, Team, User
from core.roles import CASEWORKER, has_role
from core.widgets import LongSelect
from employers.models import Opening

from .models import Match, MatchRun
from .selectors import MINE, TEAM, of_run, scoped_to_person


class NoColonMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Opening) -> str:
        return f"{obj.title} – {obj.workplace.employer.name}"


class RunStartForm(NoColonMixin, forms.Form):
    """All active citizens × all open openings, or one team, one citizen or one opening."""

    scope = forms.ChoiceField(
        label=_("What to screen"),
        choices=MatchRun.Scope.choices,
        initial=MatchRun.Scope.ALL,
        widget=forms.RadioSelect,
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("Choose")
    )
    # One citizen by exact CPR number: a list of every citizen's name would be thousands of
    # options (and every name sent to the browser).
    citizen = forms.CharField(
        label=_("The citizen's CPR number"),
        required=False,
        max_length=11,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "placeholder": "DDMMÅÅ-SSSS"}
        ),
    )
    opening = OpeningChoiceField(
        label=_("Opening"), queryset=Opening.objects.none(), required=False, empty_label=_("Choose")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.order_by("name")
        if not user.has_perm("citizens.view_all_teams"):
            teams = teams.filter(pk=user.team_id)
        self.fields["team"].queryset = teams
        self.citizens = citizens_visible_to(user)
        self.fields["opening"].queryset = (
            Opening.objects.filter(status=Opening.Status.OPEN)
            .select_related("workplace__employer")
            .order_by("title", "pk")
        )

    def clean_citizen(self) -> Citizen | None:
        value = self.cleaned_data.get("citizen", "").strip()
        if not value:
            return None
        citizen = self.citizens.with_cpr(validate_cpr(value)).first()
        if citizen is None:
            raise forms.ValidationError(_("None of your citizens has this CPR number."))
        return citizen

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        scope = data.get("scope")
        if scope in ("team", "citizen", "opening") and not data.get(scope):
            if scope == "citizen" and "citizen" not in self.errors:
                self.add_error("citizen", _("Write the citizen's CPR number."))
            elif scope != "citizen":
                self.add_error(scope, _("Choose one for this scope."))
        return data


def occupation_group_choices() -> list[tuple[str, str]]:
    return [
        ("", _("All occupation groups")),
        *[
            (code, f"{code} {title_da or title_en}")
            for code, title_da, title_en in Occupation.objects.filter(level=Occupation.Level.MAJOR)
            .order_by("code")
            .values_list("code", "title_da", "title_en")
        ],
    ]


class MatchFilterForm(NoColonMixin, forms.Form):
    """The results' filters: citizen (name), opening (title or company), occupation group,
    segment, status and minimum score."""

    citizen = forms.CharField(
        label=_("Citizen"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Name"),
    )
    opening = forms.CharField(
        label=_("Opening"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Title or company"),
    )
    # 53 groups: rendered in Python (core.widgets.LongSelect).
    group = forms.ChoiceField(label=_("Occupation group"), required=False, widget=LongSelect)
    segment = forms.ChoiceField(
        label=_("Segment"), required=False, choices=[("", _("All segments")), *Segment.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Match.Status.choices]
    )
    min_score = forms.IntegerField(
        label=_("Minimum score"), required=False, min_value=0, max_value=100
    )
    scope = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(MINE, _("My citizens")), (TEAM, _("My team's citizens"))],
        widget=forms.RadioSelect,
    )
    run = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["group"].choices = occupation_group_choices()
        if user is None or not has_role(user, CASEWORKER):
            del self.fields["scope"]  # the switch is the caseworker's
        else:
            self.fields["scope"].initial = MINE

    def filter(self, queryset: QuerySet[Match]) -> QuerySet[Match]:
        """The filters on the user's matches. A caseworker sees their own caseload unless the
        team is asked for (`scope=team`); `run` narrows to one run's rows."""
        if "scope" in self.fields:
            scope = self.data.get("scope") or MINE
            queryset = scoped_to_person(
                queryset, user=self.user, scope=TEAM if scope == TEAM else MINE
            )
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("run"):
            queryset = of_run(queryset, data["run"])
        for word in data.get("citizen", "").split():
            queryset = queryset.filter(
                Q(citizen__first_name__icontains=word) | Q(citizen__last_name__icontains=word)
            )
        for word in data.get("opening", "").split():
            queryset = queryset.filter(
                Q(opening__title__icontains=word)
                | Q(opening__workplace__employer__name__icontains=word)
            )
        if data.get("group"):
            queryset = queryset.filter(opening__occupation__code__startswith=data["group"])
        if data.get("segment"):
            queryset = queryset.filter(citizen__segment=data["segment"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("min_score") is not None:
            queryset = queryset.filter(score__gte=data["min_score"])
        return queryset


class AcceptForm(NoColonMixin, forms.Form):
    hours = forms.IntegerField(
        label=_("Agreed hours per week"),
        required=False,
        min_value=1,
        max_value=37,
        help_text=_(
            "Within the opening's hours and the citizen's maximum; empty: the most both allow."
        ),
    )
    merbeskaeftigelse_note = forms.CharField(
        label=_("Merbeskæftigelse (wage subsidy)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For wage subsidy: how the hire raises the headcount."),
    )


class RejectForm(NoColonMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept as feedback to the caseworker."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give a reason for rejecting the match."))
        return reason


class SupplyDemandForm(NoColonMixin, forms.Form):
    """The campaign view's query (GET): the DISCO level, the group drilled into (hidden; the
    drill-down links set it), one opening kind and one postcode area."""

    LEVEL_CHOICES = [
        ("", _("The level below")),
        *((str(level), label) for level, label in Occupation.Level.choices),
    ]

    level = forms.TypedChoiceField(
        label=_("DISCO level"), choices=LEVEL_CHOICES, coerce=int, required=False, empty_value=None
    )
    parent = forms.RegexField(regex=r"^\d{1,3}$", required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Opening kind"),
        required=False,
        choices=[("", _("All kinds")), *OpeningKind.choices],
    )
    postcode = forms.RegexField(
        label=_("Postcode area"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Enter a postcode of 4 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 5}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        level, parent = data.get("level"), data.get("parent") or ""
        if level is not None and level <= len(parent):
            self.add_error("level", _("Choose a level below the group you drill into."))
        return data

    def query_values(self) -> dict[str, Any]:
        """The valid values for grid.supply_demand.make_query (the top level when invalid)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
