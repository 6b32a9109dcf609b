"""The GRID's pages. Thin: reads through grid.selectors (which filter to what the user may see and
log the citizens shown), writes through grid.services.

- caseworker and manager: the overview (start a run, recent runs), a run with a live progress bar,
  the results with filters and explanations; a caseworker proposes matches of their own citizens;
- consultant: the candidates proposed to their own companies' openings (name and functional needs
  only), accept or reject with a reason;
- manager: supply against demand (heat map), the optimal plan against the greedy one, fairness.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citizens.models import Citizen
from citizens.segments import Segment
from core.access import access_action, render
from core.choices import OpeningKind
from core.exceptions import Conflict, PermissionRefused
from core.models import AccessLog
from core.web import apply_service_error, form_status, page_of, permission_required, safe_next

from . import selectors, services
from .forms import AcceptForm, MatchFilterForm, RejectForm, RunStartForm
from .models import Match, MatchRun
from .reasons import exclusion_text, match_reasons, occupation_titles

PAGE_SIZE = 50
RECENT_RUNS = 15
HEAT_LEVELS = 4


def _citizen_id(request: HttpRequest) -> int:
    value = request.GET.get("citizen", "")
    if not value.isdigit():
        raise Http404(_("No such citizen."))
    return int(value)


# --- Runs -----------------------------------------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Start a run and see the recent ones. A consultant is sent to their candidates."""
    user = request.user
    if not user.has_perm("grid.view_matchrun"):
        if user.has_perm("grid.decide_match"):
            return redirect("grid:candidates")
        raise PermissionDenied
    context = {
        "form": RunStartForm(user=user) if user.has_perm("grid.add_matchrun") else None,
        "runs": selectors.match_runs_visible_to(user)[:RECENT_RUNS],
        "current": services.current_run(),
    }
    return render(request, "grid/overview.html", context)


@require_POST
@permission_required("grid.add_matchrun")
def run_start(request: HttpRequest) -> HttpResponse:
    form = RunStartForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            run = services.match_run_start(
                actor=request.user,
                scope=data["scope"],
                citizen=data.get("citizen"),
                opening=data.get("opening"),
                team=data.get("team"),
            )
        except (ValidationError, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            run.refresh_from_db(fields=["status", "failure_reason"])
            if run.status == MatchRun.Status.FAILED:
                # The task queue could not be reached (grid.services._dispatch): say so now.
                messages.error(request, run.failure_reason)
            else:
                messages.success(request, _("The run has started."))
            return redirect("grid:run", pk=run.pk)
    context = {
        "form": form,
        "runs": selectors.match_runs_visible_to(request.user)[:RECENT_RUNS],
        "current": services.current_run(),
    }
    return render(request, "grid/overview.html", context, status=form_status(form))


def _run_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    status = selectors.match_run_status(user=request.user, run_id=pk)
    excluded = [
        {"code": code, "text": exclusion_text(code), "count": count}
        for code, count in sorted(
            (status["excluded"] or {}).items(), key=lambda item: (-item[1], item[0])
        )
    ]
    polling = status["status"] in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING)
    return {
        "run": status,
        "scope_label": MatchRun.Scope(status["scope"]).label,
        "excluded": excluded,
        "polling": polling,
    }


@require_GET
@permission_required("grid.view_matchrun")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "grid/run.html", _run_context(request, pk))


@require_GET
@permission_required("grid.view_matchrun")
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment, polled by htmx every 2 s while the run is queued or running."""
    return render(request, "grid/_run_progress.html", _run_context(request, pk))


# --- Results --------------------------------------------------------------------------------------


def _with_reasons(rows: list[Match]) -> list[Match]:
    titles = occupation_titles(row.track_occupation for row in rows)
    for row in rows:
        row.reasons = match_reasons(row, titles=titles)
    return rows


@access_action(AccessLog.Action.LIST, reason="GRID")
@require_GET
@permission_required("grid.view_match", "citizens.view_citizen")
def results(request: HttpRequest) -> HttpResponse:
    """The current matches the user may see (a caseworker: their own team's citizens), with
    filters and each match's reasons. Every citizen shown is logged."""
    form = MatchFilterForm(request.GET)
    queryset = form.filter(selectors.match_list(user=request.user)).select_related(
        "opening__occupation"
    )
    page = page_of(request, queryset, PAGE_SIZE)
    rows = _with_reasons(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "can_propose": request.user.has_perm("grid.propose_match"),
    }
    if request.htmx:
        return render(request, "grid/_results.html", context)
    return render(request, "grid/results.html", context)


@access_action(AccessLog.Action.VIEW, reason="GRID")
@require_GET
@permission_required("grid.view_match", "citizens.view_citizen")
def citizen_matches(request: HttpRequest) -> HttpResponse:
    """One citizen's matches with their reasons and propose buttons (?citizen=ID). A fragment for
    htmx (the citizen's page can load it), a page otherwise. The read is logged."""
    citizen_id = _citizen_id(request)
    rows = selectors.matches_for_citizen(user=request.user, citizen_id=citizen_id)
    citizen = Citizen.objects.get(pk=citizen_id)
    context = {
        "citizen": citizen,
        "rows": rows,
        "can_propose": request.user.has_perm("grid.propose_match"),
        "fragment": bool(request.htmx),
    }
    if request.htmx:
        return render(request, "grid/_citizen_matches.html", context)
    return render(request, "grid/citizen_matches.html", context)


@access_action(AccessLog.Action.VIEW, reason="GRID")
@require_GET
@permission_required("grid.view_match", "citizens.view_citizen")
def citizen_exclusions(request: HttpRequest) -> HttpResponse:
    """Why each open opening is not a match for the citizen (the hard limit). Logged."""
    citizen_id = _citizen_id(request)
    rows = selectors.explain_exclusions(user=request.user, citizen_id=citizen_id)
    citizen = Citizen.objects.get(pk=citizen_id)
    context = {"citizen": citizen, "rows": rows}
    if request.htmx:
        return render(request, "grid/_exclusions.html", context)
    return render(request, "grid/exclusions.html", context)


@require_POST
@permission_required("grid.propose_match")
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_list(user=request.user).filter(pk=pk).first()
    if match is None:
        raise Http404(_("No such match."))
    default = f"{reverse('grid:citizen_matches')}?citizen={match.citizen_id}"
    try:
        services.match_propose(actor=request.user, match=match)
    except (ValidationError, Conflict, PermissionRefused) as error:
        messages.error(request, " ".join(_messages(error)))
    else:
        messages.success(
            request,
            _("%(name)s is proposed for %(opening)s.")
            % {"name": match.citizen.full_name, "opening": match.opening.title},
        )
    return redirect(safe_next(request, default))


def _messages(error: Exception) -> list[str]:
    if isinstance(error, Conflict | PermissionRefused):
        return [error.message]
    return list(error.messages)


# --- The consultant's candidates ------------------------------------------------------------------


@access_action(AccessLog.Action.LIST, reason="GRID")
@require_GET
@permission_required("grid.decide_match")
def candidates(request: HttpRequest) -> HttpResponse:
    """Candidates proposed to the consultant's own openings: name and functional needs only."""
    groups = selectors.candidates_for_consultant(user=request.user)
    return render(
        request,
        "grid/candidates.html",
        {"groups": groups, "accept_form": AcceptForm(), "reject_form": RejectForm()},
    )


def _decidable(request: HttpRequest, pk: int) -> Match:
    match = selectors.match_list(user=request.user).filter(pk=pk).first()
    if match is None:
        raise Http404(_("No such match."))
    return match


@require_POST
@permission_required("grid.decide_match")
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    match = _decidable(request, pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.match_accept(actor=request.user, match=match, **form.cleaned_data)
        except (ValidationError, Conflict, PermissionRefused) as error:
            messages.error(request, " ".join(_messages(error)))
        else:
            messages.success(
                request,
                _("%(name)s is accepted: the placement and the intervention are created.")
                % {"name": match.citizen.full_name},
            )
    return redirect("grid:candidates")


@require_http_methods(["GET", "HEAD", "POST"])
@permission_required("grid.decide_match")
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Reject with a reason (required: the form is shown again with the error next to it)."""
    match = _decidable(request, pk)
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_reject(
                actor=request.user, match=match, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, Conflict, PermissionRefused) as error:
            messages.error(request, " ".join(_messages(error)))
        else:
            messages.success(request, _("The candidate is rejected; the reason is kept."))
        return redirect("grid:candidates")
    context = {"form": form, "match": match, "name": match.citizen.full_name}
    return render(request, "grid/reject.html", context, status=form_status(form))


# --- The picture (managers) -----------------------------------------------------------------------


def _level(value: int, top: int) -> int:
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, -(-value * HEAT_LEVELS // top)))


@require_GET
@permission_required("grid.view_grid_picture")
def supply_demand(request: HttpRequest) -> HttpResponse:
    """The heat map: citizens by occupation group × segment, free seats by group × kind, the gap."""
    cells = selectors.supply_demand(user=request.user)
    segments = [(value, label) for value, label in Segment.choices]
    kinds = sorted({cell["kind"] for cell in cells["demand"]})
    kind_labels = dict(OpeningKind.choices)
    supply = {(c["group"], c["segment"]): c["citizens"] for c in cells["supply"]}
    demand = {(c["group"], c["kind"]): c["seats"] for c in cells["demand"]}
    top_supply = max(supply.values(), default=0)
    top_demand = max(demand.values(), default=0)
    top_gap = max((abs(g["gap"]) for g in cells["gap"]), default=0)
    rows = []
    for gap in cells["gap"]:
        group = gap["group"]
        rows.append(
            {
                "group": group,
                "title": gap["title"],
                "supply": [
                    {
                        "segment": value,
                        "value": supply.get((group, value), 0),
                        "level": _level(supply.get((group, value), 0), top_supply),
                    }
                    for value, _label in segments
                ],
                "demand": [
                    {
                        "kind": kind,
                        "value": demand.get((group, kind), 0),
                        "level": _level(demand.get((group, kind), 0), top_demand),
                    }
                    for kind in kinds
                ],
                "citizens": gap["citizens"],
                "free_seats": gap["free_seats"],
                "gap": gap["gap"],
                "gap_level": _level(abs(gap["gap"]), top_gap),
            }
        )
    context = {
        "rows": rows,
        "segments": segments,
        "kinds": [(kind, kind_labels.get(kind, kind)) for kind in kinds],
    }
    return render(request, "grid/supply_demand.html", context)


@require_GET
@permission_required("grid.view_grid_picture")
def plan(request: HttpRequest) -> HttpResponse:
    """The optimal plan beside the greedy one: how many more placements."""
    run = services.current_run()
    comparison = selectors.optimal_plan(user=request.user, run_id=run.pk) if run else None
    return render(request, "grid/plan.html", {"run": run, "plan": comparison})


FAIRNESS_DIMENSIONS = (
    ("gender", lambda: _("Gender (from CPR)")),
    ("segment", lambda: _("Segment")),
    ("age_band", lambda: _("Age band")),
)


@require_GET
@permission_required("grid.view_grid_picture")
def fairness(request: HttpRequest) -> HttpResponse:
    """Match and proposal rates by gender, segment and age band, as tables."""
    report = selectors.fairness_report(user=request.user)
    labels = {
        "gender": {"F": _("Women"), "M": _("Men")},
        "segment": dict(Segment.choices),
        "age_band": {"under 25": _("under 25")},
    }
    tables = []
    for key, heading in FAIRNESS_DIMENSIONS:
        rows = [
            {**row, "label": labels[key].get(row["value"], row["value"])}
            for row in report.get(key, [])
        ]
        tables.append({"key": key, "heading": heading(), "rows": rows})
    return render(request, "grid/fairness.html", {"tables": tables})
