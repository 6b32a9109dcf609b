"""Focus area 5 is followed without recording origin: no field in citizens or grid holds origin,
ethnicity or nationality-like data, so neither the record nor the GRID's matching can use it."""

import re

import pytest
from django.apps import apps

FORBIDDEN = re.compile(
    r"origin|ethnic|etni|nationalit|herkomst|statsborger|citizenship|birth_?country|"
    r"country_of_birth|immigra|indvandr|vestlig|western|race|religio",
    re.IGNORECASE,
)


@pytest.mark.parametrize("app_label", ["citizens", "grid"])
def test_no_model_field_records_origin(app_label):
    offending = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config(app_label).get_models()
        for field in model._meta.get_fields()
        if FORBIDDEN.search(field.name) or FORBIDDEN.search(str(getattr(field, "verbose_name", "")))
    ]
    assert offending == []
