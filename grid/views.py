"""The GRID's pages. Thin: reads through grid.selectors (which filter to what the user may see and
log the citizens shown), writes through grid.services.

- caseworker and manager: the overview (start a run, recent runs), a run with a live progress bar,
  the results with filters and explanations; a caseworker proposes matches of their own citizens;
- consultant: the candidates proposed to their own companies' openings (name and functional needs
  only), accept or reject with a reason;
- manager: the optimal plan against the greedy one, fairness;
- manager and consultant: supply against demand at every DISCO level, by kind and postcode area,
  with the campaign suggestions (also as CSV).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from citizens.models import Citizen
from citizens.segments import Segment
from core.access import access_action, render
from core.choices import OpeningKind
from core.exceptions import Conflict, PermissionRefused
from core.exports import csv_response
from core.identifiers import is_ascii_digits
from core.models import AccessLog, Occupation
from core.web import apply_service_error, form_status, permission_required, safe_next

from . import selectors, services
from .forms import AcceptForm, MatchFilterForm, RejectForm, RunStartForm, SupplyDemandForm
from .models import Match, MatchRun
from .reasons import exclusion_text, match_reasons, occupation_titles

PAGE_SIZE = 50
RECENT_RUNS = 15
HEAT_LEVELS = 4
CAMPAIGNS_SHOWN = 20


def _citizen_id(request: HttpRequest) -> int:
    value = request.GET.get("citizen", "")
    if not is_ascii_digits(value) or len(value) > 18:
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


@access_action(AccessLog.Action.LIST, reason="GRID")
@require_GET
@permission_required("grid.view_matchrun")
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's progress and counts and, once done, the first page of its results (the rows it
    produced or refreshed, grid.selectors.of_run) with a link to all of them."""
    context = _run_context(request, pk)
    if context["run"]["status"] == MatchRun.Status.DONE and request.user.has_perm(
        "citizens.view_citizen"
    ):
        queryset = selectors.of_run(selectors.visible_matches(user=request.user), pk)
        page = selectors.match_page(
            queryset.select_related("opening__occupation"),
            after=request.GET.get("after"),
            size=PAGE_SIZE,
        )
        context.update(
            page_obj=page,
            rows=_with_reasons(list(page.object_list)),
            can_propose=request.user.has_perm("grid.propose_match"),
            all_results=f"{reverse('grid:results')}?run={pk}&scope=team",
        )
    return render(request, "grid/run.html", context)


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
    form = MatchFilterForm(request.GET, user=request.user)
    queryset = form.filter(selectors.visible_matches(user=request.user)).select_related(
        "opening__occupation"
    )
    page = selectors.match_page(queryset, after=request.GET.get("after"), size=PAGE_SIZE)
    rows = _with_reasons(list(page.object_list))
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
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
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


def _supply_demand(request: HttpRequest) -> tuple[SupplyDemandForm, dict[str, Any]]:
    """The query from the GET parameters (the top level when they are invalid) and its picture."""
    from .supply_demand import make_query

    form = SupplyDemandForm(request.GET or None)
    cells = selectors.supply_demand(user=request.user, query=make_query(**form.query_values()))
    return form, cells


def _query_string(**values: Any) -> str:
    return "?" + urlencode({name: value for name, value in values.items() if value})


@require_GET
@permission_required("grid.view_supply_demand")
def supply_demand(request: HttpRequest) -> HttpResponse:
    """Supply against demand at a DISCO level with drill-down, by kind and postcode area: the heat
    map (citizens by segment, free seats, the gap), the gap per kind (citizens and seats in each
    cell), the campaign suggestions (CSV: supply_demand_csv) and the postcode areas."""
    form, cells = _supply_demand(request)
    level, kind, postcode = cells["level"], cells["kind"], cells["postcode"]
    segments = [(value, label) for value, label in Segment.choices]
    kind_labels = dict(OpeningKind.choices)
    kinds = cells["kinds"]
    supply = {(c["group"], c["segment"]): c["citizens"] for c in cells["supply"]}
    by_kind = {(c["group"], c["kind"]): c for c in cells["cells"]}
    top_supply = max(supply.values(), default=0)
    top_seats = max((g["free_seats"] for g in cells["gap"]), default=0)
    top_gap = max((abs(g["gap"]) for g in cells["gap"]), default=0)
    top_cell = max((abs(c["gap"]) for c in cells["cells"]), default=0)
    # Counts link to the results and the openings where their filters know the group (majors).
    links = level == 1
    rows = []
    for gap in cells["gap"]:
        group = gap["group"]
        rows.append(
            {
                **gap,
                "drill": _query_string(parent=group, kind=kind, postcode=postcode)
                if gap["has_children"]
                else "",
                "supply": [
                    {
                        "segment": value,
                        "value": supply.get((group, value), 0),
                        "level": _level(supply.get((group, value), 0), top_supply),
                    }
                    for value, _label in segments
                ],
                "seats_level": _level(gap["free_seats"], top_seats),
                "by_kind": [
                    {
                        **by_kind[(group, value)],
                        "level": _level(abs(by_kind[(group, value)]["gap"]), top_cell),
                    }
                    for value in kinds
                ],
                "gap_level": _level(abs(gap["gap"]), top_gap),
            }
        )
    path = [{"group": "", "title": _("All occupation groups")}, *cells["path"]]
    for step in path:
        step["link"] = _query_string(parent=step["group"], kind=kind, postcode=postcode)
    areas = [
        {
            **area,
            "link": _query_string(
                parent=cells["parent"], level=level, kind=kind, postcode=area["postcode"]
            ),
        }
        for area in cells["areas"]
    ]
    context = {
        "form": form,
        "cells": cells,
        "rows": rows,
        "links": links,
        "path": path,
        "areas": areas,
        "campaigns": [
            {**c, "kind_label": kind_labels.get(c["kind"], c["kind"])}
            for c in cells["campaigns"][:CAMPAIGNS_SHOWN]
        ],
        "campaigns_total": len(cells["campaigns"]),
        "segments": segments,
        "kinds": [(value, kind_labels.get(value, value)) for value in kinds],
        "level_label": Occupation.Level(level).label,
        "kind_label": kind_labels.get(kind, ""),
        "csv_query": _query_string(
            parent=cells["parent"], level=level, kind=kind, postcode=postcode
        ),
        "all_areas_link": _query_string(parent=cells["parent"], level=level, kind=kind),
    }
    return render(request, "grid/supply_demand.html", context, status=form_status(form))


@require_GET
@permission_required("grid.view_supply_demand")
def supply_demand_csv(request: HttpRequest) -> HttpResponse:
    """The campaign suggestions of the query as CSV (all of them, ranked)."""
    _form, cells = _supply_demand(request)
    kind_labels = dict(OpeningKind.choices)
    header = [
        _("rank"),
        _("DISCO level"),
        _("DISCO code"),
        _("occupation group"),
        _("opening kind"),
        _("postcode area"),
        _("free seats"),
        _("citizens who may be offered the kind (first job track)"),
        _("shortage (seats − citizens)"),
        _("citizens with a later job track here"),
    ]
    rows = (
        [
            c["rank"],
            cells["level"],
            c["group"],
            c["title"],
            kind_labels.get(c["kind"], c["kind"]),
            cells["postcode"] or _("all"),
            c["free_seats"],
            c["citizens"],
            c["shortage"],
            c["citizens_later_tracks"],
        ]
        for c in cells["campaigns"]
    )
    stamp = timezone.localdate().isoformat()
    return csv_response(filename=f"kampagneforslag-{stamp}.csv", header=header, rows=rows)


@require_GET
@permission_required("grid.view_grid_picture")
def plan(request: HttpRequest) -> HttpResponse:
    """The optimal plan beside the greedy one: how many more placements."""
    run = services.current_run()
    stored = selectors.optimal_plan(user=request.user, run_id=run.pk) if run else None
    return render(
        request,
        "grid/plan.html",
        {"run": run, "plan": stored.data if stored else None, "stored": stored},
    )


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
