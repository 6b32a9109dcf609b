"""Reads of the shared app's data."""

from django.db.models import QuerySet

from .cpr_crypto import cpr_hashes
from .identifiers import is_ascii_digits, normalize_cpr
from .models import AccessLog


def access_log_for_cpr(*, cpr: str) -> QuerySet[AccessLog]:
    """Every access to one citizen's data, newest first: the citizen's right of access
    (CJEU C-579/21). Only a user with `core.export_accesslog` may be shown it (the caller checks);
    reading it is not itself logged in the access log, as it is not a read of the case. Rows are
    matched on the CPR number's keyed hash under every configured hash key, so rows written
    before a hash-key rotation are found too."""
    number = normalize_cpr(cpr)
    if len(number) != 10 or not is_ascii_digits(number):
        return AccessLog.objects.none()
    return (
        AccessLog.objects.filter(cpr_hash__in=cpr_hashes(number))
        .select_related("actor")
        .order_by("-at", "-id")
    )
