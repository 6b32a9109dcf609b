"""One error format for the API.

- 400: field errors, DRF's shape: `{"field": ["message", ...], "non_field_errors": [...]}`.
- 401/403/404/405/409/429/500/503: `{"detail": "message"}`.

Messages come out in the active language (Danish by default): DRF's own through its Danish
catalogue, ours through gettext. Besides DRF's exceptions (and Django's Http404 and
PermissionDenied, which DRF already maps), the handler maps:
- django.core.exceptions.ValidationError raised by a service -> 400 with field errors
  (`message_dict` keys become fields; plain messages and `__all__` become `non_field_errors`);
- core.exceptions.Conflict (a domain refusal) -> 409 with its message as `detail`;
- a body over Django's limits (RequestDataTooBig, TooManyFieldsSent) -> 413 / 400 with a
  Danish `detail` (core.limits);
- a database failure mid-request (core.database: the connection dropped, a deadlock) -> 503 with
  a Danish `detail`; the transaction was rolled back;
- Django's own "No <Model> matches the given query." (get_object_or_404) -> 404 with the generic
  Danish `detail`, so a model name never reaches the client; a service's own Http404 or
  PermissionDenied message (e.g. break-glass) is kept;
- anything else -> 500 with a generic `detail`; the traceback goes to the log, never to the client.
"""

import logging
import re
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core import exceptions as domain_exceptions
from core.access import note_refusal
from core.database import DATABASE_ERRORS, database_error_logged, database_error_message
from core.limits import too_large_message, too_many_fields_message

logger = logging.getLogger("core.api")

# django.shortcuts.get_object_or_404's message (English, naming the model).
GENERIC_NOT_FOUND = re.compile(r"^No \w+ matches the given query\.$")


class Conflict(exceptions.APIException):
    """409: the request is valid in itself but conflicts with the current state (a full opening,
    the rimelighedskrav). Always raised with a specific, translated message for the user:
    `raise Conflict(_("The opening has no free seats."))`."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail: str, code: str | None = None) -> None:
        super().__init__(detail, code)


class LockedOut(exceptions.APIException):
    """429: too many failed logins for this username from this IP address (django-axes)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, detail: str, *, wait: int | None = None) -> None:
        super().__init__(detail)
        # DRF's handler turns `wait` into a Retry-After header.
        self.wait = wait


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """Django's ValidationError as DRF's 400 body: fields, plus `non_field_errors`."""
    non_field_key = api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(error, "error_dict"):
        return {
            (non_field_key if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {non_field_key: error.messages}


class RequestTooLarge(exceptions.APIException):
    """413: the body is over DATA_UPLOAD_MAX_MEMORY_SIZE (core.limits)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class DatabaseUnavailable(exceptions.APIException):
    """503: the database failed mid-request (core.database); nothing was half-written."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"


def _as_api_exception(exc: Exception, context: dict[str, Any]) -> Exception:
    if isinstance(exc, DATABASE_ERRORS):
        request = context.get("request")
        if request is not None:
            database_error_logged(request, exc)
        return DatabaseUnavailable(detail=database_error_message())
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge(detail=too_large_message())
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ParseError(detail=too_many_fields_message())
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=field_errors(exc))
    if isinstance(exc, domain_exceptions.Conflict):
        return Conflict(detail=exc.message, code=exc.code)
    if isinstance(exc, Http404) and (not exc.args or GENERIC_NOT_FOUND.match(str(exc.args[0]))):
        return exceptions.NotFound()
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    request = context.get("request")
    if request is not None:
        note_refusal(request, exc)  # a need-to-know refusal is logged (core.access)
    exc = _as_api_exception(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None:
        view = context.get("view")
        logger.error(
            "Unhandled error in API view %s",
            type(view).__name__ if view is not None else "?",
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        set_rollback()
        return Response(
            {"detail": exceptions.APIException.default_detail},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError) and not isinstance(response.data, dict):
        # `raise ValidationError("...")` outside a serializer gives a bare list: give it a key.
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response
