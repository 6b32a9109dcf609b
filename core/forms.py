"""Forms of the shared app's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .identifiers import validate_cpr


class AccessLogExportForm(forms.Form):
    cpr = forms.CharField(
        label=_("CPR number"),
        max_length=11,
        help_text=_("The citizen's CPR number, DDMMYY-SSSS."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_cpr(self) -> str:
        return validate_cpr(self.cleaned_data["cpr"])
