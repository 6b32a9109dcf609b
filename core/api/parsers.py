"""The API's parsers, with bounds: JSON nested deeper than API_JSON_MAX_DEPTH, or a form with
more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, is a 400 with a Danish `detail`, never a 500."""

from typing import Any

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.limits import too_many_fields_message


def _too_deep(value: Any, limit: int) -> bool:
    """True when `value` nests containers deeper than `limit` (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        limit = settings.API_JSON_MAX_DEPTH
        message = _("The JSON is nested too deeply (at most %(depth)s levels).") % {"depth": limit}
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(message) from None
        if _too_deep(data, limit):
            raise ParseError(message)
        return data


class BoundedFormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except (TooManyFieldsSent, ValueError):
            raise ParseError(too_many_fields_message()) from None


class BoundedMultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFieldsSent:
            raise ParseError(too_many_fields_message()) from None
