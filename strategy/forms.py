"""Forms of the strategy dashboards: the focus area's filters, the report's period and a manual
value. Validation of a manual value lives in strategy.services (measurement_enter); its errors
are put next to their field here."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from citizens.segments import Segment
from core.models import Team

from .periods import Period


class FocusAreaFilterForm(forms.Form):
    """Segment and team of a focus area's page. An unknown choice falls back to everything."""

    segment = forms.ChoiceField(label=_("Segment"), required=False)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("The whole job centre"),
        help_text=_("Team figures exist for the indicators computed per team."),
    )

    def __init__(self, *args: Any, segments: list[str], teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Segment.choices)
        self.fields["segment"].choices = [("", _("All segments"))] + [
            (value, labels.get(value, value)) for value in segments
        ]
        self.fields["team"].queryset = teams
        if not segments:
            del self.fields["segment"]

    @property
    def chosen_team(self) -> Team | None:
        return self.cleaned_data.get("team") if self.is_valid() else None

    @property
    def chosen_segment(self) -> str:
        return self.cleaned_data.get("segment", "") if self.is_valid() else ""


class ReportPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Quarter"), required=False)

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.label, p.label) for p in periods]


class MeasurementForm(forms.Form):
    """A manual indicator's value for a period; the service checks the unit's range."""

    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("A quarter as YYYY-Qn (e.g. 2025-Q3) or a month as YYYY-MM."),
    )
    value = forms.CharField(
        label=_("Value"),
        max_length=20,
        help_text=_("A number; use a comma or a point for decimals."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the source of the figure or the survey's response rate."),
    )

    def __init__(self, *args: Any, unit_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit_label:
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": unit_label}
        self.fields["period"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
