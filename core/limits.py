"""Bounds on what a request may send, answered with a clear Danish message instead of a 500.

- Bodies: a request body larger than REQUEST_MAX_BODY_BYTES (any content type), or a non-file
  body larger than DATA_UPLOAD_MAX_MEMORY_SIZE, is answered 413 before any view reads it
  (`RequestLimitsMiddleware`); more form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS give 400. The
  web gets a Danish page (templates/400.html, 413.html), the API `{"detail": "..."}`.
- JSON sent to the API nests at most API_JSON_MAX_DEPTH levels (core.api.parsers).
- Dates typed into any form, filter or serializer lie between MIN_DATE and MAX_DATE
  (`install_date_bounds`, from CoreConfig.ready): year 0 or 10000 is a typing error, answered 400
  with a Danish message, never a date computation that overflows.
- Numbers typed into any form, filter, serializer or model field use the digits 0-9 only
  (`install_ascii_numbers`, from CoreConfig.ready): int() and Decimal() also read other scripts'
  digits (`٣`, `３`); such input is refused with core.identifiers' Danish message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .identifiers import foreign_digits_message, has_foreign_digit

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)


def validate_date_in_range(value: date) -> None:
    """A date between MIN_DATE and MAX_DATE (a datetime's day likewise)."""
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    if isinstance(day, date) and not MIN_DATE <= day <= MAX_DATE:
        raise ValidationError(
            _("The date must lie between %(min)s and %(max)s.")
            % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
            code="date_out_of_range",
        )


def install_date_bounds() -> None:
    """Every Django form date field (model forms, filters, the admin) and every DRF date field
    validates the range by default."""
    from django import forms
    from rest_framework import serializers

    for field in (forms.DateField, serializers.DateField):
        if validate_date_in_range not in field.default_validators:
            field.default_validators = [*field.default_validators, validate_date_in_range]


def _ascii_guarded(method: Callable, error: Callable[[], Exception]) -> Callable:
    if getattr(method, "ascii_digits_guard", False):
        return method

    @functools.wraps(method)
    def parse(self: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and has_foreign_digit(value):
            raise error()
        return method(self, value, *args, **kwargs)

    parse.ascii_digits_guard = True  # type: ignore[attr-defined]
    return parse


def install_ascii_numbers() -> None:
    """Every number field refuses other digits than 0-9 before parsing: Django's form fields
    (so django-filter's and the admin's too), REST framework's serializer fields and the model
    fields' own conversion (full_clean)."""
    from django import forms
    from django.db import models
    from rest_framework import serializers

    def django_error() -> Exception:
        return ValidationError(foreign_digits_message(), code="non_ascii_digits")

    def api_error() -> Exception:
        return serializers.ValidationError(foreign_digits_message(), code="non_ascii_digits")

    for field in (forms.IntegerField, forms.DecimalField, forms.FloatField):
        field.to_python = _ascii_guarded(field.to_python, django_error)
    for field in (models.IntegerField, models.DecimalField, models.FloatField):
        field.to_python = _ascii_guarded(field.to_python, django_error)
    for field in (serializers.IntegerField, serializers.DecimalField, serializers.FloatField):
        field.to_internal_value = _ascii_guarded(field.to_internal_value, api_error)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def too_large_message() -> str:
    limit = max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 1) / (1024 * 1024)
    return _(
        "The request is too large (at most %(size)s MB). Send less at a time, or split the file."
    ) % {"size": f"{limit:.1f}".replace(".", ",")}


def too_many_fields_message() -> str:
    return _("The request has too many fields (at most %(count)s).") % {
        "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    }


def limit_response(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    html = render_to_string(f"{status}.html", {"message": message})
    return HttpResponse(html, status=status)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestLimitsMiddleware:
    """413 for a body over the limits before anything reads it; 400 with a Danish message when
    a view's reading of the body hits Django's own limits (RequestDataTooBig, TooManyFieldsSent)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _content_length(request)
        multipart = request.content_type == "multipart/form-data"
        body_limit = settings.REQUEST_MAX_BODY_BYTES
        if length > body_limit or (
            not multipart
            and settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None
            and length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        ):
            return limit_response(request, 413, too_large_message())
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return limit_response(request, 413, too_large_message())
        if isinstance(exception, TooManyFieldsSent):
            return limit_response(request, 400, too_many_fields_message())
        return None
