"""One error format for the API: 400 with field errors; 401/403/404/409 with a `detail` message."""

from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    return drf_exception_handler(exc, context)
