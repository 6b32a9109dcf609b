"""A database that fails mid-request (the connection dropped, the server restarting, a deadlock or
a timeout): a clean Danish answer instead of a 500, and a fresh connection for what follows.

- Pages: `DatabaseErrorMiddleware` answers **503** with the standalone page `503.html` (rendered
  without the database) and the message below.
- The API: core.api.errors maps the same errors to **503** with the message as `detail`.

Nothing is half-written: every write service runs in one transaction (`transaction.atomic`), which
PostgreSQL rolls back when its connection is lost. The connection that failed is closed at once
(`release_broken_connections`), so what the rest of the request writes (the access log, the
session) and the next request get a new one, as Django's handler would do at the request's end.
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from core.limits import limit_response

logger = logging.getLogger("core.database")

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_error_message() -> str:
    return _(
        "The database could not complete your request (the connection was interrupted or the "
        "database was busy), so it was not carried out. Check the page and try again in a "
        "moment."
    )


def release_broken_connections() -> None:
    """Close every connection that failed and cannot be used (outside a transaction block), so
    the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def database_error_logged(request: HttpRequest, error: BaseException) -> None:
    logger.error(
        "Database error during %s %s: %s",
        request.method,
        request.path,
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
    release_broken_connections()


class DatabaseErrorMiddleware:
    """503 with a Danish page (or JSON `detail` under /api/) when a view fails on the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        database_error_logged(request, exception)
        return limit_response(request, 503, database_error_message())
