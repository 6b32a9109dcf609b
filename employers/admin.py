"""Admin for the registered dispensations from the rimelighedskrav. Saving goes through the
services (the same checks and permission as the pages); the change log records every change."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import Dispensation


class DispensationAdminForm(forms.ModelForm):
    class Meta:
        model = Dispensation
        fields = ["workplace", *services.DISPENSATION_FIELDS]

    def clean(self) -> dict:
        """The service's checks, so a bad value is shown on the form (nothing saved)."""
        cleaned = super().clean()
        candidate = Dispensation(
            pk=self.instance.pk,
            workplace=cleaned.get("workplace"),
            **{name: cleaned.get(name) for name in services.DISPENSATION_FIELDS},
        )
        try:
            services.dispensation_validate(candidate)
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        return cleaned


@admin.register(Dispensation)
class DispensationAdmin(admin.ModelAdmin):
    form = DispensationAdminForm
    list_display = (
        "workplace",
        "granted_by",
        "reference",
        "valid_from",
        "valid_to",
        "extra_seats",
        "kinds",
    )
    list_filter = ("granted_by",)
    search_fields = ("reference", "workplace__p_number", "workplace__employer__name")
    raw_id_fields = ("workplace",)
    readonly_fields = ("created_by", "created_at")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # end a dispensation with valid_to; its history stays

    def save_model(self, request, obj: Dispensation, form, change: bool) -> None:
        values = {name: form.cleaned_data.get(name) for name in services.DISPENSATION_FIELDS}
        if change:
            saved = services.dispensation_update(
                actor=request.user,
                dispensation=obj,
                **{name: values[name] for name in form.changed_data if name in values},
            )
        else:
            saved = services.dispensation_create(
                actor=request.user, workplace=form.cleaned_data["workplace"], **values
            )
        obj.pk = saved.pk
