"""The API's OpenAPI schema: the error answers every operation can give, documented once.

`AutoSchema` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to each operation the error statuses
the API's shared machinery can answer with, so the schema says what the responses are without each
view repeating it (a view documents its own, e.g. 409 for a conflict, with `extend_schema`):

- 401 `{"detail"}`: every operation that needs authentication (not the token endpoint);
- 403 `{"detail"}`: every operation whose permission can refuse (a role without the permission; on
  a write also the CSRF check of a browser session);
- 404 `{"detail"}`: every operation with a path parameter (no such row, or not yours to see), and
  every paginated list (a page past the end);
- 400 field errors or `{"detail"}`: every operation with a body (invalid fields, or a body that
  cannot be read: malformed JSON, nested too deep, too many fields) or with filter parameters;
- 413 `{"detail"}` and 415 `{"detail"}`: every operation with a body (over the size limit; a media
  type the API does not read);
- 503 `{"detail"}`: every operation (the database failed mid-request, core.database).

It also keeps `""` in the schema of read-only text fields whose model field is `blank=True`
(DRF drops `allow_blank` from read-only fields, so an enum or an e-mail format would otherwise
promise a value the model may not hold).

The shapes are `ERROR` and `FIELD_ERRORS` (core.api.errors makes every error answer one of them).
"""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


# The error shapes, added to the schema's components by `add_error_components` (a
# postprocessing hook, SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).
ERROR_COMPONENTS: dict[str, dict] = {
    "Error": {
        "type": "object",
        "description": "What went wrong, in the user's language (Danish by default).",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "description": "Invalid input: the messages per field (`non_field_errors` for the "
        "whole request). Or `detail` alone when the request could not be read (malformed "
        "JSON, nested too deeply, too many fields).",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": _ref("FieldError"),
    },
    "FieldError": {
        "description": "A field's messages; for a list or a nested object, its errors per "
        "index or per field.",
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, _ref("FieldErrorMap")]}},
            _ref("FieldErrorMap"),
        ],
    },
    "FieldErrorMap": {"type": "object", "additionalProperties": _ref("FieldError")},
}

ERROR = OpenApiResponse(
    response=_ref("Error"), description="`detail`: what went wrong, in the user's language."
)
FIELD_ERRORS = OpenApiResponse(
    response=_ref("FieldErrors"),
    description="Field errors: `{field: [message, ...], non_field_errors: [...]}` (nested per "
    "index or field for lists and objects); or `detail` when the request could not be read.",
)


def add_error_components(result: dict, generator: Any, **kwargs: Any) -> dict:
    """Postprocessing hook: the error shapes `ERROR` and `FIELD_ERRORS` refer to."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(ERROR_COMPONENTS)
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result


# Query parameters that never answer 400: pagination (a bad page is a 404, a bad page size is
# ignored) and the free-text break-glass reason.
NEVER_INVALID = {"page", "page_size", "access_reason"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ONLY_AUTHENTICATION = (AllowAny, IsAuthenticated)


def _model_field_allows_blank(field: serializers.Field) -> bool:
    """The model field behind a serializer field accepts "" (blank=True on a text field)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source or field.source == "*":
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return bool(model_field.blank) and isinstance(model_field, models.CharField | models.TextField)


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field: Any, direction: str, *args: Any, **kwargs: Any) -> dict:
        # DRF drops `allow_blank` from read-only model fields, so the schema would promise a
        # value where the model may hold "" (an enum without "", an e-mail format): keep it.
        if (
            field.read_only
            and isinstance(field, serializers.CharField | serializers.ChoiceField)
            and not field.allow_blank
            and _model_field_allows_blank(field)
        ):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, *args, **kwargs)

    def get_operation(self, *args: Any, **kwargs: Any) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code, response in self._error_responses(operation).items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_responses(self, operation: dict) -> dict[str, OpenApiResponse]:
        errors: dict[str, OpenApiResponse] = {}
        parameters = operation.get("parameters", [])
        has_body = "requestBody" in operation
        authenticated = bool(self.get_auth()) and not self._allows_anyone()
        if authenticated:
            errors["401"] = ERROR
            if self._may_refuse():
                errors["403"] = ERROR
        if any(p["in"] == "path" for p in parameters) or self._is_paginated_list():
            errors["404"] = ERROR
        filters = [p for p in parameters if p["in"] == "query" and p["name"] not in NEVER_INVALID]
        if has_body or filters:
            errors["400"] = FIELD_ERRORS
        if has_body:
            errors["413"] = ERROR
            errors["415"] = ERROR
        errors["503"] = ERROR
        return errors

    def _permissions(self) -> list:
        return list(self.view.get_permissions())

    def _allows_anyone(self) -> bool:
        permissions = self._permissions()
        return bool(permissions) and all(isinstance(p, AllowAny) for p in permissions)

    def _may_refuse(self) -> bool:
        """403 is possible unless the view only asks for a login; a write through a browser
        session can also fail the CSRF check."""
        if self.method not in SAFE_METHODS and any(
            isinstance(auth, SessionAuthentication) for auth in self.view.get_authenticators()
        ):
            return True
        return not all(isinstance(p, ONLY_AUTHENTICATION) for p in self._permissions())

    def _is_paginated_list(self) -> bool:
        return self.method == "GET" and self._get_paginator() is not None and self._is_list_view()
