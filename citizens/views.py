"""The caseworker's pages: Min sagsstamme, the citizen's record and the forms that change it.

Thin: reads go through citizens.selectors (need to know; core.access logs every citizen a page
shows), writes through citizens.services (one transaction; Danish ValidationError messages are
put next to the field they concern). A virksomhedskonsulent gets 403 on every page here; a leder
reads but changes nothing (403 on every form); a caseworker of another team gets a refusal that
names nobody (logged as refused) and opens the record only through find-by-CPR with a stated
reason (break-glass), and can then only read it.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from core.access import access_action, note_refusal, refusal, refused, render, shown
from core.choices import Accommodation
from core.exceptions import Conflict, PermissionRefused
from core.identifiers import is_ascii_digits, mask_cpr_like
from core.models import AccessLog, Occupation
from core.permissions import can
from core.web import (
    apply_service_error,
    cpr_in_address_response,
    form_status,
    page_of,
    safe_next,
)

from . import services
from .filters import CitizenFilter
from .forms import (
    AccommodationsForm,
    BreakGlassForm,
    CitizenCreateForm,
    CitizenIdentityForm,
    ConversationForm,
    CourseChangeForm,
    CourseCloseForm,
    CourseOpenForm,
    FindByCprForm,
    InterventionForm,
    JobTracksForm,
    LanguagesForm,
    PaidHoursForm,
    PlanRevisionForm,
    SickPayForm,
    TransferForm,
)
from .models import Citizen
from .rules import contact
from .rules.intervention_max import with_last_allowed_day
from .selectors import (
    BreakGlassRequired,
    citizen_find_by_cpr,
    citizen_get,
    citizen_list,
    citizen_timeline,
    citizens_visible_to,
    distinct_staff_count,
    frikort_years,
    with_record,
)
from .services import PlacementRequest

PAGE_SIZE = 50
BREAK_GLASS_SESSION_KEY = "citizens_break_glass"

# Sortable columns of the caseload table: (ordering value of CitizenFilter, column label).
SORT_COLUMNS = {
    "name": gettext_lazy("Name"),
    "segment": gettext_lazy("Segment"),
    "course_start": gettext_lazy("Course start"),
    "postcode": gettext_lazy("Postcode"),
}


# --- Access ------------------------------------------------------------------------------------


def _today():
    return timezone.localdate()


def _require_read(request: HttpRequest) -> None:
    """Citizens' pages are for roles that may see citizens (not a virksomhedskonsulent)."""
    if not request.user.has_perm("citizens.view_citizen"):
        raise PermissionDenied


def _require_perm(request: HttpRequest, perm: str) -> None:
    _require_read(request)
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _break_glass_reason(request: HttpRequest, pk: int) -> str:
    """The reason given for opening another team's citizen, while it holds: BREAK_GLASS_MINUTES
    after it was given (then the record asks again, and the new reason is logged)."""
    given = request.session.get(BREAK_GLASS_SESSION_KEY, {}).get(str(pk))
    if not isinstance(given, dict):
        return ""
    at = datetime.fromisoformat(given["at"])
    if timezone.now() - at > timedelta(minutes=settings.BREAK_GLASS_MINUTES):
        return ""
    return given["reason"]


def _open_for_writing(request: HttpRequest, pk: int, perm: str) -> Citizen:
    """A citizen of the user's own team, for a form; logged as a view of the record. A citizen
    opened by break-glass can be read, not changed."""
    _require_perm(request, perm)
    if not citizens_visible_to(request.user).filter(pk=pk).exists():
        if Citizen.objects.filter(pk=pk).exists():
            raise refusal(PermissionDenied(), pk)  # the attempt is logged (core.access)
        raise Http404(_("No such citizen."))
    return citizen_get(user=request.user, citizen_id=pk)


def _can_edit(request: HttpRequest, citizen: Citizen) -> bool:
    return can(request.user, "citizens.change_citizen", citizen)


# --- Min sagsstamme ----------------------------------------------------------------------------


def _sort_columns(request: HttpRequest) -> list[dict[str, Any]]:
    current = request.GET.get("ordering", "")
    columns = []
    for key, label in SORT_COLUMNS.items():
        if current == key:
            state, next_value = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, next_value = "descending", key
        else:
            state, next_value = "", key
        if not current and key == "name":
            state, next_value = "ascending", "-name"
        columns.append({"key": key, "label": label, "sort": state, "next": next_value})
    return columns


@access_action(AccessLog.Action.LIST)
@vary_on_headers("HX-Request")
def caseload(request: HttpRequest, *, scope_default: str = "mine") -> HttpResponse:
    """Min sagsstamme (scope "mine": the citizens I am the primary contact for) or the team's
    citizens (scope "team"), with filters, search, sorting and 50 rows a page. Every row shown
    is logged as a list access (one bulk insert). An htmx request gets only the results."""
    _require_read(request)
    user = request.user
    scope = request.GET.get("scope") or scope_default
    if scope not in {"mine", "team"}:
        scope = scope_default
    rows = citizen_list(user=user)
    if scope == "mine":
        rows = rows.filter(caseworker=user)
    filterset = CitizenFilter(request.GET, queryset=rows, request=request)
    # A refused search (a whole CPR number, other digits than 0-9) shows its message, no rows.
    queryset = filterset.qs if not filterset.form.errors else rows.none()
    ordering = list(queryset.query.order_by) or list(Citizen._meta.ordering)
    queryset = queryset.order_by(*[o for o in ordering if o not in ("id", "-id")], "id")
    page = page_of(request, queryset, PAGE_SIZE)
    citizens = list(page.object_list)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "citizens": citizens,
        "scope": scope,
        "scope_default": scope_default,
        "columns": _sort_columns(request),
        # The panel sends the ticked citizens to the transfer page, which asks for the new
        # caseworker and the reason: a list of every caseworker is not rendered on each view.
        "can_transfer": user.has_perm("citizens.transfer_citizen") and bool(citizens),
        "can_create": user.has_perm("citizens.add_citizen"),
        "page_title": _("My caseload") if scope_default == "mine" else _("Citizens"),
        "this_url": reverse("citizens:caseload" if scope_default == "mine" else "citizens:list"),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "citizens/_caseload_results.html", context)
    return render(request, "citizens/caseload.html", context)


@access_action(AccessLog.Action.LIST)
def citizen_list_view(request: HttpRequest) -> HttpResponse:
    """The team's citizens: the caseload page over the whole team (all teams for a leder)."""
    return caseload(request, scope_default="team")


@access_action(AccessLog.Action.LIST)
@require_http_methods(["GET", "POST"])
def caseload_transfer(request: HttpRequest) -> HttpResponse:
    """Give one or many citizens to another caseworker, with a required reason (logged and shown
    in each citizen's timeline)."""
    _require_perm(request, "citizens.transfer_citizen")
    visible = citizens_visible_to(request.user).select_related("caseworker", "team")
    data = request.POST if request.method == "POST" else None
    form = TransferForm(data, citizens=visible)
    if request.method == "GET":
        form = TransferForm(initial={"citizens": request.GET.getlist("citizens")}, citizens=visible)
    fallback = reverse("citizens:caseload")
    if data is not None and form.is_valid():
        try:
            count = services.citizens_transfer(
                actor=request.user,
                citizen_ids=[citizen.pk for citizen in form.cleaned_data["citizens"]],
                to_caseworker=form.cleaned_data["to_caseworker"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(count)s citizen(s) transferred to %(caseworker)s.")
                % {"count": count, "caseworker": form.cleaned_data["to_caseworker"]},
            )
            return redirect(safe_next(request, fallback))
    ids = (data or request.GET).getlist("citizens")
    chosen = list(visible.filter(pk__in=[i for i in ids if is_ascii_digits(str(i))][:1000]))
    return render(
        request,
        "citizens/transfer.html",
        {"form": form, "chosen": chosen, "next": safe_next(request, fallback)},
        status=form_status(form),
    )


# --- Find by CPR and break-glass -----------------------------------------------------------------


def _remember_reason(request: HttpRequest, pk: int, reason: str) -> None:
    """Keep the stated reason for this citizen in the session: every page of the record opened
    while it holds is logged as break-glass with it."""
    reasons = dict(request.session.get(BREAK_GLASS_SESSION_KEY, {}))
    reason = mask_cpr_like(reason)  # a CPR number typed into the reason is not kept in clear
    reasons[str(pk)] = {"reason": reason, "at": timezone.now().isoformat()}
    request.session[BREAK_GLASS_SESSION_KEY] = reasons


@require_http_methods(["GET", "POST"])
def citizen_find(request: HttpRequest) -> HttpResponse:
    """Find a citizen by exact CPR number, across teams: the entry to break-glass. A POST form
    (the number never goes into an address); a citizen of another team opens only with a stated
    reason, given in the same form. A GET with `cpr` in the address is refused (400)."""
    _require_read(request)
    if "cpr" in request.GET:
        return cpr_in_address_response(request)
    user = request.user
    form = FindByCprForm(request.POST if request.method == "POST" else None)
    not_found = reason_needed = False
    if form.is_bound and form.is_valid():
        citizen = citizen_find_by_cpr(user=user, cpr=form.cleaned_data["cpr"])
        reason = form.cleaned_data["reason"]
        if citizen is None:
            not_found = True
        elif citizens_visible_to(user).filter(pk=citizen.pk).exists():
            shown(request, [citizen], action=AccessLog.Action.SEARCH)
            return redirect("citizens:detail", pk=citizen.pk)
        elif not user.has_perm("citizens.break_glass_citizen"):
            refused(request, [citizen.pk])
            not_found = True
        elif reason:
            shown(request, [citizen], action=AccessLog.Action.SEARCH)
            _remember_reason(request, citizen.pk, reason)
            return redirect("citizens:detail", pk=citizen.pk)
        else:
            refused(request, [citizen.pk])
            reason_needed = True
            form.add_error("reason", _("Access to this citizen needs a reason: state why."))
    status = 403 if reason_needed else form_status(form)
    return render(
        request,
        "citizens/find.html",
        {"form": form, "not_found": not_found, "reason_needed": reason_needed},
        status=status,
    )


def _access_needs_reason(request: HttpRequest, citizen_id: int) -> HttpResponse:
    """The refusal of a citizen outside the user's team (need to know): names nobody (no name,
    team or segment), says only that access needs a reason and offers find-by-CPR with a reason.
    The attempt is logged as refused."""
    refused(request, [citizen_id])
    return render(request, "citizens/access_needs_reason.html", {}, status=403)


@require_POST
def citizen_break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    """A stated reason for opening another team's citizen by its id (as the API's
    `access_reason`). Kept in the session for this citizen, so every page of the record opened
    afterwards is logged as break-glass with it. Without a reason: the refusal page."""
    _require_read(request)
    if citizens_visible_to(request.user).filter(pk=pk).exists():
        return redirect("citizens:detail", pk=pk)
    if not request.user.has_perm("citizens.break_glass_citizen"):
        raise refusal(Http404(_("No such citizen.")), pk)
    citizen = get_object_or_404(Citizen.objects.only("pk"), pk=pk)
    form = BreakGlassForm(request.POST)
    if not form.is_valid():
        return _access_needs_reason(request, citizen.pk)
    _remember_reason(request, pk, form.cleaned_data["reason"])
    return redirect("citizens:detail", pk=pk)


# --- The citizen's record ----------------------------------------------------------------------


def _contact_obligation(citizen: Citizen, courses: list) -> contact.ContactObligation | None:
    """The open course's job conversations in its first 6 months (citizens.rules.contact)."""
    course = next((c for c in courses if c.pk == citizen.current_course_id), None)
    if course is None:
        return None
    return contact.obligation_for(course, citizen.conversations.all())


# The record shows the newest entries of its long sections (the timeline, the conversations);
# `?historik=alle` shows them all. A long course stays a page a caseworker can take in, and the
# page's size does not grow with the years.
RECORD_RECENT = 20


def _recent_first(request: HttpRequest, name: str, entries: list) -> dict[str, Any]:
    """`name`: the newest RECORD_RECENT of `entries` (newest first), or all with ?historik=alle;
    `<name>_total`: how many there are."""
    everything = request.GET.get("historik") == "alle"
    return {name: entries if everything else entries[:RECORD_RECENT], f"{name}_total": len(entries)}


def citizen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen's page: identity (full CPR only here), course, segment with its rule, alerts,
    Færre fagfolk, one timeline and sections for plan, conversations, interventions, job tracks,
    skånebehov, competences, paid hours and the course history. Opening it is logged."""
    _require_read(request)
    reason = _break_glass_reason(request, pk)
    try:
        citizen = citizen_get(user=request.user, citizen_id=pk, reason=reason)
    except BreakGlassRequired as required:
        return _access_needs_reason(request, required.citizen.pk)
    with_record(citizen)  # each relation read once for every section below
    courses = list(citizen.courses.all())
    accommodation_labels = dict(Accommodation.choices)
    context = {
        "citizen": citizen,
        "course": citizen.current_course,
        "courses": courses,
        "age": citizen.age_on(_today()),
        "can_edit": _can_edit(request, citizen),
        "break_glass_reason": reason
        if not citizens_visible_to(request.user).filter(pk=pk).exists()
        else "",
        "staff_count": distinct_staff_count(citizen=citizen),
        **_recent_first(request, "timeline", citizen_timeline(citizen=citizen)),
        "plans": list(citizen.plan_revisions.all()),
        **_recent_first(request, "conversations", list(citizen.conversations.all())),
        "contact": _contact_obligation(citizen, courses),
        "interventions": with_last_allowed_day(citizen, citizen.interventions.all()),
        "accommodations": [
            (accommodation_labels.get(c, c), c in (citizen.shared_accommodations or []))
            for c in citizen.accommodations
        ],
        "paid_hours": list(citizen.paid_hours.all()[:24]),
        "frikort_years": frikort_years(citizen=citizen),
        "transfers": list(citizen.transfers.all()),
    }
    return render(request, "citizens/detail.html", context)


def citizen_create(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "citizens.add_citizen")
    user = request.user
    form = CitizenCreateForm(
        request.POST or None,
        initial={"team": user.team_id, "caseworker": user.pk, "course_start": _today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            citizen = services.citizen_create(
                actor=user,
                cpr=data["cpr"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                address=data["address"],
                postcode=data["postcode"],
                phone=data["phone"],
                email=data["email"],
                team=data["team"],
                caseworker=data["caseworker"],
                benefit=data["benefit"],
                readiness=data["readiness"],
                integration_programme=data["integration_programme"],
                course_start=data["course_start"],
            )
        except (ValidationError, Conflict, PermissionRefused) as error:
            note_refusal(request, error)  # a CPR number already known: logged (core.access)
            apply_service_error(form, error)
        else:
            messages.success(request, _("The citizen has been created."))
            if citizens_visible_to(user).filter(pk=citizen.pk).exists():
                return redirect("citizens:detail", pk=citizen.pk)
            return redirect("citizens:caseload")
    return render(
        request,
        "citizens/form.html",
        {
            "form": form,
            "title": _("New citizen"),
            "submit_label": _("Create citizen"),
            "cancel_url": reverse("citizens:caseload"),
        },
        status=form_status(form),
    )


def _citizen_form(
    request: HttpRequest,
    pk: int,
    *,
    perm: str,
    title: str,
    make_form: Callable[[Citizen, Any], forms.Form],
    save: Callable[[Citizen, forms.Form], Any],
    success: str,
    section: str,
    template: str = "citizens/form.html",
    intro: str = "",
    extra: Callable[[Citizen], dict] | None = None,
) -> HttpResponse:
    """GET shows the form; POST validates it and calls the service. Errors are shown next to
    their field and nothing is saved; on success back to the record's section."""
    citizen = _open_for_writing(request, pk, perm)
    form = make_form(citizen, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            save(citizen, form)
        except (ValidationError, Conflict, PermissionRefused) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(reverse("citizens:detail", args=[citizen.pk]) + f"#{section}")
    context = {
        "citizen": citizen,
        "form": form,
        "title": title,
        "intro": intro,
        "submit_label": _("Save"),
        "cancel_url": reverse("citizens:detail", args=[citizen.pk]) + f"#{section}",
        **(extra(citizen) if extra else {}),  # a callback, not QuerySet.extra  # nosec B610
    }
    return render(request, template, context, status=form_status(form))


def citizen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        services.citizen_update(actor=request.user, citizen=citizen, **form.cleaned_data)

    return _citizen_form(
        request,
        pk,
        perm="citizens.change_citizen",
        title=_("Identity and competences"),
        make_form=lambda c, data: CitizenIdentityForm(
            data, initial=CitizenIdentityForm.initial_for(c)
        ),
        save=save,
        success=_("The citizen's details have been saved."),
        section="identity",
    )


def course_change(request: HttpRequest, pk: int) -> HttpResponse:
    def make(citizen: Citizen, data: Any) -> forms.Form:
        course = citizen.current_course
        initial = {"effective": _today()}
        if course is not None:
            initial.update(
                benefit=course.benefit,
                readiness=course.readiness,
                integration_programme=course.integration_programme,
            )
        return CourseChangeForm(data, initial=initial)

    def save(citizen: Citizen, form: forms.Form) -> None:
        data = form.cleaned_data
        services.course_change(
            actor=request.user,
            citizen=citizen,
            effective=data["effective"],
            benefit=data["benefit"],
            readiness=data["readiness"],
            integration_programme=data["integration_programme"],
            reason=data["reason"],
        )

    return _citizen_form(
        request,
        pk,
        perm="citizens.change_course",
        title=_("Change the course"),
        intro=_(
            "Change the benefit, the readiness or the integration programme from a date. "
            "The history of the course is kept."
        ),
        make_form=make,
        save=save,
        success=_("The course has been changed."),
        section="course",
    )


def course_close(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        data = form.cleaned_data
        services.course_close(
            actor=request.user,
            citizen=citizen,
            end=data["end"],
            outcome=data["outcome"],
            reason=data["reason"],
        )

    return _citizen_form(
        request,
        pk,
        perm="citizens.change_course",
        title=_("Close the course"),
        make_form=lambda c, data: CourseCloseForm(data, initial={"end": _today()}),
        save=save,
        success=_("The course has been closed."),
        section="course",
    )


def course_open(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        data = form.cleaned_data
        services.course_open(
            actor=request.user,
            citizen=citizen,
            benefit=data["benefit"],
            readiness=data["readiness"],
            integration_programme=data["integration_programme"],
            start=data["start"],
        )

    return _citizen_form(
        request,
        pk,
        perm="citizens.add_course",
        title=_("Start a new course"),
        make_form=lambda c, data: CourseOpenForm(data, initial={"start": _today()}),
        save=save,
        success=_("The new course has been started."),
        section="course",
    )


def course_sick_pay(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        services.course_sick_pay_set(actor=request.user, citizen=citizen, **form.cleaned_data)

    return _citizen_form(
        request,
        pk,
        perm="citizens.change_course",
        title=_("Sick-pay details"),
        intro=_(
            "The follow-up conversations and the reassessment count from the first day of absence."
        ),
        make_form=lambda c, data: SickPayForm(
            data, initial=SickPayForm.initial_for(c.current_course)
        ),
        save=save,
        success=_("The sick-pay details have been saved."),
        section="course",
    )


def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    def make(citizen: Citizen, data: Any) -> forms.Form:
        current = citizen.plan_revisions.first()
        initial = {}
        if current is not None:
            initial = {
                "job_goal": current.job_goal,
                "education_goal": current.education_goal,
                "steps": current.steps,
            }
        return PlanRevisionForm(data, initial=initial)

    def save(citizen: Citizen, form: forms.Form) -> None:
        services.plan_revise(actor=request.user, citizen=citizen, **form.cleaned_data)

    return _citizen_form(
        request,
        pk,
        perm="citizens.add_planrevision",
        title=_("New plan revision"),
        intro=_(
            "Min Plan: the citizen's own goals in their own words and the steps you agree on. "
            "Earlier revisions are kept."
        ),
        make_form=make,
        save=save,
        success=_("The plan has been revised."),
        section="plan",
    )


def conversation_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        services.conversation_create(actor=request.user, citizen=citizen, **form.cleaned_data)

    return _citizen_form(
        request,
        pk,
        perm="citizens.add_conversation",
        title=_("New conversation"),
        make_form=lambda c, data: ConversationForm(data, initial={"date": _today()}),
        save=save,
        success=_("The conversation has been recorded."),
        section="conversations",
    )


def intervention_create(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        data = form.cleaned_data
        placement = None
        if data["opening"] is not None:
            placement = PlacementRequest(
                opening_id=data["opening"].pk,
                merbeskaeftigelse_note=data["merbeskaeftigelse_note"],
            )
        services.intervention_create(
            actor=request.user,
            citizen=citizen,
            kind=data["kind"],
            start=data["start"],
            end=data["end"],
            hours_per_week=data["hours_per_week"],
            note=data["note"],
            extension_reason=data["extension_reason"],
            placement=placement,
        )

    return _citizen_form(
        request,
        pk,
        perm="citizens.add_intervention",
        title=_("New intervention"),
        intro=_(
            "A period longer than the legal maximum for the citizen's group is refused with the "
            "rule. With an opening, a seat is taken at the employer (seats and the "
            "rimelighedskrav are checked)."
        ),
        make_form=lambda c, data: InterventionForm(data, initial={"start": _today()}),
        save=save,
        success=_("The intervention has been created."),
        section="interventions",
    )


def job_tracks_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def make(citizen: Citizen, data: Any) -> forms.Form:
        tracks = list(citizen.job_tracks.select_related("occupation"))
        rows = len(tracks) + 2
        if data is not None:
            rows = sum(1 for key in data if key.startswith("occupation_")) or rows
        return JobTracksForm(data, rows=rows, initial=JobTracksForm.initial_for(tracks))

    def save(citizen: Citizen, form: forms.Form) -> None:
        services.job_tracks_set(
            actor=request.user, citizen=citizen, tracks=form.cleaned_data["tracks"]
        )

    def extra(citizen: Citizen) -> dict:
        return {
            "occupations": Occupation.objects.filter(level=Occupation.Level.UNIT).only(
                "code", "title_da", "title_en", "level"
            )
        }

    return _citizen_form(
        request,
        pk,
        perm="citizens.change_jobtrack",
        title=_("Job tracks"),
        intro=_(
            "The occupations the citizen aims for, in priority order (the first row is "
            "priority 1), with the hours per week they can work. Leave a row empty to remove it."
        ),
        make_form=make,
        save=save,
        success=_("The job tracks have been saved."),
        section="job-tracks",
        template="citizens/job_tracks_form.html",
        extra=extra,
    )


def accommodations_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        services.accommodations_set(
            actor=request.user,
            citizen=citizen,
            codes=form.cleaned_data["codes"],
            max_hours_per_week=form.cleaned_data["max_hours_per_week"],
            shared=form.cleaned_data["shared"],
        )

    return _citizen_form(
        request,
        pk,
        perm="citizens.change_citizen",
        title=_("Accommodation needs (skånebehov)"),
        intro=_(
            "Functional limits only, never diagnoses. Employers see only what is agreed with "
            "the citizen."
        ),
        make_form=lambda c, data: AccommodationsForm(
            data,
            initial={
                "codes": c.accommodations,
                "shared": c.shared_accommodations,
                "max_hours_per_week": c.max_hours_per_week,
            },
        ),
        save=save,
        success=_("The accommodation needs have been saved."),
        section="accommodations",
    )


def languages_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def make(citizen: Citizen, data: Any) -> forms.Form:
        languages = list(citizen.languages.all())
        rows = len(languages) + 2
        if data is not None:
            rows = sum(1 for key in data if key.startswith("code_")) or rows
        return LanguagesForm(data, rows=rows, initial=LanguagesForm.initial_for(languages))

    def save(citizen: Citizen, form: forms.Form) -> None:
        services.languages_set(
            actor=request.user, citizen=citizen, languages=form.cleaned_data["languages"]
        )

    return _citizen_form(
        request,
        pk,
        perm="citizens.change_citizenlanguage",
        title=_("Languages"),
        intro=_("The languages the citizen works in, with a level. Empty rows are removed."),
        make_form=make,
        save=save,
        success=_("The languages have been saved."),
        section="competences",
        template="citizens/rows_form.html",
    )


def paid_hours_record(request: HttpRequest, pk: int) -> HttpResponse:
    def save(citizen: Citizen, form: forms.Form) -> None:
        services.paid_hours_record(actor=request.user, citizen=citizen, **form.cleaned_data)

    return _citizen_form(
        request,
        pk,
        perm="citizens.add_paidhours",
        title=_("Paid hours for a month"),
        intro=_("Recording a month that is already recorded corrects it."),
        make_form=lambda c, data: PaidHoursForm(data, initial={"month": _today()}),
        save=save,
        success=_("The paid hours have been recorded."),
        section="paid-hours",
    )
