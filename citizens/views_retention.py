"""The managers' warning list before closed cases are anonymised (citizens.retention): thin."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.access import access_action, render
from core.models import AccessLog

from . import retention
from .selectors import retention_warning_list


@access_action(AccessLog.Action.LIST)
@require_GET
def retention_list(request: HttpRequest) -> HttpResponse:
    """Closed cases that will be anonymised within the warning period, earliest first, with the
    day; CPR masked. The leder only; every citizen shown is logged."""
    rows = retention_warning_list(user=request.user)
    return render(
        request,
        "citizens/retention.html",
        {
            "rows": rows,
            "retention_days": retention.retention_days(),
            "warning_days": retention.warning_days(),
        },
    )
