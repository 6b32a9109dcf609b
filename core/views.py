import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .exports import access_log_csv_response
from .forms import AccessLogExportForm
from .health import broker_status, database_status
from .navigation import role_sections
from .roles import user_roles
from .web import cpr_in_address_response, form_status, permission_required

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public health check: 200 when the database and the broker work, 503 otherwise. The public
    answer says only which part is down; the error text (hosts, ports) is logged, and shown to
    staff users only."""
    db_ok, db_detail = database_status()
    broker_ok, broker_detail = broker_status()
    healthy = db_ok and broker_ok
    if not healthy:
        logger.error("Health check failed: database %s; broker %s", db_detail, broker_detail)
    staff = request.user.is_authenticated and request.user.is_staff
    database: dict[str, Any] = {"ok": db_ok}
    broker: dict[str, Any] = {"ok": broker_ok}
    if staff:
        database["detail"], broker["detail"] = db_detail, broker_detail
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )


def home(request: HttpRequest) -> HttpResponse:
    """The start page: one section per role the user holds; a polite page for no role. (An API
    account never gets here: core.api_role refuses it every page.)"""
    roles = user_roles(request.user)
    return render(request, "core/home.html", {"sections": role_sections(roles)})


class LogoutView(auth_views.LogoutView):
    """Django's POST-only logout, telling the user on the login page that it worked."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


@permission_required("core.export_accesslog")
@require_http_methods(["GET", "POST"])
def access_log_export(request: HttpRequest) -> HttpResponse:
    """A manager downloads the access log of one CPR number as CSV (the citizen's right of
    access): the same file as /api/v1/audit/access-log.csv. A POST form: the number never goes
    into an address; a GET with `cpr` in the query string is refused (400)."""
    if "cpr" in request.GET:
        return cpr_in_address_response(request)
    form = AccessLogExportForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        return access_log_csv_response(cpr=form.cleaned_data["cpr"], user=request.user)
    return render(
        request,
        "core/access_log_export.html",
        {"form": form},
        status=form_status(form),
    )
