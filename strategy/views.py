"""The managers' strategy dashboards, under /strategi/ (Danish paths, English names).

Thin: figures are read from the snapshots through strategy.dashboard (built on the selectors),
writes go through strategy.services. Every role with the strategy's read permissions reads the
figures (caseworkers their own team's besides the whole centre's); only a leder enters manual
values and recomputes (strategy.apps.role_permissions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import PermissionRefused
from core.web import apply_service_error, form_status, permission_required

from . import dashboard, exports, selectors, services
from .forms import FocusAreaFilterForm, MeasurementForm, ReportPeriodForm
from .models import FocusArea, Indicator
from .periods import QUARTER, Period, period_parse

READ = ("strategy.view_focusarea", "strategy.view_indicator", "strategy.view_measurement")
ENTER = "strategy.add_measurement"
COMPUTE = "strategy.compute_indicator"


def _can(request: HttpRequest) -> dict[str, bool]:
    return {
        "enter": request.user.has_perm(ENTER),
        "compute": request.user.has_perm(COMPUTE),
    }


@require_http_methods(["GET", "HEAD"])
@permission_required(*READ)
def overview(request: HttpRequest) -> HttpResponse:
    """Each focus area's key figure: latest value against target, status and trend."""
    areas = dashboard.overview_areas(user=request.user)
    return render(request, "strategy/overview.html", {"areas": areas})


@require_http_methods(["GET", "HEAD"])
@permission_required(*READ)
def focus_areas(request: HttpRequest) -> HttpResponse:
    """Every focus area with all its indicators' latest figures."""
    areas = dashboard.overview_areas(user=request.user)
    return render(request, "strategy/focus_areas.html", {"areas": areas})


@require_http_methods(["GET", "HEAD"])
@permission_required(*READ)
def focus_area(request: HttpRequest, pk: int) -> HttpResponse:
    """One focus area: each indicator's series as a chart and a table, filtered by segment and
    by team (team-scoped indicators)."""
    area = get_object_or_404(FocusArea, pk=pk, active=True)
    form = FocusAreaFilterForm(
        request.GET or None,
        segments=dashboard.focus_area_segments(area),
        teams=selectors.teams_visible_to(request.user).order_by("name"),
    )
    panels = dashboard.focus_area_panels(
        user=request.user, area=area, team=form.chosen_team, segment=form.chosen_segment
    )
    context = {
        "area": area,
        "form": form,
        "panels": panels,
        "team": form.chosen_team,
        "can": _can(request),
    }
    return render(request, "strategy/focus_area.html", context)


def _report_period(request: HttpRequest) -> tuple[Period, list[Period], str]:
    """The requested quarter (?period=YYYY-Qn), the quarters with figures, and an error text
    when the request named something else (then the default quarter)."""
    periods = dashboard.report_periods()
    default = dashboard.report_default_period(periods)
    text = request.GET.get("period", "").strip()
    if not text:
        return default, periods, ""
    try:
        period = period_parse(text)
    except ValidationError:
        period = None
    if period is None or period.kind != QUARTER:
        return default, periods, _("Write the quarter as YYYY-Qn, e.g. 2025-Q3.")
    return period, periods, ""


@require_http_methods(["GET", "HEAD"])
@permission_required(*READ)
def report(request: HttpRequest) -> HttpResponse:
    """The committee's quarterly report: all areas for one quarter, printable."""
    period, periods, error = _report_period(request)
    if period not in periods:
        periods = sorted([*periods, period], reverse=True)
    form = ReportPeriodForm(initial={"period": period.label}, periods=periods)
    if error:
        form.errors["period"] = form.error_class([error])
    context = {
        "period": period,
        "form": form,
        "areas": dashboard.report_areas(user=request.user, period=period),
    }
    return render(request, "strategy/report.html", context)


def _export(request: HttpRequest, writer) -> HttpResponse:
    period, _periods, error = _report_period(request)
    if error:
        return HttpResponseBadRequest(error)
    return writer(areas=dashboard.report_areas(user=request.user, period=period), period=period)


@require_http_methods(["GET", "HEAD"])
@permission_required(*READ)
def report_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, exports.report_csv_response)


@require_http_methods(["GET", "HEAD"])
@permission_required(*READ)
def report_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, exports.report_xlsx_response)


def _indicator(pk: int) -> Indicator:
    indicator = get_object_or_404(
        Indicator.objects.select_related("focus_area"), pk=pk, active=True
    )
    if not indicator.focus_area.active:
        raise Http404
    return indicator


def _indicator_url(indicator: Indicator) -> str:
    url = reverse("strategy:focus_area", args=[indicator.focus_area_id])
    return f"{url}#indicator-{indicator.pk}"


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("strategy.view_indicator", ENTER)
def measurement_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """A leder enters (or corrects) the value of a manual indicator for a period."""
    indicator = _indicator(pk)
    if indicator.source != Indicator.Source.MANUAL:
        raise Http404
    unit = indicator.get_unit_display()
    if request.method == "POST":
        form = MeasurementForm(request.POST, unit_label=unit)
        if form.is_valid():
            try:
                measurement = services.measurement_enter(
                    actor=request.user,
                    indicator=indicator,
                    period=form.cleaned_data["period"],
                    value=form.cleaned_data["value"],
                    comment=form.cleaned_data["comment"],
                )
            except (ValidationError, PermissionRefused) as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(indicator)s for %(period)s is saved.")
                    % {"indicator": indicator.name, "period": measurement.period.label},
                )
                return redirect(_indicator_url(indicator))
    else:
        form = MeasurementForm(
            initial={"period": Period.current_quarter().previous().label}, unit_label=unit
        )
    return render(
        request,
        "strategy/measurement_form.html",
        {"indicator": indicator, "form": form, "back_url": _indicator_url(indicator)},
        status=form_status(form),
    )


@require_POST
@permission_required("strategy.view_indicator", COMPUTE)
def indicator_compute(request: HttpRequest, pk: int) -> HttpResponse:
    """Genberegn: recompute a computed indicator for the previous and the current quarter."""
    indicator = _indicator(pk)
    try:
        services.indicator_compute(actor=request.user, indicator=indicator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(indicator)s is recomputed for the previous and the current quarter.")
            % {"indicator": indicator.name},
        )
    return redirect(_indicator_url(indicator))
