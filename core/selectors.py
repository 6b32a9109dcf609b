"""Reads of the shared app's data."""

from django.db.models import QuerySet

from .identifiers import normalize_cpr
from .models import AccessLog


def access_log_for_cpr(*, cpr: str) -> QuerySet[AccessLog]:
    """Every access to one citizen's data, newest first: the citizen's right of access
    (CJEU C-579/21). Only a user with `core.export_accesslog` may be shown it (the caller checks);
    reading it is not itself logged in the access log, as it is not a read of the case."""
    return (
        AccessLog.objects.filter(cpr=normalize_cpr(cpr))
        .select_related("actor")
        .order_by("-at", "-id")
    )
