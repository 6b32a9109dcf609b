"""core.choices.ChoiceLabels answers get_FOO_display() as Django does, in every language, for
every choice field of every model that uses it."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from core.choices import ChoiceLabels

MODELS = [
    model
    for model in apps.get_models()
    if issubclass(model, ChoiceLabels)
    and any(field.choices for field in model._meta.concrete_fields)
]


def test_the_listed_models_use_the_mixin():
    names = {model.__name__ for model in MODELS}
    assert {"Citizen", "Course", "Alert", "Opening", "Match", "Intervention"} <= names


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_the_label_is_the_one_django_gives(model, language):
    fields = [field for field in model._meta.concrete_fields if field.choices]
    with translation.override(language):
        for field in fields:
            for value in [value for value, _label in field.flatchoices] + ["unknown", None]:
                row = model()
                setattr(row, field.attname, value)
                ours = getattr(row, f"get_{field.name}_display")()
                djangos = models.Model._get_FIELD_display(row, field)
                assert ours == djangos, (field, value)
                assert type(ours) is type(djangos)


def test_the_label_follows_the_active_language():
    from citizens.models import Alert

    alert = Alert(code=Alert.Code.PLAN_OUTDATED)
    with translation.override("en"):
        english = alert.get_code_display()
    with translation.override("da"):
        danish = alert.get_code_display()
    assert english == "Plan not revised for 6 months"
    assert danish != english
